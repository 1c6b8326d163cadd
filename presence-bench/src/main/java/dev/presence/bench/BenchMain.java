package dev.presence.bench;

import dev.presence.bench.benchmark.CostBenchmark;
import dev.presence.bench.benchmark.FanoutBenchmark;
import dev.presence.bench.benchmark.LatencyBenchmark;
import dev.presence.bench.benchmark.TimeoutBenchmark;
import dev.presence.bench.clusterdrill.ClusterDrillCommands;
import dev.presence.bench.drill.DrillCommands;
import dev.presence.bench.fuzz.FuzzCommands;
import dev.presence.bench.micro.MicroBenchmarks;
import dev.presence.bench.benchmark.ThroughputBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scripts/bench.sh <command> [options]}: one benchmark or drill per command. */
@Command(name = "bench.sh", mixinStandardHelpOptions = true,
        description = "Benchmarks and fault drills of the presence engine (see docs/BENCHMARKS.md)",
        subcommands = {ThroughputBenchmark.class, LatencyBenchmark.class, CostBenchmark.class,
                FanoutBenchmark.class, TimeoutBenchmark.class, DrillCommands.EngineKill.class,
                DrillCommands.BrokerRestart.class, DrillCommands.BadInput.class,
                FuzzCommands.Records.class, FuzzCommands.Http.class,
                ClusterDrillCommands.BrokerKill.class, ClusterDrillCommands.BrokerFreeze.class,
                ClusterDrillCommands.EngineKill.class, ClusterDrillCommands.RollingRestart.class,
                ClusterDrillCommands.AllEnginesKill.class, ClusterDrillCommands.EngineJoin.class,
                ClusterDrillCommands.Smoke.class, MicroBenchmarks.class})
public final class BenchMain implements Runnable {

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.presence.schema");
        // --format avro|json names a WireFormat constant in either case.
        System.exit(new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package dev.presence.bench.drill;

import dev.presence.bench.run.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** The fault drills as commands of bench.sh; exit code 0 only when the drill's checks all hold. */
public final class DrillCommands {

    private DrillCommands() {
    }

    /** Options of every drill. */
    static final class Load {
        @Option(names = "--users", defaultValue = "20000", description = "users (default ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--events", defaultValue = "400000", description = "valid events after the first logins (default ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", defaultValue = "10000", description = "records written per second (default ${DEFAULT-VALUE})")
        int rate;
    }

    @Command(name = "drill-kill", mixinStandardHelpOptions = true,
            description = "SIGKILL the engine mid-load, start it again; check against the model")
    public static final class EngineKill implements Callable<Integer> {
        @Mixin
        BenchOptions options;
        @Mixin
        Load load = new Load();

        @Override
        public Integer call() throws Exception {
            return new DrillRunner(options).run(new DrillRunner.Plan("engine-kill", load.users, load.events, 0,
                    load.rate, 0.4, Disruption.killEngine())) ? 0 : 1;
        }
    }

    @Command(name = "drill-broker", mixinStandardHelpOptions = true,
            description = "stop and start the broker mid-load; check against the model")
    public static final class BrokerRestart implements Callable<Integer> {
        @Mixin
        BenchOptions options;
        @Mixin
        Load load = new Load();

        @Option(names = "--down-seconds", defaultValue = "10", description = "how long the broker stays down (default ${DEFAULT-VALUE})")
        int downSeconds;

        @Override
        public Integer call() throws Exception {
            return new DrillRunner(options).run(new DrillRunner.Plan("broker-restart", load.users, load.events, 0,
                    load.rate, 0.4, Disruption.restartBroker(Duration.ofSeconds(downSeconds)))) ? 0 : 1;
        }
    }

    @Command(name = "drill-bad-records", mixinStandardHelpOptions = true,
            description = "bad records mixed into valid traffic: every one rejected, every valid event applied")
    public static final class BadInput implements Callable<Integer> {
        @Mixin
        BenchOptions options;
        @Mixin
        Load load = new Load();

        @Option(names = "--bad", defaultValue = "1000000", description = "bad records (default ${DEFAULT-VALUE})")
        int bad;

        @Override
        public Integer call() throws Exception {
            return new DrillRunner(options).run(new DrillRunner.Plan("bad-records", load.users, load.events, bad,
                    load.rate, 0, Disruption.none())) ? 0 : 1;
        }
    }
}

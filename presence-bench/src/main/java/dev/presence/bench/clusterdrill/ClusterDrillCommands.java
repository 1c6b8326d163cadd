package dev.presence.bench.clusterdrill;

import dev.presence.bench.run.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** The drills on a local cluster as commands of bench.sh; exit code 0 only when every check holds. */
public final class ClusterDrillCommands {

    private ClusterDrillCommands() {
    }

    /** Options of every cluster drill. */
    static final class Shape {
        @Option(names = "--brokers", defaultValue = "3", description = "broker JVMs (default ${DEFAULT-VALUE})")
        int brokers;

        @Option(names = "--engines", defaultValue = "3", description = "engine JVMs (default ${DEFAULT-VALUE})")
        int engines;

        @Option(names = "--users", defaultValue = "20000", description = "users (default ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--events", defaultValue = "150000", description = "events after the first logins (default ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", defaultValue = "1000", description = "records written per second (default ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--query-rate", defaultValue = "200", description = "status queries per second (default ${DEFAULT-VALUE})")
        int queryRate;

        @Option(names = "--strike-at", defaultValue = "0.2", description = "share of the load written before the fault (default ${DEFAULT-VALUE})")
        double strikeAt;

        ClusterDrillRunner.Plan plan(String name, ClusterFault fault) {
            return new ClusterDrillRunner.Plan(name, brokers, engines, users, events, rate, queryRate, strikeAt, fault);
        }
    }

    /** Shared by the commands: run the plan, exit code from the verdict. */
    abstract static class DrillCommand implements Callable<Integer> {
        // picocli fills the mixins; each command says only which fault it strikes.
        @Mixin
        BenchOptions options;
        @Mixin
        Shape shape = new Shape();

        abstract ClusterDrillRunner.Plan plan();

        @Override
        public Integer call() throws Exception {
            return new ClusterDrillRunner(options).run(plan()) ? 0 : 1;
        }
    }

    @Command(name = "cluster-broker-kill", mixinStandardHelpOptions = true,
            description = "SIGKILL a broker of a local cluster mid-load, start it again; check against the model")
    public static final class BrokerKill extends DrillCommand {
        @Option(names = "--down-seconds", defaultValue = "10", description = "how long the broker stays down (default ${DEFAULT-VALUE})")
        int downSeconds;

        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("broker-kill", ClusterFault.killBroker(2, Duration.ofSeconds(downSeconds)));
        }
    }

    @Command(name = "cluster-broker-freeze", mixinStandardHelpOptions = true,
            description = "SIGSTOP a broker of a local cluster mid-load, SIGCONT it later; check against the model")
    public static final class BrokerFreeze extends DrillCommand {
        @Option(names = "--frozen-seconds", defaultValue = "30", description = "how long the broker stays frozen (default ${DEFAULT-VALUE})")
        int frozenSeconds;

        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("broker-freeze", ClusterFault.freezeBroker(2, Duration.ofSeconds(frozenSeconds)));
        }
    }

    @Command(name = "cluster-engine-kill", mixinStandardHelpOptions = true,
            description = "SIGKILL one engine after another mid-load, each started again; check against the model")
    public static final class EngineKill extends DrillCommand {
        @Option(names = "--kills", defaultValue = "10", description = "engines killed, one at a time (default ${DEFAULT-VALUE})")
        int kills;

        @Option(names = "--down-seconds", defaultValue = "15", description = "how long a killed engine stays down, and the pause before the next kill (default ${DEFAULT-VALUE})")
        int downSeconds;

        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("engine-kill", ClusterFault.killEngines(kills, Duration.ofSeconds(downSeconds)));
        }
    }

    @Command(name = "cluster-rolling-restart", mixinStandardHelpOptions = true,
            description = "restart every engine in turn under load; check against the model")
    public static final class RollingRestart extends DrillCommand {
        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("rolling-restart", ClusterFault.rollingRestart());
        }
    }

    @Command(name = "cluster-all-engines-kill", mixinStandardHelpOptions = true,
            description = "SIGKILL every engine at once mid-load, start them all again; check against the model")
    public static final class AllEnginesKill extends DrillCommand {
        @Option(names = "--down-seconds", defaultValue = "5", description = "how long the engines stay down (default ${DEFAULT-VALUE})")
        int downSeconds;

        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("all-engines-kill", ClusterFault.killAllEngines(Duration.ofSeconds(downSeconds)));
        }
    }

    @Command(name = "cluster-engine-join", mixinStandardHelpOptions = true,
            description = "start one more engine mid-load; check against the model")
    public static final class EngineJoin extends DrillCommand {
        @Override
        ClusterDrillRunner.Plan plan() {
            return shape.plan("engine-join", ClusterFault.engineJoins());
        }
    }

    @Command(name = "cluster-smoke", mixinStandardHelpOptions = true,
            description = "CI's small cluster drill: one engine killed and started again, then one broker; check against the model")
    public static final class Smoke extends DrillCommand {
        @Option(names = "--down-seconds", defaultValue = "8", description = "how long each killed node stays down (default ${DEFAULT-VALUE})")
        int downSeconds;

        @Override
        ClusterDrillRunner.Plan plan() {
            Duration down = Duration.ofSeconds(downSeconds);
            return shape.plan("smoke", ClusterFault.inTurn(ClusterFault.killEngines(1, down),
                    ClusterFault.killBroker(2, down)));
        }
    }
}

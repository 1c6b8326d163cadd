package dev.presence.bench.clusterdrill;

import dev.presence.testkit.DrillTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster drills' small version, so CI proves scripts/cluster.sh starts a real cluster (three
 * broker JVMs, two engine JVMs) and that an engine killed with SIGKILL, then a broker killed the
 * same way, lose and double nothing and get no query answered wrong. The exit code is the drill's
 * verdict against the reference model, never a timing; the full drills are scripts/bench.sh commands.
 */
@DrillTest
// A bound for a hang, not a timing check: a few minutes on an idle runner, about ten on a machine
// shared with other builds (docs/BENCHMARKS.md).
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LocalClusterDrillIT {

    @Test
    void anEngineKillAndABrokerKillOnAThreeBrokerClusterLoseAndDoubleNothing() {
        int exit = new CommandLine(new ClusterDrillCommands.Smoke()).execute(
                "--brokers", "3", "--engines", "2", "--users", "300", "--events", "6000", "--rate", "400",
                "--query-rate", "50", "--strike-at", "0.1", "--engine-heap", "512m",
                "--work-dir", Path.of("target", "cluster-drill-it").toAbsolutePath().toString());
        assertThat(exit).isZero();
    }
}

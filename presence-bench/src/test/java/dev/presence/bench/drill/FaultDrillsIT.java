package dev.presence.bench.drill;

import dev.presence.testkit.DrillTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault drills with tiny counts, so CI proves they run and that their checks hold (the exit code
 * is the drill's verdict against the reference model, never a timing). The full-size runs and the
 * engine-kill drill (which waits out a consumer session) are scripts/bench.sh commands.
 */
@DrillTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FaultDrillsIT {

    @Test
    void badRecordsAreAllRejectedAndEveryValidEventIsApplied() {
        int exit = new CommandLine(new DrillCommands.BadInput()).execute(
                "--users", "300", "--events", "3000", "--bad", "600", "--rate", "2000", "--engine-heap", "512m");
        assertThat(exit).isZero();
    }

    @Test
    void aBrokerRestartMidLoadLosesAndDoublesNothing() {
        int exit = new CommandLine(new DrillCommands.BrokerRestart()).execute(
                "--users", "300", "--events", "4000", "--rate", "1000", "--down-seconds", "2", "--engine-heap", "512m");
        assertThat(exit).isZero();
    }
}

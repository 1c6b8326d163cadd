package dev.presence.bench.fuzz;

import dev.presence.testkit.DrillTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz drills with small counts, so CI proves they run and that the engine survives what they
 * write (the exit code is the drill's verdict: engine alive, the reference model's outcome for the
 * valid load, every broken record rejected, every call answered below 500; never a timing). The
 * full-size runs are scripts/bench.sh commands (docs/BENCHMARKS.md).
 */
@DrillTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FuzzDrillsIT {

    @Test
    void mutantsOfEveryInputTopicAreRejectedAndEveryValidEventIsApplied() {
        int exit = new CommandLine(new FuzzCommands.Records()).execute(
                "--users", "300", "--events", "3000", "--records", "4000", "--rate", "2000", "--engine-heap", "512m");
        assertThat(exit).isZero();
    }

    @Test
    void randomCallsOnEveryRouteNeverGetAServerError() {
        int exit = new CommandLine(new FuzzCommands.Http()).execute("--calls", "400", "--users", "50", "--engine-heap", "512m");
        assertThat(exit).isZero();
    }
}

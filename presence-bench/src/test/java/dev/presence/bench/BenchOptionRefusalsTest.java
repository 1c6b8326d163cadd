package dev.presence.bench;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** An option a command cannot run with is refused with a usage error (exit 2) before anything starts. */
@UnitTest
class BenchOptionRefusalsTest {

    @Test
    void throughputRefusesNoEngineAtAll() {
        StringWriter err = new StringWriter();
        int exit = bench(err, "throughput", "--engines", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--engines must be 1 or more, not 0");
    }

    @Test
    void microRefusesAnOptionJmhDoesNotKnow() {
        StringWriter err = new StringWriter();
        int exit = bench(err, "micro", "-no-such-jmh-option", "x");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("JMH does not take these options");
    }

    private static int bench(StringWriter err, String... args) {
        return new CommandLine(new BenchMain()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
    }
}

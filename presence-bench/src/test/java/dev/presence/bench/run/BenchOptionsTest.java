package dev.presence.bench.run;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class BenchOptionsTest {

    /** A command that only carries the options, as every benchmark does. */
    static final class Carrier implements Runnable {
        @Mixin
        BenchOptions options;

        @Override
        public void run() {
        }
    }

    @Test
    void aStreamsBaselineGetsTheKafkaSettingsAndUnknownKeysButNotTheEnginesOrTheTopologys() {
        Carrier carrier = new Carrier();
        new CommandLine(carrier).parseArgs(
                "--engine-setting", "main.consumer.fetch.max.wait.ms=10",
                "--engine-setting", "max.poll.interval.ms=30000",
                "--engine-setting", "presence.heartbeat.timeout.ms=5000",
                "--engine-setting", "query.forward.timeout.ms=100");

        assertThat(carrier.options.kafkaSettings()).isEqualTo(Map.of(
                "main.consumer.fetch.max.wait.ms", "10",
                "max.poll.interval.ms", "30000"));
    }
}

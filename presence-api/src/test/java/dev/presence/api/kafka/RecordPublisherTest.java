package dev.presence.api.kafka;

import dev.presence.testkit.UnitTest;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP call that writes waits a bounded time for Kafka, whatever the configuration says. */
@UnitTest
class RecordPublisherTest {

    @Test
    void sendBlocksAtMostAFewSecondsEvenWhenConfiguredLonger() {
        Map<String, Object> props = RecordPublisher.producerProperties(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000"));

        assertThat(props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(5_000);
        assertThat((int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isLessThanOrEqualTo(15_000);
    }
}

package dev.presence.api.notify;

import dev.presence.core.PresenceNames.Topics;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reader against Kafka's own in-memory consumer, to make it meet what a broker rarely does. */
@UnitTest
class NotificationBroadcasterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.NOTIFICATIONS, 0);

    @Test
    void aReaderThatDiesSaysSoSoLivenessCanTurnDown() {
        MockConsumer<String, byte[]> consumer = consumerOfOnePartition();
        try (NotificationBroadcaster broadcaster = new NotificationBroadcaster(consumer, NotificationLimits.DEFAULT,
                Clock.systemUTC())) {
            broadcaster.start();
            assertThat(broadcaster.isReading()).isTrue();

            consumer.setPollException(new KafkaException("the broker went away for good"));

            await().atMost(PATIENCE).until(() -> !broadcaster.isReading());
        }
    }

    @Test
    void garbageOnTheTopicIsSkippedAndTheReaderGoesOn() {
        MockConsumer<String, byte[]> consumer = consumerOfOnePartition();
        try (NotificationBroadcaster broadcaster = new NotificationBroadcaster(consumer, NotificationLimits.DEFAULT,
                Clock.systemUTC())) {
            broadcaster.start();
            broadcaster.register("alice", new NotificationListener() {
                @Override
                public void deliver(dev.presence.schema.Notification notification) {
                }

                @Override
                public void keepAlive() {
                }

                @Override
                public void disconnect() {
                }
            });
            // Avro's single-object header with a body announcing a huge list, and plain garbage.
            byte[] hostile = {(byte) 0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
            consumer.schedulePollTask(() -> {
                consumer.addRecord(new ConsumerRecord<>(Topics.NOTIFICATIONS, 0, 0, "alice", hostile));
                consumer.addRecord(new ConsumerRecord<>(Topics.NOTIFICATIONS, 0, 1, "alice", new byte[]{'{', 'x'}));
            });
            await().atMost(PATIENCE).until(() -> consumer.position(PARTITION) == 2);
            assertThat(broadcaster.isReading()).isTrue();
        }
    }

    private static MockConsumer<String, byte[]> consumerOfOnePartition() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
        consumer.updatePartitions(Topics.NOTIFICATIONS, List.of(new PartitionInfo(Topics.NOTIFICATIONS, 0, Node.noNode(),
                new Node[0], new Node[0])));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        return consumer;
    }
}

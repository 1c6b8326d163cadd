package dev.presence.client;

import dev.presence.client.codec.PresenceSerdes;
import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each typed method writes: topic, key and value, in both formats; the broker round trip is PublicContractIT's. */
class PresenceProducerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    private final MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    private PresenceProducer producer(WireFormat format) {
        return PresenceProducer.builder("unused:9092").format(format).clock(CLOCK).build(kafka);
    }

    @Test
    void eachEventIsKeyedByItsUserAndReadsBackInEitherFormat() {
        for (WireFormat format : WireFormat.values()) {
            kafka.clear();
            PresenceProducer producer = producer(format);
            producer.login("alice", "phone", "s1", Platform.IOS);
            producer.heartbeat("alice", "phone", "s1");
            producer.disconnect("alice", "phone", "s1");
            producer.logout("alice", "phone");
            producer.setCustomStatus("alice", "busy");
            producer.clearCustomStatus("alice");

            List<ProducerRecord<String, byte[]>> sent = kafka.history();
            assertThat(sent).allSatisfy(record -> {
                assertThat(record.topic()).isEqualTo(PresenceTopics.EVENTS);
                assertThat(record.key()).isEqualTo("alice");
                assertThat(record.partition()).as("left to Kafka's default partitioner").isNull();
                assertThat(record.value()[0] == (byte) 0xC3).isEqualTo(format == WireFormat.AVRO);
            });
            List<PresenceEvent> events = sent.stream()
                    .map(record -> PresenceSerdes.read(record.value(), PresenceEvent.class, null)).toList();
            assertThat(events).extracting(PresenceEvent::getType).containsExactly(EventType.LOGIN, EventType.HEARTBEAT,
                    EventType.DISCONNECT, EventType.LOGOUT, EventType.SET_CUSTOM_STATUS, EventType.SET_CUSTOM_STATUS);
            assertThat(events.get(0).getPlatform()).isEqualTo(Platform.IOS);
            assertThat(events.get(0).getOccurredAt()).isEqualTo(CLOCK.millis());
            assertThat(events).extracting(PresenceEvent::getEventId).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(events.get(4).getCustomStatus()).isEqualTo("busy");
            assertThat(events.get(5).getCustomStatus()).isNull();
        }
    }

    @Test
    void subscriptionsAreKeyedByTheSubscriberAndFriendshipsByTheListOwner() {
        PresenceProducer producer = producer(WireFormat.JSON);
        producer.subscribe("bob", List.of("alice", "carol", "alice"));
        producer.unsubscribe("bob", List.of("carol"));
        producer.unsubscribeAll("bob");
        producer.friendAdded("dan", "erin");
        producer.friendRemoved("dan", "erin");

        List<ProducerRecord<String, byte[]>> sent = kafka.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly(PresenceTopics.SUBSCRIPTIONS,
                PresenceTopics.SUBSCRIPTIONS, PresenceTopics.SUBSCRIPTIONS, PresenceTopics.FRIENDSHIPS, PresenceTopics.FRIENDSHIPS);
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("bob", "bob", "bob", "dan", "dan");
        SubscriptionCommand subscribe = PresenceSerdes.read(sent.get(0).value(), SubscriptionCommand.class, null);
        assertThat(subscribe.getType()).isEqualTo(SubscriptionCommandType.SUBSCRIBE);
        assertThat(subscribe.getTargets()).containsExactly("alice", "carol");
        assertThat(PresenceSerdes.read(sent.get(2).value(), SubscriptionCommand.class, null).getType())
                .isEqualTo(SubscriptionCommandType.UNSUBSCRIBE_ALL);
        FriendshipEvent removed = PresenceSerdes.read(sent.get(4).value(), FriendshipEvent.class, null);
        assertThat(removed.getType()).isEqualTo(FriendshipEventType.FRIEND_REMOVED);
        assertThat(removed.getFriendId()).isEqualTo("erin");
        assertThat(new String(sent.get(3).value(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"FRIEND_ADDED\"");
    }

    @Test
    void whatTheEngineWouldRejectIsRefusedBeforeSendingWithItsCode() {
        PresenceProducer producer = producer(WireFormat.AVRO);

        assertRefused(() -> producer.login("x".repeat(129), "phone", "s1", Platform.WEB), PresenceErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.login("alice", null, "s1", Platform.WEB), PresenceErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.heartbeat("alice", "phone", "bad\u0007"), PresenceErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.setCustomStatus("alice", ""), PresenceErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.subscribe("bob", List.of()), PresenceErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.subscribe("bob", List.of("alice", "bob")), PresenceErrorCode.SELF_SUBSCRIPTION);
        assertRefused(() -> producer.unsubscribe("bob", List.of("a\uD800")), PresenceErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.friendAdded("dan", "dan"), PresenceErrorCode.INVALID_FIELD);

        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void theDeliveryGuaranteesCannotBeTurnedOff() {
        assertThatThrownBy(() -> PresenceProducer.builder("b:9092").property("acks", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> PresenceProducer.builder("b:9092").property("enable.idempotence", false))
                .isInstanceOf(IllegalArgumentException.class);
        PresenceProducer.builder("b:9092").property("acks", "all").property("linger.ms", 5);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, PresenceErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errorCode()).contains(code));
    }
}

package dev.presence.client;

import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.WireFormat;

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
                assertThat(record.topic()).isEqualTo(PresenceTopics.EVENTS.name());
                assertThat(record.key()).isEqualTo("alice");
                assertThat(record.partition()).as("left to Kafka's default partitioner").isNull();
                assertThat(record.value()[0] == (byte) 0xC3).isEqualTo(format == WireFormat.AVRO);
            });
            List<PresenceEvent> events = sent.stream()
                    .map(record -> PresenceTopics.EVENTS.valueDeserializer().deserialize("presence.events", record.value())).toList();
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
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly(PresenceTopics.SUBSCRIPTIONS.name(),
                PresenceTopics.SUBSCRIPTIONS.name(), PresenceTopics.SUBSCRIPTIONS.name(), PresenceTopics.FRIENDSHIPS.name(), PresenceTopics.FRIENDSHIPS.name());
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("bob", "bob", "bob", "dan", "dan");
        SubscriptionCommand subscribe = PresenceTopics.SUBSCRIPTIONS.valueDeserializer().deserialize("presence.subscriptions", sent.get(0).value());
        assertThat(subscribe.getType()).isEqualTo(SubscriptionCommandType.SUBSCRIBE);
        assertThat(subscribe.getTargets()).containsExactly("alice", "carol");
        assertThat(PresenceTopics.SUBSCRIPTIONS.valueDeserializer().deserialize("presence.subscriptions", sent.get(2).value()).getType())
                .isEqualTo(SubscriptionCommandType.UNSUBSCRIBE_ALL);
        FriendshipEvent removed = PresenceTopics.FRIENDSHIPS.valueDeserializer().deserialize("presence.friendships", sent.get(4).value());
        assertThat(removed.getType()).isEqualTo(FriendshipEventType.FRIEND_REMOVED);
        assertThat(removed.getFriendId()).isEqualTo("erin");
        assertThat(new String(sent.get(3).value(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"FRIEND_ADDED\"");
    }

    @Test
    void whatTheEngineWouldRejectIsRefusedBeforeSendingWithItsCode() {
        PresenceProducer producer = producer(WireFormat.AVRO);

        assertRefused(() -> producer.login("x".repeat(129), "phone", "s1", Platform.WEB), ErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.login("alice", null, "s1", Platform.WEB), ErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.heartbeat("alice", "phone", "bad\u0007"), ErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.setCustomStatus("alice", ""), ErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.subscribe("bob", List.of()), ErrorCode.MISSING_FIELD);
        assertRefused(() -> producer.subscribe("bob", List.of("alice", "bob")), ErrorCode.SELF_SUBSCRIPTION);
        assertRefused(() -> producer.unsubscribe("bob", List.of("a\uD800")), ErrorCode.INVALID_FIELD);
        assertRefused(() -> producer.friendAdded("dan", "dan"), ErrorCode.INVALID_FIELD);

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

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errorCode()).contains(code));
    }
}

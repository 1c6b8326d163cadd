package dev.presence.client;

import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each record to its input topic, keyed by its user, with the bytes the engine's own serializers write. */
class InputRecordsTest {

    private static final PresenceEvent LOGIN = PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("alice")
            .setClientId("phone").setSessionId("s1").setPlatform(Platform.IOS).build();
    private static final SubscriptionCommand SUBSCRIBE = SubscriptionCommand.newBuilder()
            .setType(SubscriptionCommandType.SUBSCRIBE).setUserId("bob").setTargets(List.of("alice", "carol")).build();
    private static final FriendshipEvent FRIEND = FriendshipEvent.newBuilder().setType(FriendshipEventType.FRIEND_ADDED)
            .setUserId("carol").setFriendId("alice").build();

    @Test
    void eachRecordGoesToItsTopicKeyedByItsUserAndReadsBackInEitherFormat() {
        for (WireFormat format : WireFormat.values()) {
            InputRecords records = InputRecords.writtenAs(format);

            ProducerRecord<String, byte[]> event = records.event(LOGIN);
            ProducerRecord<String, byte[]> subscription = records.subscription(SUBSCRIBE);
            ProducerRecord<String, byte[]> friendship = records.friendship(FRIEND);

            assertThat(records.format()).isEqualTo(format);
            assertThat(List.of(event.topic(), subscription.topic(), friendship.topic())).containsExactly(
                    PresenceTopics.EVENTS.name(), PresenceTopics.SUBSCRIPTIONS.name(), PresenceTopics.FRIENDSHIPS.name());
            assertThat(List.of(event.key(), subscription.key(), friendship.key())).as("the subscriber for a subscription")
                    .containsExactly("alice", "bob", "carol");
            assertThat(List.of(event, subscription, friendship)).allSatisfy(record -> {
                assertThat(record.partition()).as("left to Kafka's default partitioner (murmur2 of the key)").isNull();
                assertThat(record.timestamp()).isNull();
            });
            assertThat(PresenceTopics.EVENTS.valueDeserializer().deserialize(event.topic(), event.value())).isEqualTo(LOGIN);
            assertThat(PresenceTopics.SUBSCRIPTIONS.valueDeserializer().deserialize(subscription.topic(), subscription.value()))
                    .isEqualTo(SUBSCRIBE);
            assertThat(PresenceTopics.FRIENDSHIPS.valueDeserializer().deserialize(friendship.topic(), friendship.value()))
                    .isEqualTo(FRIEND);
        }
    }

    @Test
    void avroIsTheEnginesOwnEncodingAndJsonLeavesTheUnsetFieldsOut() throws Exception {
        assertThat(InputRecords.writtenAs(WireFormat.AVRO).event(LOGIN).value()).isEqualTo(AvroCodec.encode(LOGIN));

        byte[] json = InputRecords.writtenAs(WireFormat.JSON).event(LOGIN).value();
        assertThat(AvroJson.MAPPER.readTree(json)).isEqualTo(AvroJson.MAPPER.readTree(
                "{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"phone\",\"sessionId\":\"s1\",\"platform\":\"IOS\"}"));
        assertThat(json.length).as("the engine's output form writes every unset field as null").isLessThan(AvroJson.toBytes(LOGIN).length);
        assertThat(new String(InputRecords.writtenAs(WireFormat.JSON).subscription(SubscriptionCommand.newBuilder()
                .setType(SubscriptionCommandType.UNSUBSCRIBE_ALL).setUserId("bob").build()).value(), java.nio.charset.StandardCharsets.UTF_8))
                .as("an empty list is a value, not unset").isEqualTo("{\"type\":\"UNSUBSCRIBE_ALL\",\"userId\":\"bob\",\"targets\":[]}");
    }

    @Test
    void theUsersPartitionIsKafkasDefaultMurmur2OfTheKey() {
        for (String user : List.of("alice", "bob", "user-0000042", "\u00e9l\u00e8ve", "\ud83d\ude00", "x".repeat(128))) {
            for (int partitions : new int[]{1, 2, 3, 12, 1000}) {
                byte[] key = user.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(InputRecords.partitionOf(user, partitions)).as("%s of %d", user, partitions)
                        .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
            }
        }
        assertThat(InputRecords.partitionOf("alice", 1)).isZero();
    }

    @Test
    void aTopicHasAtLeastOnePartitionAndAKeyIsRequired() {
        assertThatThrownBy(() -> InputRecords.partitionOf("alice", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InputRecords.partitionOf("alice", Integer.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InputRecords.partitionOf(null, 2)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFormatIsRequired() {
        assertThatThrownBy(() -> InputRecords.writtenAs(null)).isInstanceOf(NullPointerException.class);
    }
}

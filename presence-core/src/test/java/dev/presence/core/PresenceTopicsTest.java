package dev.presence.core;

import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.EventCause;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed output topics read both wire formats through one deserializer, as a consumer of them needs. */
@UnitTest
class PresenceTopicsTest {

    private static final UserStatus STATUS = UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE)
            .setCustomStatus("busy").setStatusChangedAt(10L).setLastSeenAt(11L).setLastOnlineAt(null).setVersion(3L)
            .setClients(List.of(ClientSession.newBuilder().setClientId("phone").setSessionId("s1").setPlatform(Platform.IOS)
                    .setState(SessionState.CONNECTED).setLoggedInAt(5L).setLastHeartbeatAt(9L).build()))
            .build();
    private static final StatusChange CHANGE = StatusChange.newBuilder().setUserId("alice").setOldStatus(Status.OFFLINE)
            .setNewStatus(Status.ONLINE).setVersion(3L).setChangedAt(10L).setReason(ChangeReason.LOGIN)
            .setCause(EventCause.newBuilder().setEventType(EventType.LOGIN).setTopic("presence.events").setPartition(1)
                    .setOffset(42L).setTimestamp(10L).build())
            .build();
    private static final Notification NOTIFICATION = Notification.newBuilder().setRecipient("bob")
            .setChanges(List.of(StatusView.newBuilder().setUserId("alice").setStatus(Status.ONLINE).setVersion(3L)
                    .setChangedAt(10L).setReason(ChangeReason.SNAPSHOT).build()))
            .build();
    private static final RejectedRecord REJECTED = RejectedRecord.newBuilder().setErrorCode(70006).setReason("bad id")
            .setSourceTopic("presence.events").setSourcePartition(0).setSourceOffset(7L)
            .setKey(ByteBuffer.wrap("k".getBytes(StandardCharsets.UTF_8))).setValue(ByteBuffer.wrap(new byte[]{0, (byte) 0xFF}))
            .setRejectedAt(12L).setKeySize(1).setValueSize(2).build();

    @Test
    void everyOutputRecordRoundTripsInBothFormatsThroughOneDeserializer() {
        for (WireFormat format : WireFormat.values()) {
            assertRoundTrip(UserStatus.class, STATUS, format);
            assertRoundTrip(StatusChange.class, CHANGE, format);
            assertRoundTrip(Notification.class, NOTIFICATION, format);
            assertRoundTrip(RejectedRecord.class, REJECTED, format);
        }
    }

    @Test
    void readsTheEnginesJsonFormAsTheEngineWritesIt() {
        String engineJson = "{\"recipient\":\"bob\",\"changes\":[{\"userId\":\"alice\",\"status\":\"ONLINE\","
                + "\"customStatus\":null,\"version\":3,\"changedAt\":10,\"reason\":\"SNAPSHOT\"}]}";
        Notification read = PresenceTopics.NOTIFICATIONS.valueSerde().deserializer()
                .deserialize("presence.notifications", engineJson.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(NOTIFICATION);
        String withBytes = "{\"errorCode\":70006,\"reason\":\"bad id\",\"sourceTopic\":\"presence.events\","
                + "\"sourcePartition\":0,\"sourceOffset\":7,\"key\":\"aw==\",\"value\":\"AP8=\",\"rejectedAt\":12,"
                + "\"keySize\":1,\"valueSize\":2,\"keySha256\":null,\"valueSha256\":null,\"addedLater\":true}";
        assertThat(PresenceTopics.REJECTED.valueSerde().deserializer().deserialize("t", withBytes.getBytes(StandardCharsets.UTF_8)))
                .as("a field added by a later engine is ignored").isEqualTo(REJECTED);
    }

    @Test
    void aTombstoneIsNull() {
        assertThat(PresenceTopics.STATUS.valueSerde().deserializer().deserialize("presence.status", null)).isNull();
        assertThat(PresenceTopics.STATUS.valueSerde().serializer().serialize("presence.status", null)).isNull();
    }

    @Test
    void whatIsNeitherFormatIsASerializationExceptionNamingTheType() {
        Deserializer<UserStatus> deserializer = PresenceTopics.STATUS.valueSerde().deserializer();
        byte[] avro = OutputSerde.serializer(WireFormat.AVRO).serialize("t", STATUS);

        for (byte[] bad : List.of(new byte[0], "garbage".getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"alice\"}".getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"a\",\"userId\":\"b\"}".getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"alice\",\"status\":\"ONLINE\",\"statusChangedAt\":1.5,\"version\":1}".getBytes(StandardCharsets.UTF_8),
                "[".repeat(100).getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(avro, avro.length - 3),
                OutputSerde.serializer(WireFormat.AVRO).serialize("t", CHANGE))) {
            assertThatThrownBy(() -> deserializer.deserialize("presence.status", bad))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("UserStatus");
        }
    }

    @Test
    void aStatusALaterEngineAddedReadsAsTheEnumsDefault() {
        UserStatus read = PresenceTopics.STATUS.valueSerde().deserializer().deserialize("presence.status",
                "{\"userId\":\"alice\",\"status\":\"SLEEPING\",\"statusChangedAt\":1,\"version\":1}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(read.getStatus()).isEqualTo(dev.presence.schema.Status.UNKNOWN);
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record, WireFormat format) {
        Serde<T> serde = OutputSerde.of(type, format);
        byte[] bytes = serde.serializer().serialize("topic", record);
        assertThat(AvroCodec.looksLikeAvro(bytes)).isEqualTo(format == WireFormat.AVRO);
        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(record);
    }
}

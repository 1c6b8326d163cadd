package dev.presence.core.codec;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.EventType;
import dev.presence.schema.FanoutJob;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import dev.presence.testkit.UnitTest;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The short path of AvroCodec writes exactly Avro's single-object bytes and reads back equal records. */
@UnitTest
class AvroCodecTest {

    private static final UserStatus STATUS = UserStatus.newBuilder()
            .setUserId("alice").setStatus(Status.ONLINE).setCustomStatus("listening \u266b")
            .setStatusChangedAt(1_700_000_000_000L).setLastSeenAt(1_700_000_000_500L).setLastOnlineAt(null)
            .setVersion(7L)
            .setClients(List.of(
                    ClientSession.newBuilder().setClientId("phone").setSessionId("s1").setPlatform(Platform.IOS)
                            .setState(SessionState.CONNECTED).setLoggedInAt(1L).setLastHeartbeatAt(2L).build(),
                    ClientSession.newBuilder().setClientId("web").setSessionId("s9").setPlatform(Platform.WEB)
                            .setState(SessionState.TIMED_OUT).setLoggedInAt(3L).setLastHeartbeatAt(4L).build()))
            .build();

    private static final PresenceEvent HEARTBEAT = PresenceEvent.newBuilder().setType(EventType.HEARTBEAT)
            .setUserId("alice").setClientId("phone").setSessionId("s1").build();

    private static final FanoutJob JOB = FanoutJob.newBuilder().setUserId("bob").setResumeAfter("w-0001")
            .setPending(new ArrayList<>(List.of(StatusView.newBuilder().setUserId("bob").setStatus(Status.OFFLINE)
                    .setCustomStatus(null).setVersion(3L).setChangedAt(9L).setReason(ChangeReason.TIMEOUT).build())))
            .build();

    @Test
    void writesTheBytesOfAvrosBinaryMessageEncoder() throws Exception {
        for (SpecificRecord record : List.of(STATUS, HEARTBEAT, JOB, StatusFoldUnseen.of("carol"))) {
            assertThat(AvroCodec.encode(record)).as(record.getSchema().getName()).isEqualTo(avro(record));
        }
    }

    @Test
    void readsBackEqualRecordsWithListsThatCanGrow() throws Exception {
        assertThat(AvroCodec.decode(AvroCodec.encode(STATUS), UserStatus.class)).isEqualTo(STATUS);
        assertThat(AvroCodec.decode(avro(HEARTBEAT), PresenceEvent.class)).isEqualTo(HEARTBEAT);
        FanoutJob job = AvroCodec.decode(AvroCodec.encode(JOB), FanoutJob.class);
        assertThat(job).isEqualTo(JOB);
        job.getPending().add(JOB.getPending().get(0));
        assertThat(job.getPending()).hasSize(2);
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesNothingBehindForTheNextOne() throws Exception {
        // Fails after the userId is already in the encoder's buffer: those bytes must not reach the next record.
        UserStatus unwritable = UserStatus.newBuilder(STATUS).build();
        unwritable.setStatus(null);
        assertThatThrownBy(() -> AvroCodec.encode(unwritable)).isInstanceOf(RuntimeException.class);

        assertThat(AvroCodec.encode(HEARTBEAT)).isEqualTo(avro(HEARTBEAT));
        assertThat(AvroCodec.encode(STATUS)).isEqualTo(avro(STATUS));
    }

    @Test
    void anotherSchemaOrBrokenBodyStillFailsAsBefore() {
        byte[] status = AvroCodec.encode(STATUS);
        assertThatThrownBy(() -> AvroCodec.decode(status, PresenceEvent.class)).isInstanceOf(MissingSchemaException.class);
        byte[] truncated = java.util.Arrays.copyOf(status, 14);
        assertThatThrownBy(() -> AvroCodec.decode(truncated, UserStatus.class)).isInstanceOf(Exception.class);
    }

    private static byte[] avro(SpecificRecord record) throws Exception {
        ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), record.getSchema()).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A record with null fields and an empty list. */
    private static final class StatusFoldUnseen {
        static UserStatus of(String userId) {
            return UserStatus.newBuilder().setUserId(userId).setStatus(dev.presence.schema.Status.UNLOGINED)
                    .setCustomStatus(null).setStatusChangedAt(0L).setLastSeenAt(null).setLastOnlineAt(null)
                    .setVersion(0L).setClients(java.util.List.of()).build();
        }
    }
}

package dev.presence.streams.fuzz;

import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.presence.streams.testing.PresenceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Records the fuzz drill ({@code scripts/bench.sh drill-fuzz}) found to stop the engine, each reduced
 * to the smallest record that did it: a JSON event without userId or with a null one (AvroRuntimeException
 * in the reader), rejections larger than the producer's max.request.size (a 600 KB key held twice, a
 * value at the broker's limit plus reason and origin), and an Avro list count that the reader allocated
 * before reading a single item (OutOfMemoryError).
 */
@TopologyTest
class FuzzFindingsTopologyTest {

    /** What the engine's producer takes in one request by default (max.request.size). */
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aJsonEventWithoutUserIdIsRejectedAsMissingField() {
        assertThatCode(() -> engine.send("fz-1", "{\"type\":\"LOGIN\",\"clientId\":\"c0\",\"sessionId\":\"s1\",\"platform\":\"WEB\"}"))
                .doesNotThrowAnyException();

        assertThat(engine.rejected()).singleElement()
                .satisfies(rejected -> assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.MISSING_FIELD.code()));
    }

    @Test
    void aJsonEventWithANullUserIdIsRejectedAsMissingField() {
        assertThatCode(() -> engine.send("fz-1", "{\"type\":\"HEARTBEAT\",\"userId\":null,\"clientId\":\"c0\",\"sessionId\":\"s1\"}"))
                .doesNotThrowAnyException();

        assertThat(engine.rejected()).singleElement()
                .satisfies(rejected -> assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.MISSING_FIELD.code()));
    }

    @Test
    void theRejectionOfARecordWithA600KbKeyFitsInOneProducerRequest() {
        TestOutputTopic<byte[], byte[]> rejected = rawRejections();
        byte[] key = repeat(utf8("fz-1"), 600 * 1024);
        byte[] login = AvroCodec.encode(PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("fz-1")
                .setClientId("c0").setSessionId("s1").setPlatform(Platform.WEB).build());

        engine.sendRaw(key, login);

        List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
        assertThat(out).singleElement().satisfies(record -> {
            assertThat(sizeOf(record)).isLessThan(MAX_REQUEST_BYTES - 1024);
            assertThat(decode(record).getErrorCode()).isEqualTo(ErrorCode.KEY_MISMATCH.code());
        });
    }

    @Test
    void theRejectionOfAValueAtTheBrokerLimitFitsInOneProducerRequest() {
        TestOutputTopic<byte[], byte[]> rejected = rawRejections();
        String prefix = "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"fz-1\",\"customStatus\":\"";
        // 1,048,480 bytes: what the broker takes with its default max.message.bytes (1,048,588) and a 4-byte key.
        String value = prefix + "x".repeat(1_048_480 - prefix.length() - 2) + "\"}";

        engine.send("fz-1", value);

        List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
        assertThat(out).singleElement().satisfies(record -> {
            assertThat(sizeOf(record)).isLessThan(MAX_REQUEST_BYTES - 1024);
            assertThat(decode(record).getErrorCode()).isEqualTo(ErrorCode.CUSTOM_STATUS_TOO_LONG.code());
        });
    }

    @Test
    void anAvroSubscriptionAnnouncingTwoBillionTargetsIsRejectedAsUnreadable() {
        byte[] empty = AvroCodec.encode(SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.SUBSCRIBE)
                .setUserId("fz-1").setTargets(List.of()).build());
        // Header (10 bytes), type SUBSCRIBE (enum 0: one byte), userId "fz-1" (length + 4 bytes), then the
        // target count: replaced by the zig-zag varint of Integer.MAX_VALUE - 8, the most Avro's own limit
        // (org.apache.avro.limits.collectionItems.maxLength) lets through, and nothing after it.
        int countAt = 10 + 1 + 1 + 4;
        assertThat(empty[countAt]).as("an empty list is written as a single 0").isZero();
        byte[] count = zigZagVarint(Integer.MAX_VALUE - 8);
        byte[] bomb = Arrays.copyOf(empty, countAt + count.length);
        System.arraycopy(count, 0, bomb, countAt, count.length);

        assertThatCode(() -> engine.sendSubscriptionRaw(utf8("fz-1"), bomb)).doesNotThrowAnyException();

        assertThat(engine.rejected()).singleElement()
                .satisfies(rejected -> assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.UNREADABLE_RECORD.code()));
    }

    @Test
    void aJsonEventWithAnInvalidUtf8ByteInAFieldNameIsRejectedAsMalformed() {
        engine.send("fz-1", "{\"type\":\"LOGIN\",\"userId\":\"fz-1\",\"clientId\":\"c0\",\"sessionId\":\"s1\","
                + "\"platform\":\"WEB\",\"occurredAt\":1780000100000}");
        byte[] start = utf8("{\"type\":\"LOGOUT\",\"userId\":\"fz-1\",\"clientId\":\"c0\",\"occurred");
        byte[] end = utf8("At\":1780000100603}");
        byte[] value = Arrays.copyOf(start, start.length + 1 + end.length);
        value[start.length] = (byte) 0xFF;
        System.arraycopy(end, 0, value, start.length + 1, end.length);

        engine.sendRaw(utf8("fz-1"), value);

        assertThat(engine.rejected()).singleElement()
                .satisfies(rejected -> assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.MALFORMED_JSON.code()));
    }

    private TestOutputTopic<byte[], byte[]> rawRejections() {
        return engine.driver().createOutputTopic(Topics.REJECTED, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int sizeOf(TestRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    private static RejectedRecord decode(TestRecord<byte[], byte[]> record) {
        return OutputSerde.deserializer(RejectedRecord.class).deserialize(Topics.REJECTED, record.value());
    }

    private static byte[] zigZagVarint(long value) {
        long raw = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int n = 0;
        while ((raw & ~0x7FL) != 0) {
            out[n++] = (byte) ((raw & 0x7F) | 0x80);
            raw >>>= 7;
        }
        out[n++] = (byte) raw;
        return Arrays.copyOf(out, n);
    }

    private static byte[] repeat(byte[] pattern, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = pattern[i % pattern.length];
        }
        return out;
    }
}

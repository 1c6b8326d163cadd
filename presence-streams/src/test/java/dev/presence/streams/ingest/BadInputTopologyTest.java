package dev.presence.streams.ingest;

import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.Status;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;

import static dev.presence.testkit.Events.login;
import static dev.presence.streams.testing.PresenceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad record lands in presence.rejected with its bytes and origin, and changes nothing. */
@TopologyTest
class BadInputTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    static Stream<Arguments> badRecords() {
        String longId = "x".repeat(129);
        return Stream.of(
                Arguments.of("garbage bytes", utf8("alice"), new byte[]{0x00, (byte) 0xFF, 0x13, 0x37}, ErrorCode.UNREADABLE_RECORD),
                Arguments.of("empty value", utf8("alice"), new byte[0], ErrorCode.UNREADABLE_RECORD),
                Arguments.of("broken JSON", utf8("alice"), utf8("{\"type\":\"LOGIN\",\"userId\":"), ErrorCode.MALFORMED_JSON),
                Arguments.of("JSON array", utf8("alice"), utf8("[1,2]"), ErrorCode.MALFORMED_JSON),
                Arguments.of("unknown type", utf8("alice"), utf8("{\"type\":\"DANCE\",\"userId\":\"alice\"}"), ErrorCode.UNKNOWN_TYPE),
                Arguments.of("missing type", utf8("alice"), utf8("{\"userId\":\"alice\"}"), ErrorCode.UNKNOWN_TYPE),
                Arguments.of("engine type without its field", utf8("alice"),
                        utf8("{\"type\":\"SESSION_TIMED_OUT\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\"}"),
                        ErrorCode.MISSING_FIELD),
                Arguments.of("key differs from userId", utf8("bob"), utf8(login("alice", "c", "s", Platform.WEB)), ErrorCode.KEY_MISMATCH),
                Arguments.of("no key", null, utf8(login("alice", "c", "s", Platform.WEB)), ErrorCode.KEY_MISMATCH),
                Arguments.of("login without platform", utf8("alice"),
                        utf8("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\"}"), ErrorCode.MISSING_FIELD),
                Arguments.of("heartbeat without session", utf8("alice"),
                        utf8("{\"type\":\"HEARTBEAT\",\"userId\":\"alice\",\"clientId\":\"c\"}"), ErrorCode.MISSING_FIELD),
                Arguments.of("unknown platform", utf8("alice"),
                        utf8("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\",\"platform\":\"AMIGA\"}"),
                        ErrorCode.INVALID_FIELD),
                Arguments.of("userId of 129 bytes", utf8(longId), utf8(login(longId, "c", "s", Platform.WEB)), ErrorCode.INVALID_FIELD),
                Arguments.of("clientId with a control character", utf8("alice"), utf8(login("alice", "c\u0007", "s", Platform.WEB)),
                        ErrorCode.INVALID_FIELD),
                Arguments.of("number where a string belongs", utf8("alice"),
                        utf8("{\"type\":\"LOGOUT\",\"userId\":\"alice\",\"clientId\":42}"), ErrorCode.INVALID_FIELD),
                Arguments.of("Avro with an unknown schema fingerprint", utf8("alice"),
                        new byte[]{(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0}, ErrorCode.UNKNOWN_SCHEMA),
                Arguments.of("Avro header with a truncated body", utf8("alice"), truncatedAvro(), ErrorCode.UNREADABLE_RECORD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void badRecordIsRejectedWithItsBytesAndOriginAndChangesNothing(String name, byte[] key, byte[] value, ErrorCode code) {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        var before = engine.stored("alice");

        engine.sendRaw(key, value);

        assertThat(engine.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.getErrorCode()).as(rejected.getReason()).isEqualTo(code.code());
            assertThat(rejected.getReason()).isNotBlank();
            assertThat(rejected.getSourceTopic()).isEqualTo(Topics.EVENTS);
            assertThat(rejected.getSourcePartition()).isEqualTo(0);
            assertThat(rejected.getSourceOffset()).isEqualTo(1);
            assertThat(bytes(rejected.getValue())).isEqualTo(value);
            assertThat(rejected.getKey() == null ? null : bytes(rejected.getKey())).isEqualTo(key);
        });
        assertThat(engine.stored("alice")).isEqualTo(before);
        engine.changes();

        // The engine keeps going: the next valid record is applied.
        engine.send("alice", "{\"type\":\"LOGOUT\",\"userId\":\"alice\",\"clientId\":\"phone\"}");
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.UNLOGINED);
    }

    @Test
    void anUnreadableRecordOnTheInternalWatchEdgesTopicIsRejectedNotFatal() {
        String topic = engine.settings().watchEdgesTopic();
        var edges = engine.driver().createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
        edges.pipeInput(utf8("alice"), utf8("not an edge"));

        assertThat(engine.rejected()).singleElement().satisfies(r -> {
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.UNREADABLE_RECORD.code());
            assertThat(r.getSourceTopic()).isEqualTo(topic);
        });
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void avroEventsAreReadLikeJsonOnes() {
        engine.send(PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("alice").setClientId("phone")
                .setSessionId("s1").setPlatform(Platform.IOS).setEventId("e-1").build());

        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        assertThat(engine.changes()).singleElement()
                .satisfies(change -> assertThat(change.getCause().getEventId()).isEqualTo("e-1"));
        assertThat(engine.rejected()).isEmpty();
    }

    @Test
    void unknownJsonFieldsAreIgnoredForForwardCompatibility() {
        engine.send("alice", "{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\","
                + "\"platform\":\"WEB\",\"gateway\":\"eu-1\"}");
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void rejectedRecordsAreReadableAsJsonWhenTheOutputFormatIsJson() {
        try (PresenceHarness json = new PresenceHarness(PresenceSettings.defaults().withOutputFormat(WireFormat.JSON))) {
            json.sendRaw(utf8("alice"), utf8("not json"));
            RejectedRecord rejected = json.rejected().get(0);
            assertThat(bytes(rejected.getValue())).isEqualTo(utf8("not json"));
            assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.UNREADABLE_RECORD.code());
        }
    }

    @Test
    void outputsArePlainJsonWhenTheOutputFormatIsJson() throws Exception {
        try (PresenceHarness json = new PresenceHarness(PresenceSettings.defaults().withOutputFormat(WireFormat.JSON))) {
            var raw = json.driver().createOutputTopic(Topics.NOTIFICATIONS, new StringDeserializer(),
                    new StringDeserializer());
            json.send("alice", login("alice", "phone", "s1", Platform.ANDROID));

            var notification = AvroJson.MAPPER.readTree(raw.readValue());
            assertThat(notification.path("recipient").asText()).isEqualTo("alice");
            assertThat(notification.path("changes").get(0).path("status").asText()).isEqualTo("ONLINE");
            assertThat(notification.path("changes").get(0).path("customStatus").isNull()).isTrue();
            assertThat(notification.path("changes").get(0).path("version").asLong()).isEqualTo(1);
        }
    }

    private static byte[] truncatedAvro() {
        byte[] valid = AvroCodec.encode(PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("alice")
                .setClientId("phone").setSessionId("s1").setPlatform(Platform.IOS).build());
        return Arrays.copyOf(valid, 12);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

package dev.presence.streams.ingest;

import dev.presence.schema.FanoutJob;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.EventTime;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.presence.testkit.Events.friendAdded;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.streams.testing.PresenceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless producer can send, record by record: each is applied or rejected with a
 * code, the rejection always fits in a record, and the engine goes on with the next record. The first
 * four tests are the reports that stopped (or would have stopped) the first edition.
 */
@TopologyTest
class HostileInputTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @ParameterizedTest(name = "{0} without userId")
    @ValueSource(strings = {"LOGIN", "HEARTBEAT", "LOGOUT", "DISCONNECT", "SET_CUSTOM_STATUS", "SESSION_TIMED_OUT"})
    void anEventWithoutUserIdIsRejectedAndTheNextOneIsApplied(String type) {
        engine.sendRaw(utf8("u1"), utf8("{\"type\":\"" + type + "\"}"));
        engine.sendRaw(utf8("u1"), utf8("{\"type\":\"" + type + "\",\"userId\":null,\"clientId\":\"c\",\"sessionId\":\"s\"}"));
        engine.send("u1", login("u1", "c", "s", Platform.WEB));

        assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode)
                .containsExactly(ErrorCode.MISSING_FIELD.code(), ErrorCode.MISSING_FIELD.code());
        assertThat(engine.stored("u1").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void aHugeKeyIsRejectedWithAnExcerptItsSizeAndDigestAndTheRejectionFitsInARecord() throws Exception {
        byte[] key = new byte[600 * 1024];
        Arrays.fill(key, (byte) 'k');
        byte[] value = utf8(login("alice", "c", "s", Platform.WEB));

        engine.sendRaw(key, value);
        engine.send("alice", login("alice", "c", "s", Platform.WEB));

        RejectedRecord rejected = engine.rejected().get(0);
        assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.KEY_MISMATCH.code());
        assertThat(rejected.getKey().remaining()).isEqualTo(Rejections.KEY_EXCERPT_BYTES);
        assertThat(rejected.getKeySize()).isEqualTo(key.length);
        assertThat(bytes(rejected.getKeySha256())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(key));
        assertThat(bytes(rejected.getValue())).isEqualTo(value);
        assertThat(rejected.getValueSize()).isEqualTo(value.length);
        assertThat(rejected.getReason().length()).isLessThan(Rejections.REASON_CHARS + 10);
        assertThat(OutputSerde.serializer(WireFormat.JSON).serialize(Topics.REJECTED, rejected).length)
                .as("the rejection as the largest output format writes it").isLessThan(32 * 1024);
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void aHugeValueKeepsOnlyItsFirstBytes() {
        byte[] value = new byte[900 * 1024];
        Arrays.fill(value, (byte) ' ');
        value[value.length - 1] = '{';

        engine.sendRaw(utf8("alice"), value);

        RejectedRecord rejected = engine.rejected().get(0);
        assertThat(rejected.getValue().remaining()).isEqualTo(Rejections.VALUE_EXCERPT_BYTES);
        assertThat(rejected.getValueSize()).isEqualTo(value.length);
    }

    @Test
    void anAvroRecordAnnouncingBillionsOfListItemsIsRejectedWithoutAllocatingThem() {
        // A valid SubscriptionCommand header, then: type SUBSCRIBE (0), userId "bob", and a targets
        // list whose first block announces 2^30 items, in 18 bytes.
        byte[] header = Arrays.copyOf(AvroCodec.encode(SubscriptionCommand.newBuilder()
                .setType(dev.presence.schema.SubscriptionCommandType.SUBSCRIBE).setUserId("bob")
                .setTargets(List.of()).build()), 10);
        byte[] body = {0, 6, 'b', 'o', 'b', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        byte[] record = new byte[header.length + body.length];
        System.arraycopy(header, 0, record, 0, header.length);
        System.arraycopy(body, 0, record, header.length, body.length);

        engine.sendSubscriptionRaw(utf8("bob"), record);
        engine.sendSubscriptionRaw(utf8("bob"), stringBomb(header));

        List<RejectedRecord> rejected = engine.rejected();
        assertThat(rejected).extracting(RejectedRecord::getErrorCode)
                .containsExactly(ErrorCode.UNREADABLE_RECORD.code(), ErrorCode.UNREADABLE_RECORD.code());
        assertThat(rejected).allSatisfy(r -> assertThat(r.getReason()).contains("announces"));
    }

    /** The same header, then a userId string that announces 2^31 - 1 bytes. */
    private static byte[] stringBomb(byte[] header) {
        byte[] body = {0, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        byte[] record = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, record, header.length, body.length);
        return record;
    }

    @Test
    void aPopularUserChangingOftenDuringItsFanOutKeepsOneJobOfAtMostTwoChanges() {
        PresenceSettings settings = PresenceSettings.builder().friendAutoNotify(true).fanoutPerTurn(10)
                .fanoutTurnBudget(Duration.ZERO).build();
        try (PresenceHarness popular = new PresenceHarness(settings)) {
            int watchers = 35;
            for (int i = 0; i < watchers; i++) {
                popular.sendFriendship("w" + i, friendAdded("w" + i, "star"));
            }
            popular.send("star", login("star", "c", "s0", Platform.WEB));
            for (int i = 1; i <= 200; i++) {
                popular.send("star", i % 2 == 1 ? logout("star", "c") : login("star", "c", "s" + i, Platform.WEB));
                FanoutJob job = jobs(popular).get("star");
                assertThat(job.getPending()).hasSizeLessThanOrEqualTo(2);
            }
            for (int turn = 0; turn < 20; turn++) {
                popular.advance(settings.fanoutInterval());
            }
            assertThat(jobs(popular).get("star")).isNull();

            long latest = popular.stored("star").getVersion();
            Map<String, Long> lastHeard = new HashMap<>();
            for (Notification notification : popular.notifications()) {
                for (StatusView view : notification.getChanges()) {
                    Long before = lastHeard.put(notification.getRecipient(), view.getVersion());
                    assertThat(before == null || before < view.getVersion())
                            .as("%s hears versions in increasing order", notification.getRecipient()).isTrue();
                }
            }
            for (int i = 0; i < watchers; i++) {
                assertThat(lastHeard.get("w" + i)).as("w%d ends with the latest version", i).isEqualTo(latest);
            }
        }
    }

    private static KeyValueStore<String, FanoutJob> jobs(PresenceHarness harness) {
        return harness.driver().getKeyValueStore(Stores.FANOUT_JOBS);
    }

    @Test
    void absurdTimesInFieldsAreRejectedAndNeverBecomeDeadlines() {
        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        engine.sendRaw(utf8("alice"), utf8("{\"type\":\"SESSION_TIMED_OUT\",\"userId\":\"alice\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"lastHeartbeatAt\":" + Long.MAX_VALUE + "}"));
        engine.sendRaw(utf8("alice"), utf8("{\"type\":\"HEARTBEAT\",\"userId\":\"alice\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"occurredAt\":-5}"));
        engine.sendRaw(utf8("alice"), utf8("{\"type\":\"HEARTBEAT\",\"userId\":\"alice\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"occurredAt\":1e400}"));

        assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode).containsExactly(
                ErrorCode.INVALID_FIELD.code(), ErrorCode.INVALID_FIELD.code(), ErrorCode.INVALID_FIELD.code());
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void recordTimestampsOutsideTheValidRangeAreRejectedAndTheEngineGoesOn() {
        TestInputTopic<byte[], byte[]> events = engine.driver().createInputTopic(Topics.EVENTS,
                new ByteArraySerializer(), new ByteArraySerializer());
        byte[] login = utf8(login("alice", "c", "s", Platform.WEB));
        // (A negative timestamp cannot be piped here: InputTimestampsTest shows it gets the same header.)
        events.pipeInput(new TestRecord<>(utf8("alice"), login, null, EventTime.LATEST_MS + 1));
        events.pipeInput(new TestRecord<>(utf8("alice"), login, null, Long.MAX_VALUE));

        List<RejectedRecord> rejected = engine.rejected();
        assertThat(rejected).extracting(RejectedRecord::getErrorCode)
                .containsExactly(ErrorCode.INVALID_FIELD.code(), ErrorCode.INVALID_FIELD.code());
        assertThat(rejected.get(1).getReason()).contains(Long.toString(Long.MAX_VALUE));
        assertThat(engine.stored("alice")).isNull();

        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void jsonThatIsAmbiguousTooDeepOrFollowedByMoreIsMalformed() {
        engine.sendRaw(utf8("alice"), utf8("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"userId\":\"bob\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"platform\":\"WEB\"}"));
        engine.sendRaw(utf8("alice"), utf8("{\"type\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        engine.sendRaw(utf8("alice"), utf8(login("alice", "c", "s", Platform.WEB) + " {\"type\":\"LOGOUT\"}"));
        engine.sendRaw(utf8("alice"), utf8(login("alice", "c", "s", Platform.WEB) + " \n"));

        assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode).containsExactly(
                ErrorCode.MALFORMED_JSON.code(), ErrorCode.MALFORMED_JSON.code(), ErrorCode.MALFORMED_JSON.code());
        assertThat(engine.stored("alice").getStatus()).as("trailing white space is fine").isEqualTo(Status.ONLINE);
    }

    @Test
    void idsWithoutAUtf8FormAreInvalid() {
        engine.sendRaw(utf8("alice"), utf8("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\\ud800\","
                + "\"sessionId\":\"s\",\"platform\":\"WEB\"}"));
        engine.send("alice", login("alice", "c\uD83D\uDE00", "s", Platform.WEB));

        assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode).containsExactly(ErrorCode.INVALID_FIELD.code());
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void liveSettingsKeepOnlyKnownKeysAndValidValues() {
        KeyValueStore<String, String> config = engine.driver().getKeyValueStore(Stores.CONFIG);
        engine.setLive("x".repeat(10_000), "true");
        engine.setLive("statusQueryAndNotify", "false");
        assertThat(config.get("statusQueryAndNotify")).isEqualTo("false");

        engine.setLive("statusQueryAndNotify", "perhaps");
        engine.setLive("maxUsersPerQuery", "-3");

        assertThat(config.approximateNumEntries()).isZero();
        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        engine.send("alice", heartbeat("alice", "c", "s"));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

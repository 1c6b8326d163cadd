package dev.presence.streams.expiry;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.customStatusExpired;
import static dev.presence.testkit.Events.customStatusFor;
import static dev.presence.testkit.Events.customStatusUntil;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.login;
import static org.assertj.core.api.Assertions.assertThat;

/** Custom statuses that expire: decided on the wall clock, written to the log, applied by the fold. */
@TopologyTest
class CustomStatusExpiryTopologyTest {

    private static final long START = PresenceHarness.START.toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aCustomStatusWithATtlIsClearedAtItsExpiryByALoggedEventWithItsOwnReason() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        assertThat(engine.stored("alice").getCustomStatusExpiresAt()).isEqualTo(START + 60_000);
        engine.changes();
        engine.notifications();

        engine.advance(Duration.ofSeconds(59));
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("in a meeting");
        assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).isEmpty();

        engine.advance(Duration.ofSeconds(2));
        UserStatus alice = engine.stored("alice");
        assertThat(alice.getCustomStatus()).isNull();
        assertThat(alice.getCustomStatusExpiresAt()).isNull();
        assertThat(alice.getVersion()).isEqualTo(3);
        assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.CUSTOM_STATUS_EXPIRED);
            assertThat(event.getExpiresAt()).isEqualTo(START + 60_000);
        });
        List<StatusChange> changes = engine.changes();
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.getReason()).isEqualTo(ChangeReason.CUSTOM_STATUS_EXPIRED);
            assertThat(change.getOldCustomStatus()).isEqualTo("in a meeting");
            assertThat(change.getNewCustomStatus()).isNull();
            assertThat(change.getCause().getEventType()).isEqualTo(EventType.CUSTOM_STATUS_EXPIRED);
        });
        assertThat(engine.notifications()).singleElement().satisfies(n ->
                assertThat(n.getChanges().get(0).getReason()).isEqualTo(ChangeReason.CUSTOM_STATUS_EXPIRED));

        engine.advance(Duration.ofMinutes(2));
        assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).as("decided once").isEmpty();
    }

    @Test
    void anAbsoluteExpiryIsKeptAsGiven() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusUntil("alice", "lunch", START + 300_000));

        engine.advance(Duration.ofSeconds(299));
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("lunch");
        engine.advance(Duration.ofSeconds(2));
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
    }

    @Test
    void anExpiryInThePastOrBeyondThirtyDaysOrMalformedIsRejectedWithItsCode() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusUntil("alice", "past", START - 1));
        engine.send("alice", customStatusUntil("alice", "now", START));
        engine.send("alice", customStatusUntil("alice", "too far", START + 30 * DAY + 1));
        engine.send("alice", customStatusFor("alice", "zero", 0));
        engine.send("alice", customStatusFor("alice", "negative", -5));
        engine.send("alice", customStatusFor("alice", "too long", 30 * 86_400 + 1));
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"customStatus\":\"both\","
                + "\"expiresAt\":" + (START + 1000) + ",\"ttlSeconds\":10}");
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"ttlSeconds\":10}");

        List<RejectedRecord> rejected = engine.rejected();
        assertThat(rejected).hasSize(8).allSatisfy(r ->
                assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_EXPIRY.code()));
        assertThat(engine.stored("alice").getCustomStatus()).isNull();

        engine.send("alice", customStatusUntil("alice", "exactly thirty days", START + 30 * DAY));
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"customStatus\":\"x\",\"ttlSeconds\":\"10\"}");
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"customStatus\":\"x\",\"expiresAt\":-1}");
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"customStatus\":\"x\",\"ttlSeconds\":1e400}");
        assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode)
                .containsExactly(ErrorCode.INVALID_FIELD.code(), ErrorCode.INVALID_FIELD.code(), ErrorCode.INVALID_FIELD.code());
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("exactly thirty days");
    }

    @Test
    void aNewCustomStatusBeforeTheOldOneExpiresIsNotClearedByTheOldExpiry() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.advance(Duration.ofSeconds(30));
        engine.send("alice", customStatus("alice", "coding"));   // no expiry
        engine.advance(Duration.ofSeconds(40));

        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("coding");
        assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).as("the old entry is dropped unheard").isEmpty();
    }

    @Test
    void theSameTextSetAgainWithALaterExpiryLastsUntilTheLaterOne() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.changes();
        engine.advance(Duration.ofSeconds(30));
        engine.send("alice", customStatusFor("alice", "in a meeting", 120));
        assertThat(engine.changes()).as("the same text is no visible change").isEmpty();
        assertThat(engine.stored("alice").getVersion()).isEqualTo(2);

        engine.advance(Duration.ofSeconds(60));
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("in a meeting");
        engine.advance(Duration.ofSeconds(61));
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
        assertThat(engine.changes()).extracting(StatusChange::getReason).containsExactly(ChangeReason.CUSTOM_STATUS_EXPIRED);
    }

    /**
     * The ugly race: the engine has decided that "in a meeting" expired, and before its decision comes
     * back through the log the user sets a new custom status. The decision names the expiry it was
     * taken on, which the new custom status does not carry: it is ignored.
     */
    @Test
    void aDecisionThatArrivesAfterANewCustomStatusIsIgnored() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.advanceRecordTime(Duration.ofSeconds(61));
        engine.send("alice", customStatusFor("alice", "in a meeting", 600));   // same text, new expiry
        engine.send("alice", customStatusExpired("alice", START + 60_000));    // the old decision, late
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("in a meeting");

        engine.send("alice", customStatus("alice", "coding"));
        engine.send("alice", customStatusExpired("alice", START + 661_000));   // matches no expiry held
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("coding");
        assertThat(engine.rejected()).isEmpty();
    }

    @Test
    void anExpiryEventEarlierThanTheExpiryItNamesIsIgnored() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.send("alice", customStatusExpired("alice", START + 60_000));   // a producer's early copy

        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("in a meeting");
        engine.send("alice", "{\"type\":\"CUSTOM_STATUS_EXPIRED\",\"userId\":\"alice\"}");
        assertThat(engine.rejected()).singleElement().satisfies(r ->
                assertThat(r.getErrorCode()).isEqualTo(ErrorCode.MISSING_FIELD.code()));
    }

    @Test
    void leavingOnlineClearsTheCustomStatusAndItsExpiryAndNothingIsDecidedLater() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.send("alice", disconnect("alice", "phone", "s1"));
        assertThat(engine.stored("alice").getCustomStatusExpiresAt()).isNull();
        engine.send("alice", login("alice", "phone", "s2", Platform.ANDROID));

        engine.advance(Duration.ofSeconds(120));
        assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).isEmpty();
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
    }

    @Test
    void replayingTheLogWithTheEnginesExpiryDecisionsRebuildsTheSameStatusAndHistory() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatusFor("alice", "in a meeting", 60));
        engine.advance(Duration.ofSeconds(30));
        engine.send("alice", customStatusFor("alice", "lunch", 45));
        engine.advance(Duration.ofSeconds(50));
        engine.advance(Duration.ofSeconds(5));
        engine.send("alice", customStatusFor("alice", "back soon", 100));
        engine.advance(Duration.ofSeconds(20));
        List<TestRecord<byte[], byte[]>> log = engine.eventLog();
        UserStatus original = engine.stored("alice");
        var history = engine.history("alice", PresenceHarness.START, engine.now());
        assertThat(history).extracting(interval -> interval.customStatus())
                .containsExactly("in a meeting", "lunch", null, "back soon");

        try (PresenceHarness replay = new PresenceHarness(PresenceSettings.defaults(), "presence-replay")) {
            log.forEach(replay::replay);
            assertThat(replay.stored("alice")).isEqualTo(original);
            assertThat(replay.history("alice", PresenceHarness.START, engine.now())).isEqualTo(history);
        }
        List<Notification> ignored = engine.notifications();
        assertThat(ignored).isNotEmpty();
    }
}

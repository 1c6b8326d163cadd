package dev.presence.streams.fold;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.StatusChange;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.timedOut;
import static org.assertj.core.api.Assertions.assertThat;

/** The status rules (sessions, status, custom status, timeouts), rule by rule, through the whole topology. */
@TopologyTest
class StatusFoldTopologyTest {

    private static final Duration TIMEOUT = PresenceSettings.defaults().heartbeatTimeout();

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void loginMakesTheUserOnlineAndNotifiesItOnce() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));

        UserStatus alice = engine.stored("alice");
        assertThat(alice.getStatus()).isEqualTo(Status.ONLINE);
        assertThat(alice.getVersion()).isEqualTo(1);
        assertThat(alice.getStatusChangedAt()).isEqualTo(PresenceHarness.START.toEpochMilli());
        assertThat(alice.getLastSeenAt()).isEqualTo(PresenceHarness.START.toEpochMilli());
        assertThat(alice.getClients()).singleElement().satisfies(c -> {
            assertThat(c.getClientId()).isEqualTo("phone");
            assertThat(c.getSessionId()).isEqualTo("s1");
            assertThat(c.getPlatform()).isEqualTo(Platform.ANDROID);
            assertThat(c.getState()).isEqualTo(SessionState.CONNECTED);
        });
        List<StatusChange> changes = engine.changes();
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.getOldStatus()).isEqualTo(Status.UNLOGINED);
            assertThat(change.getNewStatus()).isEqualTo(Status.ONLINE);
            assertThat(change.getReason()).isEqualTo(ChangeReason.LOGIN);
            assertThat(change.getVersion()).isEqualTo(1);
            assertThat(change.getCause().getEventType()).isEqualTo(EventType.LOGIN);
            assertThat(change.getCause().getTopic()).isEqualTo(Topics.EVENTS);
            assertThat(change.getCause().getOffset()).isEqualTo(0);
        });
        List<Notification> notifications = engine.notifications();
        assertThat(notifications).singleElement().satisfies(n -> {
            assertThat(n.getRecipient()).isEqualTo("alice");
            assertThat(n.getChanges()).singleElement().satisfies(view -> {
                assertThat(view.getUserId()).isEqualTo("alice");
                assertThat(view.getStatus()).isEqualTo(Status.ONLINE);
                assertThat(view.getVersion()).isEqualTo(1);
                assertThat(view.getReason()).isEqualTo(ChangeReason.LOGIN);
            });
        });
        assertThat(engine.statusOutput()).singleElement().isEqualTo(alice);
        assertThat(engine.rejected()).isEmpty();
    }

    @Test
    void heartbeatAndSecondDeviceChangeNothingVisible() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.changes();
        engine.notifications();
        engine.advance(Duration.ofSeconds(30));
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        engine.send("alice", login("alice", "laptop", "s9", Platform.MAC));

        assertThat(engine.changes()).isEmpty();
        assertThat(engine.notifications()).isEmpty();
        UserStatus alice = engine.stored("alice");
        assertThat(alice.getVersion()).isEqualTo(1);
        assertThat(alice.getClients()).extracting(ClientSession::getClientId).containsExactly("phone", "laptop");
        assertThat(alice.getLastSeenAt()).isEqualTo(engine.now().toEpochMilli());
        // The second device is worth a presence.status record (its clients changed); the heartbeat is not.
        assertThat(engine.statusOutput()).hasSize(2);
    }

    @Test
    void disconnectOfTheLastConnectedClientMakesTheUserOfflineAndClearsTheCustomStatus() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatus("alice", "listening to music"));
        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo("listening to music");
        engine.changes();
        engine.notifications();

        engine.send("alice", disconnect("alice", "phone", "s1"));

        UserStatus alice = engine.stored("alice");
        assertThat(alice.getStatus()).isEqualTo(Status.OFFLINE);
        assertThat(alice.getCustomStatus()).isNull();
        assertThat(alice.getVersion()).isEqualTo(3);
        assertThat(engine.changes()).singleElement().satisfies(change -> {
            assertThat(change.getOldStatus()).isEqualTo(Status.ONLINE);
            assertThat(change.getOldCustomStatus()).isEqualTo("listening to music");
            assertThat(change.getNewStatus()).isEqualTo(Status.OFFLINE);
            assertThat(change.getNewCustomStatus()).isNull();
            assertThat(change.getReason()).isEqualTo(ChangeReason.DISCONNECT);
        });
        assertThat(engine.notifications()).singleElement()
                .satisfies(n -> assertThat(n.getChanges().get(0).getCustomStatus()).isNull());
    }

    @Test
    void logoutOfEveryClientMakesTheUserUnlogined() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", login("alice", "laptop", "s2", Platform.MAC));
        engine.send("alice", disconnect("alice", "laptop", "s2"));
        engine.send("alice", logout("alice", "phone"));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.OFFLINE);

        engine.send("alice", logout("alice", "laptop"));

        UserStatus alice = engine.stored("alice");
        assertThat(alice.getStatus()).isEqualTo(Status.UNLOGINED);
        assertThat(alice.getClients()).isEmpty();
        assertThat(engine.changes()).extracting(StatusChange::getNewStatus, StatusChange::getReason, StatusChange::getVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Status.ONLINE, ChangeReason.LOGIN, 1L),
                        org.assertj.core.groups.Tuple.tuple(Status.OFFLINE, ChangeReason.LOGOUT, 2L),
                        org.assertj.core.groups.Tuple.tuple(Status.UNLOGINED, ChangeReason.LOGOUT, 3L));
    }

    @Test
    void versionKeepsGrowingAfterUnloginedAndLoginAgain() {
        engine.send("alice", login("alice", "phone", "s1", Platform.IOS));
        engine.send("alice", logout("alice", "phone"));
        engine.send("alice", login("alice", "phone", "s2", Platform.IOS));

        assertThat(engine.changes()).extracting(StatusChange::getVersion).containsExactly(1L, 2L, 3L);
    }

    @Test
    void heartbeatForUnknownOrClosedSessionIsIgnoredAndNeverALogin() {
        engine.send("bob", heartbeat("bob", "phone", "s1"));
        assertThat(engine.stored("bob")).isNull();

        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", disconnect("alice", "phone", "s1"));
        UserStatus offline = engine.stored("alice");
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        engine.send("alice", heartbeat("alice", "phone", "s-other"));
        engine.send("alice", heartbeat("alice", "tablet", "s1"));

        assertThat(engine.stored("alice")).isEqualTo(offline);
        assertThat(engine.changes()).extracting(StatusChange::getNewStatus).containsExactly(Status.ONLINE, Status.OFFLINE);
        assertThat(engine.rejected()).isEmpty();
    }

    @Test
    void ignoredEventsAreCountedInTheEnginesMetrics() {
        engine.send("bob", heartbeat("bob", "phone", "s1"));
        engine.send("bob", disconnect("bob", "phone", "s1"));
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", heartbeat("alice", "phone", "old-session"));

        double ignored = engine.driver().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("ignored-events-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
        assertThat(ignored).isEqualTo(3.0);
    }

    @Test
    void disconnectForAnOlderSessionIsIgnored() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", login("alice", "phone", "s2", Platform.ANDROID));
        engine.send("alice", disconnect("alice", "phone", "s1"));

        UserStatus alice = engine.stored("alice");
        assertThat(alice.getStatus()).isEqualTo(Status.ONLINE);
        assertThat(alice.getClients()).singleElement().satisfies(c -> {
            assertThat(c.getSessionId()).isEqualTo("s2");
            assertThat(c.getState()).isEqualTo(SessionState.CONNECTED);
        });
        assertThat(engine.changes()).hasSize(1);
    }

    @Test
    void duplicatedEventsChangeNothingTheSecondTime() {
        for (int i = 0; i < 2; i++) {
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.send("alice", customStatus("alice", "busy"));
        }
        for (int i = 0; i < 2; i++) {
            engine.send("alice", disconnect("alice", "phone", "s1"));
            engine.send("alice", logout("alice", "phone"));
        }

        assertThat(engine.changes()).extracting(StatusChange::getReason).containsExactly(
                ChangeReason.LOGIN, ChangeReason.CUSTOM_STATUS, ChangeReason.DISCONNECT, ChangeReason.LOGOUT);
        assertThat(engine.stored("alice").getVersion()).isEqualTo(4);
    }

    @Test
    void idleSessionTimesOutThroughTheLogAndRevivesOnItsNextHeartbeat() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatus("alice", "in a meeting"));
        engine.changes();

        engine.advance(TIMEOUT.minusSeconds(1));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);

        engine.advance(Duration.ofSeconds(2));
        UserStatus timedOut = engine.stored("alice");
        assertThat(timedOut.getStatus()).isEqualTo(Status.OFFLINE);
        assertThat(timedOut.getCustomStatus()).isNull();
        assertThat(timedOut.getClients()).singleElement()
                .satisfies(c -> assertThat(c.getState()).isEqualTo(SessionState.TIMED_OUT));
        StatusChange timeout = engine.changes().get(0);
        assertThat(timeout.getReason()).isEqualTo(ChangeReason.TIMEOUT);
        // The decision went through the input topic: its cause is a record of presence.events.
        assertThat(timeout.getCause().getEventType()).isEqualTo(EventType.SESSION_TIMED_OUT);
        assertThat(timeout.getCause().getTopic()).isEqualTo(Topics.EVENTS);

        engine.send("alice", heartbeat("alice", "phone", "s1"));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        assertThat(engine.changes()).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo(ChangeReason.RECONNECT));
    }

    @Test
    void heartbeatsKeepTheSessionAlivePastTheFirstDeadline() {
        engine.send("alice", login("alice", "phone", "s1", Platform.WEB));
        for (int i = 0; i < 10; i++) {
            engine.advance(Duration.ofSeconds(300));
            engine.send("alice", heartbeat("alice", "phone", "s1"));
        }
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        assertThat(engine.changes()).hasSize(1);
    }

    @Test
    void heartbeatBetweenTheTimeoutDecisionAndItsApplicationWins() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        long decidedOn = engine.stored("alice").getClients().get(0).getLastHeartbeatAt();
        engine.advanceRecordTime(TIMEOUT.plusSeconds(1));
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        // The sweep decided on the old heartbeat; its event reaches the log after the heartbeat.
        engine.send("alice", timedOut("alice", "phone", "s1", decidedOn));

        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        assertThat(engine.changes()).hasSize(1);
    }

    @Test
    void heartbeatInTheSameMillisecondAsTheDecisionStillWins() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        long decidedOn = engine.stored("alice").getClients().get(0).getLastHeartbeatAt();
        engine.advanceRecordTime(TIMEOUT);
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        engine.send("alice", timedOut("alice", "phone", "s1", decidedOn));

        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
    }

    @Test
    void aTimeoutThatMatchesTheSessionAppliesAtItsDeadlineButNotBefore() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        long lastHeartbeat = engine.stored("alice").getClients().get(0).getLastHeartbeatAt();
        engine.advanceRecordTime(TIMEOUT.minusMillis(1));
        engine.send("alice", timedOut("alice", "phone", "s1", lastHeartbeat));
        assertThat(engine.stored("alice").getStatus()).as("a producer's early timeout").isEqualTo(Status.ONLINE);

        engine.advanceRecordTime(Duration.ofMillis(1));
        engine.send("alice", timedOut("alice", "phone", "s1", lastHeartbeat));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.OFFLINE);
    }

    @Test
    void timeoutOfOneDeviceKeepsTheUserOnlineWhileAnotherIsConnected() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.advance(Duration.ofSeconds(200));
        engine.send("alice", login("alice", "laptop", "s2", Platform.WINDOWS));
        engine.advance(Duration.ofSeconds(201));

        UserStatus alice = engine.stored("alice");
        assertThat(alice.getStatus()).isEqualTo(Status.ONLINE);
        assertThat(alice.getClients()).extracting(ClientSession::getState)
                .containsExactly(SessionState.TIMED_OUT, SessionState.CONNECTED);
        engine.advance(Duration.ofSeconds(200));
        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.OFFLINE);
    }

    @Test
    void closedOrLoggedOutSessionsNeverTimeOut() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", disconnect("alice", "phone", "s1"));
        engine.send("bob", login("bob", "phone", "s1", Platform.ANDROID));
        engine.send("bob", logout("bob", "phone"));
        engine.changes();

        engine.advance(TIMEOUT.multipliedBy(2));

        assertThat(engine.changes()).isEmpty();
        assertThat(engine.stored("alice").getClients().get(0).getState()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void timeoutSweepIsBoundedPerTickAndCatchesUpOnLaterTicks() {
        try (PresenceHarness small = new PresenceHarness(PresenceSettings.defaults().withTimeoutsPerCheck(3))) {
            for (int i = 0; i < 10; i++) {
                small.send("user" + i, login("user" + i, "c", "s", Platform.WEB));
            }
            small.changes();
            small.advance(TIMEOUT.plusMillis(1));
            assertThat(small.changes()).hasSize(3);
            small.advance(Duration.ofSeconds(1));
            assertThat(small.changes()).hasSize(3);
            small.advance(Duration.ofSeconds(1));
            assertThat(small.changes()).hasSize(3);
            small.advance(Duration.ofSeconds(1));
            assertThat(small.changes()).hasSize(1);
            small.advance(Duration.ofSeconds(1));
            assertThat(small.changes()).isEmpty();
        }
    }

    @Test
    void customStatusIsRefusedWhileNotOnline() {
        engine.send("alice", customStatus("alice", "hello"));
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", disconnect("alice", "phone", "s1"));
        engine.send("alice", customStatus("alice", "hello"));

        assertThat(engine.rejected()).hasSize(2).allSatisfy(r -> {
            assertThat(r.getErrorCode()).isEqualTo(70008);
            assertThat(r.getSourceTopic()).isEqualTo(Topics.EVENTS);
        });
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
    }

    @Test
    void emptyOrNullCustomStatusClearsIt() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatus("alice", "hello"));
        engine.send("alice", customStatus("alice", ""));
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
        engine.send("alice", customStatus("alice", "again"));
        engine.send("alice", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"alice\",\"customStatus\":null}");
        assertThat(engine.stored("alice").getCustomStatus()).isNull();
        assertThat(engine.changes()).extracting(StatusChange::getNewCustomStatus)
                .containsExactly(null, "hello", null, "again", null);
    }

    @Test
    void customStatusOfExactlyTheLimitInMultiByteCharactersIsAcceptedOneByteMoreIsRejected() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        String hundredBytes = "é".repeat(50);          // 2 bytes each
        String hundredAndOne = "€".repeat(33) + "ab";  // 3 * 33 + 2 = 101 bytes, 35 characters
        engine.send("alice", customStatus("alice", hundredBytes));
        engine.send("alice", customStatus("alice", hundredAndOne));

        assertThat(engine.stored("alice").getCustomStatus()).isEqualTo(hundredBytes);
        assertThat(engine.rejected()).singleElement().satisfies(r -> {
            assertThat(r.getErrorCode()).isEqualTo(70007);
            assertThat(r.getReason()).contains("101");
        });
    }

    @Test
    void theSeventeenthClientReplacesTheOldestDisconnectedOne() {
        for (int i = 1; i <= 16; i++) {
            engine.send("alice", login("alice", "c" + i, "s" + i, Platform.WEB));
            engine.advance(Duration.ofSeconds(1));
        }
        engine.send("alice", disconnect("alice", "c9", "s9"));
        engine.send("alice", disconnect("alice", "c4", "s4"));
        engine.send("alice", login("alice", "c17", "s17", Platform.IOS));

        List<ClientSession> clients = engine.stored("alice").getClients();
        assertThat(clients).hasSize(16);
        assertThat(clients).extracting(ClientSession::getClientId).doesNotContain("c4").contains("c9", "c17");
    }

    @Test
    void theSeventeenthClientReplacesTheLeastRecentlyHeardWhenAllAreConnected() {
        for (int i = 1; i <= 16; i++) {
            engine.send("alice", login("alice", "c" + i, "s" + i, Platform.WEB));
            engine.advance(Duration.ofSeconds(1));
        }
        engine.send("alice", heartbeat("alice", "c1", "s1"));
        engine.send("alice", login("alice", "c17", "s17", Platform.IOS));

        assertThat(engine.stored("alice").getClients()).extracting(ClientSession::getClientId)
                .hasSize(16).doesNotContain("c2").contains("c1", "c17");
        // The evicted connected session must not time out later: its deadline left the index with it.
        engine.changes();
        engine.advance(TIMEOUT);
        assertThat(engine.changes()).singleElement()
                .satisfies(c -> assertThat(c.getNewStatus()).isEqualTo(Status.OFFLINE));
    }

    @Test
    void aNeverSeenUserIsNotInTheStoreAndLogoutOfItChangesNothing() {
        engine.send("ghost", logout("ghost", "phone"));
        engine.send("ghost", disconnect("ghost", "phone", "s1"));
        assertThat(engine.stored("ghost")).isNull();
        assertThat(engine.changes()).isEmpty();
        assertThat(engine.rejected()).isEmpty();
    }
}

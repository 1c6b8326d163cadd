package dev.presence.streams.fold;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.core.Outcome.Accepted;
import dev.presence.core.Outcome.Ignored;
import dev.presence.core.Outcome.Refused;
import dev.presence.streams.fold.StatusUpdate.Transition;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status rules alone, as a pure function of (status, event, record time): no topology, no store.
 * A small client limit (3) so that eviction is cheap to reach; the default 400 s heartbeat timeout.
 */
@UnitTest
class StatusFoldTest {

    private static final long TIMEOUT = 400_000;
    private static final long T0 = 1_700_000_000_000L;

    private final StatusFold fold = new StatusFold(3, TIMEOUT);

    // ---- event builders --------------------------------------------------------------------------

    private static PresenceEvent.Builder event(EventType type, String clientId, String sessionId) {
        return PresenceEvent.newBuilder().setType(type).setUserId("u1").setClientId(clientId).setSessionId(sessionId);
    }

    private static PresenceEvent login(String clientId, String sessionId, Platform platform) {
        return event(EventType.LOGIN, clientId, sessionId).setPlatform(platform).build();
    }

    private static PresenceEvent login(String clientId, String sessionId) {
        return login(clientId, sessionId, Platform.WEB);
    }

    private static PresenceEvent heartbeat(String clientId, String sessionId) {
        return event(EventType.HEARTBEAT, clientId, sessionId).build();
    }

    private static PresenceEvent logout(String clientId) {
        return event(EventType.LOGOUT, clientId, null).build();
    }

    private static PresenceEvent disconnect(String clientId, String sessionId) {
        return event(EventType.DISCONNECT, clientId, sessionId).build();
    }

    private static PresenceEvent timedOut(String clientId, String sessionId, long lastHeartbeatAt) {
        return event(EventType.SESSION_TIMED_OUT, clientId, sessionId).setLastHeartbeatAt(lastHeartbeatAt).build();
    }

    private static PresenceEvent customStatus(String text) {
        return event(EventType.SET_CUSTOM_STATUS, null, null).setCustomStatus(text).build();
    }

    // ---- applying --------------------------------------------------------------------------------

    /** {@code before} null: the user was never seen (the processor passes {@link StatusFold#unseen} then). */
    private Outcome<StatusUpdate> apply(UserStatus before, PresenceEvent event, long at) {
        return fold.apply(before != null ? before : StatusFold.unseen(event.getUserId()), event, at);
    }

    private StatusUpdate applied(UserStatus before, PresenceEvent event, long at) {
        Outcome<StatusUpdate> outcome = apply(before, event, at);
        assertThat(outcome).as("outcome of %s", event.getType()).isInstanceOf(Accepted.class);
        return ((Accepted<StatusUpdate>) outcome).value();
    }

    private UserStatus state(UserStatus before, PresenceEvent event, long at) {
        return applied(before, event, at).state();
    }

    private String ignoredWhy(UserStatus before, PresenceEvent event, long at) {
        Outcome<StatusUpdate> outcome = apply(before, event, at);
        assertThat(outcome).as("outcome of %s", event.getType()).isInstanceOf(Ignored.class);
        return ((Ignored) outcome).why();
    }

    private UserStatus online(String clientId, String sessionId, long at) {
        return state(null, login(clientId, sessionId), at);
    }

    private static ClientSession client(UserStatus status, String clientId) {
        return status.getClients().stream().filter(c -> c.getClientId().equals(clientId)).findFirst().orElseThrow();
    }

    private static List<String> clientIds(UserStatus status) {
        return status.getClients().stream().map(ClientSession::getClientId).toList();
    }

    // ---- the rules -------------------------------------------------------------------------------

    @Test
    void anUnseenUserIsUnloginedAtVersionZeroWithNothingSeen() {
        UserStatus unseen = StatusFold.unseen("u9");

        assertThat(unseen.getUserId()).isEqualTo("u9");
        assertThat(unseen.getStatus()).isEqualTo(Status.UNLOGINED);
        assertThat(unseen.getVersion()).isZero();
        assertThat(unseen.getStatusChangedAt()).isZero();
        assertThat(unseen.getLastSeenAt()).isNull();
        assertThat(unseen.getLastOnlineAt()).isNull();
        assertThat(unseen.getCustomStatus()).isNull();
        assertThat(unseen.getClients()).isEmpty();
    }

    @Test
    void statusIsOnlineIfAnyClientIsConnectedOfflineIfSomeAreLoggedInElseUnlogined() {
        ClientSession connected = ClientSession.newBuilder().setClientId("c1").setSessionId("s1")
                .setPlatform(Platform.WEB).setState(SessionState.CONNECTED).setLoggedInAt(0).setLastHeartbeatAt(0).build();
        ClientSession closed = ClientSession.newBuilder(connected).setClientId("c2").setState(SessionState.CLOSED).build();
        ClientSession timedOut = ClientSession.newBuilder(connected).setClientId("c3").setState(SessionState.TIMED_OUT).build();

        assertThat(StatusFold.statusOf(List.of())).isEqualTo(Status.UNLOGINED);
        assertThat(StatusFold.statusOf(List.of(closed, timedOut))).isEqualTo(Status.OFFLINE);
        assertThat(StatusFold.statusOf(List.of(closed, timedOut, connected))).isEqualTo(Status.ONLINE);
    }

    @Nested
    class Login {

        @Test
        void theFirstLoginMakesTheUserOnlineAsVersionOne() {
            StatusUpdate first = applied(null, login("c1", "s1", Platform.IOS), T0);

            UserStatus after = first.state();
            assertThat(after.getStatus()).isEqualTo(Status.ONLINE);
            assertThat(after.getVersion()).isEqualTo(1);
            assertThat(after.getStatusChangedAt()).isEqualTo(T0);
            assertThat(after.getLastSeenAt()).isEqualTo(T0);
            assertThat(after.getLastOnlineAt()).as("never left ONLINE yet").isNull();
            ClientSession session = client(after, "c1");
            assertThat(session.getSessionId()).isEqualTo("s1");
            assertThat(session.getPlatform()).isEqualTo(Platform.IOS);
            assertThat(session.getState()).isEqualTo(SessionState.CONNECTED);
            assertThat(session.getLoggedInAt()).isEqualTo(T0);
            assertThat(session.getLastHeartbeatAt()).isEqualTo(T0);
            assertThat(first.transition()).contains(new Transition(Status.UNLOGINED, null, ChangeReason.LOGIN));
            assertThat(first.refreshOnly()).isFalse();
        }

        @Test
        void aSecondDeviceIsStoredButIsNoVisibleChange() {
            UserStatus one = online("c1", "s1", T0);
            StatusUpdate second = applied(one, login("c2", "s1"), T0 + 5);

            assertThat(clientIds(second.state())).containsExactly("c1", "c2");
            assertThat(second.transition()).isEmpty();
            assertThat(second.refreshOnly()).as("a new client is worth a status record").isFalse();
            assertThat(second.state().getVersion()).isEqualTo(1);
            assertThat(second.state().getStatusChangedAt()).isEqualTo(T0);
            assertThat(second.state().getLastSeenAt()).isEqualTo(T0 + 5);
        }

        @Test
        void aRepeatedLoginOfTheLiveSessionOnlyRefreshesItsHeartbeat() {
            UserStatus one = online("c1", "s1", T0);
            StatusUpdate again = applied(one, login("c1", "s1"), T0 + 10);

            assertThat(again.refreshOnly()).isTrue();
            assertThat(again.transition()).isEmpty();
            assertThat(client(again.state(), "c1").getLastHeartbeatAt()).isEqualTo(T0 + 10);
            assertThat(client(again.state(), "c1").getLoggedInAt()).as("the same session").isEqualTo(T0);
        }

        @Test
        void aRepeatedLoginAtTheSameMillisecondStillMovesTheHeartbeatForward() {
            // A timeout decision taken on the previous heartbeat must be told apart from the refreshed one.
            UserStatus one = online("c1", "s1", T0);
            UserStatus again = state(one, login("c1", "s1"), T0);

            assertThat(client(again, "c1").getLastHeartbeatAt()).isEqualTo(T0 + 1);
        }

        @Test
        void aLoginOfTheSameSessionFromAnotherPlatformIsANewLogin() {
            UserStatus one = online("c1", "s1", T0);
            StatusUpdate other = applied(one, login("c1", "s1", Platform.ANDROID), T0 + 10);

            assertThat(other.refreshOnly()).isFalse();
            assertThat(client(other.state(), "c1").getPlatform()).isEqualTo(Platform.ANDROID);
            assertThat(client(other.state(), "c1").getLoggedInAt()).isEqualTo(T0 + 10);
        }

        @Test
        void aNewSessionReplacesTheClientsOldOneAndMovesItLast() {
            UserStatus two = state(online("c1", "s1", T0), login("c2", "s1"), T0 + 1);
            UserStatus replaced = state(two, login("c1", "s2"), T0 + 2);

            assertThat(clientIds(replaced)).containsExactly("c2", "c1");
            assertThat(client(replaced, "c1").getSessionId()).isEqualTo("s2");
            assertThat(client(replaced, "c1").getLoggedInAt()).isEqualTo(T0 + 2);
        }

        @Test
        void aLoginRevivesAClosedSessionOfTheSameIdAsANewOne() {
            UserStatus closed = state(online("c1", "s1", T0), disconnect("c1", "s1"), T0 + 1);
            StatusUpdate back = applied(closed, login("c1", "s1"), T0 + 2);

            assertThat(back.state().getStatus()).isEqualTo(Status.ONLINE);
            assertThat(back.transition()).contains(new Transition(Status.OFFLINE, null, ChangeReason.LOGIN));
            assertThat(client(back.state(), "c1").getLoggedInAt()).isEqualTo(T0 + 2);
        }

        @Test
        void pastTheClientLimitTheOldestDisconnectedClientMakesRoom() {
            UserStatus three = state(state(online("c1", "s1", T0), login("c2", "s1"), T0 + 1), login("c3", "s1"), T0 + 2);
            // c3 closed after c2 timed out: c2 heard last at T0+1, c3 at T0+2; c1, connected, is the oldest of all.
            UserStatus c3Closed = state(three, disconnect("c3", "s1"), T0 + 3);
            UserStatus c2Out = state(c3Closed, timedOut("c2", "s1", T0 + 1), T0 + 1 + TIMEOUT);

            UserStatus fourth = state(c2Out, login("c4", "s1"), T0 + 1 + TIMEOUT);

            assertThat(clientIds(fourth)).containsExactly("c1", "c3", "c4");
        }

        @Test
        void pastTheClientLimitWithEveryClientConnectedTheLeastRecentlyHeardMakesRoom() {
            UserStatus three = state(state(online("c1", "s1", T0), login("c2", "s1"), T0 + 1), login("c3", "s1"), T0 + 2);
            UserStatus c1Heard = state(three, heartbeat("c1", "s1"), T0 + 3);

            UserStatus fourth = state(c1Heard, login("c4", "s1"), T0 + 4);

            assertThat(clientIds(fourth)).containsExactly("c1", "c3", "c4");
        }

        @Test
        void aKnownClientLoggingInAgainAtTheLimitEvictsNobody() {
            UserStatus three = state(state(online("c1", "s1", T0), login("c2", "s1"), T0 + 1), login("c3", "s1"), T0 + 2);

            UserStatus again = state(three, login("c2", "s2"), T0 + 3);

            assertThat(clientIds(again)).containsExactly("c1", "c3", "c2");
        }
    }

    @Nested
    class Heartbeat {

        @Test
        void aHeartbeatOfTheLiveSessionIsARefreshOnly() {
            StatusUpdate beat = applied(online("c1", "s1", T0), heartbeat("c1", "s1"), T0 + 30_000);

            assertThat(beat.refreshOnly()).isTrue();
            assertThat(beat.transition()).isEmpty();
            assertThat(beat.state().getVersion()).isEqualTo(1);
            assertThat(beat.state().getLastSeenAt()).isEqualTo(T0 + 30_000);
            assertThat(client(beat.state(), "c1").getLastHeartbeatAt()).isEqualTo(T0 + 30_000);
        }

        @Test
        void aHeartbeatOlderThanTheLastOneStillMovesItForwardByOne() {
            UserStatus beat = state(online("c1", "s1", T0), heartbeat("c1", "s1"), T0 - 5_000);

            assertThat(client(beat, "c1").getLastHeartbeatAt()).isEqualTo(T0 + 1);
        }

        @Test
        void aHeartbeatRevivesATimedOutSessionAsAReconnect() {
            UserStatus out = state(online("c1", "s1", T0), timedOut("c1", "s1", T0), T0 + TIMEOUT);
            StatusUpdate back = applied(out, heartbeat("c1", "s1"), T0 + TIMEOUT + 5);

            assertThat(back.state().getStatus()).isEqualTo(Status.ONLINE);
            assertThat(back.transition()).contains(new Transition(Status.OFFLINE, null, ChangeReason.RECONNECT));
            assertThat(back.refreshOnly()).isFalse();
            assertThat(client(back.state(), "c1").getState()).isEqualTo(SessionState.CONNECTED);
        }

        @Test
        void aHeartbeatReviveInASecondClientWhileOnlineIsStoredButInvisible() {
            UserStatus two = state(online("c1", "s1", T0), login("c2", "s1"), T0);
            UserStatus c2Out = state(two, timedOut("c2", "s1", T0), T0 + TIMEOUT);
            StatusUpdate back = applied(c2Out, heartbeat("c2", "s1"), T0 + TIMEOUT + 1);

            assertThat(back.transition()).isEmpty();
            assertThat(back.refreshOnly()).as("a session came back: worth a status record").isFalse();
        }

        @Test
        void heartbeatsThatProveNoCurrentSessionAreIgnored() {
            UserStatus one = online("c1", "s1", T0);
            UserStatus closed = state(one, disconnect("c1", "s1"), T0 + 1);

            assertThat(ignoredWhy(null, heartbeat("c1", "s1"), T0)).contains("not logged in");
            assertThat(ignoredWhy(one, heartbeat("c2", "s1"), T0)).contains("not logged in");
            assertThat(ignoredWhy(one, heartbeat("c1", "s0"), T0)).contains("not the client's current one");
            assertThat(ignoredWhy(closed, heartbeat("c1", "s1"), T0 + 2)).contains("closed session");
        }
    }

    @Nested
    class LogoutAndDisconnect {

        @Test
        void logoutOfTheLastClientLeavesTheUserUnloginedAndClearsTheCustomStatus() {
            UserStatus busy = state(online("c1", "s1", T0), customStatus("busy"), T0 + 1);
            StatusUpdate out = applied(busy, logout("c1"), T0 + 2);

            assertThat(out.state().getStatus()).isEqualTo(Status.UNLOGINED);
            assertThat(out.state().getClients()).isEmpty();
            assertThat(out.state().getCustomStatus()).isNull();
            assertThat(out.state().getLastOnlineAt()).isEqualTo(T0 + 2);
            assertThat(out.state().getVersion()).isEqualTo(3);
            assertThat(out.transition()).contains(new Transition(Status.ONLINE, "busy", ChangeReason.LOGOUT));
        }

        @Test
        void logoutOfAnUnknownClientIsIgnored() {
            assertThat(ignoredWhy(online("c1", "s1", T0), logout("c2"), T0)).contains("not logged in");
            assertThat(ignoredWhy(null, logout("c1"), T0)).contains("not logged in");
        }

        @Test
        void disconnectOfTheCurrentSessionClosesItAndTheUserIsOfflineWithoutAnotherConnection() {
            StatusUpdate closed = applied(online("c1", "s1", T0), disconnect("c1", "s1"), T0 + 7);

            assertThat(client(closed.state(), "c1").getState()).isEqualTo(SessionState.CLOSED);
            assertThat(closed.state().getStatus()).isEqualTo(Status.OFFLINE);
            assertThat(closed.state().getLastOnlineAt()).isEqualTo(T0 + 7);
            assertThat(closed.state().getLastSeenAt()).isEqualTo(T0 + 7);
            assertThat(closed.transition()).contains(new Transition(Status.ONLINE, null, ChangeReason.DISCONNECT));
        }

        @Test
        void disconnectOfAnOlderSessionOfTheClientIsIgnored() {
            // c1 logged in again as s2; the late DISCONNECT of s1 must not close s2.
            UserStatus renewed = state(online("c1", "s1", T0), login("c1", "s2"), T0 + 1);

            assertThat(ignoredWhy(renewed, disconnect("c1", "s1"), T0 + 2)).contains("older session");
        }

        @Test
        void disconnectOfAClosedSessionOrAnUnknownClientIsIgnored() {
            UserStatus closed = state(online("c1", "s1", T0), disconnect("c1", "s1"), T0 + 1);

            assertThat(ignoredWhy(closed, disconnect("c1", "s1"), T0 + 2)).contains("already closed");
            assertThat(ignoredWhy(closed, disconnect("c9", "s1"), T0 + 2)).contains("not logged in");
        }

        @Test
        void disconnectOfOneOfTwoConnectedClientsChangesNothingVisible() {
            UserStatus two = state(online("c1", "s1", T0), login("c2", "s1"), T0);
            StatusUpdate one = applied(two, disconnect("c2", "s1"), T0 + 1);

            assertThat(one.state().getStatus()).isEqualTo(Status.ONLINE);
            assertThat(one.transition()).isEmpty();
            assertThat(one.refreshOnly()).isFalse();
        }
    }

    @Nested
    class Timeout {

        @Test
        void aTimeoutAtTheDeadlineOfAnUnrefreshedSessionTimesItOutWithoutCountingAsSeen() {
            StatusUpdate out = applied(online("c1", "s1", T0), timedOut("c1", "s1", T0), T0 + TIMEOUT);

            assertThat(client(out.state(), "c1").getState()).isEqualTo(SessionState.TIMED_OUT);
            assertThat(out.state().getStatus()).isEqualTo(Status.OFFLINE);
            assertThat(out.state().getLastSeenAt()).as("a timeout proves no connection").isEqualTo(T0);
            assertThat(out.state().getLastOnlineAt()).isEqualTo(T0 + TIMEOUT);
            assertThat(out.transition()).contains(new Transition(Status.ONLINE, null, ChangeReason.TIMEOUT));
        }

        @Test
        void aTimeoutOneMillisecondBeforeTheDeadlineIsIgnored() {
            assertThat(ignoredWhy(online("c1", "s1", T0), timedOut("c1", "s1", T0), T0 + TIMEOUT - 1))
                    .contains("before the session's deadline");
        }

        @Test
        void aTimeoutDecidedOnAnOlderHeartbeatLosesToTheHeartbeat() {
            UserStatus refreshed = state(online("c1", "s1", T0), heartbeat("c1", "s1"), T0 + 1_000);

            assertThat(ignoredWhy(refreshed, timedOut("c1", "s1", T0), T0 + TIMEOUT + 1_000))
                    .contains("refreshed or closed");
        }

        @Test
        void aTimeoutOfAnotherSessionAClosedOneOrOneAlreadyTimedOutIsIgnored() {
            UserStatus one = online("c1", "s1", T0);
            UserStatus closed = state(one, disconnect("c1", "s1"), T0 + 1);
            UserStatus out = state(one, timedOut("c1", "s1", T0), T0 + TIMEOUT);

            assertThat(ignoredWhy(one, timedOut("c1", "s2", T0), T0 + TIMEOUT)).contains("refreshed or closed");
            assertThat(ignoredWhy(closed, timedOut("c1", "s1", T0), T0 + TIMEOUT)).contains("refreshed or closed");
            assertThat(ignoredWhy(out, timedOut("c1", "s1", T0), T0 + TIMEOUT + 1)).contains("refreshed or closed");
            assertThat(ignoredWhy(one, timedOut("c2", "s1", T0), T0 + TIMEOUT)).contains("no longer logged in");
        }
    }

    @Nested
    class CustomStatus {

        @Test
        void settingACustomStatusWhileOnlineIsAVisibleChange() {
            StatusUpdate busy = applied(online("c1", "s1", T0), customStatus("in a meeting"), T0 + 1);

            assertThat(busy.state().getCustomStatus()).isEqualTo("in a meeting");
            assertThat(busy.state().getVersion()).isEqualTo(2);
            assertThat(busy.state().getStatusChangedAt()).isEqualTo(T0 + 1);
            assertThat(busy.transition()).contains(new Transition(Status.ONLINE, null, ChangeReason.CUSTOM_STATUS));
        }

        @Test
        void anEmptyCustomStatusClearsIt() {
            UserStatus busy = state(online("c1", "s1", T0), customStatus("busy"), T0 + 1);

            assertThat(state(busy, customStatus(""), T0 + 2).getCustomStatus()).isNull();
            assertThat(state(busy, customStatus(null), T0 + 2).getCustomStatus()).isNull();
        }

        @Test
        void theSameCustomStatusAgainIsIgnored() {
            UserStatus busy = state(online("c1", "s1", T0), customStatus("busy"), T0 + 1);

            assertThat(ignoredWhy(busy, customStatus("busy"), T0 + 2)).contains("unchanged");
            assertThat(ignoredWhy(online("c1", "s1", T0), customStatus(""), T0 + 2)).contains("unchanged");
        }

        @Test
        void aCustomStatusWhileNotOnlineIsRefusedButClearingItIsIgnored() {
            UserStatus offline = state(online("c1", "s1", T0), disconnect("c1", "s1"), T0 + 1);

            Outcome<StatusUpdate> refused = fold.apply(offline, customStatus("busy"), T0 + 2);
            assertThat(refused).isInstanceOf(Refused.class);
            assertThat(((Refused) refused).code()).isEqualTo(ErrorCode.NOT_ONLINE);
            assertThat(((Refused) refused).reason()).contains("u1 is OFFLINE");
            assertThat(apply(null, customStatus("busy"), T0)).isInstanceOf(Refused.class);
            assertThat(ignoredWhy(offline, customStatus(null), T0 + 2)).contains("already clear");
            assertThat(ignoredWhy(offline, customStatus(""), T0 + 2)).contains("already clear");
        }

        @Test
        void leavingOnlineClearsTheCustomStatusAndComingBackDoesNotRestoreIt() {
            UserStatus busy = state(online("c1", "s1", T0), customStatus("busy"), T0 + 1);
            UserStatus offline = state(busy, disconnect("c1", "s1"), T0 + 2);
            UserStatus back = state(offline, login("c1", "s2"), T0 + 3);

            assertThat(offline.getCustomStatus()).isNull();
            assertThat(back.getCustomStatus()).isNull();
        }
    }

    @Test
    void applyingNeverChangesTheStatusItWasGiven() {
        UserStatus two = state(online("c1", "s1", T0), login("c2", "s1"), T0 + 1);
        UserStatus copy = UserStatus.newBuilder(two).build();

        fold.apply(two, heartbeat("c1", "s1"), T0 + 2);
        fold.apply(two, disconnect("c2", "s1"), T0 + 3);
        fold.apply(two, timedOut("c1", "s1", T0), T0 + TIMEOUT);
        fold.apply(two, logout("c1"), T0 + 4);
        fold.apply(two, login("c3", "s1"), T0 + 5);

        assertThat(two).isEqualTo(copy);
    }

    @Test
    void theVersionGrowsByOneOnEachVisibleChangeOnly() {
        UserStatus v1 = online("c1", "s1", T0);
        UserStatus stillV1 = state(state(v1, heartbeat("c1", "s1"), T0 + 1), login("c2", "s1"), T0 + 2);
        UserStatus v2 = state(stillV1, customStatus("x"), T0 + 3);
        UserStatus v3 = state(v2, logout("c1"), T0 + 4);

        assertThat(List.of(v1.getVersion(), stillV1.getVersion(), v2.getVersion(), v3.getVersion()))
                .containsExactly(1L, 1L, 2L, 2L);
        assertThat(v3.getCustomStatus()).as("c2 still connected: still ONLINE with its custom status").isEqualTo("x");
    }
}

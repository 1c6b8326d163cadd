package dev.presence.streams.model;

import dev.presence.testkit.model.PresenceModel;
import dev.presence.testkit.model.Script;
import dev.presence.testkit.model.Step;

import dev.presence.testkit.model.PresenceModel.Client;
import dev.presence.testkit.model.PresenceModel.Decision;
import dev.presence.testkit.model.PresenceModel.Notice;
import dev.presence.testkit.model.PresenceModel.Reason;
import dev.presence.testkit.model.PresenceModel.SessionState;
import dev.presence.testkit.model.PresenceModel.Status;
import dev.presence.testkit.model.Step.Advance;
import dev.presence.testkit.model.Step.Disconnect;
import dev.presence.testkit.model.Step.Heartbeat;
import dev.presence.testkit.model.Step.Login;
import dev.presence.testkit.model.Step.SetCustomStatus;
import dev.presence.testkit.model.Step.TimedOut;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The model's reading of the timing and limit rules, stated by hand on small scripts, each also run
 * through the engine. Times are milliseconds since the start; sweeps are due at every whole second.
 */
@TopologyTest
class TimingAndLimitExamplesTest {

    private static final Login LOGIN = new Login("u1", "c1", "s1", "ANDROID");
    private static final Heartbeat HEARTBEAT = new Heartbeat("u1", "c1", "s1");

    @Test
    void aSessionTimesOutAtTheFirstSweepAtOrAfterItsDeadline() {
        PresenceModel model = check(LOGIN, new Advance(399_500), new Advance(400), new Advance(200));

        // 399.5 s: a sweep, deadline not reached; 399.9 s: no sweep due; 400.1 s: the sweep that decides.
        assertThat(model.notifications()).extracting(Notice::status, Notice::changedAt, Notice::reason)
                .containsExactly(
                        tuple(Status.ONLINE, 0L, Reason.LOGIN),
                        tuple(Status.OFFLINE, 400_100L, Reason.TIMEOUT));
        assertThat(model.decisions()).containsExactly(new Decision("u1", "c1", "s1", 0, 400_100));
    }

    @Test
    void aHeartbeatAfterTheDeadlineButBeforeTheNextSweepStillWins() {
        PresenceModel model = check(new Advance(500), LOGIN, new Advance(399_600), new Advance(500), HEARTBEAT,
                new Advance(1_000));

        // Deadline 400.5 s; sweeps at 400.1 s (too early) and next at 401.6 s (after the heartbeat at 400.6 s).
        assertThat(model.notifications()).singleElement().extracting(Notice::reason).isEqualTo(Reason.LOGIN);
        assertThat(model.view("u1").clients()).containsExactly(
                new Client("c1", "s1", "ANDROID", SessionState.CONNECTED, 400_600));
        assertThat(model.decisions()).isEmpty();
    }

    @Test
    void heartbeatsInTheSameMillisecondMoveTheDeadlineOnByOneMillisecondEach() {
        PresenceModel model = check(LOGIN, HEARTBEAT, HEARTBEAT, new Advance(400_000), new Advance(1_000));

        assertThat(model.decisions()).containsExactly(new Decision("u1", "c1", "s1", 2, 401_000));
        assertThat(model.view("u1").status()).isEqualTo(Status.OFFLINE);
    }

    @Test
    void aTimeoutDecidedOnAnOlderHeartbeatOrForAClosedSessionIsIgnored() {
        PresenceModel model = check(LOGIN, new Advance(1_000), HEARTBEAT, new TimedOut("u1", "c1", "s1", 0),
                new Login("u1", "c2", "s1", "WEB"), new Disconnect("u1", "c2", "s1"),
                new TimedOut("u1", "c2", "s1", 1_000));

        assertThat(model.view("u1").status()).isEqualTo(Status.ONLINE);
        assertThat(model.changes()).hasSize(1);
    }

    @Test
    void aTimeoutMatchingTheSessionButBeforeItsDeadlineIsIgnored() {
        // Only the engine's sweep decides timeouts, at or after the deadline; a producer cannot end a session early.
        PresenceModel model = check(LOGIN, new Advance(1_000), HEARTBEAT, new TimedOut("u1", "c1", "s1", 1_000));

        assertThat(model.notifications()).extracting(Notice::reason).containsExactly(Reason.LOGIN);
    }

    @Test
    void atTheLimitANewClientReplacesTheFirstLoggedInAmongEquallyOldOnes() {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            steps.add(new Login("u1", "c" + i, "s1", "WEB"));
        }
        steps.add(new Login("u1", "c17", "s1", "IOS"));
        PresenceModel model = check(steps.toArray(Step[]::new));

        assertThat(model.view("u1").clients()).extracting(Client::clientId).hasSize(16)
                .doesNotContain("c1").contains("c2", "c17");
    }

    @Test
    void customStatusIsMeasuredInUtf8BytesAndNeedsOnline() {
        String hundredBytes = "é".repeat(50);
        String hundredAndOneBytes = "😀".repeat(25) + "a";
        PresenceModel model = check(new SetCustomStatus("u1", "x"), new SetCustomStatus("u1", null), LOGIN,
                new SetCustomStatus("u1", hundredBytes), new SetCustomStatus("u1", hundredAndOneBytes),
                new SetCustomStatus("u1", hundredBytes), new Disconnect("u1", "c1", "s1"),
                new SetCustomStatus("u1", ""), new SetCustomStatus("u1", hundredAndOneBytes));

        assertThat(model.rejections()).containsExactly(PresenceModel.NOT_ONLINE,
                PresenceModel.CUSTOM_STATUS_TOO_LONG, PresenceModel.CUSTOM_STATUS_TOO_LONG);
        assertThat(model.notifications()).extracting(Notice::customStatus, Notice::reason).containsExactly(
                tuple(null, Reason.LOGIN),
                tuple(hundredBytes, Reason.CUSTOM_STATUS),
                tuple(null, Reason.DISCONNECT));
    }

    private static PresenceModel check(Step... steps) {
        return ModelCheck.engineAgreesWithTheModel(new Script(List.of(steps)));
    }
}

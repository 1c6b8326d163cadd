package dev.presence.streams.verdict;

import dev.presence.schema.Platform;
import dev.presence.schema.Status;
import dev.presence.schema.Subscription;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.friendAdded;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static dev.presence.testkit.Events.unsubscribe;
import static dev.presence.streams.testing.PresenceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict records: for every input record tagged with a request id, one verdict (applied with the
 * resulting state and version, ignored with the state as it stays, refused with the code of its
 * rejection), keyed by the request id; nothing for untagged records or hostile ids.
 */
@TopologyTest
class VerdictTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void anAppliedEventsVerdictCarriesTheResultingStatusAndItsVersion() {
        send("alice", login("alice", "phone", "s1", Platform.ANDROID), "r-login");
        send("alice", customStatus("alice", "in a meeting"), "r-custom");

        assertThat(engine.verdicts()).satisfiesExactly(
                login -> {
                    assertThat(login.getRequestId()).isEqualTo("r-login");
                    assertThat(login.getUserId()).isEqualTo("alice");
                    assertThat(login.getOutcome()).isEqualTo(VerdictOutcome.APPLIED);
                    assertThat(login.getStatus().getStatus()).isEqualTo(Status.ONLINE);
                    assertThat(login.getStatus().getVersion()).isEqualTo(1);
                    assertThat(login.getErrorCode()).isNull();
                    assertThat(login.getSourceTopic()).isEqualTo(Topics.EVENTS);
                },
                custom -> {
                    assertThat(custom.getRequestId()).isEqualTo("r-custom");
                    assertThat(custom.getOutcome()).isEqualTo(VerdictOutcome.APPLIED);
                    assertThat(custom.getStatus().getCustomStatus()).isEqualTo("in a meeting");
                    assertThat(custom.getStatus().getVersion()).isEqualTo(2);
                });
        assertThat(engine.stored("alice").getVersion()).isEqualTo(2);
    }

    @Test
    void aCustomStatusArrivingAfterTheUserLeftOnlineIsRefusedWithTheCodeOfItsRejection() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", logout("alice", "phone"));

        send("alice", customStatus("alice", "too late"), "r-late");

        Verdict refused = single();
        assertThat(refused.getOutcome()).isEqualTo(VerdictOutcome.REFUSED);
        assertThat(refused.getErrorCode()).isEqualTo(ErrorCode.NOT_ONLINE.code());
        assertThat(refused.getReason()).isNotBlank();
        assertThat(refused.getStatus()).isNull();
        assertThat(engine.rejected()).extracting(r -> r.getErrorCode()).containsExactly(ErrorCode.NOT_ONLINE.code());
    }

    @Test
    void aRecordTheDecoderRefusesGetsARefusedVerdictNamingItsKey() {
        engine.sendRaw(utf8("alice"), utf8("{not json"), tagged("r-garbage"));
        engine.sendRaw(utf8("alice"), utf8(login("bob", "phone", "s1", Platform.WEB)), tagged("r-key"));

        assertThat(engine.verdicts()).extracting(Verdict::getRequestId, Verdict::getOutcome, Verdict::getErrorCode, Verdict::getUserId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r-garbage", VerdictOutcome.REFUSED, ErrorCode.MALFORMED_JSON.code(), "alice"),
                        org.assertj.core.groups.Tuple.tuple("r-key", VerdictOutcome.REFUSED, ErrorCode.KEY_MISMATCH.code(), "alice"));
    }

    @Test
    void anEventThatChangesNothingIsIgnoredWithTheStatusAsItStays() {
        send("carol", heartbeat("carol", "phone", "s1"), "r-unseen");
        send("alice", login("alice", "phone", "s1", Platform.ANDROID), "r-login");
        send("alice", disconnect("alice", "phone", "s1"), "r-disconnect");
        send("alice", disconnect("alice", "phone", "s1"), "r-again");

        assertThat(engine.verdicts()).satisfiesExactly(
                unseen -> {
                    assertThat(unseen.getOutcome()).isEqualTo(VerdictOutcome.IGNORED);
                    assertThat(unseen.getStatus().getStatus()).isEqualTo(Status.UNLOGINED);
                    assertThat(unseen.getStatus().getVersion()).isZero();
                    assertThat(unseen.getReason()).contains("not logged in");
                },
                login -> assertThat(login.getOutcome()).isEqualTo(VerdictOutcome.APPLIED),
                disconnect -> {
                    assertThat(disconnect.getOutcome()).isEqualTo(VerdictOutcome.APPLIED);
                    assertThat(disconnect.getStatus().getStatus()).isEqualTo(Status.OFFLINE);
                },
                again -> {
                    assertThat(again.getOutcome()).isEqualTo(VerdictOutcome.IGNORED);
                    assertThat(again.getStatus().getStatus()).isEqualTo(Status.OFFLINE);
                    assertThat(again.getStatus().getVersion()).isEqualTo(2);
                });
    }

    @Test
    void aDuplicateOfAnAppliedRecordUnderTheSameRequestIdIsJudgedAgainAndIgnored() {
        send("alice", login("alice", "phone", "s1", Platform.ANDROID), "r-1");
        send("alice", disconnect("alice", "phone", "s1"), "r-2");
        send("alice", disconnect("alice", "phone", "s1"), "r-2");

        assertThat(engine.verdicts()).extracting(Verdict::getRequestId, Verdict::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r-1", VerdictOutcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("r-2", VerdictOutcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("r-2", VerdictOutcome.IGNORED));
        assertThat(engine.stored("alice").getVersion()).as("the duplicate changed nothing").isEqualTo(2);
    }

    @Test
    void untaggedRecordsAndTheEnginesOwnDecisionsWriteNoVerdict() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", "{not json");
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.advance(Duration.ofSeconds(401)); // the timeout the engine decides and writes back to the log

        assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.OFFLINE);
        assertThat(engine.verdicts()).isEmpty();
    }

    @Test
    void aHostileRequestIdIsIgnoredAndTheRecordProcessedAsUsual() {
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        byte[][] hostile = {
                new byte[0],
                "a".repeat(RequestIds.MAX_LENGTH + 1).getBytes(StandardCharsets.US_ASCII),
                huge,
                "r\n1".getBytes(StandardCharsets.US_ASCII),
                "r 1".getBytes(StandardCharsets.US_ASCII),
                "r\u00e91".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xff, (byte) 0xfe},
                null,
        };
        for (int i = 0; i < hostile.length; i++) {
            Headers headers = new RecordHeaders().add(RequestIds.HEADER, hostile[i]);
            engine.sendRaw(utf8("u" + i), utf8(login("u" + i, "phone", "s1", Platform.WEB)), headers);
            assertThat(engine.stored("u" + i).getStatus()).as("record %d applied", i).isEqualTo(Status.ONLINE);
        }
        assertThat(engine.verdicts()).isEmpty();

        String longest = "A-z.0_9:".repeat(8);
        send("ok", login("ok", "phone", "s1", Platform.WEB), longest);
        assertThat(single().getRequestId()).isEqualTo(longest);
    }

    @Test
    void ofSeveralRequestIdHeadersTheLastOneCounts() {
        Headers headers = new RecordHeaders().add(RequestIds.HEADER, utf8("first")).add(RequestIds.HEADER, utf8("last"));
        engine.sendRaw(utf8("alice"), utf8(login("alice", "phone", "s1", Platform.WEB)), headers);

        assertThat(single().getRequestId()).isEqualTo("last");
    }

    @Test
    void subscriptionCommandsGetTheResultingListOrTheirRefusal() {
        engine.sendSubscription("bob", subscribe("bob", "alice", "carol"), tagged("s-1"));
        engine.sendSubscription("bob", unsubscribe("bob", "dave"), tagged("s-2"));
        engine.sendSubscription("bob", subscribe("bob", "bob"), tagged("s-3"));
        engine.setLive("statusQueryAndNotify", "false");
        engine.sendSubscription("bob", subscribe("bob", "erin"), tagged("s-4"));

        assertThat(engine.verdicts()).satisfiesExactly(
                applied -> {
                    assertThat(applied.getOutcome()).isEqualTo(VerdictOutcome.APPLIED);
                    assertThat(applied.getUserId()).isEqualTo("bob");
                    assertThat(applied.getSubscriptions().getSubscriptions()).extracting(Subscription::getTarget)
                            .containsExactly("alice", "carol");
                    assertThat(applied.getSourceTopic()).isEqualTo(Topics.SUBSCRIPTIONS);
                },
                ignored -> {
                    assertThat(ignored.getOutcome()).isEqualTo(VerdictOutcome.IGNORED);
                    assertThat(ignored.getSubscriptions().getSubscriptions()).hasSize(2);
                },
                self -> {
                    assertThat(self.getOutcome()).isEqualTo(VerdictOutcome.REFUSED);
                    assertThat(self.getErrorCode()).isEqualTo(ErrorCode.SELF_SUBSCRIPTION.code());
                },
                switchedOff -> {
                    assertThat(switchedOff.getOutcome()).isEqualTo(VerdictOutcome.REFUSED);
                    assertThat(switchedOff.getErrorCode()).isEqualTo(ErrorCode.FEATURE_DISABLED.code());
                });
    }

    @Test
    void aRefusedFriendshipRecordThatAskedForAVerdictGetsOne() {
        engine.sendFriendship("alice", friendAdded("alice", "bob"), tagged("f-fine"));
        engine.sendFriendship("alice", "[]", tagged("f-garbage"));

        // Friendships have no verdict of their own (they are followed, never refused by a rule); a refusal is told.
        assertThat(engine.verdicts()).extracting(Verdict::getRequestId, Verdict::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f-garbage", VerdictOutcome.REFUSED));
    }

    private void send(String userId, String json, String requestId) {
        engine.sendRaw(utf8(userId), utf8(json), tagged(requestId));
    }

    private Verdict single() {
        var verdicts = engine.verdicts();
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    private static Headers tagged(String requestId) {
        return new RecordHeaders().add(RequestIds.HEADER, requestId.getBytes(StandardCharsets.US_ASCII));
    }
}

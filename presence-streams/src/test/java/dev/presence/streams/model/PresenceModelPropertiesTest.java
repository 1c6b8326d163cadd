package dev.presence.streams.model;

import dev.presence.testkit.model.Script;
import dev.presence.testkit.model.Scripts;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import dev.presence.testkit.model.Scripts.Extras;
import dev.presence.testkit.property.Gen;
import dev.presence.testkit.property.PropertyRunner;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.Test;

import static dev.presence.streams.model.ModelCheck.sameList;
import static dev.presence.streams.model.ModelCheck.sameMaps;
import static dev.presence.streams.model.ModelCheck.withoutSweepTies;

import java.util.List;

/**
 * The whole topology held to the reference model on generated scripts, plus two properties the
 * event-sourced design promises: the input format does not matter, and a replay of the log into a
 * fresh application id rebuilds the same outputs.
 * <p>
 * Each property runs on many generated scripts (see {@link PropertyRunner}): a failure is reported
 * with its seed and the script shrunk to the steps it needs; {@code -Dpresence.property.seed=<seed>}
 * runs that one script again. Named {@code ...Test} so that surefire's default includes run it.
 */
@TopologyTest
class PresenceModelPropertiesTest {

    /** Status scripts and relation scripts whose switches are set once, at the start, as a replay reads them. */
    private static Gen<Script> replayableScripts() {
        return Gen.oneOf(Scripts.scripts(), Scripts.relationScripts(Extras.SWITCHES_AT_START));
    }

    private static Gen<Script> relationOrStatusScripts() {
        return Gen.oneOf(Scripts.scripts(), Scripts.relationScripts());
    }

    private static PropertyRunner<Script> forAll(Gen<Script> scripts, int tries) {
        return PropertyRunner.forAll(scripts).tries(tries).shrinkWith(Scripts.shrinker());
    }

    @Test
    void theEngineFoldsEventsExactlyAsTheReferenceModel() {
        forAll(Scripts.scripts(), 200).check(ModelCheck::engineAgreesWithTheModel);
    }

    /**
     * Subscriptions, friendships, switch flips and the subscription expiry among status events: the
     * subscription lists in order, snapshots and fan-out per recipient, refusals and expiry decisions.
     */
    @Test
    void theEngineKeepsRelationsAndNotifiesExactlyAsTheReferenceModel() {
        forAll(Scripts.relationScripts(), 150).check(ModelCheck::engineAgreesWithTheModel);
    }

    /**
     * SUBSCRIPTIONS_EXPIRED records that did not come from this run's sweep: stale ones (a later
     * not-ONLINE period overtook them) and early ones (naming the current period before it has lasted
     * the expiry time). Only a decision that still holds may cancel subscriptions.
     */
    @Test
    void anExpiryFromTheLogAppliesOnlyWhenItsDecisionStillHolds() {
        forAll(Scripts.relationScripts(Extras.RACED_EXPIRIES), 60).check(ModelCheck::engineAgreesWithTheModel);
    }

    @Test
    void avroAndJsonInputGiveTheSameOutputs() {
        forAll(relationOrStatusScripts(), 60).check(PresenceModelPropertiesTest::avroAndJsonAgree);
    }

    private static void avroAndJsonAgree(Script script) {
        Outcome json = EngineRun.run(script, Input.JSON, "presence-json");
        Outcome avro = EngineRun.run(script, Input.AVRO, "presence-avro");

        sameMaps("store", json.stored(), avro.stored());
        sameMaps("subscriptions", json.subscriptions(), avro.subscriptions());
        sameList("presence.status", json.statusTopic(), avro.statusTopic());
        sameList("presence.status-changes", json.changes(), avro.changes());
        sameList("presence.notifications", json.notifications(), avro.notifications());
        sameList("presence.rejected", EngineRun.rejectionSummaries(json.rejected()),
                EngineRun.rejectionSummaries(avro.rejected()));
        sameList("SESSION_TIMED_OUT decisions", EngineRun.decisions(json.engineWritten()),
                EngineRun.decisions(avro.engineWritten()));
        sameList("SUBSCRIPTIONS_EXPIRED decisions", EngineRun.expiryDecisions(json.engineWrittenSubscriptions()),
                EngineRun.expiryDecisions(avro.engineWrittenSubscriptions()));
    }

    /**
     * The first run's log of presence.events, presence.subscriptions and presence.friendships holds the
     * script's records and, where the wall-clock sweep fired, the engine's own SESSION_TIMED_OUT and
     * SUBSCRIPTIONS_EXPIRED records, each at the place and with the timestamp the driver gave it. The
     * second application reads that log with its wall clock held at the start, so its punctuators never
     * fire and the log alone decides every timeout and expiry.
     * <p>
     * presence.config is not part of that log: it feeds a global store that a fresh application reads
     * whole before anything else, not by position. So these scripts set the switches only at the start
     * (a flip in the middle would be replayed as if it had always been so), and the replay sets them first.
     */
    @Test
    void replayingTheInputLogIntoAFreshApplicationRebuildsTheSameOutputs() {
        forAll(replayableScripts(), 60).check(PresenceModelPropertiesTest::aReplayRebuildsTheOutputs);
    }

    private static void aReplayRebuildsTheOutputs(Script script) {
        Outcome original = EngineRun.run(script, Input.JSON, "presence-original");
        Outcome replayed = EngineRun.replay(original.inputLog(), script, "presence-replay");

        sameMaps("store", original.stored(), replayed.stored());
        sameMaps("subscriptions", original.subscriptions(), replayed.subscriptions());
        sameList("presence.status", original.statusTopic(), replayed.statusTopic());
        sameList("presence.status-changes", original.changes(), replayed.changes());
        var expiries = EngineRun.expiryDecisions(original.engineWrittenSubscriptions());
        sameList("presence.notifications",
                withoutSweepTies(EngineRun.notices(original.notifications()), expiries),
                withoutSweepTies(EngineRun.notices(replayed.notifications()), expiries));
        sameList("presence.rejected", EngineRun.rejectionSummaries(original.rejected()),
                EngineRun.rejectionSummaries(replayed.rejected()));
        sameList("events the replaying engine wrote itself", List.of(), replayed.engineWritten());
        sameList("subscription commands the replaying engine wrote itself", List.of(),
                replayed.engineWrittenSubscriptions());
    }
}

package dev.presence.streams.model;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import dev.presence.streams.model.Scripts.Extras;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.presence.streams.model.ModelCheck.sameList;
import static dev.presence.streams.model.ModelCheck.sameMaps;
import static dev.presence.streams.model.ModelCheck.withoutSweepTies;

import java.util.List;

/**
 * The whole topology held to the reference model on generated scripts, plus two properties the
 * event-sourced design promises: the input format does not matter, and a replay of the log into a
 * fresh application id rebuilds the same outputs.
 * <p>
 * Named {@code ...Test} so that surefire's default includes run it with the rest of the build.
 */
class PresenceModelPropertiesTest {

    @Provide
    Arbitrary<Script> scripts() {
        return Scripts.scripts();
    }

    @Provide
    Arbitrary<Script> relationScripts() {
        return Scripts.relationScripts();
    }

    /** Status scripts and relation scripts whose switches are set once, at the start, as a replay reads them. */
    @Provide
    Arbitrary<Script> replayableScripts() {
        return Arbitraries.oneOf(Scripts.scripts(), Scripts.relationScripts(Extras.SWITCHES_AT_START));
    }

    @Provide
    Arbitrary<Script> racedExpiryScripts() {
        return Scripts.relationScripts(Extras.RACED_EXPIRIES);
    }

    @Property(tries = 200)
    void theEngineFoldsEventsExactlyAsTheReferenceModel(@ForAll("scripts") Script script) {
        ModelCheck.engineAgreesWithTheModel(script);
    }

    /**
     * Subscriptions, friendships, switch flips and the subscription expiry among status events: the
     * subscription lists in order, snapshots and fan-out per recipient, refusals and expiry decisions.
     */
    @Property(tries = 150)
    void theEngineKeepsRelationsAndNotifiesExactlyAsTheReferenceModel(@ForAll("relationScripts") Script script) {
        ModelCheck.engineAgreesWithTheModel(script);
    }

    /**
     * SUBSCRIPTIONS_EXPIRED records that did not come from this run's sweep: stale ones (a later
     * not-ONLINE period overtook them) and early ones (naming the current period before it has lasted
     * the expiry time). Only a decision that still holds may cancel subscriptions.
     */
    @Property(tries = 60)
    void anExpiryFromTheLogAppliesOnlyWhenItsDecisionStillHolds(@ForAll("racedExpiryScripts") Script script) {
        ModelCheck.engineAgreesWithTheModel(script);
    }

    @Property(tries = 60)
    void avroAndJsonInputGiveTheSameOutputs(@ForAll("relationOrStatusScripts") Script script) {
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

    @Provide
    Arbitrary<Script> relationOrStatusScripts() {
        return Arbitraries.oneOf(Scripts.scripts(), Scripts.relationScripts());
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
    @Property(tries = 60)
    void replayingTheInputLogIntoAFreshApplicationRebuildsTheSameOutputs(@ForAll("replayableScripts") Script script) {
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

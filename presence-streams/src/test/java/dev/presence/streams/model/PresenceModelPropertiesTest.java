package dev.presence.streams.model;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.presence.streams.model.ModelCheck.sameList;
import static dev.presence.streams.model.ModelCheck.sameMaps;

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

    @Property(tries = 200)
    void theEngineFoldsEventsExactlyAsTheReferenceModel(@ForAll("scripts") Script script) {
        ModelCheck.engineAgreesWithTheModel(script);
    }

    @Property(tries = 60)
    void avroAndJsonInputGiveTheSameOutputs(@ForAll("scripts") Script script) {
        Outcome json = EngineRun.run(script, Input.JSON, "presence-json");
        Outcome avro = EngineRun.run(script, Input.AVRO, "presence-avro");

        sameMaps("store", json.stored(), avro.stored());
        sameList("presence.status", json.statusTopic(), avro.statusTopic());
        sameList("presence.status-changes", json.changes(), avro.changes());
        sameList("presence.notifications", json.notifications(), avro.notifications());
        sameList("presence.rejected", EngineRun.rejectionSummaries(json.rejected()),
                EngineRun.rejectionSummaries(avro.rejected()));
        sameList("SESSION_TIMED_OUT decisions", EngineRun.decisions(json.engineWritten()),
                EngineRun.decisions(avro.engineWritten()));
    }

    /**
     * The first run's presence.events log holds the script's records and, where the wall-clock sweep
     * fired, the engine's own SESSION_TIMED_OUT records, each at the place and with the timestamp the
     * driver gave it. The second application reads that log with its wall clock held at the start, so
     * its punctuator never fires and the log alone decides every timeout.
     */
    @Property(tries = 60)
    void replayingTheEventLogIntoAFreshApplicationRebuildsTheSameOutputs(@ForAll("scripts") Script script) {
        Outcome original = EngineRun.run(script, Input.JSON, "presence-original");
        Outcome replayed = EngineRun.replay(original.eventLog(), script.users(), "presence-replay");

        sameMaps("store", original.stored(), replayed.stored());
        sameList("presence.status", original.statusTopic(), replayed.statusTopic());
        sameList("presence.status-changes", original.changes(), replayed.changes());
        sameList("presence.notifications", original.notifications(), replayed.notifications());
        sameList("presence.rejected", EngineRun.rejectionSummaries(original.rejected()),
                EngineRun.rejectionSummaries(replayed.rejected()));
        sameList("events the replaying engine wrote itself", List.of(), replayed.engineWritten());
    }
}

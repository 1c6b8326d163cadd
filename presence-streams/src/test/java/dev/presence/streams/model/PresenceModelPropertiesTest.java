package dev.presence.streams.model;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import dev.presence.streams.model.PresenceModel.UserView;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
        PresenceModel model = script.runModel(PresenceModel.Limits.spec());
        Outcome engine = EngineRun.run(script, Input.JSON, "presence-model");

        Map<String, UserView> expected = new LinkedHashMap<>();
        script.users().forEach(user -> expected.put(user, model.view(user)));
        sameMaps("final status per user (store)", expected, EngineRun.views(engine));
        sameLists("notifications per recipient", EngineRun.noticesByRecipientOf(model.notifications()),
                EngineRun.noticesByRecipient(engine.notifications()));
        sameLists("presence.status-changes per user", EngineRun.changesByUserOf(model.changes()),
                EngineRun.changesByUser(engine.changes()));
        sameList("presence.rejected error codes", model.rejections(), EngineRun.rejectionCodes(engine.rejected()));
        sameList("SESSION_TIMED_OUT decisions written to presence.events",
                model.decisions().stream().sorted(EngineRun.DECISION_ORDER).toList(),
                EngineRun.decisions(engine.engineWritten()));
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

    // ---- comparisons that say where two runs part ways ------------------------------------------

    private static <K, V> void sameMaps(String what, Map<K, V> expected, Map<K, V> actual) {
        Set<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                throw new AssertionError(String.format("%s differs for %s:%n  expected: %s%n  actual:   %s",
                        what, key, expected.get(key), actual.get(key)));
            }
        }
    }

    private static <K, T> void sameLists(String what, Map<K, List<T>> expected, Map<K, List<T>> actual) {
        Set<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            sameList(what + " [" + key + "]", expected.getOrDefault(key, List.of()), actual.getOrDefault(key, List.of()));
        }
    }

    private static <T> void sameList(String what, List<T> expected, List<T> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                throw new AssertionError(String.format("%s: first difference at #%d of %d expected / %d actual:%n"
                                + "  expected: %s%n  actual:   %s%n  all expected: %s%n  all actual:   %s",
                        what, i + 1, expected.size(), actual.size(), expected.get(i), actual.get(i), expected, actual));
            }
        }
        if (expected.size() != actual.size()) {
            throw new AssertionError(String.format("%s: %d expected, %d actual; the first %d agree.%n"
                            + "  missing or extra: %s",
                    what, expected.size(), actual.size(), common,
                    expected.size() > actual.size() ? expected.subList(common, expected.size())
                            : actual.subList(common, actual.size())));
        }
    }
}

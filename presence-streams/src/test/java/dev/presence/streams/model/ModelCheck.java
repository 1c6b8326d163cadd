package dev.presence.streams.model;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import dev.presence.streams.model.PresenceModel.UserView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Runs a script through the model and the engine and says where they part ways, if they do. */
final class ModelCheck {

    private ModelCheck() {
    }

    /**
     * Holds the engine to the model on {@code script}: final store per user, the ordered notifications
     * per recipient, the status changes per user, the rejections and the timeout decisions it wrote.
     *
     * @return the model, for a test that wants to state the expected outcome as well
     */
    static PresenceModel engineAgreesWithTheModel(Script script) {
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
        return model;
    }

    // ---- comparisons that say where two runs part ways ------------------------------------------

    static <K, V> void sameMaps(String what, Map<K, V> expected, Map<K, V> actual) {
        Set<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                throw new AssertionError(String.format("%s differs for %s:%n  expected: %s%n  actual:   %s",
                        what, key, expected.get(key), actual.get(key)));
            }
        }
    }

    static <K, T> void sameLists(String what, Map<K, List<T>> expected, Map<K, List<T>> actual) {
        Set<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            sameList(what + " [" + key + "]", expected.getOrDefault(key, List.of()), actual.getOrDefault(key, List.of()));
        }
    }

    static <T> void sameList(String what, List<T> expected, List<T> actual) {
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

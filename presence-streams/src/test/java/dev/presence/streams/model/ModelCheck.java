package dev.presence.streams.model;

import dev.presence.testkit.model.PresenceModel;
import dev.presence.testkit.model.Script;
import dev.presence.testkit.model.Step;

import dev.presence.streams.model.EngineRun.Input;
import dev.presence.streams.model.EngineRun.Outcome;
import dev.presence.testkit.model.PresenceModel.ExpiryDecision;
import dev.presence.testkit.model.PresenceModel.Notice;
import dev.presence.testkit.model.PresenceModel.Reason;
import dev.presence.testkit.model.PresenceModel.UserView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Runs a script through the model and the engine and says where they part ways, if they do. */
final class ModelCheck {

    private ModelCheck() {
    }

    /**
     * Holds the engine to the model on {@code script}: final status and subscription list per user, the
     * occupancy counts,
     * ordered notifications each recipient got about each user, the status changes per user, the
     * rejections, and the timeout and expiry decisions it wrote.
     *
     * @return the model, for a test that wants to state the expected outcome as well
     */
    static PresenceModel engineAgreesWithTheModel(Script script) {
        PresenceModel model = script.runModel();
        Outcome engine = EngineRun.run(script, Input.JSON, "presence-model");

        Map<String, UserView> expected = new LinkedHashMap<>();
        Map<String, List<String>> expectedSubscriptions = new TreeMap<>();
        script.users().forEach(user -> {
            expected.put(user, model.view(user));
            expectedSubscriptions.put(user, model.subscriptionsOf(user));
        });
        sameMaps("final status per user (store)", expected, EngineRun.views(engine));
        Map<String, UserView> expectedPublic = new LinkedHashMap<>();
        Map<String, PresenceModel.Private> expectedPrivate = new LinkedHashMap<>();
        script.users().forEach(user -> {
            expectedPublic.put(user, model.publicView(user));
            expectedPrivate.put(user, model.privateOf(user));
        });
        sameMaps("status per user as others see it", expectedPublic, EngineRun.publicViews(engine));
        sameMaps("visibility and custom status expiry per user (store)", expectedPrivate, EngineRun.privates(engine));
        sameMaps("subscriptions per subscriber, oldest first (store)", expectedSubscriptions, engine.subscriptions());
        sameMaps("occupancy: users seen per general status", model.occupancy(), EngineRun.occupancy(engine));
        List<ExpiryDecision> expiries = model.expiryDecisions();
        sameLists("notifications per recipient about each user",
                byRecipientAndSubject(withoutSweepTies(model.notifications(), expiries)),
                byRecipientAndSubject(withoutSweepTies(EngineRun.notices(engine.notifications()), expiries)));
        sameLists("presence.status-changes per user", EngineRun.changesByUserOf(model.changes()),
                EngineRun.changesByUser(engine.changes()));
        sameList("presence.rejected error codes", model.rejections(), EngineRun.rejectionCodes(engine.rejected()));
        sameList("SESSION_TIMED_OUT decisions written to presence.events",
                model.decisions().stream().sorted(EngineRun.DECISION_ORDER).toList(),
                EngineRun.decisions(engine.engineWritten()));
        sameList("CUSTOM_STATUS_EXPIRED decisions written to presence.events",
                model.customStatusDecisions().stream()
                        .sorted(java.util.Comparator.comparingLong(PresenceModel.CustomStatusDecision::decidedAt)
                                .thenComparing(PresenceModel.CustomStatusDecision::userId)).toList(),
                EngineRun.customStatusDecisions(engine.engineWritten()).stream()
                        .sorted(java.util.Comparator.comparingLong(PresenceModel.CustomStatusDecision::decidedAt)
                                .thenComparing(PresenceModel.CustomStatusDecision::userId)).toList());
        // Distinct: a sweep after a long pause may meet several stale index entries of one subscriber and
        // write the same decision twice; the second is ignored when applied (reported, not a spec rule).
        sameList("SUBSCRIPTIONS_EXPIRED decisions written to presence.subscriptions",
                expiries.stream().sorted(EngineRun.EXPIRY_ORDER).toList(),
                EngineRun.expiryDecisions(engine.engineWrittenSubscriptions()).stream().distinct().toList());
        return model;
    }

    /**
     * Notices keyed by "recipient <- user": the spec orders what one recipient hears of one user (by
     * version), not what it hears of different users changed at the same moment, such as two sessions
     * timed out by one sweep.
     */
    static Map<String, List<Notice>> byRecipientAndSubject(List<Notice> notices) {
        Map<String, List<Notice>> grouped = new TreeMap<>();
        notices.forEach(n -> grouped.computeIfAbsent(n.recipient() + " <- " + n.userId(), k -> new ArrayList<>()).add(n));
        return grouped;
    }

    /**
     * Drops the notices whose sending the spec leaves open: one sweep that times out a session of a user
     * (or expires its custom status)
     * and expires the subscriptions of one of its subscribers decides both at the same moment, so whether
     * that subscriber still hears of the timeout depends on the order the two decisions are applied in,
     * which is not specified (it is the order the engine's two punctuators' records are processed in).
     */
    static List<Notice> withoutSweepTies(List<Notice> notices, Collection<ExpiryDecision> expiries) {
        Set<String> expiredAt = new TreeSet<>();
        expiries.forEach(e -> expiredAt.add(e.subscriber() + "@" + e.decidedAt()));
        return notices.stream()
                .filter(n -> n.reason() != Reason.TIMEOUT && n.reason() != Reason.CUSTOM_STATUS_EXPIRED
                        || n.recipient().equals(n.userId())
                        || !expiredAt.contains(n.recipient() + "@" + n.changedAt()))
                .toList();
    }

    // ---- comparisons that say where two runs part ways ------------------------------------------

    static <K, V> void sameMaps(String what, Map<K, V> expected, Map<K, V> actual) {
        Set<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                throw new AssertionError(String.format("%s differs for %s:%n  expected: %s%n  actual:   %s",
                        what, key, show(expected.get(key)), show(actual.get(key))));
            }
        }
    }

    /** A value in a failure message; lists of ids with runs of numbered names shortened ("t3..t200"). */
    private static String show(Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return Step.Targets.show(list.stream().map(String.class::cast).toList());
        }
        return String.valueOf(value);
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

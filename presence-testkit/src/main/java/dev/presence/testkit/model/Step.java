package dev.presence.testkit.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a generated script: an input record at the current time (presence.events,
 * presence.subscriptions, presence.friendships or presence.config), or a move of the clock.
 * Plain values (platforms are enum names), so that the model needs neither Avro nor Kafka; the
 * printed form is what a failing property shows after shrinking.
 */
public sealed interface Step {

    /** Applies the step to the reference model. */
    void applyTo(PresenceModel model);

    record Login(String userId, String clientId, String sessionId, String platform) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.login(userId, clientId, sessionId, platform);
        }

        @Override
        public String toString() {
            return "LOGIN " + userId + " " + clientId + " " + sessionId + " " + platform;
        }
    }

    record Heartbeat(String userId, String clientId, String sessionId) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.heartbeat(userId, clientId, sessionId);
        }

        @Override
        public String toString() {
            return "HEARTBEAT " + userId + " " + clientId + " " + sessionId;
        }
    }

    record Logout(String userId, String clientId) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.logout(userId, clientId);
        }

        @Override
        public String toString() {
            return "LOGOUT " + userId + " " + clientId;
        }
    }

    record Disconnect(String userId, String clientId, String sessionId) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.disconnect(userId, clientId, sessionId);
        }

        @Override
        public String toString() {
            return "DISCONNECT " + userId + " " + clientId + " " + sessionId;
        }
    }

    record SetCustomStatus(String userId, String customStatus) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.setCustomStatus(userId, customStatus);
        }

        @Override
        public String toString() {
            if (customStatus == null) {
                return "SET_CUSTOM_STATUS " + userId + " null";
            }
            return "SET_CUSTOM_STATUS " + userId + " \"" + customStatus + "\" ("
                    + customStatus.getBytes(StandardCharsets.UTF_8).length + " bytes)";
        }
    }

    /** SET_CUSTOM_STATUS with ttlSeconds: cleared by the engine that long after the record's time. */
    record SetCustomStatusFor(String userId, String customStatus, long ttlSeconds) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.setCustomStatus(userId, customStatus, ttlSeconds);
        }

        @Override
        public String toString() {
            return "SET_CUSTOM_STATUS " + userId + " " + (customStatus == null ? "null" : "\"" + customStatus + "\"")
                    + " ttl " + ttlSeconds + "s";
        }
    }

    record SetVisibility(String userId, boolean invisible) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.setVisibility(userId, invisible);
        }

        @Override
        public String toString() {
            return "SET_VISIBILITY " + userId + " " + (invisible ? "INVISIBLE" : "VISIBLE");
        }
    }

    /** A CUSTOM_STATUS_EXPIRED written by someone else than this run's sweep: a late or early copy of a decision. */
    record CustomStatusExpired(String userId, long expiresAt) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.customStatusExpired(userId, expiresAt);
        }

        @Override
        public String toString() {
            return "CUSTOM_STATUS_EXPIRED " + userId + " @" + expiresAt;
        }
    }

    /** A SESSION_TIMED_OUT written by someone else than this run's sweep: a decision that raced other events. */
    record TimedOut(String userId, String clientId, String sessionId, long lastHeartbeatAt) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.timedOut(userId, clientId, sessionId, lastHeartbeatAt);
        }

        @Override
        public String toString() {
            return "SESSION_TIMED_OUT " + userId + " " + clientId + " " + sessionId + " hb@" + lastHeartbeatAt;
        }
    }

    /** Moves record time and wall-clock time together; the harness fires the timeout sweep if one is due. */
    record Advance(long millis) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.advance(millis);
        }

        @Override
        public String toString() {
            return String.format("ADVANCE +%d.%03ds", millis / 1000, millis % 1000);
        }
    }

    // ---- presence.subscriptions ----------------------------------------------------------------

    record Subscribe(String subscriber, List<String> targets) implements Step {
        public Subscribe {
            targets = List.copyOf(targets);
        }

        @Override
        public void applyTo(PresenceModel model) {
            model.subscribe(subscriber, targets);
        }

        @Override
        public String toString() {
            return "SUBSCRIBE " + subscriber + " " + Targets.show(targets);
        }
    }

    /** UNSUBSCRIBE with targets; with none it clears all. */
    record Unsubscribe(String subscriber, List<String> targets) implements Step {
        public Unsubscribe {
            targets = List.copyOf(targets);
        }

        @Override
        public void applyTo(PresenceModel model) {
            model.unsubscribe(subscriber, targets);
        }

        @Override
        public String toString() {
            return "UNSUBSCRIBE " + subscriber + " " + Targets.show(targets);
        }
    }

    record UnsubscribeAll(String subscriber) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.unsubscribeAll(subscriber);
        }

        @Override
        public String toString() {
            return "UNSUBSCRIBE_ALL " + subscriber;
        }
    }

    /** A SUBSCRIPTIONS_EXPIRED written by someone else than this run's sweep: a decision that raced other events. */
    record SubscriptionsExpired(String subscriber, long notOnlineSince) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.subscriptionsExpired(subscriber, notOnlineSince);
        }

        @Override
        public String toString() {
            return "SUBSCRIPTIONS_EXPIRED " + subscriber + " notOnlineSince@" + notOnlineSince;
        }
    }

    // ---- presence.friendships and presence.config ----------------------------------------------

    record FriendAdded(String userId, String friendId) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.friendAdded(userId, friendId);
        }

        @Override
        public String toString() {
            return "FRIEND_ADDED " + userId + " " + friendId;
        }
    }

    record FriendRemoved(String userId, String friendId) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.friendRemoved(userId, friendId);
        }

        @Override
        public String toString() {
            return "FRIEND_REMOVED " + userId + " " + friendId;
        }
    }

    /** A live switch written to presence.config: "true", "false", or null (a tombstone: back to the start-up value). */
    record SetLive(String key, String value) implements Step {
        @Override
        public void applyTo(PresenceModel model) {
            model.setLive(key, value);
        }

        @Override
        public String toString() {
            return "CONFIG " + key + "=" + value;
        }
    }

    /** Target lists in print: runs of numbered names ("t7".."t106") shortened, so that a hundred targets fit a line. */
    final class Targets {

        private static final Pattern NUMBERED = Pattern.compile("([a-z]+)(\\d+)");

        private Targets() {
        }

        public static String show(List<String> targets) {
            List<String> parts = new ArrayList<>();
            int i = 0;
            while (i < targets.size()) {
                int end = i;
                while (end + 1 < targets.size() && follows(targets.get(end), targets.get(end + 1))) {
                    end++;
                }
                parts.add(end - i >= 2 ? targets.get(i) + ".." + targets.get(end)
                        : String.join(", ", targets.subList(i, end + 1)));
                i = end + 1;
            }
            long distinct = targets.stream().distinct().count();
            String counts = targets.size() > 3 ? " (" + targets.size() + " targets, " + distinct + " distinct)" : "";
            return "[" + String.join(", ", parts) + "]" + counts;
        }

        private static boolean follows(String previous, String next) {
            Matcher a = NUMBERED.matcher(previous);
            Matcher b = NUMBERED.matcher(next);
            return a.matches() && b.matches() && a.group(1).equals(b.group(1))
                    && Long.parseLong(b.group(2)) == Long.parseLong(a.group(2)) + 1;
        }
    }
}

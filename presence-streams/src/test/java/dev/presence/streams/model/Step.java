package dev.presence.streams.model;

import java.nio.charset.StandardCharsets;

/**
 * One step of a generated script: an input event at the current time, or a move of the clock.
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
}

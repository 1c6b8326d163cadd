package dev.presence.streams;

/**
 * Every name the engine gives to Kafka: topics, state stores and topology nodes, in one place so
 * that the topology, the REST layer, the topic provisioning and the tests never drift apart.
 */
public final class PresenceNames {

    private PresenceNames() {
    }

    /** Topics the engine reads and writes. User-keyed topics all share one partition count. */
    public static final class Topics {
        private Topics() {
        }

        /** Input: presence events, key = userId. The engine also writes its SESSION_TIMED_OUT decisions here. */
        public static final String EVENTS = "presence.events";
        /** Output: latest status per user, compacted, key = userId. */
        public static final String STATUS = "presence.status";
        /** Output: every status transition, key = userId. */
        public static final String STATUS_CHANGES = "presence.status-changes";
        /** Output: notifications, key = recipient userId. */
        public static final String NOTIFICATIONS = "presence.notifications";
        /** Output: every record the engine refused, with its origin and original bytes. */
        public static final String REJECTED = "presence.rejected";
    }

    /** State stores. Their changelog topics are named after them by Kafka Streams. */
    public static final class Stores {
        private Stores() {
        }

        /** userId -> UserStatus: the folded status, queried by the REST API. */
        public static final String USER_STATUS = "user-status-store";
        /** deadline|userId|clientId -> lastHeartbeatAt|sessionId: the time-ordered heartbeat deadline index. */
        public static final String SESSION_DEADLINES = "session-deadline-index";
    }

    /** Topology nodes: every source, processor and sink is named by hand. */
    public static final class Nodes {
        private Nodes() {
        }

        public static final String EVENTS_SOURCE = "events-source";
        public static final String EVENT_DECODER = "event-decoder";
        public static final String STATUS_FOLD = "status-fold";
        public static final String NOTIFIER = "notifier";
        public static final String STATUS_SINK = "status-sink";
        public static final String STATUS_CHANGES_SINK = "status-changes-sink";
        public static final String NOTIFICATIONS_SINK = "notifications-sink";
        public static final String REJECTED_SINK = "rejected-sink";
        public static final String TIMEOUT_EVENTS_SINK = "timeout-events-sink";
    }
}

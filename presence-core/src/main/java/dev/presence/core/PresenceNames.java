package dev.presence.core;

import java.util.ArrayList;
import java.util.List;

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

        /** Input: presence events, key = userId. The engine also writes its SESSION_TIMED_OUT and CUSTOM_STATUS_EXPIRED decisions here. */
        public static final String EVENTS = "presence.events";
        /** Input: SUBSCRIBE / UNSUBSCRIBE / UNSUBSCRIBE_ALL, key = subscriber. The engine writes SUBSCRIPTIONS_EXPIRED here. */
        public static final String SUBSCRIPTIONS = "presence.subscriptions";
        /** Input: FRIEND_ADDED / FRIEND_REMOVED, key = userId (the one whose friend list it is). */
        public static final String FRIENDSHIPS = "presence.friendships";
        /** Input: live switches and limits, compacted, key = setting name, value = its text. Read by every instance. */
        public static final String CONFIG = "presence.config";
        /** Output: latest status per user, compacted, key = userId. */
        public static final String STATUS = "presence.status";
        /** Output: every status transition, key = userId. */
        public static final String STATUS_CHANGES = "presence.status-changes";
        /** Output: notifications, key = recipient userId. */
        public static final String NOTIFICATIONS = "presence.notifications";
        /** Output: every record the engine refused, with its origin and original bytes. */
        public static final String REJECTED = "presence.rejected";

        /** The shared topics keyed by userId: with {@link #watchEdges} they all have one partition count (co-partitioning). */
        public static final List<String> USER_KEYED = List.of(
                EVENTS, SUBSCRIPTIONS, FRIENDSHIPS, STATUS, STATUS_CHANGES, NOTIFICATIONS, REJECTED);

        /**
         * Internal, one per application id: who starts or stops watching whom, key = the watched user, so
         * that the watcher lists live in the same partition as the watched user's status and the fan-out
         * is local. Derived from the input topics, so a second application id replaying them derives its
         * own and never reads another application's.
         */
        public static String watchEdges(String applicationId) {
            return applicationId + "-watch-edges";
        }

        /**
         * Internal, one per application id: the topology's verdict on each input record that carried a
         * request id, key = the request id. Every instance reads all of it, so a call waiting for a
         * verdict completes on whichever instance took it. Short-lived: a verdict matters for seconds.
         */
        public static String verdicts(String applicationId) {
            return applicationId + "-verdicts";
        }

        /** Every user-keyed topic an application with this id reads or writes. */
        public static List<String> userKeyed(String applicationId) {
            List<String> all = new ArrayList<>(USER_KEYED);
            all.add(watchEdges(applicationId));
            return List.copyOf(all);
        }

        /** Topics whose latest record per key is all that matters. */
        public static final List<String> COMPACTED = List.of(STATUS, CONFIG);
    }

    /** State stores. Their changelog topics are named after them by Kafka Streams. */
    public static final class Stores {
        private Stores() {
        }

        /** userId -> UserStatus: the folded status, queried by the REST API. */
        public static final String USER_STATUS = "user-status-store";
        /** deadline|userId|clientId -> lastHeartbeatAt|sessionId: the time-ordered heartbeat deadline index. */
        public static final String SESSION_DEADLINES = "session-deadline-index";
        /** subscriber -> SubscriptionList, oldest first: queried by the REST API. */
        public static final String SUBSCRIPTIONS = "subscriptions-store";
        /** deadline|subscriber -> (empty): when a subscriber's 24 h without ONLINE may run out. */
        public static final String SUBSCRIPTION_EXPIRY = "subscription-expiry-index";
        /** watched|0x00|watcher -> relation flags: who hears of a user's changes, co-partitioned with its status. */
        public static final String WATCHERS = "watchers-store";
        /** changed userId -> FanoutJob: notifications still to send for users with many watchers. */
        public static final String FANOUT_JOBS = "fanout-jobs-store";
        /** "counts" -> OccupancyCount: how many of the partition's users are ONLINE, OFFLINE, UNLOGINED. */
        public static final String OCCUPANCY = "occupancy-store";
        /** expiresAt|userId -> (empty): when a user's custom status may expire (checked against its status). */
        public static final String CUSTOM_STATUS_EXPIRY = "custom-status-expiry-index";
        /** userId|0x00|at -> the status from then on: each user's status history, queried by the REST API. */
        public static final String STATUS_HISTORY = "status-history-store";
        /** Global: setting name -> value, a copy of presence.config on every instance. */
        public static final String CONFIG = "live-config-store";
    }

    /** Topology nodes: every source, processor and sink is named by hand. */
    public static final class Nodes {
        private Nodes() {
        }

        public static final String EVENTS_SOURCE = "events-source";
        public static final String EVENT_DECODER = "event-decoder";
        public static final String STATUS_FOLD = "status-fold";
        public static final String FANOUT = "notification-fanout";
        public static final String SUBSCRIPTIONS_SOURCE = "subscriptions-source";
        public static final String SUBSCRIPTION_DECODER = "subscription-decoder";
        public static final String SUBSCRIPTION_REGISTRY = "subscription-registry";
        public static final String EXPIRY_SCHEDULER = "subscription-expiry-scheduler";
        public static final String FRIENDSHIPS_SOURCE = "friendships-source";
        public static final String FRIENDSHIP_DECODER = "friendship-decoder";
        public static final String FRIENDSHIP_EDGES = "friendship-edges";
        public static final String WATCH_EDGES_SOURCE = "watch-edges-source";
        public static final String WATCHER_INDEX = "watcher-index";
        public static final String CONFIG_SOURCE = "config-source";
        public static final String CONFIG_UPDATER = "config-updater";
        public static final String CUSTOM_STATUS_EXPIRY = "custom-status-expiry";
        public static final String STATUS_HISTORY = "status-history";
        public static final String WATCH_EDGES_SINK = "watch-edges-sink";
        public static final String EXPIRY_EVENTS_SINK = "subscription-expiry-sink";
        public static final String EVENTS_REROUTE_SINK = "events-reroute-sink";
        public static final String SUBSCRIPTIONS_REROUTE_SINK = "subscriptions-reroute-sink";
        public static final String STATUS_SINK = "status-sink";
        public static final String STATUS_CHANGES_SINK = "status-changes-sink";
        public static final String NOTIFICATIONS_SINK = "notifications-sink";
        public static final String REJECTED_SINK = "rejected-sink";
        public static final String TIMEOUT_EVENTS_SINK = "timeout-events-sink";
        public static final String OCCUPANCY = "occupancy-counter";
        public static final String VERDICTS_SINK = "verdicts-sink";
    }
}

package dev.presence.core;

import dev.presence.core.PresenceNames.Topics;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.Notification;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Verdict;
import dev.presence.schema.WatchEdge;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the engine reads or writes, typed: its name (from {@link Topics}) with the serdes of its
 * keys and values. Records written for other applications follow the engine's output format
 * ({@link Topic#writtenAs}); what the engine writes for itself to read back is always Avro.
 */
public final class PresenceTopics {

    private PresenceTopics() {
    }

    /** Input: presence events, key = userId; the engine also writes its own SESSION_TIMED_OUT decisions here. */
    public static final Topic<String, PresenceEvent> EVENTS =
            Topic.ofRecords(Topics.EVENTS, Serdes.String(), PresenceEvent.class);
    /** Input: subscription commands, key = the subscriber; the engine writes SUBSCRIPTIONS_EXPIRED here. */
    public static final Topic<String, SubscriptionCommand> SUBSCRIPTIONS =
            Topic.ofRecords(Topics.SUBSCRIPTIONS, Serdes.String(), SubscriptionCommand.class);
    /** Input: friend list changes, key = the user whose list it is. */
    public static final Topic<String, FriendshipEvent> FRIENDSHIPS =
            Topic.ofRecords(Topics.FRIENDSHIPS, Serdes.String(), FriendshipEvent.class);
    /** Input: live settings, compacted, key = the setting's key, value = its text (a tombstone resets it). */
    public static final Topic<String, String> CONFIG = Topic.of(Topics.CONFIG, Serdes.String(), Serdes.String());

    /** Output: the latest status of each user, compacted, key = userId. */
    public static final Topic<String, UserStatus> STATUS =
            Topic.ofRecords(Topics.STATUS, Serdes.String(), UserStatus.class);
    /** Output: every status transition, key = userId. */
    public static final Topic<String, StatusChange> STATUS_CHANGES =
            Topic.ofRecords(Topics.STATUS_CHANGES, Serdes.String(), StatusChange.class);
    /** Output: notifications, key = the recipient. */
    public static final Topic<String, Notification> NOTIFICATIONS =
            Topic.ofRecords(Topics.NOTIFICATIONS, Serdes.String(), Notification.class);
    /** Output: every refused record, key = (an excerpt of) the refused record's own key bytes. */
    public static final Topic<byte[], RejectedRecord> REJECTED =
            Topic.ofRecords(Topics.REJECTED, Serdes.ByteArray(), RejectedRecord.class);

    /** Input topics as they arrive, before any check: raw bytes, read by the topology's decoders. */
    public static Topic<byte[], byte[]> raw(String topic) {
        return Topic.of(topic, Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** Internal: the verdicts on records tagged with a request id, key = the request id; every instance reads them. */
    public static Topic<String, Verdict> verdicts(String applicationId) {
        return Topic.ofRecords(Topics.verdicts(applicationId), Serdes.String(), Verdict.class);
    }

    /** Internal: the watch edges of one application id, key = the watched user. */
    public static Topic<String, WatchEdge> watchEdges(String applicationId) {
        return Topic.ofRecords(Topics.watchEdges(applicationId), Serdes.String(), WatchEdge.class);
    }
}

package dev.presence.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.Platform;

/** JSON input records as producers write them (one object per record, only the fields the type uses), for tests. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public static String login(String userId, String clientId, String sessionId, Platform platform) {
        return json("LOGIN", userId).put("clientId", clientId).put("sessionId", sessionId)
                .put("platform", platform.name()).toString();
    }

    public static String heartbeat(String userId, String clientId, String sessionId) {
        return json("HEARTBEAT", userId).put("clientId", clientId).put("sessionId", sessionId).toString();
    }

    public static String logout(String userId, String clientId) {
        return json("LOGOUT", userId).put("clientId", clientId).toString();
    }

    public static String disconnect(String userId, String clientId, String sessionId) {
        return json("DISCONNECT", userId).put("clientId", clientId).put("sessionId", sessionId).toString();
    }

    public static String customStatus(String userId, String customStatus) {
        return json("SET_CUSTOM_STATUS", userId).put("customStatus", customStatus).toString();
    }

    /** SET_CUSTOM_STATUS cleared by the engine at {@code expiresAt} (epoch millis). */
    public static String customStatusUntil(String userId, String customStatus, long expiresAt) {
        return json("SET_CUSTOM_STATUS", userId).put("customStatus", customStatus).put("expiresAt", expiresAt).toString();
    }

    /** SET_CUSTOM_STATUS cleared by the engine {@code ttlSeconds} after the record's time. */
    public static String customStatusFor(String userId, String customStatus, long ttlSeconds) {
        return json("SET_CUSTOM_STATUS", userId).put("customStatus", customStatus).put("ttlSeconds", ttlSeconds).toString();
    }

    /** The engine's expiry decision, as the engine writes it or as a late copy of it arrives. */
    public static String customStatusExpired(String userId, long expiresAt) {
        return json("CUSTOM_STATUS_EXPIRED", userId).put("expiresAt", expiresAt).toString();
    }

    /** SET_VISIBILITY with the visibility as given (VISIBLE, INVISIBLE, or anything hostile). */
    public static String visibility(String userId, String visibility) {
        return json("SET_VISIBILITY", userId).put("visibility", visibility).toString();
    }

    public static String timedOut(String userId, String clientId, String sessionId, long lastHeartbeatAt) {
        return json("SESSION_TIMED_OUT", userId).put("clientId", clientId).put("sessionId", sessionId)
                .put("lastHeartbeatAt", lastHeartbeatAt).toString();
    }

    public static String subscribe(String subscriber, String... targets) {
        return subscription("SUBSCRIBE", subscriber, targets);
    }

    public static String unsubscribe(String subscriber, String... targets) {
        return subscription("UNSUBSCRIBE", subscriber, targets);
    }

    public static String unsubscribeAll(String subscriber) {
        return json("UNSUBSCRIBE_ALL", subscriber).toString();
    }

    /** The engine's expiry decision, as the engine writes it or as a late copy of it arrives. */
    public static String subscriptionsExpired(String subscriber, long notOnlineSince) {
        return json("SUBSCRIPTIONS_EXPIRED", subscriber).put("notOnlineSince", notOnlineSince).toString();
    }

    public static String friendAdded(String userId, String friendId) {
        return json("FRIEND_ADDED", userId).put("friendId", friendId).toString();
    }

    public static String friendRemoved(String userId, String friendId) {
        return json("FRIEND_REMOVED", userId).put("friendId", friendId).toString();
    }

    private static String subscription(String type, String subscriber, String... targets) {
        ObjectNode node = json(type, subscriber);
        var list = node.putArray("targets");
        for (String target : targets) {
            list.add(target);
        }
        return node.toString();
    }

    private static ObjectNode json(String type, String userId) {
        return JSON.createObjectNode().put("type", type).put("userId", userId);
    }
}

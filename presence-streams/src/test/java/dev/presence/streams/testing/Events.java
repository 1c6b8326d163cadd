package dev.presence.streams.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.Platform;
import dev.presence.streams.codec.AvroJson;

/** JSON presence events as producers write them (SPEC section 3), for tests. */
public final class Events {

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

    public static String timedOut(String userId, String clientId, String sessionId, long lastHeartbeatAt) {
        return json("SESSION_TIMED_OUT", userId).put("clientId", clientId).put("sessionId", sessionId)
                .put("lastHeartbeatAt", lastHeartbeatAt).toString();
    }

    private static ObjectNode json(String type, String userId) {
        return AvroJson.MAPPER.createObjectNode().put("type", type).put("userId", userId);
    }
}

package dev.presence.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Who hears of a user's changes, in watcher order, at most as many as asked for: {@code more} says
 * the user has further watchers (a popular user may have millions; a lookup shows the first ones).
 */
public record Watchers(List<Watcher> watchers, boolean more) {

    /** One watcher and why it hears: it subscribed, it is a friend, or both. */
    public record Watcher(String userId, boolean subscriber, boolean friend) {
    }

    /** {@code {"watchers":[{"userId":"bob","subscriber":true,"friend":false}],"more":false}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        watchers.forEach(watcher -> json.withArray("watchers").addObject()
                .put("userId", watcher.userId())
                .put("subscriber", watcher.subscriber())
                .put("friend", watcher.friend()));
        json.withArray("watchers");
        json.put("more", more);
        return json;
    }

    static Watchers fromJson(JsonNode json) {
        List<Watcher> watchers = new ArrayList<>();
        json.path("watchers").forEach(node -> watchers.add(new Watcher(node.path("userId").asText(),
                node.path("subscriber").asBoolean(), node.path("friend").asBoolean())));
        return new Watchers(watchers, json.path("more").asBoolean());
    }
}

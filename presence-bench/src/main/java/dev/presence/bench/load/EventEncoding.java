package dev.presence.bench.load;

import dev.presence.schema.PresenceEvent;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.AvroJson;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** How the simulated gateways write events: Avro single-object encoding or the spec's JSON. */
public enum EventEncoding {
    AVRO, JSON;

    public static EventEncoding parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public byte[] encode(PresenceEvent event) {
        return this == AVRO ? AvroCodec.encode(event) : json(event);
    }

    /** The producers' JSON form, one object per record: only the fields the type uses (absent, not null). */
    private static byte[] json(PresenceEvent event) {
        ObjectNode node = AvroJson.MAPPER.createObjectNode()
                .put("type", event.getType().name()).put("userId", event.getUserId());
        if (event.getClientId() != null) {
            node.put("clientId", event.getClientId());
        }
        if (event.getSessionId() != null) {
            node.put("sessionId", event.getSessionId());
        }
        if (event.getPlatform() != null) {
            node.put("platform", event.getPlatform().name());
        }
        if (event.getCustomStatus() != null) {
            node.put("customStatus", event.getCustomStatus());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.ClientSession;
import dev.presence.schema.UserStatus;
import dev.presence.core.codec.AvroJson;

/**
 * A user's status as the REST API shows it: the fields of {@code UserStatus} under their schema
 * names, with the clients only when detail is asked for, each reduced to clientId, platform and
 * its {@link ClientState} (session ids stay inside the engine).
 */
final class StatusJson {

    private static final String CLIENTS = "clients";

    private StatusJson() {
    }

    static ObjectNode of(UserStatus status, boolean detail) {
        ObjectNode json = AvroJson.toTree(status);
        json.remove(CLIENTS);
        if (detail) {
            ArrayNode clients = json.putArray(CLIENTS);
            for (ClientSession session : status.getClients()) {
                clients.addObject()
                        .put("clientId", session.getClientId())
                        .put("platform", session.getPlatform().name())
                        .put("state", ClientState.of(session).name());
            }
        }
        return json;
    }
}

package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.ClientSession;
import dev.presence.api.auth.Caller;
import dev.presence.schema.UserStatus;
import dev.presence.core.codec.AvroJson;
import dev.presence.streams.visibility.PublicView;

/**
 * A user's status as the REST API shows it to one caller: the fields of {@code UserStatus} under their schema
 * names, with the clients only when detail is asked for, each reduced to clientId, platform and
 * its {@link ClientState} (session ids stay inside the engine).
 */
final class StatusJson {

    private static final String CLIENTS = "clients";

    private StatusJson() {
    }

    /**
     * The status as {@code viewer} may see it: the truth, with its {@code visibility}, for the user itself
     * and the admin; for anyone else the public view ({@link PublicView}), without a visibility field, so
     * that a hidden user cannot be told from one that went offline.
     */
    static ObjectNode of(UserStatus status, boolean detail, Caller viewer) {
        boolean other = viewer.isOtherUser(status.getUserId());
        UserStatus shown = other ? PublicView.asSeenByOthers(status) : status;
        ObjectNode json = AvroJson.toTree(shown);
        json.remove(CLIENTS);
        // The engine's bookkeeping of what others see; the view above already applies it.
        json.remove("hiddenSince");
        json.remove("hiddenVersion");
        if (other) {
            json.remove("visibility");
        }
        if (detail) {
            ArrayNode clients = json.putArray(CLIENTS);
            for (ClientSession session : shown.getClients()) {
                clients.addObject()
                        .put("clientId", session.getClientId())
                        .put("platform", session.getPlatform().name())
                        .put("state", ClientState.of(session).name());
            }
        }
        return json;
    }
}

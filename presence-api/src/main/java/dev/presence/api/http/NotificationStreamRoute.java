package dev.presence.api.http;

import dev.presence.api.auth.Caller;
import dev.presence.api.notify.NotificationBroadcaster;
import dev.presence.api.notify.NotificationListener;
import dev.presence.api.notify.StreamLimitException;
import dev.presence.schema.Notification;
import dev.presence.schema.StatusView;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroJson;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/users/{userId}/notifications}: that user's notifications as server-sent events,
 * live from the moment of connecting (event {@code notification}, data = the Notification as JSON,
 * {@code id} = {@code <changed userId>:<version>} so a client can drop what it has seen). Served by
 * the instance's one {@link NotificationBroadcaster}, never a consumer per connection.
 */
final class NotificationStreamRoute {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationStreamRoute.class);
    static final String EVENT = "notification";

    private final NotificationBroadcaster broadcaster;

    NotificationStreamRoute(NotificationBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    void stream(Context ctx) throws Exception {
        String userId = JsonBodies.userId(ctx);
        Caller caller = CallerAccess.requireActFor(ctx, userId);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin's SSE handler would answer an empty 200; say what is missing instead.
            throw new ApiError(ErrorCode.BAD_REQUEST, "this is a server-sent events stream: send 'Accept: text/event-stream'");
        }
        // Refused (429) while the answer can still be an error rather than an event stream; a stream
        // racing in between this check and the registration below is refused there, with an event.
        broadcaster.requireRoomFor(userId);
        new SseHandler(client -> {
            AutoCloseable registration;
            try {
                registration = broadcaster.register(userId, new SseListener(client), caller.expiresAt());
            } catch (StreamLimitException e) {
                client.sendEvent("refused", e.getMessage());
                client.close();
                return;
            }
            client.onClose(() -> {
                try {
                    registration.close();
                } catch (Exception e) {
                    LOG.debug("Unregistering a notification stream of {} failed", userId, e);
                }
            });
            client.keepAlive();
            // A first comment flushes the headers, so the client knows it is connected before any notification.
            client.sendComment("connected");
        }).handle(ctx);
    }

    /**
     * Writes to one SSE connection, on the broadcaster's writer threads (a write may block while the
     * client does not read); a write to a closed connection closes the client, which unregisters it.
     */
    private record SseListener(SseClient client) implements NotificationListener {

        @Override
        public void deliver(Notification notification) {
            StatusView last = notification.getChanges().get(notification.getChanges().size() - 1);
            client.sendEvent(EVENT, new String(AvroJson.toBytes(notification), StandardCharsets.UTF_8),
                    last.getUserId() + ":" + last.getVersion());
        }

        @Override
        public void keepAlive() {
            client.sendComment("keep-alive");
        }

        @Override
        public void credentialExpired() {
            client.sendEvent("expired", "{\"message\":\"the token this stream was opened with has expired;"
                    + " reconnect with a new one\"}");
        }

        @Override
        public void disconnect() {
            client.close();
        }
    }
}

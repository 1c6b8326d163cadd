package dev.presence.client.http;

import dev.presence.core.ErrorCode;
import dev.presence.client.PresenceException;
import dev.presence.core.codec.AvroJson;
import dev.presence.schema.Notification;
import dev.presence.schema.StatusView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A user's notification stream (server-sent events), followed on a thread of its own until
 * {@link #close()}: each {@code notification} event is read as a typed {@link Notification}, its
 * changes already seen are dropped (its {@code id} is {@code <userId>:<version>}, and a user's
 * versions only grow), and the rest goes to the listener. A dropped connection, a stream silent for
 * longer than the keep-alives allow, a 429 or a 503 is retried with exponential backoff (at least the
 * Retry-After the engine gave); a token that expired mid-stream is replaced by asking the token
 * supplier again. A refusal that retrying cannot fix (400, 401, 403, 404) stops the stream.
 */
public final class NotificationStream implements AutoCloseable {

    private static final Set<Integer> FINAL_REFUSALS = Set.of(400, 401, 403, 404);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_USERS_REMEMBERED = 100_000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "presence-notifications-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Waits between attempts: {@code initial}, doubled after each failure up to {@code max}, back to
     * {@code initial} once a stream opened; a stream with nothing (not even a keep-alive comment) for
     * {@code idleTimeout} counts as dropped. The engine sends a keep-alive every 15 s.
     */
    public record Backoff(Duration initial, Duration max, Duration idleTimeout) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(45));

        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (initial.isNegative() || max.compareTo(initial) < 0 || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("need 0 <= initial <= max and a positive idleTimeout");
            }
        }
    }

    private final Supplier<HttpRequest> requests;
    private final HttpClient http;
    private final NotificationListener listener;
    private final Backoff backoff;
    private final SeenVersions seen = new SeenVersions(MAX_USERS_REMEMBERED);
    private final Thread thread;
    private final ScheduledFuture<?> watchdog;
    private volatile boolean closed;
    private volatile InputStream current;
    private volatile long lastReadNanos = System.nanoTime();

    private NotificationStream(Supplier<HttpRequest> requests, HttpClient http, NotificationListener listener, Backoff backoff) {
        this.requests = requests;
        this.http = http;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = backoff;
        this.thread = new Thread(this::run, "presence-notifications");
        this.thread.setDaemon(true);
        long period = Math.max(50, backoff.idleTimeout().toMillis() / 4);
        this.watchdog = WATCHDOG.scheduleAtFixedRate(this::dropIfSilent, period, period, TimeUnit.MILLISECONDS);
    }

    static NotificationStream open(Supplier<HttpRequest> requests, HttpClient http, NotificationListener listener, Backoff backoff) {
        NotificationStream stream = new NotificationStream(requests, http, listener, backoff);
        stream.thread.start();
        return stream;
    }

    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.cancel(false);
        closeCurrent();
        thread.interrupt();
    }

    private void run() {
        Duration wait = backoff.initial();
        while (!closed) {
            Duration retryAfter = null;
            try {
                HttpResponse<InputStream> response = http.send(requests.get(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    PresenceApiException refused = refusal(response);
                    if (FINAL_REFUSALS.contains(response.statusCode())) {
                        closed = true;
                        listener.onStopped(refused);
                        return;
                    }
                    listener.onError(refused);
                    retryAfter = refused.retryAfter().orElse(null);
                } else {
                    current = response.body();
                    if (closed) {
                        closeCurrent();
                        return;
                    }
                    lastReadNanos = System.nanoTime();
                    wait = backoff.initial();
                    listener.onConnected();
                    read(response.body());
                }
            } catch (IOException e) {
                if (!closed) {
                    listener.onError(new PresenceConnectionException("the notification stream dropped: " + e, e));
                }
            } catch (InterruptedException e) {
                return; // closed
            } finally {
                closeCurrent();
            }
            if (!sleep(retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait)) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(backoff.max()) > 0 ? backoff.max() : wait.multipliedBy(2);
        }
    }

    /** Reads events until the stream ends; an {@code expired} event ends it so the next attempt takes a fresh token. */
    private void read(InputStream body) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        SseEvent.Builder event = new SseEvent.Builder();
        String line;
        while (!closed && (line = lines.readLine()) != null) {
            lastReadNanos = System.nanoTime();
            SseEvent complete = event.accept(line);
            if (complete == null) {
                continue;
            }
            switch (complete.name()) {
                case "notification" -> deliver(complete);
                case "expired" -> {
                    listener.onError(new PresenceApiException(ErrorCode.UNAUTHENTICATED.code(),
                            "the stream's token expired: " + complete.data(), 200, null));
                    return;
                }
                case "refused" -> {
                    listener.onError(new PresenceApiException(ErrorCode.RATE_LIMITED.code(), complete.data(), 200, null));
                    return;
                }
                default -> {
                    // an event a later engine added: not for this client
                }
            }
        }
    }

    private void deliver(SseEvent event) {
        Notification notification;
        try {
            notification = AvroJson.fromBytes(event.data().getBytes(StandardCharsets.UTF_8), Notification.class);
        } catch (IOException | RuntimeException e) {
            listener.onError(new PresenceApiException(ErrorCode.MALFORMED_JSON.code(),
                    "cannot read notification " + event.id() + ": " + e.getMessage(), 200, null));
            return;
        }
        List<StatusView> fresh = new ArrayList<>(notification.getChanges().size());
        for (StatusView change : notification.getChanges()) {
            if (seen.firstSight(change.getUserId(), change.getVersion())) {
                fresh.add(change);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (fresh.size() < notification.getChanges().size()) {
            notification = Notification.newBuilder(notification).setChanges(fresh).build();
        }
        try {
            listener.onNotification(notification);
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    private PresenceApiException refusal(HttpResponse<InputStream> response) throws IOException {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        }
        return PresenceHttpClient.error(response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
    }

    private void dropIfSilent() {
        if (current != null && System.nanoTime() - lastReadNanos > backoff.idleTimeout().toNanos()) {
            closeCurrent(); // the reading thread sees the stream end and reconnects
        }
    }

    private void closeCurrent() {
        InputStream stream = current;
        current = null;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing a dropped connection: nothing more to do
            }
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** One server-sent event: name (default {@code message}), id and the data lines joined by newlines. */
    record SseEvent(String name, String id, String data) {

        /** Collects lines (RFC: {@code field: value}, comments start with ':', a blank line ends the event). */
        static final class Builder {
            private String name;
            private String id;
            private final StringBuilder data = new StringBuilder();
            private boolean hasData;

            /** The event this blank line completes, or null. */
            SseEvent accept(String line) {
                if (line.isEmpty()) {
                    SseEvent event = hasData ? new SseEvent(name == null ? "message" : name, id, data.toString()) : null;
                    name = null;
                    data.setLength(0);
                    hasData = false;
                    return event;
                }
                if (line.startsWith(":")) {
                    return null;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> name = value;
                    case "id" -> id = value;
                    case "data" -> {
                        if (hasData) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData = true;
                    }
                    default -> {
                        // retry and unknown fields: ignored, as EventSource does
                    }
                }
                return null;
            }
        }
    }
}

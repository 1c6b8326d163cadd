package dev.presence.client.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.presence.core.ErrorCode;
import dev.presence.client.PresenceException;
import dev.presence.schema.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSE client against a real HTTP server that plays the engine's part, connection by connection. */
@Timeout(60)
class NotificationStreamTest {

    private static final NotificationStream.Backoff FAST = new NotificationStream.Backoff(
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));

    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();
    private final CountDownLatch holdOpen = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        holdOpen.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void reconnectsAfterARefusalAndADroppedStreamAndDeliversEachChangeOnce() throws Exception {
        start(exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            switch (connections.incrementAndGet()) {
                case 1 -> refuse(exchange, 503, "{\"code\":70013,\"message\":\"starting\"}", "0");
                case 2 -> stream(exchange, false, notification("alice", 1), notification("alice", 2));
                default -> stream(exchange, true, notification("alice", 2), notification("alice", 1),
                        "event: notification\nid: x\ndata: {\"not\":\"a notification\"}\n\n",
                        "event: something-new\ndata: {}\n\n",
                        notification("alice", 3));
            }
        });
        Recording listener = new Recording();
        AtomicInteger token = new AtomicInteger();
        PresenceHttpClient client = PresenceHttpClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .bearerToken(() -> "t" + token.incrementAndGet()).build();

        try (NotificationStream stream = client.notifications("bob", listener, FAST)) {
            List<Long> versions = List.of(listener.nextVersion(), listener.nextVersion(), listener.nextVersion());

            assertThat(versions).containsExactly(1L, 2L, 3L);
            assertThat(stream.isOpen()).isTrue();
        }
        assertThat(listener.notifications.poll(200, TimeUnit.MILLISECONDS)).as("duplicates dropped").isNull();
        assertThat(listener.errors).anySatisfy(error -> assertThat(error).isInstanceOfSatisfying(PresenceApiException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE.code());
                    assertThat(e.retryAfter()).contains(Duration.ZERO);
                }));
        assertThat(listener.errors).anySatisfy(error -> assertThat(error).isInstanceOfSatisfying(PresenceApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON.code())));
        assertThat(listener.connected.get()).isGreaterThanOrEqualTo(2);
        assertThat(authorizations).as("a fresh token on every attempt").startsWith("Bearer t1", "Bearer t2", "Bearer t3");
    }

    @Test
    void aRefusalRetryingCannotFixStopsTheStream() throws Exception {
        start(exchange -> {
            connections.incrementAndGet();
            refuse(exchange, 403, "{\"code\":70015,\"message\":\"bob may not act for user carol\"}", null);
        });
        Recording listener = new Recording();
        PresenceHttpClient client = PresenceHttpClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .actingAs("bob").build();

        try (NotificationStream stream = client.notifications("carol", listener, FAST)) {
            PresenceException reason = listener.stopped.poll(30, TimeUnit.SECONDS);

            assertThat(reason).isInstanceOfSatisfying(PresenceApiException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN.code());
                assertThat(e.httpStatus()).isEqualTo(403);
            });
            assertThat(stream.isOpen()).isFalse();
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void sseLinesAreParsedAsTheStandardSays() {
        NotificationStream.SseEvent.Builder builder = new NotificationStream.SseEvent.Builder();
        assertThat(builder.accept(": comment")).isNull();
        assertThat(builder.accept("")).as("no data, no event").isNull();
        builder.accept("event:notification");
        builder.accept("id: alice:4");
        builder.accept("data: {\"a\":");
        builder.accept("data:1}");
        builder.accept("retry: 100");
        NotificationStream.SseEvent event = builder.accept("");
        assertThat(event).isEqualTo(new NotificationStream.SseEvent("notification", "alice:4", "{\"a\":\n1}"));
        builder.accept("data: plain");
        assertThat(builder.accept("").name()).isEqualTo("message");
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/users/", exchange -> {
            try {
                handler.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    private void stream(HttpExchange exchange, boolean keepOpen, String... events) throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        for (String event : events) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (keepOpen) {
            holdOpen.await(30, TimeUnit.SECONDS);
        }
    }

    private static void refuse(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String notification(String userId, long version) {
        return "event: notification\nid: " + userId + ":" + version + "\ndata: {\"recipient\":\"bob\",\"changes\":[{\"userId\":\""
                + userId + "\",\"status\":\"ONLINE\",\"customStatus\":null,\"version\":" + version
                + ",\"changedAt\":1,\"reason\":\"LOGIN\"}]}\n\n";
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private static final class Recording implements NotificationListener {
        final BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
        final BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        final BlockingQueue<PresenceException> stopped = new LinkedBlockingQueue<>();
        final AtomicInteger connected = new AtomicInteger();

        @Override
        public void onNotification(Notification notification) {
            notifications.add(notification);
        }

        @Override
        public void onConnected() {
            connected.incrementAndGet();
        }

        @Override
        public void onError(Exception error) {
            errors.add(error);
        }

        @Override
        public void onStopped(PresenceException reason) {
            stopped.add(reason);
        }

        long nextVersion() throws InterruptedException {
            Notification next = notifications.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a notification within 30 s").isNotNull();
            return next.getChanges().get(0).getVersion();
        }
    }
}

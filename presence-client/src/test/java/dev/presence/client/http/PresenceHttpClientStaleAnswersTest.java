package dev.presence.client.http;

import com.sun.net.httpserver.HttpServer;
import dev.presence.client.http.Answers.UserPresence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A status answer read from a standby copy says so (the engine's {@code X-Presence-Stale} header),
 * and the client keeps that on the answer instead of passing it off as current.
 */
class PresenceHttpClientStaleAnswersTest {

    private static final String ALICE = "{\"userId\":\"alice\",\"status\":\"ONLINE\",\"customStatus\":null,"
            + "\"statusChangedAt\":1,\"lastSeenAt\":2,\"lastOnlineAt\":null,\"version\":3}";

    private final AtomicReference<String> staleHeader = new AtomicReference<>();
    private final HttpServer server = server();
    private final PresenceHttpClient client = PresenceHttpClient.builder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anAnswerFromTheOwnersStoreIsNotStale() {
        UserPresence alice = client.status("alice");

        assertThat(alice.isStale()).isFalse();
        assertThat(alice.staleBy()).isNull();
        assertThat(alice.version()).isEqualTo(3);
    }

    @Test
    void anAnswerFromACopyCarriesHowFarBehindItWas() {
        staleHeader.set("12");

        assertThat(client.status("alice").staleBy()).isEqualTo(12L);
        assertThat(client.statuses(List.of("alice", "alice"), false))
                .allSatisfy(status -> assertThat(status.staleBy()).isEqualTo(12L));
    }

    @Test
    void aStaleHeaderThatIsNotACountStillMarksTheAnswerStale() {
        staleHeader.set("soon");
        assertThat(client.status("alice").isStale()).isTrue();

        staleHeader.set("-5");
        assertThat(client.status("alice").staleBy()).isZero();
    }

    private HttpServer server() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/v1/users/alice/status", exchange -> answer(exchange, ALICE));
            http.createContext("/v1/statuses/query", exchange -> answer(exchange, "{\"statuses\":[" + ALICE + "," + ALICE + "]}"));
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (staleHeader.get() != null) {
            exchange.getResponseHeaders().add("X-Presence-Stale", staleHeader.get());
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.presence.api;

import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.RawHttp;
import dev.presence.api.support.RawHttp.Reply;
import dev.presence.api.support.SseReader;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroJson;
import dev.presence.testkit.EngineTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a hostile page, a careless client or a stalled network sends the REST API (no auth secret,
 * so the loopback rules apply), against a real engine with small limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("integration")
@Timeout(600)
@EngineTest
class HttpHardeningIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MAX_CALLS = 2;
    private static final int MAX_BODY = 4_096;

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine engine;
    private ApiClient api;
    private int port;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        engine = PresenceEngine.start(EngineConfig.of(Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                EngineConfig.APPLICATION_ID, "presence-it-hardening",
                EngineConfig.STATE_DIR, dir.resolve("state").toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, "2",
                EngineConfig.HTTP_MAX_CONCURRENT_CALLS, Integer.toString(MAX_CALLS),
                EngineConfig.HTTP_MAX_BODY_BYTES, Integer.toString(MAX_BODY),
                EngineConfig.NOTIFICATIONS_MAX_STREAMS_PER_USER, "2",
                EngineConfig.NOTIFICATIONS_MAX_STREAMS, "3")), () -> { });
        port = engine.httpPort();
        api = new ApiClient(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/health/ready").status() == 200);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aWriteWhoseBodyIsNotDeclaredJsonIsRefused() {
        String body = "{\"userIds\":[\"bob\"]}";
        for (String type : new String[]{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            Answer answer = send(request("/v1/users/alice/subscriptions").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertError(answer, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        assertError(send(request("/v1/users/alice/subscriptions").POST(HttpRequest.BodyPublishers.ofString(body))),
                ErrorCode.UNSUPPORTED_MEDIA_TYPE);

        Answer json = send(request("/v1/users/alice/subscriptions").header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(json.status()).as(json.text()).isEqualTo(202);
        Answer noBody = send(request("/v1/users/alice/subscriptions?all=true").DELETE());
        assertThat(noBody.status()).as("a DELETE without a body needs no content type: " + noBody.text()).isEqualTo(202);
    }

    @Test
    void withoutASecretAForeignHostOrOriginGetsNothingButTheProbesStillAnswer() {
        String foreignHost = "GET /v1/users/alice/status HTTP/1.1\r\nHost: rebinding.attacker.example:" + port;
        Reply rebinding = RawHttp.exchange(port, foreignHost, "");
        assertThat(rebinding.status()).isEqualTo(403);
        assertThat(code(rebinding.body())).isEqualTo(ErrorCode.FOREIGN_ORIGIN.code());
        assertThat(RawHttp.exchange(port, "GET /v1/users/alice/status HTTP/1.1\r\nHost: localhost:" + port, "").status())
                .isEqualTo(200);

        Answer crossSite = api.withHeader("Origin", "https://attacker.example").get("/v1/users/alice/status");
        assertError(crossSite, ErrorCode.FOREIGN_ORIGIN);
        assertError(api.withHeader("Origin", "null").put("/v1/users/alice/custom-status", "{\"customStatus\":\"x\"}"),
                ErrorCode.FOREIGN_ORIGIN);
        assertThat(api.withHeader("Origin", "http://localhost:3000").get("/v1/users/alice/status").status()).isEqualTo(200);

        for (String probe : new String[]{"/health/live", "/health/ready"}) {
            Reply reply = RawHttp.exchange(port, "GET " + probe + " HTTP/1.1\r\nHost: 10.1.2.3:" + port, "");
            assertThat(reply.status()).as(probe + ": " + reply.body()).isEqualTo(200);
        }
        assertThat(RawHttp.exchange(port, "GET /metrics HTTP/1.1\r\nHost: rebinding.attacker.example", "").status())
                .isEqualTo(403);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherAnnouncedOrStreamed() {
        String large = "{\"userIds\":[\"" + "x".repeat(MAX_BODY) + "\"]}";

        assertError(api.post("/v1/statuses/query", large), ErrorCode.BODY_TOO_LARGE);
        Answer chunked = send(request("/v1/statuses/query").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes()))));
        assertError(chunked, ErrorCode.BODY_TOO_LARGE);
        assertThat(api.post("/v1/statuses/query", "{\"userIds\":[\"alice\"]}").status()).isEqualTo(200);
    }

    @Test
    void anIdThatUtf8CannotCarryIsAnInvalidField() {
        String lone = "\\ud800";
        assertError(api.post("/v1/statuses/query", "{\"userIds\":[\"" + lone + "\"]}"), ErrorCode.INVALID_FIELD);
        assertError(api.post("/v1/users/alice/subscriptions", "{\"userIds\":[\"a" + lone + "\"]}"), ErrorCode.INVALID_FIELD);
        assertError(api.post("/v1/events", "{\"type\":\"LOGIN\",\"userId\":\"" + lone + "\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"platform\":\"IOS\"}"), ErrorCode.INVALID_FIELD);
        // A paired surrogate is a valid character.
        assertThat(api.post("/v1/statuses/query", "{\"userIds\":[\"\\ud83d\\ude00\"]}").status()).isEqualTo(200);
    }

    @Test
    void notificationStreamsAreCappedPerUserAndInAll() throws Exception {
        try (SseReader first = new SseReader(api.asUser("capped"), "/v1/users/capped/notifications");
             SseReader second = new SseReader(api.asUser("capped"), "/v1/users/capped/notifications")) {
            Answer third = stream("capped");
            assertError(third, ErrorCode.RATE_LIMITED);
            assertThat(third.retryAfter()).isPresent();
            assertThat(third.json().path("message").asText()).contains("notifications.max.streams.per.user");

            try (SseReader other = new SseReader(api.asUser("other"), "/v1/users/other/notifications")) {
                Answer full = stream("third-user");
                assertError(full, ErrorCode.RATE_LIMITED);
                assertThat(full.json().path("message").asText()).contains("notifications.max.streams");
            }
        }
    }

    @Test
    void theProbesAnswerWhileEveryWorkerWaitsOnAStalledCall() {
        // More stalled calls than the HTTP server has threads: without the gate, every thread
        // would wait in a body read and the probes would get no answer.
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CALLS + 16 + 8; i++) {
                stalled.add(RawHttp.stalledWrite(port, "/v1/users/stalled-" + i + "/custom-status", 1_000));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertError(api.get("/v1/users/alice/status"), ErrorCode.UNAVAILABLE));

            Answer live = api.get("/health/live");
            Answer ready = api.get("/health/ready");

            assertThat(live.status()).as(live.text()).isEqualTo(200);
            assertThat(live.json().path("notifications").asText()).isEqualTo("READING");
            assertThat(ready.status()).as(ready.text()).isEqualTo(200);
            assertThat(api.get("/v1/users/alice/status").retryAfter()).isPresent();
        } finally {
            stalled.forEach(HttpHardeningIT::closeQuietly);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/users/alice/status").status() == 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUri() + path)).timeout(Duration.ofSeconds(30));
    }

    private Answer stream(String userId) {
        return send(request("/v1/users/" + userId + "/notifications").header("X-Presence-User", userId)
                .header("Accept", "text/event-stream").GET());
    }

    /** Without ApiClient's own Content-Type, so each test says what it sends. */
    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(Answer answer, ErrorCode code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(code.httpStatus());
        assertThat(answer.code()).as(answer.text()).isEqualTo(code.code());
    }

    private static int code(String json) {
        try {
            return AvroJson.MAPPER.readTree(json).path("code").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's socket: nothing to do
        }
    }
}

package dev.presence.api;

import dev.presence.api.auth.Authenticator;
import dev.presence.api.auth.PeerSignature;
import dev.presence.api.auth.UserTokens;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.SseReader;
import dev.presence.api.query.PeerPaths;
import dev.presence.schema.Platform;
import dev.presence.core.ErrorCode;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an auth secret configured, every endpoint against every kind of credential: none, expired,
 * badly signed, another user's, the user's own, the admin's. Each answer's status and code checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AccessControlIT {

    private static final String SECRET = "it-secret-0123456789abcdef";
    private static final String ADMIN_TOKEN = "it-admin-0123456789abcdef";
    private static final int UNAUTHENTICATED = 401;
    private static final int FORBIDDEN = 403;

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine engine;
    private ApiClient anonymous;

    /** One endpoint, called on alice's resources, and what each caller gets. */
    private record Endpoint(String method, String path, String body, int asOtherUser, int asAlice, int asAdmin) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/users/alice/status", null, 200, 200, 200),
            new Endpoint("POST", "/v1/statuses/query", "{\"userIds\":[\"alice\",\"bob\"]}", 200, 200, 200),
            new Endpoint("PUT", "/v1/users/alice/custom-status", "{\"customStatus\":\"hi\"}", FORBIDDEN, 202, 202),
            new Endpoint("POST", "/v1/users/alice/subscriptions", "{\"userIds\":[\"bob\"]}", FORBIDDEN, 202, 202),
            new Endpoint("DELETE", "/v1/users/alice/subscriptions?all=true", null, FORBIDDEN, 202, 202),
            new Endpoint("GET", "/v1/users/alice/subscriptions", null, FORBIDDEN, 200, 200),
            new Endpoint("POST", "/v1/events", Events.login("alice", "laptop", "s2", Platform.MAC), FORBIDDEN, FORBIDDEN, 202),
            new Endpoint("GET", "/v1/admin/settings", null, FORBIDDEN, FORBIDDEN, 200),
            new Endpoint("PUT", "/v1/admin/settings/maxUsersPerQuery", "{\"value\":\"500\"}", FORBIDDEN, FORBIDDEN, 202),
            new Endpoint("DELETE", "/v1/admin/settings/maxUsersPerQuery", null, FORBIDDEN, FORBIDDEN, 202),
            new Endpoint("POST", "/v1/admin/tokens", "{\"userId\":\"alice\",\"ttlSeconds\":60}", FORBIDDEN, FORBIDDEN, 200),
            // Between instances only: no caller credential opens it, the admin's neither.
            new Endpoint("POST", "/internal/v1/statuses", "{\"userIds\":[\"alice\"]}", UNAUTHENTICATED, UNAUTHENTICATED, UNAUTHENTICATED));

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        engine = PresenceEngine.start(EngineConfig.of(Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                EngineConfig.APPLICATION_ID, "presence-it-access",
                EngineConfig.STATE_DIR, dir.resolve("state").toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, "2",
                EngineConfig.COMMIT_INTERVAL_MS, "50",
                EngineConfig.AUTH_SECRET, SECRET,
                EngineConfig.AUTH_ADMIN_TOKEN, ADMIN_TOKEN)), () -> { });
        anonymous = new ApiClient(engine.httpPort());
        ApiClient admin = anonymous.withToken(ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> anonymous.get("/health/ready").status() == 200);
        assertThat(admin.post("/v1/events", Events.login("alice", "phone", "s1", Platform.ANDROID)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                admin.get("/v1/users/alice/status").json().path("status").asText().equals("ONLINE"));
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
    void withoutAValidCredentialEveryEndpointAnswers401() {
        String expired = new UserTokens(SECRET, Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC))
                .mint("alice", Duration.ofHours(1));
        String forged = new UserTokens("not-the-engines-secret-0123", Clock.systemUTC()).mint("alice", Duration.ofHours(1));
        Map<String, ApiClient> callers = Map.of(
                "no token", anonymous,
                "only the header that works without a secret", anonymous.asUser("alice"),
                "expired token", anonymous.withToken(expired),
                "token signed with another secret", anonymous.withToken(forged),
                "garbage", anonymous.withToken("garbage"));

        List<String> wrong = new ArrayList<>();
        callers.forEach((name, caller) -> {
            for (Endpoint endpoint : ENDPOINTS) {
                check(wrong, name, endpoint, call(caller, endpoint), UNAUTHENTICATED);
            }
            check(wrong, name, "SSE stream", stream(caller), UNAUTHENTICATED);
        });
        assertThat(wrong).isEmpty();
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void aUserActsOnlyForItselfAndTheAdminForAnyone() throws Exception {
        ApiClient mallory = anonymous.withToken(adminMints("mallory"));
        ApiClient alice = anonymous.withToken(adminMints("alice"));
        ApiClient admin = anonymous.withToken(ADMIN_TOKEN);

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            check(wrong, "mallory", endpoint, call(mallory, endpoint), endpoint.asOtherUser());
            check(wrong, "alice", endpoint, call(alice, endpoint), endpoint.asAlice());
            check(wrong, "admin", endpoint, call(admin, endpoint), endpoint.asAdmin());
        }
        check(wrong, "mallory", "SSE stream", stream(mallory), FORBIDDEN);
        assertThat(wrong).isEmpty();
        try (SseReader own = new SseReader(alice, "/v1/users/alice/notifications");
             SseReader asAdmin = new SseReader(admin, "/v1/users/alice/notifications")) {
            // Both opened: the constructor waits for the stream's first line.
            assertThat(own).isNotNull();
            assertThat(asAdmin).isNotNull();
        }
    }

    @Test
    void aMintedTokenProvesItsUserAndNoOneElse() {
        String token = adminMints("carol");

        ApiClient carol = anonymous.withToken(token);

        assertThat(carol.get("/v1/users/carol/subscriptions").status()).isEqualTo(200);
        assertThat(carol.get("/v1/users/alice/subscriptions").code()).isEqualTo(ErrorCode.FORBIDDEN.code());
        // The header that names a user without a secret is ignored once a secret exists.
        assertThat(carol.asUser("alice").get("/v1/users/alice/subscriptions").code()).isEqualTo(ErrorCode.FORBIDDEN.code());
    }

    @Test
    void aNotificationStreamEndsWhenTheTokenItWasOpenedWithExpires() throws Exception {
        String shortLived = new UserTokens(SECRET, Clock.systemUTC()).mint("alice", Duration.ofSeconds(2));

        try (SseReader stream = new SseReader(anonymous.withToken(shortLived), "/v1/users/alice/notifications")) {
            SseReader.Event last = stream.next(event -> "expired".equals(event.name()), Duration.ofSeconds(60));
            assertThat(last.data()).contains("expired");
        }
        // Nothing else of that token works either by now.
        assertThat(anonymous.withToken(shortLived).get("/v1/users/alice/subscriptions").status()).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void aPeerCallIsAcceptedOnlyWithASignatureOfThatVeryCallMadeWithTheSecret() {
        Authenticator peers = Authenticator.enforcing(new UserTokens(SECRET, Clock.systemUTC()), Optional.empty());
        String body = "{\"userIds\":[\"alice\"]}";
        String signed = peers.peerHeaders("POST", PeerPaths.STATUSES, body.getBytes(StandardCharsets.UTF_8))
                .get(Authenticator.PEER_HEADER);

        Answer genuine = anonymous.withHeader(Authenticator.PEER_HEADER, signed).post(PeerPaths.STATUSES, body);
        assertThat(genuine.status()).as(genuine.text()).isEqualTo(200);
        assertThat(genuine.json().path("statuses").get(0).path("userId").asText()).isEqualTo("alice");

        Answer otherBody = anonymous.withHeader(Authenticator.PEER_HEADER, signed)
                .post(PeerPaths.STATUSES, "{\"userIds\":[\"bob\"]}");
        Answer otherPath = anonymous.withHeader(Authenticator.PEER_HEADER, signed)
                .post(PeerPaths.SUBSCRIPTIONS, "{\"userId\":\"alice\"}");
        String stale = new PeerSignature(new UserTokens(SECRET, Clock.systemUTC()).peerKey(),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC))
                .sign("POST", PeerPaths.STATUSES, body.getBytes(StandardCharsets.UTF_8));
        Answer replayedLater = anonymous.withHeader(Authenticator.PEER_HEADER, stale).post(PeerPaths.STATUSES, body);
        String open = Authenticator.open().peerHeaders("POST", PeerPaths.STATUSES, body.getBytes(StandardCharsets.UTF_8))
                .get(Authenticator.PEER_HEADER);
        Answer withoutTheSecret = anonymous.withHeader(Authenticator.PEER_HEADER, open).post(PeerPaths.STATUSES, body);
        for (Answer refused : List.of(otherBody, otherPath, replayedLater, withoutTheSecret)) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(UNAUTHENTICATED);
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
        }
    }

    private String adminMints(String userId) {
        Answer minted = anonymous.withToken(ADMIN_TOKEN).post("/v1/admin/tokens", "{\"userId\":\"" + userId + "\"}");
        assertThat(minted.status()).as(minted.text()).isEqualTo(200);
        return minted.json().path("token").asText();
    }

    private static Answer call(ApiClient caller, Endpoint endpoint) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caller.baseUri() + endpoint.path()))
                .method(endpoint.method(), endpoint.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        return caller.send(request);
    }

    /** The SSE endpoint, for callers refused before any stream opens. */
    private static Answer stream(ApiClient caller) {
        return caller.send(HttpRequest.newBuilder(URI.create(caller.baseUri() + "/v1/users/alice/notifications"))
                .header("Accept", "text/event-stream").GET());
    }

    private static void check(List<String> wrong, String caller, Object endpoint, Answer answer, int expected) {
        boolean right = answer.status() == expected;
        if (right && expected == UNAUTHENTICATED) {
            right = answer.code() == ErrorCode.UNAUTHENTICATED.code();
        } else if (right && expected == FORBIDDEN) {
            right = answer.code() == ErrorCode.FORBIDDEN.code();
        }
        if (!right) {
            wrong.add(caller + " " + endpoint + ": expected " + expected + ", got " + answer.status() + " " + answer.text());
        }
    }
}

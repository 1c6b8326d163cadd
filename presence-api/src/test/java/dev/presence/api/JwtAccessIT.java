package dev.presence.api;

import dev.presence.testkit.EngineTest;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.presence.api.auth.UserTokens;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.JwksServer;
import dev.presence.api.support.JwtMint;
import dev.presence.api.support.SseReader;
import dev.presence.schema.Platform;
import dev.presence.core.ErrorCode;
import dev.presence.testkit.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens an identity provider issues, against a real engine: JWTs of users and of the admin (RS256
 * and ES256 from a JWKS URL, HS256 with the secret), the notification stream opened the way a
 * browser's EventSource must (the token in {@code ?access_token=}), the 401 challenge, and CORS
 * for an allowed and a refused origin.
 */
@EngineTest
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAccessIT {

    private static final String SECRET = "it-jwt-secret-0123456789abcdef-0123456789";
    private static final String ISSUER = "https://id.example.com/realms/chat";
    private static final String AUDIENCE = "presence-engine";
    private static final String APP_ORIGIN = "https://chat.example.com";
    private static final RSAKey RSA = JwtMint.rsaKey("rsa-it");
    private static final ECKey EC = JwtMint.ecKey("ec-it");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private JwksServer identityProvider;
    private EmbeddedKafkaBroker broker;
    private PresenceEngine engine;
    private ApiClient anonymous;

    @BeforeAll
    void start() {
        identityProvider = new JwksServer(JwtMint.publicKeySet(RSA, EC));
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        engine = PresenceEngine.start(EngineConfig.of(Map.ofEntries(
                Map.entry(EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers()),
                Map.entry(EngineConfig.APPLICATION_ID, "presence-it-jwt"),
                Map.entry(EngineConfig.STATE_DIR, dir.resolve("state").toString()),
                Map.entry(EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next())),
                Map.entry(EngineConfig.TOPIC_PARTITIONS, "2"),
                Map.entry(EngineConfig.COMMIT_INTERVAL_MS, "50"),
                Map.entry(EngineConfig.AUTH_SECRET, SECRET),
                Map.entry(EngineConfig.AUTH_JWKS_URL, identityProvider.url()),
                Map.entry(EngineConfig.AUTH_JWT_ISSUER, ISSUER),
                Map.entry(EngineConfig.AUTH_JWT_AUDIENCE, AUDIENCE),
                Map.entry(EngineConfig.AUTH_JWT_ADMIN_CLAIM, "role"),
                Map.entry(EngineConfig.AUTH_JWT_ADMIN_VALUE, "presence-admin"),
                Map.entry(EngineConfig.HTTP_CORS_ORIGINS, APP_ORIGIN + ", http://localhost:5173"))), () -> { });
        anonymous = new ApiClient(engine.httpPort());
        await().atMost(PATIENCE).until(() -> anonymous.get("/health/ready").status() == 200);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (identityProvider != null) {
            identityProvider.close();
        }
    }

    @Test
    void aJwtUserActsForItselfAndAJwtWithTheAdminRoleActsForAnyone() {
        ApiClient alice = anonymous.withToken(JwtMint.rs256(RSA, claims("jwt-alice", Duration.ofMinutes(5)).build()));
        ApiClient aliceByEc = anonymous.withToken(JwtMint.es256(EC, claims("jwt-alice", Duration.ofMinutes(5)).build()));
        ApiClient aliceByHmac = anonymous.withToken(JwtMint.hs256(SECRET, claims("jwt-alice", Duration.ofMinutes(5)).build()));
        ApiClient backend = anonymous.withToken(JwtMint.rs256(RSA, claims("chat-backend", Duration.ofMinutes(5))
                .claim("role", "presence-admin").build()));

        for (ApiClient asAlice : new ApiClient[]{alice, aliceByEc, aliceByHmac}) {
            assertThat(asAlice.get("/v1/users/jwt-alice/subscriptions").status()).isEqualTo(200);
            assertThat(asAlice.get("/v1/users/jwt-bob/subscriptions").code()).isEqualTo(ErrorCode.FORBIDDEN.code());
            assertThat(asAlice.post("/v1/events", Events.login("jwt-alice", "phone", "s1", Platform.ANDROID)).code())
                    .as("events are the admin's").isEqualTo(ErrorCode.FORBIDDEN.code());
        }
        Answer published = backend.post("/v1/events", Events.login("jwt-alice", "phone", "s1", Platform.ANDROID));
        assertThat(published.status()).as(published.text()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> alice.get("/v1/users/jwt-alice/status").json().path("status").asText().equals("ONLINE"));
        assertThat(backend.get("/v1/admin/settings").status()).isEqualTo(200);
        // The engine's own tokens keep working beside JWTs.
        String v1 = new UserTokens(SECRET, Clock.systemUTC()).mint("jwt-alice", Duration.ofMinutes(5));
        assertThat(anonymous.withToken(v1).get("/v1/users/jwt-alice/subscriptions").status()).isEqualTo(200);
    }

    @Test
    void every401ChallengesForABearerTokenAndSaysWhenTheTokenWasInvalid() {
        Answer none = anonymous.get("/v1/users/jwt-alice/subscriptions");
        Answer expired = anonymous.withToken(JwtMint.rs256(RSA, claims("jwt-alice", Duration.ofMinutes(-5)).build()))
                .get("/v1/users/jwt-alice/subscriptions");
        Answer otherIssuer = anonymous.withToken(JwtMint.rs256(RSA, claims("jwt-alice", Duration.ofMinutes(5))
                .issuer("https://id.example.com/realms/other").build())).get("/v1/users/jwt-alice/subscriptions");
        Answer otherAudience = anonymous.withToken(JwtMint.rs256(RSA, claims("jwt-alice", Duration.ofMinutes(5))
                .audience("another-app").build())).get("/v1/users/jwt-alice/subscriptions");
        Answer forged = anonymous.withToken(JwtMint.rs256(JwtMint.rsaKey("rsa-it"), claims("jwt-alice", Duration.ofMinutes(5)).build()))
                .get("/v1/users/jwt-alice/subscriptions");
        Answer notPeer = anonymous.post("/internal/v1/statuses", "{\"userIds\":[\"jwt-alice\"]}");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"presence\"");
        assertThat(notPeer.status()).isEqualTo(401);
        assertThat(notPeer.header("WWW-Authenticate")).contains("Bearer realm=\"presence\"");
        for (Answer invalid : new Answer[]{expired, otherIssuer, otherAudience, forged}) {
            assertThat(invalid.status()).as(invalid.text()).isEqualTo(401);
            assertThat(invalid.code()).isEqualTo(ErrorCode.UNAUTHENTICATED.code());
            assertThat(invalid.header("WWW-Authenticate")).contains("Bearer realm=\"presence\", error=\"invalid_token\"");
        }
    }

    @Test
    void theNotificationStreamTakesItsTokenFromTheQueryAndEndsWhenTheJwtExpires() throws Exception {
        String token = JwtMint.es256(EC, claims("jwt-carol", Duration.ofMinutes(5)).build());
        ApiClient carol = anonymous.withToken(token);

        try (SseReader stream = new SseReader(anonymous, "/v1/users/jwt-carol/notifications?access_token=" + token)) {
            assertThat(carol.post("/v1/users/jwt-carol/subscriptions", "{\"userIds\":[\"jwt-dave\"]}").status()).isEqualTo(202);
            SseReader.Event snapshot = stream.next(event -> event.data().contains("jwt-dave"), PATIENCE);
            assertThat(snapshot.name()).isEqualTo("notification");
        }
        String shortLived = JwtMint.rs256(RSA, claims("jwt-carol", Duration.ofSeconds(3)).build());
        try (SseReader stream = new SseReader(anonymous, "/v1/users/jwt-carol/notifications?access_token=" + shortLived)) {
            assertThat(stream.next(event -> "expired".equals(event.name()), PATIENCE).data()).contains("expired");
        }

        Answer otherUser = stream(anonymous, "/v1/users/jwt-dave/notifications?access_token=" + token);
        Answer badToken = stream(anonymous, "/v1/users/jwt-carol/notifications?access_token=nonsense");
        Answer twice = stream(carol, "/v1/users/jwt-carol/notifications?access_token=" + token);
        Answer elsewhere = anonymous.get("/v1/users/jwt-carol/subscriptions?access_token=" + token);
        assertThat(otherUser.code()).isEqualTo(ErrorCode.FORBIDDEN.code());
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.header("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error=\"invalid_token\""));
        assertThat(twice.code()).as(twice.text()).isEqualTo(ErrorCode.BAD_REQUEST.code());
        assertThat(elsewhere.code()).as("a token in a URL only where no header can be sent").isEqualTo(ErrorCode.BAD_REQUEST.code());
    }

    @Test
    void corsAnswersAnAllowedOriginAndNoOther() {
        Answer allowed = anonymous.send(preflight(APP_ORIGIN, "PUT", "authorization, content-type, prefer"));
        Answer refused = anonymous.send(preflight("https://evil.example.com", "PUT", "authorization"));
        Answer noOrigin = anonymous.send(HttpRequest.newBuilder(URI.create(anonymous.baseUri() + "/v1/users/x/custom-status"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(allowed.status()).as(allowed.text()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        assertThat(allowed.header("Access-Control-Allow-Methods")).hasValueSatisfying(methods ->
                assertThat(methods).contains("GET", "POST", "PUT", "DELETE"));
        assertThat(allowed.header("Access-Control-Allow-Headers")).hasValueSatisfying(headers ->
                assertThat(headers).contains("Authorization", "Content-Type", "Prefer"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(ErrorCode.FOREIGN_ORIGIN.code());
        assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(noOrigin.status()).isEqualTo(403);

        ApiClient alice = anonymous.withToken(JwtMint.rs256(RSA, claims("jwt-alice", Duration.ofMinutes(5)).build()));
        Answer fromApp = alice.withHeader("Origin", APP_ORIGIN).get("/v1/users/jwt-alice/subscriptions");
        Answer fromElsewhere = alice.withHeader("Origin", "https://evil.example.com").get("/v1/users/jwt-alice/subscriptions");
        Answer unauthenticatedFromApp = anonymous.withHeader("Origin", APP_ORIGIN).get("/v1/users/jwt-alice/subscriptions");
        assertThat(fromApp.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        assertThat(fromApp.header("Vary")).hasValueSatisfying(vary -> assertThat(vary).contains("Origin"));
        assertThat(fromElsewhere.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(unauthenticatedFromApp.status()).isEqualTo(401);
        assertThat(unauthenticatedFromApp.header("Access-Control-Allow-Origin"))
                .as("the page may read why it was refused").contains(APP_ORIGIN);
    }

    private HttpRequest.Builder preflight(String origin, String method, String headers) {
        return HttpRequest.newBuilder(URI.create(anonymous.baseUri() + "/v1/users/jwt-alice/custom-status"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers);
    }

    private static Answer stream(ApiClient caller, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(caller.baseUri() + path))
                .header("Accept", "text/event-stream").GET();
        return caller.send(request);
    }

    private static JWTClaimsSet.Builder claims(String subject, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10)))).expirationTime(Date.from(now.plus(lifetime)));
    }
}

package dev.presence.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.testkit.FreePorts;
import dev.presence.client.InvalidInputException;
import dev.presence.core.ErrorCode;
import dev.presence.client.PresenceProducer;
import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.WireFormat;
import dev.presence.client.http.Answers.ClientState;
import dev.presence.client.http.Answers.UserPresence;
import dev.presence.client.http.NotificationListener;
import dev.presence.client.http.NotificationStream;
import dev.presence.client.http.PresenceApiException;
import dev.presence.client.http.Answers.CustomStatusAccepted;
import dev.presence.client.http.Answers.EventPosition;
import dev.presence.client.http.Answers.History;
import dev.presence.client.http.Answers.SubscriptionChange;
import dev.presence.schema.VerdictOutcome;
import dev.presence.schema.Visibility;
import dev.presence.client.http.PresenceHttpClient;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import dev.presence.testkit.EngineTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an adopter relies on, against a real engine with an auth secret: the client library end to
 * end (produce, query, stream, read the output topics, typed errors), and the OpenAPI document held
 * true both ways (every route served is documented and every documented route is served) with real
 * answers, successes and errors, validated against its JSON schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
@Timeout(600)
class PublicContractIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ADMIN_TOKEN = "admin-token-for-the-contract-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PARTITIONS = 2;

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine engine;
    private URI base;
    private PresenceHttpClient admin;
    private JsonNode openApi;

    @BeforeAll
    void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        engine = PresenceEngine.start(EngineConfig.of(Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                EngineConfig.APPLICATION_ID, "presence-it-contract",
                EngineConfig.STATE_DIR, dir.resolve("state").toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, Integer.toString(PARTITIONS),
                EngineConfig.COMMIT_INTERVAL_MS, "50",
                EngineConfig.AUTH_SECRET, "a-secret-of-at-least-16-characters",
                EngineConfig.AUTH_ADMIN_TOKEN, ADMIN_TOKEN)), () -> { });
        base = URI.create("http://127.0.0.1:" + engine.httpPort());
        admin = PresenceHttpClient.builder(base).bearerToken(ADMIN_TOKEN).build();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> admin.ready().status().equals("READY"));
        openApi = JSON.readTree(Files.readAllBytes(Path.of("..", "docs", "openapi.json")));
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

    // ---------------------------------------------------------------- the client library, end to end

    @Test
    void theClientLibraryProducesQueriesStreamsAndReadsTheOutputTopics() throws Exception {
        PresenceHttpClient bob = userClient("lib-bob");
        BlockingQueue<Notification> heard = new LinkedBlockingQueue<>();
        BlockingQueue<Object> connected = new LinkedBlockingQueue<>();
        try (PresenceProducer avro = PresenceProducer.builder(broker.bootstrapServers()).build();
             PresenceProducer json = PresenceProducer.builder(broker.bootstrapServers()).format(WireFormat.JSON).build();
             NotificationStream stream = bob.notifications("lib-bob", new NotificationListener() {
                 @Override
                 public void onNotification(Notification notification) {
                     heard.add(notification);
                 }

                 @Override
                 public void onConnected() {
                     connected.add(Boolean.TRUE);
                 }
             })) {
            assertThat(connected.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();

            RecordMetadata login = avro.login("lib-alice", "alice-phone", "s1", Platform.ANDROID).get(30, TimeUnit.SECONDS);
            json.login("lib-bob", "bob-laptop", "s1", Platform.MAC).get(30, TimeUnit.SECONDS);
            // Kafka's default partitioner: the partition where the engine keeps the user.
            assertThat(login.partition()).isEqualTo(
                    Utils.toPositive(Utils.murmur2("lib-alice".getBytes(StandardCharsets.UTF_8))) % PARTITIONS);

            await().atMost(PATIENCE).until(() -> admin.status("lib-alice").status() == Status.ONLINE
                    && admin.status("lib-bob").status() == Status.ONLINE);
            UserPresence alice = admin.status("lib-alice", true);
            assertThat(alice.clients()).singleElement().satisfies(client -> {
                assertThat(client.clientId()).isEqualTo("alice-phone");
                assertThat(client.platform()).isEqualTo(Platform.ANDROID);
                assertThat(client.state()).isEqualTo(ClientState.ONLINE);
            });
            assertThat(admin.statuses(List.of("lib-never-seen", "lib-alice"), false))
                    .extracting(UserPresence::userId, UserPresence::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("lib-never-seen", Status.UNLOGINED),
                            org.assertj.core.groups.Tuple.tuple("lib-alice", Status.ONLINE));

            assertThat(bob.subscribe("lib-bob", List.of("lib-alice")).type()).isEqualTo("SUBSCRIBE");
            StatusView snapshot = next(heard, change -> change.getUserId().equals("lib-alice")
                    && change.getReason() == ChangeReason.SNAPSHOT);
            assertThat(snapshot.getStatus()).isEqualTo(Status.ONLINE);

            avro.setCustomStatus("lib-alice", "in a meeting").get(30, TimeUnit.SECONDS);
            StatusView custom = next(heard, change -> change.getUserId().equals("lib-alice")
                    && change.getReason() == ChangeReason.CUSTOM_STATUS);
            assertThat(custom.getCustomStatus()).isEqualTo("in a meeting");
            assertThat(custom.getVersion()).isGreaterThan(snapshot.getVersion());

            UserStatus published = firstOnStatusTopic(record -> record.key().equals("lib-alice")
                    && "in a meeting".equals(record.value().getCustomStatus()));
            assertThat(published.getStatus()).isEqualTo(Status.ONLINE);
            assertThat(published.getClients()).extracting(c -> c.getClientId()).containsExactly("alice-phone");

            assertThat(bob.subscriptions("lib-bob").subscriptions()).extracting(s -> s.userId()).containsExactly("lib-alice");
            assertThat(bob.unsubscribeAll("lib-bob").type()).isEqualTo("UNSUBSCRIBE_ALL");
            await().atMost(PATIENCE).until(() -> bob.subscriptions("lib-bob").subscriptions().isEmpty());
        }
    }

    @Test
    void theClientLibraryCoversVisibilityExpiryOccupancyHistoryAndOnlineTime() throws Exception {
        PresenceHttpClient dora = userClient("lib-dora");
        PresenceHttpClient finn = userClient("lib-finn");
        try (PresenceProducer producer = PresenceProducer.builder(broker.bootstrapServers()).build()) {
            producer.login("lib-dora", "dora-phone", "s1", Platform.IOS).get(30, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> admin.status("lib-dora").status() == Status.ONLINE);
        assertThat(admin.occupancy().online()).isPositive();

        assertThat(dora.setCustomStatusFor("lib-dora", "back in 5", Duration.ofMinutes(5)).customStatus()).isEqualTo("back in 5");
        assertThat(dora.setCustomStatusUntil("lib-dora", "in a call", Instant.now().plus(Duration.ofHours(1))).customStatus())
                .isEqualTo("in a call");
        await().atMost(PATIENCE).until(() -> "in a call".equals(admin.status("lib-dora").customStatus()));
        assertApiError(() -> dora.setCustomStatusUntil("lib-dora", "too late", Instant.now().minus(Duration.ofHours(1))),
                ErrorCode.INVALID_EXPIRY);

        PresenceHttpClient doraWaiting = PresenceHttpClient.builder(base)
                .bearerToken(admin.mintToken("lib-dora", Duration.ofHours(1)).token())
                .waitForVerdicts(Duration.ofSeconds(10)).build();
        CustomStatusAccepted judged = doraWaiting.setCustomStatus("lib-dora", "judged");
        assertThat(judged.judged()).as("answered with the verdict").isTrue();
        assertThat(judged.outcome()).isEqualTo(VerdictOutcome.APPLIED);
        assertThat(judged.status().customStatus()).isEqualTo("judged");
        assertThat(doraWaiting.setCustomStatus("lib-dora", "judged").outcome()).isEqualTo(VerdictOutcome.IGNORED);
        SubscriptionChange subscribed = doraWaiting.subscribe("lib-dora", List.of("lib-finn"));
        assertThat(subscribed.outcome()).isEqualTo(VerdictOutcome.APPLIED);
        assertThat(subscribed.subscriptions()).extracting(entry -> entry.userId()).containsExactly("lib-finn");
        assertThat(dora.setCustomStatus("lib-dora", "not waited for").judged()).isFalse();
        PresenceHttpClient adminWaiting = PresenceHttpClient.builder(base).bearerToken(ADMIN_TOKEN)
                .waitForVerdicts(Duration.ofSeconds(10)).build();
        List<EventPosition> judgedEvents = adminWaiting.publishEvents(List.of(
                PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("lib-gus").setClientId("gus-web")
                        .setSessionId("s1").setPlatform(Platform.WEB).build(),
                PresenceEvent.newBuilder().setType(EventType.SET_CUSTOM_STATUS).setUserId("lib-never-online")
                        .setCustomStatus("hi").build())).events();
        assertThat(judgedEvents.get(0).outcome()).isEqualTo(VerdictOutcome.APPLIED);
        assertThat(judgedEvents.get(0).status().status()).isEqualTo(Status.ONLINE);
        assertThat(judgedEvents.get(1).outcome()).isEqualTo(VerdictOutcome.REFUSED);
        assertThat(judgedEvents.get(1).error().code()).isEqualTo(ErrorCode.NOT_ONLINE.code());

        assertThat(dora.setVisibility("lib-dora", Visibility.INVISIBLE).visibility()).isEqualTo(Visibility.INVISIBLE);
        await().atMost(PATIENCE).until(() -> finn.status("lib-dora").status() == Status.OFFLINE);
        assertThat(dora.status("lib-dora").status()).as("the user itself sees the truth").isEqualTo(Status.ONLINE);
        assertThatThrownBy(() -> dora.setVisibility("lib-dora", Visibility.UNKNOWN))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).contains(ErrorCode.UNKNOWN_VISIBILITY));

        History history = admin.history("lib-dora", null, null);
        assertThat(history.userId()).isEqualTo("lib-dora");
        assertThat(history.intervals()).isNotEmpty();
        assertThat(history.intervals().get(history.intervals().size() - 1).status()).isEqualTo(Status.ONLINE);
        assertThat(admin.onlineTime("lib-dora", 1).days()).singleElement()
                .satisfies(day -> assertThat(day.onlineMs()).isNotNegative());
        assertApiError(() -> admin.history("lib-dora", Instant.now(), Instant.now().minus(Duration.ofHours(1))),
                ErrorCode.HISTORY_WINDOW_INVERTED);
    }

    @Test
    void refusalsArriveAsTypedExceptionsWithTheEngineCodeAndNothingBadIsSent() throws Exception {
        PresenceHttpClient eve = userClient("lib-eve");

        assertApiError(() -> eve.subscriptions("someone-else"), ErrorCode.FORBIDDEN);
        assertApiError(() -> admin.setCustomStatus("lib-never-online", "hi"), ErrorCode.NOT_ONLINE);
        assertApiError(() -> eve.subscribe("lib-eve", List.of("lib-eve")), ErrorCode.SELF_SUBSCRIPTION);
        assertApiError(() -> admin.putSetting("noSuchSetting", "1"), ErrorCode.NOT_FOUND);
        assertApiError(() -> PresenceHttpClient.builder(base).build().status("anyone"), ErrorCode.UNAUTHENTICATED);
        assertApiError(() -> eve.publishEvents(List.of(PresenceEvent.newBuilder().setType(EventType.LOGOUT)
                .setUserId("lib-eve").setClientId("c").build())), ErrorCode.FORBIDDEN);
        assertApiError(() -> admin.publishEvents(List.of(PresenceEvent.newBuilder().setType(EventType.LOGIN)
                .setUserId("lib-eve").setClientId("c").setSessionId("s").build())), ErrorCode.MISSING_FIELD);

        // The 21st call about others in the window: 429 with the time to wait.
        PresenceApiException limited = null;
        for (int call = 0; call < 25 && limited == null; call++) {
            try {
                eve.status("other-" + call);
            } catch (PresenceApiException e) {
                limited = e;
            }
        }
        assertThat(limited).isNotNull();
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED.code());
        assertThat(limited.httpStatus()).isEqualTo(429);
        assertThat(limited.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());

        // Checked before sending: the same code the engine would give, and no record written.
        try (PresenceProducer producer = PresenceProducer.builder(broker.bootstrapServers()).build()) {
            assertThatThrownBy(() -> producer.login("x".repeat(129), "c", "s", Platform.WEB))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD.code()));
            assertThatThrownBy(() -> producer.heartbeat("lone\uD800", "c", "s"))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.errorCode()).contains(ErrorCode.INVALID_FIELD));
        }
        assertThatThrownBy(() -> admin.unsubscribe("lib-eve", List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD.code()));
    }

    // ---------------------------------------------------------------- the OpenAPI document

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        Set<String> documented = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase() + " " + path.getKey())));

        // The CORS preflight handler answers OPTIONS on any path for the browser; OpenAPI describes the calls
        // themselves, not their preflights.
        Set<String> servedRoutes = new TreeSet<>(engine.httpRoutes());
        assertThat(servedRoutes.remove("OPTIONS /*")).as("the CORS preflight route").isTrue();
        assertThat(servedRoutes).isEqualTo(documented);

        HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(base.resolve("/openapi.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(served.body())).isEqualTo(openApi);
        assertThat(openApi.path("openapi").asText()).startsWith("3.1");
    }

    @Test
    void realAnswersOfEveryDocumentedOperationValidateAgainstTheDocument() throws Exception {
        String aliceToken = admin.mintToken("oa-alice", Duration.ofHours(1)).token();
        String alice = "Bearer " + aliceToken;
        String adminAuth = "Bearer " + ADMIN_TOKEN;
        Set<String> exercised = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();

        // Successes.
        check(exercised, failures, "POST", "/v1/events", adminAuth,
                "{\"type\":\"LOGIN\",\"userId\":\"oa-alice\",\"clientId\":\"phone\",\"sessionId\":\"s1\",\"platform\":\"IOS\"}", 202);
        await().atMost(PATIENCE).until(() -> admin.status("oa-alice").status() == Status.ONLINE);
        check(exercised, failures, "GET", "/v1/users/oa-alice/status", alice, null, 200);
        check(exercised, failures, "GET", "/v1/users/oa-alice/status?detail=true", adminAuth, null, 200);
        check(exercised, failures, "POST", "/v1/statuses/query", adminAuth, "{\"userIds\":[\"oa-alice\",\"oa-nobody\"],\"detail\":true}", 200);
        check(exercised, failures, "PUT", "/v1/users/oa-alice/custom-status", alice, "{\"customStatus\":\"busy\"}", 202);
        check(exercised, failures, "PUT", "/v1/users/oa-alice/custom-status", alice,
                "{\"customStatus\":\"until lunch\",\"ttlSeconds\":3600}", 202);
        check(exercised, failures, "PUT", "/v1/users/oa-alice/visibility", alice, "{\"visibility\":\"VISIBLE\"}", 202);
        check(exercised, failures, "GET", "/v1/users/oa-alice/history", alice, null, 200);
        check(exercised, failures, "GET", "/v1/users/oa-alice/history?from=0&to=1000", adminAuth, null, 200);
        check(exercised, failures, "GET", "/v1/users/oa-alice/online-time?days=2", alice, null, 200);
        check(exercised, failures, "POST", "/v1/users/oa-alice/subscriptions", alice, "{\"userIds\":[\"oa-bob\"]}", 202);
        check(exercised, failures, "GET", "/v1/users/oa-alice/subscriptions", alice, null, 200);
        check(exercised, failures, "DELETE", "/v1/users/oa-alice/subscriptions", alice, "{\"userIds\":[\"oa-bob\"]}", 202);
        check(exercised, failures, "DELETE", "/v1/users/oa-alice/subscriptions?all=true", alice, null, 202);
        check(exercised, failures, "GET", "/v1/admin/settings", adminAuth, null, 200);
        check(exercised, failures, "PUT", "/v1/admin/settings/maxUsersPerQuery", adminAuth, "{\"value\":\"500\"}", 202);
        check(exercised, failures, "DELETE", "/v1/admin/settings/maxUsersPerQuery", adminAuth, null, 202);
        check(exercised, failures, "POST", "/v1/admin/tokens", adminAuth, "{\"userId\":\"oa-bob\",\"ttlSeconds\":60}", 200);
        check(exercised, failures, "GET", "/v1/occupancy", alice, null, 200);
        // Waiting for the verdict: the 200s and the refusal of a malformed wait.
        prefer = "wait=10";
        check(exercised, failures, "PUT", "/v1/users/oa-alice/custom-status", alice, "{\"customStatus\":\"waiting\"}", 200);
        check(exercised, failures, "POST", "/v1/users/oa-alice/subscriptions", alice, "{\"userIds\":[\"oa-carol\"]}", 200);
        check(exercised, failures, "DELETE", "/v1/users/oa-alice/subscriptions", alice, "{\"userIds\":[\"oa-carol\"]}", 200);
        check(exercised, failures, "POST", "/v1/events", adminAuth,
                "[{\"type\":\"HEARTBEAT\",\"userId\":\"oa-alice\",\"clientId\":\"phone\",\"sessionId\":\"s1\"},"
                        + "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"oa-nobody\",\"customStatus\":\"x\"}]", 200);
        check(exercised, failures, "POST", "/v1/events", adminAuth,
                "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"oa-nobody\",\"customStatus\":\"x\"}", 409);
        prefer = "wait=11";
        check(exercised, failures, "PUT", "/v1/users/oa-alice/custom-status", alice, "{\"customStatus\":\"waiting\"}", 400);
        prefer = null;
        check(exercised, failures, "GET", "/health/live", null, null, 200);
        check(exercised, failures, "GET", "/health/ready", null, null, 200);
        check(exercised, failures, "GET", "/metrics", null, null, 200);
        check(exercised, failures, "GET", "/openapi.json", null, null, 200);
        check(exercised, failures, "GET", "/console", null, null, 200);
        check(exercised, failures, "GET", "/console/assets/console.js", null, null, 200);
        check(exercised, failures, "GET", "/console/assets/console.css", null, null, 200);
        check(exercised, failures, "GET", "/console/api/occupancy", adminAuth, null, 200);
        check(exercised, failures, "GET", "/console/api/activity", adminAuth, null, 200);
        check(exercised, failures, "GET", "/console/api/users/oa-alice", adminAuth, null, 200);
        checkStreamOpens(exercised, failures, alice);

        // Errors.
        check(exercised, failures, "GET", "/v1/users/" + "x".repeat(129) + "/status", adminAuth, null, 400);
        check(exercised, failures, "GET", "/v1/users/oa-alice/status", null, null, 401);
        check(exercised, failures, "GET", "/v1/users/oa-alice/status", "Bearer not-a-token", null, 401);
        check(exercised, failures, "POST", "/v1/statuses/query", adminAuth, "{\"userIds\":\"oa-alice\"}", 400);
        check(exercised, failures, "PUT", "/v1/users/oa-nobody/custom-status", adminAuth, "{\"customStatus\":\"hi\"}", 409);
        check(exercised, failures, "PUT", "/v1/users/oa-bob/custom-status", alice, "{\"customStatus\":\"hi\"}", 403);
        check(exercised, failures, "POST", "/v1/users/oa-alice/subscriptions", alice, "{\"userIds\":[\"oa-alice\"]}", 400);
        check(exercised, failures, "PUT", "/v1/users/oa-alice/custom-status", alice, "{\"customStatus\":\"x\",\"expiresAt\":1}", 400);
        check(exercised, failures, "PUT", "/v1/users/oa-alice/visibility", alice, "{\"visibility\":\"GHOST\"}", 400);
        check(exercised, failures, "PUT", "/v1/users/oa-bob/visibility", alice, "{\"visibility\":\"INVISIBLE\"}", 403);
        check(exercised, failures, "GET", "/v1/users/oa-alice/history?from=10&to=5", alice, null, 400);
        check(exercised, failures, "GET", "/v1/users/oa-alice/online-time?days=0", alice, null, 400);
        check(exercised, failures, "DELETE", "/v1/users/oa-alice/subscriptions", alice, null, 400);
        check(exercised, failures, "GET", "/v1/users/oa-bob/subscriptions", alice, null, 403);
        check(exercised, failures, "GET", "/v1/users/oa-alice/notifications", alice, null, 400);
        check(exercised, failures, "POST", "/v1/events", adminAuth, "{\"type\":\"SESSION_TIMED_OUT\",\"userId\":\"u\"}", 400);
        check(exercised, failures, "POST", "/v1/events", alice, "{\"type\":\"LOGOUT\",\"userId\":\"oa-alice\",\"clientId\":\"c\"}", 403);
        check(exercised, failures, "GET", "/v1/admin/settings", alice, null, 403);
        check(exercised, failures, "PUT", "/v1/admin/settings/noSuchSetting", adminAuth, "{\"value\":\"1\"}", 404);
        check(exercised, failures, "PUT", "/v1/admin/settings/maxUsersPerQuery", adminAuth, "{\"value\":\"many\"}", 400);
        check(exercised, failures, "DELETE", "/v1/admin/settings/noSuchSetting", adminAuth, null, 404);
        check(exercised, failures, "POST", "/v1/admin/tokens", adminAuth, "{\"userId\":\"oa-bob\",\"ttlSeconds\":0}", 400);
        check(exercised, failures, "POST", "/internal/v1/statuses", null, "{\"userIds\":[\"oa-alice\"]}", 401);
        check(exercised, failures, "POST", "/internal/v1/standby-statuses", null, "{\"userIds\":[\"oa-alice\"]}", 401);
        check(exercised, failures, "POST", "/internal/v1/subscriptions", null, "{\"userId\":\"oa-alice\"}", 401);
        check(exercised, failures, "POST", "/internal/v1/rate-limit", null, "{\"userId\":\"oa-alice\",\"budget\":\"query\"}", 401);
        check(exercised, failures, "POST", "/internal/v1/occupancy", null, "{\"partitions\":[0]}", 401);
        check(exercised, failures, "POST", "/internal/v1/history", null, "{\"userId\":\"oa-alice\",\"from\":0,\"to\":1}", 401);
        check(exercised, failures, "POST", "/internal/v1/watchers", null, "{\"userId\":\"oa-alice\",\"limit\":10}", 401);
        check(exercised, failures, "GET", "/console/assets/missing.js", null, null, 404);
        check(exercised, failures, "GET", "/console/api/occupancy", null, null, 401);
        check(exercised, failures, "GET", "/console/api/activity", alice, null, 403);
        check(exercised, failures, "GET", "/console/api/users/" + "x".repeat(129), adminAuth, null, 400);
        HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/statuses/query"))
                .header("Authorization", adminAuth).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        validate(exercised, failures, "POST", "/v1/statuses/query", notJson, 415);

        assertThat(failures).isEmpty();
        Set<String> operations = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(exercised).containsAll(operations);
    }

    /** The Prefer header of the calls {@link #check} makes; null for none. */
    private String prefer;

    private void check(Set<String> exercised, List<String> failures, String method, String path, String authorization,
                       String body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        validate(exercised, failures, method, path, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()), expectedStatus);
    }

    private void validate(Set<String> exercised, List<String> failures, String method, String path,
                          HttpResponse<String> response, int expectedStatus) throws Exception {
        String call = method + " " + path;
        if (response.statusCode() != expectedStatus) {
            failures.add(call + ": expected " + expectedStatus + ", got " + response.statusCode() + " " + response.body());
            return;
        }
        String template = template(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        exercised.add(method + " " + template);
        JsonNode documented = openApi.path("paths").path(template).path(method.toLowerCase())
                .path("responses").path(Integer.toString(response.statusCode()));
        if (documented.isMissingNode()) {
            failures.add(call + ": HTTP " + response.statusCode() + " is not documented");
            return;
        }
        JsonNode content = documented.path("content");
        String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        if (!content.has(mediaType)) {
            failures.add(call + ": answered " + mediaType + ", documented " + content.fieldNames().next());
            return;
        }
        if (!mediaType.equals("application/json")) {
            return;
        }
        List<Error> errors = schema(content.path(mediaType).path("schema")).validate(JSON.readTree(response.body()));
        if (!errors.isEmpty()) {
            failures.add(call + " (HTTP " + response.statusCode() + "): " + errors + " in " + response.body());
        }
        JsonNode codes = documented.path("x-error-codes");
        if (codes.isArray()) {
            int code = JSON.readTree(response.body()).path("code").asInt();
            List<Integer> listed = new ArrayList<>();
            codes.forEach(c -> listed.add(c.asInt()));
            if (!listed.contains(code)) {
                failures.add(call + ": code " + code + " is not among the documented " + listed);
            }
        }
    }

    private void checkStreamOpens(Set<String> exercised, List<String> failures, String authorization) throws Exception {
        String path = "/v1/users/oa-alice/notifications";
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", authorization).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
            JsonNode documented = openApi.path("paths").path("/v1/users/{userId}/notifications").path("get")
                    .path("responses").path(Integer.toString(response.statusCode())).path("content");
            if (response.statusCode() != 200 || !documented.has(mediaType)) {
                failures.add("GET " + path + ": HTTP " + response.statusCode() + " " + mediaType);
            } else {
                exercised.add("GET /v1/users/{userId}/notifications");
            }
        }
    }

    /** The documented path a concrete path is an instance of. */
    private String template(String path) {
        for (Iterator<String> templates = openApi.path("paths").fieldNames(); templates.hasNext(); ) {
            String template = templates.next();
            if (Pattern.matches(template.replaceAll("\\{[^/]+}", "[^/]+"), path)) {
                return template;
            }
        }
        return path;
    }

    /** A response schema as a standalone draft 2020-12 schema: the document's components become its $defs. */
    private Schema schema(JsonNode responseSchema) throws Exception {
        ObjectNode standalone = JSON.createObjectNode();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("$defs", openApi.path("components").path("schemas"));
        standalone.setAll((ObjectNode) responseSchema.deepCopy());
        String text = JSON.writeValueAsString(standalone).replace("#/components/schemas/", "#/$defs/");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    // ---------------------------------------------------------------- helpers

    private PresenceHttpClient userClient(String userId) {
        String token = admin.mintToken(userId, Duration.ofHours(1)).token();
        return PresenceHttpClient.builder(base).bearerToken(token).build();
    }

    private static StatusView next(BlockingQueue<Notification> heard, java.util.function.Predicate<StatusView> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<Notification> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Notification notification = heard.poll(1, TimeUnit.SECONDS);
            if (notification == null) {
                continue;
            }
            for (StatusView change : notification.getChanges()) {
                if (wanted.test(change)) {
                    return change;
                }
            }
            skipped.add(notification);
        }
        throw new AssertionError("no matching notification; heard " + skipped);
    }

    private UserStatus firstOnStatusTopic(java.util.function.Predicate<ConsumerRecord<String, UserStatus>> wanted) {
        try (KafkaConsumer<String, UserStatus> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), PresenceTopics.STATUS.valueSerde().deserializer())) {
            String topic = PresenceTopics.STATUS.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, UserStatus> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        return record.value();
                    }
                }
            }
            throw new AssertionError("no matching record on " + topic);
        }
    }

    private static void assertApiError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PresenceApiException.class, e -> {
            assertThat(e.code()).as(e.toString()).isEqualTo(code.code());
            assertThat(e.httpStatus()).isEqualTo(code.httpStatus());
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}

package dev.presence.api;

import dev.presence.core.settings.SettingsCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.auth.Authenticator;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.Closing;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.api.support.EventProducer;
import dev.presence.testkit.FreePorts;
import dev.presence.api.query.PeerPaths;
import dev.presence.schema.Platform;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two engine instances with one application id on one broker, each with its own state and REST
 * port: any instance answers for any user (forwarding to the owner), a batch is split between
 * them, the rate limit is counted once for both, and one instance takes over when the other stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EngineTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TwoInstancesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> USERS = IntStream.range(0, 16).mapToObj(i -> "two-" + i).toList();
    private static final String BATCH = "{\"userIds\":[" + USERS.stream().map(u -> "\"" + u + "\"")
            .collect(Collectors.joining(",")) + "],\"detail\":true}";

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine first;
    private PresenceEngine second;
    private ApiClient firstApi;
    private ApiClient secondApi;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        first = PresenceEngine.start(EngineConfig.of(settings("first")), () -> { });
        second = PresenceEngine.start(EngineConfig.of(settings("second")), () -> { });
        firstApi = new ApiClient(first.httpPort());
        secondApi = new ApiClient(second.httpPort());
        try (EventProducer producer = new EventProducer(broker.bootstrapServers())) {
            USERS.forEach(user -> producer.json(user, Events.login(user, "phone", "s1", Platform.ANDROID)));
        }
        // Settled: both instances own partitions and each answers the whole batch.
        await().atMost(PATIENCE).until(() -> owners().size() == 2
                && allOnline(firstApi.post("/v1/statuses/query", BATCH))
                && allOnline(secondApi.post("/v1/statuses/query", BATCH)));
    }

    @AfterAll
    void stop() {
        Closing.all(second, first, broker);
    }

    @Test
    @Order(1)
    void bothInstancesAnswerEveryUserTheSameWhicheverOwnsIt() {
        assertThat(owners()).as("the users are spread over both instances").hasSize(2);
        for (String user : USERS) {
            Answer fromFirst = firstApi.get("/v1/users/" + user + "/status?detail=true");
            Answer fromSecond = secondApi.get("/v1/users/" + user + "/status?detail=true");
            assertThat(fromFirst.status()).as(fromFirst.text()).isEqualTo(200);
            assertThat(fromFirst.json().path("status").asText()).isEqualTo("ONLINE");
            assertThat(fromSecond.text()).isEqualTo(fromFirst.text());
        }
    }

    @Test
    @Order(2)
    void bothInstancesAnswerEveryUsersHistoryTheSameFromTheOwnersStore() {
        long to = System.currentTimeMillis();
        long from = to - 600_000;
        for (String user : USERS) {
            String path = "/v1/users/" + user + "/history?from=" + from + "&to=" + to;
            Answer fromFirst = firstApi.get(path);
            Answer fromSecond = secondApi.get(path);
            assertThat(fromFirst.status()).as(fromFirst.text()).isEqualTo(200);
            JsonNode intervals = fromFirst.json().path("intervals");
            assertThat(intervals.get(intervals.size() - 1).path("status").asText()).isEqualTo("ONLINE");
            assertThat(fromSecond.text()).isEqualTo(fromFirst.text());
            Answer online = secondApi.get("/v1/users/" + user + "/online-time?days=1");
            assertThat(online.json().path("days").get(0).path("onlineMs").asLong()).as(online.text()).isPositive();
        }
    }

    @Test
    @Order(2)
    void aBatchSpanningBothInstancesKeepsTheOrderAsked() {
        List<String> reversed = new ArrayList<>(USERS);
        Collections.reverse(reversed);
        String body = "{\"userIds\":[" + reversed.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","))
                + ",\"two-never-seen\"]}";

        for (ApiClient api : List.of(firstApi, secondApi)) {
            JsonNode statuses = api.post("/v1/statuses/query", body).json().path("statuses");
            assertThat(statuses).hasSize(USERS.size() + 1);
            for (int i = 0; i < reversed.size(); i++) {
                assertThat(statuses.get(i).path("userId").asText()).isEqualTo(reversed.get(i));
                assertThat(statuses.get(i).path("status").asText()).isEqualTo("ONLINE");
            }
            assertThat(statuses.get(USERS.size()).path("status").asText()).isEqualTo("UNLOGINED");
        }
    }

    @Test
    @Order(3)
    void theRateLimitCountsACallersCallsAtEveryInstanceOnce() {
        for (int call = 1; call <= 20; call++) {
            ApiClient api = (call % 2 == 0 ? firstApi : secondApi).asUser("two-caller");
            Answer answer = api.get("/v1/users/two-" + (call % USERS.size()) + "/status");
            assertThat(answer.status()).as("call %d: %s", call, answer.text()).isEqualTo(200);
        }

        for (ApiClient api : List.of(firstApi, secondApi)) {
            Answer refused = api.asUser("two-caller").get("/v1/users/two-1/status");
            assertThat(refused.status()).as(refused.text()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED.code());
            assertThat(refused.retryAfter()).isPresent();
        }
    }

    @Test
    @Order(4)
    void aForwardedQueryIsNeverForwardedAgain() {
        for (String user : USERS) {
            HostInfo owner = ownerOf(Stores.USER_STATUS, user);
            ApiClient notOwner = owner.equals(hostOf(first)) ? secondApi : firstApi;
            Answer statuses = asPeer(notOwner, PeerPaths.STATUSES, "{\"userIds\":[\"" + user + "\"]}");
            Answer subscriptions = asPeer(notOwner, PeerPaths.SUBSCRIPTIONS, "{\"userId\":\"" + user + "\"}");

            for (Answer answer : List.of(statuses, subscriptions)) {
                assertThat(answer.status()).as(user + " at the instance not owning it: " + answer.text()).isEqualTo(503);
                assertThat(answer.code()).isEqualTo(ErrorCode.UNAVAILABLE.code());
                assertThat(answer.json().path("message").asText()).contains("not forwarded again");
                assertThat(answer.retryAfter()).isPresent();
            }
            // The owner answers the same internal call: the 503 above is the refusal of a second hop, nothing else.
            ApiClient ownerApi = notOwner == firstApi ? secondApi : firstApi;
            Answer fromOwner = asPeer(ownerApi, PeerPaths.STATUSES, "{\"userIds\":[\"" + user + "\"]}");
            assertThat(fromOwner.status()).as(fromOwner.text()).isEqualTo(200);
            assertThat(fromOwner.json().path("statuses").get(0).path("status").asText()).isEqualTo("ONLINE");
        }
    }

    @Test
    @Order(5)
    void subscriptionsListedThroughEitherInstanceAreTheOwnersAnswer() {
        // Subscribers whose subscriptions live on each of the two instances.
        List<String> subscribers = new ArrayList<>();
        Set<HostInfo> covered = new HashSet<>();
        for (int i = 0; covered.size() < 2 || subscribers.size() < 4; i++) {
            String subscriber = "two-subscriber-" + i;
            if (covered.add(ownerOf(Stores.SUBSCRIPTIONS, subscriber)) || subscribers.size() < 4) {
                subscribers.add(subscriber);
            }
        }
        for (int i = 0; i < subscribers.size(); i++) {
            String subscriber = subscribers.get(i);
            // Made through alternating instances, with targets owned by both.
            ApiClient via = i % 2 == 0 ? firstApi : secondApi;
            Answer made = via.post("/v1/users/" + subscriber + "/subscriptions",
                    "{\"userIds\":[\"two-3\",\"two-0\",\"two-7\"]}");
            assertThat(made.status()).as(made.text()).isEqualTo(202);
        }

        for (String subscriber : subscribers) {
            String path = "/v1/users/" + subscriber + "/subscriptions";
            ApiClient owner = ownerOf(Stores.SUBSCRIPTIONS, subscriber).equals(hostOf(first)) ? firstApi : secondApi;
            ApiClient notOwner = owner == firstApi ? secondApi : firstApi;
            await().atMost(PATIENCE).until(() -> owner.get(path).json().path("subscriptions").size() == 3);

            Answer fromOwner = owner.get(path);
            Answer forwarded = notOwner.get(path);
            Answer asTheUser = notOwner.asUser(subscriber).get(path);

            assertThat(fromOwner.json().path("subscriptions").findValuesAsText("userId")).containsExactly("two-3", "two-0", "two-7");
            for (Answer answer : List.of(forwarded, asTheUser)) {
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo(fromOwner.text());
                assertThat(answer.header("X-Presence-Stale")).isEmpty();
            }
        }
        // A subscriber never seen: the same empty list from both.
        Answer none = firstApi.get("/v1/users/two-no-subscriptions/subscriptions");
        assertThat(none.json().path("subscriptions")).isEmpty();
        assertThat(secondApi.get("/v1/users/two-no-subscriptions/subscriptions").text()).isEqualTo(none.text());
    }

    @Test
    @Order(6)
    void aCallWaitingForItsVerdictHearsItOnTheInstanceThatTookItWhicheverJudgedIt() {
        for (String user : USERS) {
            ApiClient notOwner = (ownerOf(Stores.USER_STATUS, user).equals(hostOf(first)) ? secondApi : firstApi)
                    .withHeader("Prefer", "wait=10");
            long before = notOwner.get("/v1/users/" + user + "/status").json().path("version").asLong();

            Answer set = notOwner.put("/v1/users/" + user + "/custom-status", "{\"customStatus\":\"waited " + user + "\"}");

            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.header("Preference-Applied")).contains("wait=10");
            assertThat(set.json().path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(set.json().path("status").path("customStatus").asText()).isEqualTo("waited " + user);
            assertThat(set.json().path("status").path("version").asLong()).isEqualTo(before + 1);
        }
        String subscriber = "two-waiting-subscriber";
        ApiClient notOwner = (ownerOf(Stores.SUBSCRIPTIONS, subscriber).equals(hostOf(first)) ? secondApi : firstApi)
                .withHeader("Prefer", "wait=10");
        Answer subscribed = notOwner.post("/v1/users/" + subscriber + "/subscriptions", "{\"userIds\":[\"two-1\",\"two-2\"]}");
        assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(200);
        assertThat(subscribed.json().path("subscriptions").findValuesAsText("userId")).containsExactly("two-1", "two-2");
    }

    @Test
    @Order(7)
    void occupancyIsTheWholeEnginesFromEitherInstanceAndInTheGauges() {
        // The 16 users logged in at the start; nothing else here ever logged in (subscribers are not users seen).
        for (ApiClient api : List.of(firstApi, secondApi)) {
            Answer occupancy = api.get("/v1/occupancy");
            assertThat(occupancy.status()).as(occupancy.text()).isEqualTo(200);
            assertThat(occupancy.text()).isEqualTo("{\"online\":16,\"offline\":0,\"unlogined\":0}");
            assertThat(api.get("/metrics").text())
                    .contains("presence_occupancy_users{status=\"online\"} 16.0")
                    .contains("presence_occupancy_users{status=\"unlogined\"} 0.0");
        }
    }

    @Test
    @Order(10)
    void whenOneInstanceStopsTheOtherTakesOverAndAnswersForEveryone() throws Exception {
        // A call waits on the first instance for a write to a user of the second, which stops meanwhile:
        // whichever instance judges the write, it is applied once and the waiting call hears it, or
        // answers 202 if the takeover outlasts its wait.
        String moving = USERS.stream().filter(user -> ownerOf(Stores.USER_STATUS, user).equals(hostOf(second)))
                .findFirst().orElseThrow();
        long before = firstApi.get("/v1/users/" + moving + "/status").json().path("version").asLong();
        CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> firstApi.withHeader("Prefer", "wait=10")
                .put("/v1/users/" + moving + "/custom-status", "{\"customStatus\":\"set while moving\"}"));

        second.close();

        Answer set = waiting.get(60, TimeUnit.SECONDS);
        // 503 (with Retry-After): the user's owner could not be asked whether the user is ONLINE, so
        // nothing was written; a client sends it again, as this does, until the takeover is done.
        while (set.status() == 503) {
            TimeUnit.MILLISECONDS.sleep(500);
            set = firstApi.withHeader("Prefer", "wait=10")
                    .put("/v1/users/" + moving + "/custom-status", "{\"customStatus\":\"set while moving\"}");
        }
        assertThat(set.status()).as(set.text()).isIn(200, 202);
        if (set.status() == 200) {
            assertThat(set.json().path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(set.json().path("status").path("version").asLong()).isEqualTo(before + 1);
        }

        await().atMost(PATIENCE).until(() -> owners().equals(Set.of(hostOf(first)))
                && allOnline(firstApi.post("/v1/statuses/query", BATCH)));
        for (String user : USERS) {
            assertThat(firstApi.get("/v1/users/" + user + "/status").json().path("status").asText()).isEqualTo("ONLINE");
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode status = firstApi.get("/v1/users/" + moving + "/status").json();
            assertThat(status.path("customStatus").asText()).isEqualTo("set while moving");
            assertThat(status.path("version").asLong()).as("applied once").isEqualTo(before + 1);
        });
    }

    private Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(EngineConfig.APPLICATION_ID, "presence-it-two-instances");
        settings.put(EngineConfig.STATE_DIR, dir.resolve(name).toString());
        settings.put(EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()));
        settings.put(EngineConfig.TOPIC_PARTITIONS, "4");
        settings.put(EngineConfig.COMMIT_INTERVAL_MS, "50");
        settings.put(SettingsCatalogue.RATE_LIMIT_QUERY_WINDOW.key(), "600000");
        settings.put(SettingsCatalogue.RATE_LIMIT_SUBSCRIBE_WINDOW.key(), "600000");
        return settings;
    }

    /** The instances that own the test users' partitions, as Kafka Streams on the first instance sees it. */
    private Set<HostInfo> owners() {
        try {
            return USERS.stream().map(user -> first.streams()
                    .queryMetadataForKey(Stores.USER_STATUS, user, Serdes.String().serializer()).activeHost())
                    .filter(host -> host.port() > 0)
                    .collect(Collectors.toSet());
        } catch (IllegalStateException notRunning) {
            return Set.of();
        }
    }

    /** The instance that owns {@code key}'s partition of {@code store}, as Kafka Streams on the first instance sees it. */
    private HostInfo ownerOf(String store, String key) {
        return first.streams().queryMetadataForKey(store, key, Serdes.String().serializer()).activeHost();
    }

    private static HostInfo hostOf(PresenceEngine engine) {
        return new HostInfo("127.0.0.1", engine.httpPort());
    }

    private static boolean allOnline(Answer answer) {
        if (answer.status() != 200) {
            return false;
        }
        JsonNode statuses = answer.json().path("statuses");
        for (JsonNode status : statuses) {
            if (!status.path("status").asText().equals("ONLINE")) {
                return false;
            }
        }
        return statuses.size() == USERS.size();
    }

    /** A call as another instance makes it: signed for this very call (without a secret, with the open key). */
    private static Answer asPeer(ApiClient api, String path, String body) {
        String signature = Authenticator.open().peerHeaders("POST", path, body.getBytes(StandardCharsets.UTF_8))
                .get(Authenticator.PEER_HEADER);
        return api.withHeader(Authenticator.PEER_HEADER, signature).post(path, body);
    }
}

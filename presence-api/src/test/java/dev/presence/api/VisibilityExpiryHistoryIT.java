package dev.presence.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.api.support.Closing;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.TopicReader;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.Platform;
import dev.presence.schema.StatusChange;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceTopics;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiring custom statuses, invisibility and history through the REST API against a real broker,
 * and across a restart of the engine on the same state: the expiry index and the history survive it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EngineTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class VisibilityExpiryHistoryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private Map<String, String> settings;
    private PresenceEngine engine;
    private ApiClient admin;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(EngineConfig.APPLICATION_ID, "presence-it-visibility");
        settings.put(EngineConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(EngineConfig.TOPIC_PARTITIONS, "2");
        settings.put(EngineConfig.COMMIT_INTERVAL_MS, "50");
        startEngine();
    }

    @AfterAll
    void stop() {
        Closing.all(engine, broker);
    }

    @Test
    @Order(1)
    void anExpiringCustomStatusIsClearedByTheEngineWithItsReasonAndBadExpiriesAreRefused() {
        login("exp-alice");
        ApiClient alice = admin.asUser("exp-alice");
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"x\",\"expiresAt\":1000}"),
                ErrorCode.INVALID_EXPIRY);
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"x\",\"expiresAt\":"
                + (System.currentTimeMillis() + Duration.ofDays(31).toMillis()) + "}"), ErrorCode.INVALID_EXPIRY);
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"x\",\"ttlSeconds\":0}"),
                ErrorCode.INVALID_EXPIRY);
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"x\",\"ttlSeconds\":5,"
                + "\"expiresAt\":" + (System.currentTimeMillis() + 60_000) + "}"), ErrorCode.INVALID_EXPIRY);
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":null,\"ttlSeconds\":5}"),
                ErrorCode.INVALID_EXPIRY);
        assertError(alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"x\",\"ttlSeconds\":\"5\"}"),
                ErrorCode.BAD_REQUEST);

        Answer accepted = alice.put("/v1/users/exp-alice/custom-status", "{\"customStatus\":\"in a meeting\",\"ttlSeconds\":3}");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(accepted.json().path("ttlSeconds").asLong()).isEqualTo(3);

        StatusChange expired = new TopicReader(broker.bootstrapServers()).first(PresenceTopics.STATUS_CHANGES,
                r -> r.key().equals("exp-alice") && r.value().getReason() == ChangeReason.CUSTOM_STATUS_EXPIRED, PATIENCE).value();
        assertThat(expired.getOldCustomStatus()).isEqualTo("in a meeting");
        assertThat(expired.getNewCustomStatus()).isNull();
        assertThat(admin.get("/v1/users/exp-alice/status").json().path("customStatus").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void anInvisibleUserIsOfflineToOthersAndTheTruthToItselfAndTheAdmin() {
        login("inv-alice");
        ApiClient alice = admin.asUser("inv-alice");
        ApiClient bob = admin.asUser("inv-bob");
        assertThat(alice.put("/v1/users/inv-alice/custom-status", "{\"customStatus\":\"coding\"}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "coding".equals(bob.get("/v1/users/inv-alice/status").json()
                .path("customStatus").asText(null)));

        assertError(alice.put("/v1/users/inv-alice/visibility", "{\"visibility\":\"GHOST\"}"), ErrorCode.UNKNOWN_VISIBILITY);
        assertError(alice.put("/v1/users/inv-alice/visibility", "{\"visibility\":7}"), ErrorCode.UNKNOWN_VISIBILITY);
        assertError(alice.put("/v1/users/inv-alice/visibility", "{}"), ErrorCode.MISSING_FIELD);
        assertError(alice.put("/v1/users/inv-alice/visibility", "{\"visibility\":\"INVISIBLE\",\"mode\":1}"),
                ErrorCode.BAD_REQUEST);
        assertError(bob.put("/v1/users/inv-alice/visibility", "{\"visibility\":\"INVISIBLE\"}"), ErrorCode.FORBIDDEN);

        Answer hidden = alice.put("/v1/users/inv-alice/visibility", "{\"visibility\":\"INVISIBLE\"}");
        assertThat(hidden.status()).as(hidden.text()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "OFFLINE".equals(bob.get("/v1/users/inv-alice/status").json()
                .path("status").asText()));

        JsonNode seenByBob = bob.post("/v1/statuses/query", "{\"userIds\":[\"inv-alice\"],\"detail\":true}").json()
                .path("statuses").get(0);
        assertThat(seenByBob.path("status").asText()).isEqualTo("OFFLINE");
        assertThat(seenByBob.path("customStatus").isNull()).isTrue();
        assertThat(seenByBob.path("clients")).isEmpty();
        assertThat(seenByBob.has("visibility")).isFalse();
        for (ApiClient truthful : List.of(alice, admin)) {
            JsonNode truth = truthful.get("/v1/users/inv-alice/status?detail=true").json();
            assertThat(truth.path("status").asText()).isEqualTo("ONLINE");
            assertThat(truth.path("customStatus").asText()).isEqualTo("coding");
            assertThat(truth.path("visibility").asText()).isEqualTo("INVISIBLE");
            assertThat(truth.path("clients")).hasSize(1);
        }

        JsonNode herOwn = alice.get("/v1/users/inv-alice/history").json().path("intervals");
        assertThat(last(herOwn).path("visibility").asText()).isEqualTo("INVISIBLE");
        assertThat(last(herOwn).path("status").asText()).isEqualTo("ONLINE");
        JsonNode bobsView = bob.get("/v1/users/inv-alice/history").json().path("intervals");
        assertThat(last(bobsView).path("status").asText()).isEqualTo("OFFLINE");
        assertThat(last(bobsView).has("visibility")).isFalse();
        List<String> customStatusesBobSaw = new ArrayList<>();
        bobsView.forEach(interval -> customStatusesBobSaw.add(interval.path("customStatus").asText(null)));
        assertThat(customStatusesBobSaw).as("set while visible, so seen then").contains("coding");

        assertThat(alice.put("/v1/users/inv-alice/visibility", "{\"visibility\":\"VISIBLE\"}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "ONLINE".equals(bob.get("/v1/users/inv-alice/status").json()
                .path("status").asText()));
    }

    @Test
    @Order(3)
    void historyAndOnlineTimeRefuseBadWindowsAndCountOnlineTime() {
        login("hist-alice");
        ApiClient alice = admin.asUser("hist-alice");
        long now = System.currentTimeMillis();
        assertError(alice.get("/v1/users/hist-alice/history?from=" + now + "&to=" + (now - 1)), ErrorCode.HISTORY_WINDOW_INVERTED);
        assertError(alice.get("/v1/users/hist-alice/history?from=0&to=" + now), ErrorCode.HISTORY_WINDOW_TOO_LONG);
        assertError(alice.get("/v1/users/hist-alice/history?from=yesterday"), ErrorCode.BAD_REQUEST);
        assertError(alice.get("/v1/users/hist-alice/history?from=-5"), ErrorCode.BAD_REQUEST);
        assertError(alice.get("/v1/users/hist-alice/online-time?days=0"), ErrorCode.DAYS_OUT_OF_RANGE);
        assertError(alice.get("/v1/users/hist-alice/online-time?days=8"), ErrorCode.DAYS_OUT_OF_RANGE);
        assertError(alice.get("/v1/users/hist-alice/online-time?days=seven"), ErrorCode.DAYS_OUT_OF_RANGE);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode days = alice.get("/v1/users/hist-alice/online-time?days=3").json().path("days");
            assertThat(days).hasSize(3);
            assertThat(days.get(0).path("onlineMs").asLong()).isZero();
            assertThat(days.get(2).path("onlineMs").asLong()).isPositive();
        });
        JsonNode window = alice.get("/v1/users/hist-alice/history?from=" + (now - 60_000)).json();
        JsonNode intervals = window.path("intervals");
        assertThat(intervals.get(0).path("status").asText()).isEqualTo("UNLOGINED");
        assertThat(last(intervals).path("status").asText()).isEqualTo("ONLINE");
        for (int i = 1; i < intervals.size(); i++) {
            assertThat(intervals.get(i).path("from").asLong()).as("adjoining").isEqualTo(intervals.get(i - 1).path("to").asLong());
        }
    }

    /** The expiry index and the history are state stores: a restart on the same state keeps both. */
    @Test
    @Order(4)
    void anExpiryFiledBeforeARestartIsStillDecidedAndTheHistorySurvives() {
        long since = System.currentTimeMillis() - 60_000;
        login("restart-alice");
        ApiClient alice = admin.asUser("restart-alice");
        assertThat(alice.put("/v1/users/restart-alice/custom-status",
                "{\"customStatus\":\"back after the restart\",\"ttlSeconds\":45}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "back after the restart".equals(
                alice.get("/v1/users/restart-alice/status").json().path("customStatus").asText(null)));
        JsonNode before = alice.get("/v1/users/restart-alice/history?from=" + since).json().path("intervals");

        engine.close();
        startEngine();

        ApiClient again = admin.asUser("restart-alice");
        JsonNode after = again.get("/v1/users/restart-alice/history?from=" + since).json().path("intervals");
        assertThat(after.size()).isGreaterThanOrEqualTo(before.size());
        for (int i = 0; i < before.size() - 1; i++) {
            assertThat(after.get(i)).as("interval %d", i).isEqualTo(before.get(i));
        }
        StatusChange expired = new TopicReader(broker.bootstrapServers()).first(PresenceTopics.STATUS_CHANGES,
                r -> r.key().equals("restart-alice") && r.value().getReason() == ChangeReason.CUSTOM_STATUS_EXPIRED,
                PATIENCE).value();
        assertThat(expired.getOldCustomStatus()).isEqualTo("back after the restart");
    }

    private void startEngine() {
        settings.put(EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()));
        engine = PresenceEngine.start(EngineConfig.of(settings), () -> {
        });
        admin = new ApiClient(engine.httpPort());
        await().atMost(PATIENCE).until(() -> admin.get("/health/ready").status() == 200);
    }

    private void login(String user) {
        Answer posted = admin.post("/v1/events", Events.login(user, "phone", "s1", Platform.ANDROID));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "ONLINE".equals(admin.get("/v1/users/" + user + "/status").json()
                .path("status").asText()));
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static void assertError(Answer answer, ErrorCode code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(code.httpStatus());
        assertThat(answer.code()).as(answer.text()).isEqualTo(code.code());
    }
}

package dev.presence.api;

import dev.presence.core.settings.SettingsCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.EventProducer;
import dev.presence.testkit.FreePorts;
import dev.presence.schema.Platform;
import dev.presence.core.PresenceSettings;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.junit.jupiter.api.Test;
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
 * Event-sourced, on a real broker: a second engine with a fresh application id, fed nothing but the
 * input topics (the first engine's timeout decisions included), answers every user exactly as the
 * first one does.
 */
@EngineTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplayIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int USERS = 30;

    @TempDir
    Path brokerDir;
    @TempDir
    Path firstState;
    @TempDir
    Path replayState;

    @Test
    void aFreshApplicationIdRebuildsTheSameStatusOfEveryUserFromTheLog() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), brokerDir)) {
            try (PresenceEngine first = start(broker, "presence-replay-first", firstState);
                 EventProducer producer = new EventProducer(broker.bootstrapServers())) {
                ApiClient firstApi = new ApiClient(first.httpPort());
                List<String> users = produceHistory(producer);
                // Every session ends one way or another (the idle ones by timeout), so nothing is still
                // pending a decision when the replay runs.
                Map<String, JsonNode> expected = awaitSettled(firstApi, users);
                assertThat(expected.values()).extracting(s -> s.path("status").asText())
                        .contains("OFFLINE", "UNLOGINED");

                try (PresenceEngine replay = start(broker, "presence-replay-second", replayState)) {
                    ApiClient replayApi = new ApiClient(replay.httpPort());
                    await().atMost(PATIENCE).untilAsserted(() -> {
                        for (String user : users) {
                            assertThat(status(replayApi, user)).as(user).isEqualTo(expected.get(user));
                        }
                    });
                }
            }
        }
    }

    /** A mix over many users: logins on several devices, custom statuses, disconnects, logouts, idle sessions. */
    private static List<String> produceHistory(EventProducer producer) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String user = "replay-user-" + i;
            users.add(user);
            producer.json(user, Events.login(user, "phone", "s1", Platform.ANDROID));
            if (i % 2 == 0) {
                producer.json(user, Events.login(user, "laptop", "s2", Platform.MAC));
            }
            producer.json(user, Events.customStatus(user, "mood " + i));
            switch (i % 5) {
                case 0 -> producer.json(user, Events.logout(user, "phone"));
                case 1 -> producer.json(user, Events.disconnect(user, "phone", "s1"));
                case 2 -> producer.json(user, Events.customStatus(user, ""));
                case 3 -> producer.json(user, Events.logout(user, "phone"));
                default -> producer.json(user, Events.heartbeat(user, "phone", "s1"));
            }
            if (i % 3 == 0) {
                producer.json(user, Events.logout(user, "laptop"));
            }
        }
        return users;
    }

    /** Waits until every session of every user has ended (logged out, disconnected or timed out). */
    private static Map<String, JsonNode> awaitSettled(ApiClient api, List<String> users) {
        Map<String, JsonNode> settled = new HashMap<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String user : users) {
                JsonNode status = status(api, user);
                assertThat(status.path("status").asText()).as(user).isNotEqualTo("ONLINE");
                settled.put(user, status);
            }
        });
        return settled;
    }

    private static JsonNode status(ApiClient api, String user) {
        ApiClient.Answer answer = api.get("/v1/users/" + user + "/status?detail=true");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static PresenceEngine start(EmbeddedKafkaBroker broker, String applicationId, Path stateDir) {
        Map<String, String> settings = Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                EngineConfig.APPLICATION_ID, applicationId,
                EngineConfig.STATE_DIR, stateDir.toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, "3",
                EngineConfig.COMMIT_INTERVAL_MS, "50",
                SettingsCatalogue.HEARTBEAT_TIMEOUT.key(), "2000",
                SettingsCatalogue.TIMEOUT_CHECK_INTERVAL.key(), "200");
        PresenceEngine engine = PresenceEngine.start(EngineConfig.of(settings), () -> {
        });
        ApiClient api = new ApiClient(engine.httpPort());
        await().atMost(PATIENCE).until(() -> api.get("/health/ready").status() == 200);
        return engine;
    }
}

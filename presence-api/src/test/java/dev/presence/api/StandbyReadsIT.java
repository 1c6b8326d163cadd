package dev.presence.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.Closing;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.api.support.EventProducer;
import dev.presence.testkit.FreePorts;
import dev.presence.schema.Platform;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Reads from standby copies (num.standby.replicas=1) while a key's owner cannot answer. Two
 * instances with one application id: "reader" allows standby reads ({@code query.standby.max.lag}),
 * "strict" does not. With two instances and one standby each, every partition's standby is on the
 * other instance, so each holds a copy of everything the other owns.
 *
 * <p>An owner that was just stopped is, for the others, an address that refuses their calls while
 * the group still lists it as the owner (its REST API stops first; its partitions move once it has
 * left the group). Each instance here advertises (application.server) a port nobody listens on, so
 * that moment lasts as long as the test needs, with no timing involved: forwarded calls fail at once,
 * as they do to a stopped instance. The real stop comes last, with the move it causes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EngineTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandbyReadsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String STALE = "X-Presence-Stale";
    private static final long MAX_LAG = 1_000;
    private static final List<String> USERS = IntStream.range(0, 16).mapToObj(i -> "standby-" + i).toList();

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine reader;
    private PresenceEngine strict;
    private HostInfo readerAddress;
    private HostInfo strictAddress;
    private ApiClient readerApi;
    private ApiClient strictApi;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        readerAddress = new HostInfo("127.0.0.1", FreePorts.next());
        strictAddress = new HostInfo("127.0.0.1", FreePorts.next());
        Map<String, String> readerSettings = settings("reader", readerAddress);
        readerSettings.put(EngineConfig.QUERY_STANDBY_MAX_LAG, Long.toString(MAX_LAG));
        reader = PresenceEngine.start(EngineConfig.of(readerSettings), () -> { });
        strict = PresenceEngine.start(EngineConfig.of(settings("strict", strictAddress)), () -> { });
        readerApi = new ApiClient(reader.httpPort());
        strictApi = new ApiClient(strict.httpPort());
        try (EventProducer producer = new EventProducer(broker.bootstrapServers())) {
            USERS.forEach(user -> producer.json(user, Events.login(user, "phone", "s1", Platform.ANDROID)));
        }
        // Settled: both own partitions, each answers its own users, and the reader's copies of the
        // strict instance's partitions have caught up with the logins.
        await().atMost(PATIENCE).until(() -> {
            Map<HostInfo, List<String>> owned = ownedBy();
            return owned.size() == 2
                    && owned.get(strictAddress).stream().allMatch(user -> isOnline(strictApi.get(statusOf(user))))
                    && USERS.stream().allMatch(user -> isOnline(readerApi.get(statusOf(user))));
        });
    }

    @AfterAll
    void stop() {
        Closing.all(strict, reader, broker);
    }

    @Test
    @Order(1)
    void withStandbyReadsAKeyWhoseOwnerDoesNotAnswerIsAnsweredFromTheStandbyAndMarkedStale() {
        Map<HostInfo, List<String>> owned = ownedBy();
        String ownedElsewhere = owned.get(strictAddress).get(0);
        String ownedHere = owned.get(readerAddress).get(0);

        Answer stale = readerApi.get(statusOf(ownedElsewhere) + "?detail=true");
        assertThat(stale.status()).as(stale.text()).isEqualTo(200);
        assertThat(stale.json().path("status").asText()).isEqualTo("ONLINE");
        assertThat(stale.json().path("clients").get(0).path("clientId").asText()).isEqualTo("phone");
        assertThat(stale.header(STALE)).as("the answer says it may be stale, and by how much")
                .hasValueSatisfying(lag -> assertThat(Long.parseLong(lag)).isBetween(0L, MAX_LAG));

        Answer current = readerApi.get(statusOf(ownedHere));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header(STALE)).as("its own partitions are current").isEmpty();

        // A batch over both: every status answered, in order, and the whole answer marked.
        Answer batch = readerApi.post("/v1/statuses/query", queryOf(List.of(ownedHere, ownedElsewhere, "standby-never-seen")));
        assertThat(batch.status()).as(batch.text()).isEqualTo(200);
        assertThat(batch.json().path("statuses")).extracting(s -> s.path("userId").asText() + "/" + s.path("status").asText())
                .containsExactly(ownedHere + "/ONLINE", ownedElsewhere + "/ONLINE", "standby-never-seen/UNLOGINED");
        assertThat(batch.header(STALE)).isPresent();
    }

    @Test
    @Order(2)
    void withoutStandbyReadsTheAnswerIsUnavailableWithRetryAfterAndComesAtOnce() {
        Map<HostInfo, List<String>> owned = ownedBy();
        String ownedElsewhere = owned.get(readerAddress).get(0);
        String ownedHere = owned.get(strictAddress).get(0);

        for (Answer refused : List.of(strictApi.get(statusOf(ownedElsewhere)),
                strictApi.post("/v1/statuses/query", queryOf(List.of(ownedHere, ownedElsewhere))))) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE.code());
            assertThat(refused.retryAfter()).isPresent();
            assertThat(refused.header(STALE)).isEmpty();
        }
        Answer own = strictApi.get(statusOf(ownedHere));
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        assertThat(own.header(STALE)).isEmpty();
    }

    @Test
    @Order(3)
    void onceTheOwnerHasReallyStoppedAndItsPartitionsMovedTheSurvivorAnswersForEveryoneAsOwner() {
        List<String> movingUsers = ownedBy().get(strictAddress);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(strict::close);

        // While the partitions move: every answer is the right status (perhaps marked stale) or a 503
        // with Retry-After; never an error, a wrong status, or a wait.
        List<String> wrong = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            boolean allCurrent = stopping.isDone() && ownedBy().keySet().equals(Set.of(readerAddress));
            for (String user : movingUsers) {
                Answer answer = readerApi.get(statusOf(user));
                if (answer.status() == 200 && isOnline(answer)) {
                    allCurrent &= answer.header(STALE).isEmpty();
                } else {
                    allCurrent = false;
                    if (answer.status() != 503 || answer.retryAfter().isEmpty()) {
                        wrong.add(user + ": " + answer.status() + " " + answer.text());
                    }
                }
            }
            return allCurrent || !wrong.isEmpty();
        });
        assertThat(wrong).isEmpty();
        stopping.join();

        Answer all = readerApi.post("/v1/statuses/query", queryOf(USERS));
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        assertThat(all.header(STALE)).isEmpty();
        assertThat(all.json().path("statuses")).allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("ONLINE"));
    }

    private Map<String, String> settings(String name, HostInfo advertised) {
        Map<String, String> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(EngineConfig.APPLICATION_ID, "presence-it-standby-reads");
        settings.put(EngineConfig.STATE_DIR, dir.resolve(name).toString());
        settings.put(EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()));
        settings.put(EngineConfig.APPLICATION_SERVER, advertised.host() + ":" + advertised.port());
        settings.put(EngineConfig.TOPIC_PARTITIONS, "4");
        settings.put(EngineConfig.COMMIT_INTERVAL_MS, "50");
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        return settings;
    }

    /** The test users by the instance that owns them, as Kafka Streams on the reader sees it. */
    private Map<HostInfo, List<String>> ownedBy() {
        try {
            return USERS.stream().collect(Collectors.groupingBy(user -> reader.streams()
                    .queryMetadataForKey(Stores.USER_STATUS, user, Serdes.String().serializer()).activeHost()))
                    .entrySet().stream().filter(e -> e.getKey().port() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (IllegalStateException notRunning) {
            return Map.of();
        }
    }

    private static String statusOf(String user) {
        return "/v1/users/" + user + "/status";
    }

    private static String queryOf(List<String> users) {
        return "{\"userIds\":[" + users.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private static boolean isOnline(Answer answer) {
        JsonNode json = answer.status() == 200 ? answer.json() : null;
        return json != null && json.path("status").asText().equals("ONLINE");
    }
}

package dev.presence.api;

import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.query.PeerPaths;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.api.support.Closing;
import dev.presence.api.support.CuttableLink;
import dev.presence.api.support.EventProducer;
import dev.presence.testkit.FreePorts;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.schema.Platform;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.Events;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances, one standby each: for a user whose owner and standby are both other instances
 * than the one asked, a query the owner cannot answer is answered by the standby's host, marked
 * stale (issue 11: the engine-kill drill's 503s came from exactly this case). Each instance is
 * reached by the others through a {@link CuttableLink} (its advertised address), so an instance can
 * drop off for its peers while it stays in the group and its partitions stay where they are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EngineTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ForwardedStandbyReadsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String STALE = "X-Presence-Stale";
    private static final long MAX_LAG = 1_000;
    private static final List<String> USERS = IntStream.range(0, 48).mapToObj(i -> "forwarded-" + i).toList();

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private final Map<HostInfo, PresenceEngine> engines = new HashMap<>();
    private final Map<HostInfo, CuttableLink> links = new HashMap<>();
    private PresenceEngine asker;
    private HostInfo askerAddress;
    private ApiClient askerApi;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        for (String name : List.of("a", "b", "c")) {
            int httpPort = FreePorts.next();
            CuttableLink link = new CuttableLink(httpPort);
            HostInfo address = new HostInfo("127.0.0.1", link.port());
            PresenceEngine engine = PresenceEngine.start(EngineConfig.of(settings(name, httpPort, address)), () -> { });
            engines.put(address, engine);
            links.put(address, link);
            if (asker == null) {
                asker = engine;
                askerAddress = address;
                askerApi = new ApiClient(engine.httpPort());
            }
        }
        try (EventProducer producer = new EventProducer(broker.bootstrapServers())) {
            USERS.forEach(user -> producer.json(user, Events.login(user, "phone", "s1", Platform.ANDROID)));
        }
        // Settled: every instance owns partitions, and every user is answered ONLINE, fresh.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> USERS.stream().map(this::metadata).map(KeyQueryMetadata::activeHost)
                .distinct().count() == 3
                && USERS.stream().allMatch(user -> {
                    Answer answer = askerApi.get(statusOf(user));
                    return answer.status() == 200 && answer.header(STALE).isEmpty()
                            && answer.json().path("status").asText().equals("ONLINE");
                }));
    }

    @AfterAll
    void stop() {
        Closing.all(links.values().toArray(AutoCloseable[]::new));
        Closing.all(engines.values().toArray(AutoCloseable[]::new));
        Closing.all(broker);
    }

    @Test
    @Order(1)
    void theStandbyHostAnswersMarkedStaleWhenTheOwnerDoesNotAnswerAndTheAskedInstanceHasNoCopy() {
        String user = userWithOwnerAndStandbyElsewhere();
        KeyQueryMetadata where = metadata(user);
        String ownedHere = USERS.stream().filter(u -> metadata(u).activeHost().equals(askerAddress)).findFirst().orElseThrow();

        links.get(where.activeHost()).cut();

        Answer stale = askerApi.get(statusOf(user) + "?detail=true");
        assertThat(stale.status()).as(stale.text()).isEqualTo(200);
        assertThat(stale.json().path("status").asText()).isEqualTo("ONLINE");
        assertThat(stale.json().path("clients").get(0).path("clientId").asText()).isEqualTo("phone");
        assertThat(stale.header(STALE)).as("read from the standby host's copy, and marked with its lag")
                .hasValueSatisfying(lag -> assertThat(Long.parseLong(lag)).isBetween(0L, MAX_LAG));

        Answer batch = askerApi.post("/v1/statuses/query", "{\"userIds\":[\"" + ownedHere + "\",\"" + user + "\"]}");
        assertThat(batch.status()).as(batch.text()).isEqualTo(200);
        assertThat(batch.json().path("statuses")).extracting(s -> s.path("userId").asText() + "/" + s.path("status").asText())
                .containsExactly(ownedHere + "/ONLINE", user + "/ONLINE");
        assertThat(batch.header(STALE)).isPresent();

        Answer fresh = askerApi.get(statusOf(ownedHere));
        assertThat(fresh.header(STALE)).as("the asked instance's own users stay fresh").isEmpty();
    }

    @Test
    @Order(2)
    void whenTheStandbyHostDoesNotAnswerEitherTheAnswerIs503WithBothReasons() {
        String user = userWithOwnerAndStandbyElsewhere();
        KeyQueryMetadata where = metadata(user);
        links.get(where.activeHost()).cut();
        where.standbyHosts().forEach(host -> links.get(host).cut());

        Answer refused = askerApi.get(statusOf(user));
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE.code());
        assertThat(refused.retryAfter()).isPresent();
        assertThat(refused.text()).contains("did not answer either");
    }

    @Test
    @Order(3)
    void theStandbyRouteIsForPeersOnly() {
        Answer refused = askerApi.post(PeerPaths.STANDBY_STATUSES, "{\"userIds\":[\"" + USERS.get(0) + "\"]}");
        assertThat(refused.status()).as(refused.text()).isIn(401, 403);
    }

    /** A user owned by another instance than the asker, whose standby is on the third one. */
    private String userWithOwnerAndStandbyElsewhere() {
        Optional<String> found = USERS.stream().filter(user -> {
            KeyQueryMetadata where = metadata(user);
            return !where.activeHost().equals(askerAddress) && !where.standbyHosts().isEmpty()
                    && !where.standbyHosts().contains(askerAddress);
        }).findFirst();
        assertThat(found).as("with 12 partitions over three instances and one standby each, some partition is "
                + "owned and copied only elsewhere").isPresent();
        return found.get();
    }

    private KeyQueryMetadata metadata(String user) {
        return asker.streams().queryMetadataForKey(Stores.USER_STATUS, user, Serdes.String().serializer());
    }

    private Map<String, String> settings(String name, int httpPort, HostInfo advertised) {
        Map<String, String> settings = new HashMap<>();
        settings.put(EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(EngineConfig.APPLICATION_ID, "presence-it-forwarded-standby-reads");
        settings.put(EngineConfig.STATE_DIR, dir.resolve(name).toString());
        settings.put(EngineConfig.HTTP_PORT, Integer.toString(httpPort));
        settings.put(EngineConfig.APPLICATION_SERVER, advertised.host() + ":" + advertised.port());
        settings.put(EngineConfig.TOPIC_PARTITIONS, "12");
        settings.put(EngineConfig.COMMIT_INTERVAL_MS, "50");
        settings.put(EngineConfig.QUERY_STANDBY_MAX_LAG, Long.toString(MAX_LAG));
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        return settings;
    }

    private static String statusOf(String user) {
        return "/v1/users/" + user + "/status";
    }
}

package dev.presence.api;

import dev.presence.core.settings.SettingsCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.support.ApiClient;
import dev.presence.api.support.ApiClient.Answer;
import dev.presence.api.support.EventProducer;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.SseReader;
import dev.presence.api.support.StalledSseClient;
import dev.presence.api.support.TopicReader;
import dev.presence.client.InputRecords;
import dev.presence.client.PresenceProducer;
import dev.presence.client.http.Answers.SubscriptionEntry;
import dev.presence.client.http.PresenceHttpClient;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.AvroJson;
import dev.presence.testkit.Events;
import dev.presence.core.PresenceTopics;
import dev.presence.api.console.ConsoleFeed;
import dev.presence.api.http.ApiServer;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.notify.NotificationBroadcaster;
import dev.presence.api.streams.StreamsRunner;
import dev.presence.streams.PresenceTopology;
import dev.presence.testkit.EngineTest;
import dev.presence.streams.tasks.RunningTasks;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine against a real Kafka broker: Kafka records in (JSON and Avro), Kafka records out
 * (read_committed), and the REST API, with one engine per class. Which broker is the subclass's
 * choice, so the same suite runs on the embedded broker and on Testcontainers' Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class AbstractEngineIT {

    /** Generous: the engine's pace sets how fast a test passes, this only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Far above what the flood takes to arrive (a few seconds), below the idle timeout that would unblock a stuck writer. */
    private static final Duration STALLED_READER_BOUND = Duration.ofSeconds(25);

    @TempDir
    static Path stateDir;

    private String bootstrapServers;
    private Map<String, String> settings;
    private PresenceEngine engine;
    // Raw calls for what the tests check on the wire (status codes, headers, error bodies); the typed
    // client for the waits and reads any application would do.
    private ApiClient api;
    private PresenceHttpClient presence;
    private EventProducer producer;

    /** Starts (or finds) the broker; returns its bootstrap servers. */
    protected abstract String startBroker() throws Exception;

    protected abstract void stopBroker() throws Exception;

    @BeforeAll
    void startEngine() throws Exception {
        bootstrapServers = startBroker();
        settings = new HashMap<>(Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, bootstrapServers,
                EngineConfig.APPLICATION_ID, "presence-it-" + getClass().getSimpleName(),
                EngineConfig.STATE_DIR, stateDir.toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, "2",
                EngineConfig.COMMIT_INTERVAL_MS, "50",
                // Windows far longer than the calls of a test take, so the 21st call is refused however slow the machine.
                SettingsCatalogue.RATE_LIMIT_QUERY_WINDOW.key(), "600000",
                SettingsCatalogue.RATE_LIMIT_SUBSCRIBE_WINDOW.key(), "600000",
                SettingsCatalogue.RATE_LIMIT_UNSUBSCRIBE_WINDOW.key(), "600000"));
        engine = startReadyEngine();
        producer = new EventProducer(bootstrapServers);
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (engine != null) {
            engine.close();
        }
        stopBroker();
    }

    @Test
    void anEventInAPartitionItsKeyDoesNotHashToIsReroutedAndApplied() {
        // kcat's default partitioner (CRC32) puts keys elsewhere than Java's murmur2: the engine corrects it.
        String user = "crc32-user";
        int home = InputRecords.partitionOf(user, 2);
        producer.jsonToPartition(user, Events.login(user, "phone", "s1", Platform.IOS), 1 - home);

        awaitStatus(user, Status.ONLINE);
    }

    @Test
    void recordsThatStoppedTheFirstEditionAreRejectedAndTheEngineGoesOn() {
        producer.json("u1", "{\"type\":\"LOGIN\"}");
        String hugeKey = "k".repeat(600 * 1024);
        producer.json(hugeKey, Events.login("alice", "c", "s", Platform.WEB));
        // By hand with the engine's codec, not the client: the list bomb is bytes no client writes.
        byte[] header = java.util.Arrays.copyOf(AvroCodec.encode(dev.presence.schema.SubscriptionCommand.newBuilder()
                .setType(dev.presence.schema.SubscriptionCommandType.SUBSCRIBE).setUserId("bob")
                .setTargets(java.util.List.of()).build()), 10);
        byte[] bomb = java.util.Arrays.copyOf(header, 20);
        System.arraycopy(new byte[]{0, 6, 'b', 'o', 'b', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},
                0, bomb, 10, 10);
        producer.raw(Topics.SUBSCRIPTIONS, "bob", bomb);
        producer.json("after-bad-input", Events.login("after-bad-input", "c", "s", Platform.WEB));

        awaitStatus("after-bad-input", Status.ONLINE);
        TopicReader reader = new TopicReader(bootstrapServers);
        assertThat(reader.first(PresenceTopics.REJECTED, r -> new String(r.key(), StandardCharsets.UTF_8).equals("u1"), PATIENCE).value()
                .getErrorCode()).isEqualTo(ErrorCode.MISSING_FIELD.code());
        RejectedRecord keyTooLong = reader.first(PresenceTopics.REJECTED,
                r -> r.value().getKeySize() != null && r.value().getKeySize() == hugeKey.length(), PATIENCE).value();
        assertThat(keyTooLong.getErrorCode()).isEqualTo(ErrorCode.KEY_MISMATCH.code());
        assertThat(reader.first(PresenceTopics.REJECTED,
                r -> r.value().getSourceTopic().equals(Topics.SUBSCRIPTIONS), PATIENCE).value().getErrorCode())
                .isEqualTo(ErrorCode.UNREADABLE_RECORD.code());
        assertError(api.post("/v1/events", "{\"type\":\"LOGIN\"}"), ErrorCode.MISSING_FIELD);
        assertThat(api.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void jsonAndAvroEventsFromKafkaShowInRestStatusTopicAndNotifications() throws Exception {
        producer.json("json-user", Events.login("json-user", "json-phone", "s1", Platform.ANDROID));
        try (PresenceProducer avro = PresenceProducer.builder(bootstrapServers).build()) {
            avro.login("avro-user", "avro-laptop", "s1", Platform.MAC).get();
        }

        awaitStatus("json-user", Status.ONLINE);
        awaitStatus("avro-user", Status.ONLINE);

        TopicReader reader = new TopicReader(bootstrapServers);
        UserStatus published = reader.first(PresenceTopics.STATUS,
                r -> r.key().equals("avro-user") && r.value().getStatus() == Status.ONLINE, PATIENCE).value();
        assertThat(published.getClients()).extracting(c -> c.getClientId()).containsExactly("avro-laptop");
        Notification notification = reader.first(PresenceTopics.NOTIFICATIONS,
                r -> r.key().equals("json-user"), PATIENCE).value();
        assertThat(notification.getChanges()).singleElement().satisfies(change -> {
            assertThat(change.getUserId()).isEqualTo("json-user");
            assertThat(change.getStatus()).isEqualTo(Status.ONLINE);
            assertThat(change.getReason()).isEqualTo(ChangeReason.LOGIN);
        });
    }

    @Test
    void batchQueryKeepsTheOrderAskedForAndReportsEachClient() {
        Answer posted = api.post("/v1/events", array(
                Events.login("multi", "phone", "p1", Platform.IOS),
                Events.disconnect("multi", "phone", "p1"),
                Events.login("multi", "desktop", "d1", Platform.WINDOWS),
                Events.disconnect("multi", "desktop", "d1"),
                Events.login("multi", "browser", "b1", Platform.WEB)));
        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.json().path("accepted").asInt()).isEqualTo(5);

        await().atMost(PATIENCE).untilAsserted(() -> {
            Answer answer = api.post("/v1/statuses/query", "{\"userIds\":[\"never-seen\",\"multi\"],\"detail\":true}");
            assertThat(answer.status()).isEqualTo(200);
            JsonNode statuses = answer.json().path("statuses");
            assertThat(statuses).hasSize(2);
            assertThat(statuses.get(0).path("userId").asText()).isEqualTo("never-seen");
            assertThat(statuses.get(0).path("status").asText()).isEqualTo("UNLOGINED");
            assertThat(statuses.get(0).path("version").asLong()).isZero();
            assertThat(statuses.get(0).path("clients")).isEmpty();
            assertThat(statuses.get(1).path("status").asText()).isEqualTo("ONLINE");
            assertThat(clientStates(statuses.get(1)))
                    .isEqualTo(Map.of("phone", "IOS/PUSH_ONLINE", "desktop", "WINDOWS/OFFLINE", "browser", "WEB/ONLINE"));
        });
        Answer brief = api.post("/v1/statuses/query", "{\"userIds\":[\"multi\",\"never-seen\"]}");
        assertThat(brief.json().path("statuses").get(0).path("userId").asText()).isEqualTo("multi");
        assertThat(brief.json().path("statuses").get(0).has("clients")).isFalse();
        assertThat(brief.json().path("statuses").get(1).path("userId").asText()).isEqualTo("never-seen");
    }

    @Test
    void aQueryForMoreIdsThanTheLimitIsRefused() {
        String ids = IntStream.range(0, 501).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));

        Answer answer = api.post("/v1/statuses/query", "{\"userIds\":[" + ids + "]}");

        assertError(answer, ErrorCode.TOO_MANY_IDS);
    }

    @Test
    void customStatusIsAcceptedOnlyWhileOnlineAndWithinTheLimit() {
        producer.json("singer", Events.login("singer", "phone", "s1", Platform.ANDROID));
        awaitStatus("singer", Status.ONLINE);

        Answer accepted = api.put("/v1/users/singer/custom-status", "{\"customStatus\":\"listening to music\"}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("customStatus").asText()).isEqualTo("listening to music");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.get("/v1/users/singer/status").json().path("customStatus").asText())
                        .isEqualTo("listening to music"));

        assertError(api.put("/v1/users/nobody-here/custom-status", "{\"customStatus\":\"hi\"}"), ErrorCode.NOT_ONLINE);
        assertError(api.put("/v1/users/singer/custom-status", "{\"customStatus\":\"" + "x".repeat(101) + "\"}"),
                ErrorCode.CUSTOM_STATUS_TOO_LONG);
    }

    @Test
    void clearingTheCustomStatusWithEmptyOrNullClearsItWhileOnlineAndChangesNothingOtherwise() {
        producer.json("clearer", Events.login("clearer", "phone", "s1", Platform.ANDROID));
        awaitStatus("clearer", Status.ONLINE);
        for (String clear : List.of("\"\"", "null")) {
            Answer set = api.put("/v1/users/clearer/custom-status", "{\"customStatus\":\"busy\"}");
            assertThat(set.status()).as(set.text()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> api.get("/v1/users/clearer/status").json().path("customStatus").asText(),
                    "busy"::equals);

            Answer cleared = api.put("/v1/users/clearer/custom-status", "{\"customStatus\":" + clear + "}");

            assertThat(cleared.status()).as(clear + ": " + cleared.text()).isEqualTo(202);
            assertThat(cleared.json().path("customStatus").isNull()).as(cleared.text()).isTrue();
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode status = api.get("/v1/users/clearer/status").json();
                assertThat(status.path("status").asText()).isEqualTo("ONLINE");
                assertThat(status.path("customStatus").isNull()).as(status.toString()).isTrue();
            });
        }

        // Not ONLINE: OFFLINE (logged in, disconnected) and never seen. Clearing is accepted and changes
        // nothing; setting is still refused.
        producer.json("clearer-away", Events.login("clearer-away", "desk", "s1", Platform.WINDOWS));
        producer.json("clearer-away", Events.disconnect("clearer-away", "desk", "s1"));
        awaitStatus("clearer-away", Status.OFFLINE);
        long offlineVersion = api.get("/v1/users/clearer-away/status").json().path("version").asLong();
        for (String user : List.of("clearer-away", "clearer-never-seen")) {
            for (String body : List.of("{\"customStatus\":\"\"}", "{\"customStatus\":null}", "{}")) {
                Answer cleared = api.put("/v1/users/" + user + "/custom-status", body);
                assertThat(cleared.status()).as(user + " " + body + ": " + cleared.text()).isEqualTo(202);
                assertThat(cleared.json().path("customStatus").isNull()).isTrue();
            }
            assertError(api.put("/v1/users/" + user + "/custom-status", "{\"customStatus\":\"hi\"}"), ErrorCode.NOT_ONLINE);
        }
        // A login written after the clears is applied after them (one partition per user): had a clear changed
        // anything, the version would have moved twice.
        producer.json("clearer-away", Events.login("clearer-away", "desk", "s2", Platform.WINDOWS));
        producer.json("clearer-never-seen", Events.login("clearer-never-seen", "desk", "s1", Platform.WINDOWS));
        awaitStatus("clearer-away", Status.ONLINE);
        awaitStatus("clearer-never-seen", Status.ONLINE);
        JsonNode away = api.get("/v1/users/clearer-away/status").json();
        assertThat(away.path("version").asLong()).as(away.toString()).isEqualTo(offlineVersion + 1);
        assertThat(away.path("customStatus").isNull()).isTrue();
        JsonNode neverSeen = api.get("/v1/users/clearer-never-seen/status").json();
        assertThat(neverSeen.path("version").asLong()).as(neverSeen.toString()).isEqualTo(1);
        assertThat(neverSeen.path("customStatus").isNull()).isTrue();
    }

    @Test
    void aLiveChangeOfMaxUsersPerQueryAppliesToQueriesUntilItIsDeleted() {
        String four = "{\"userIds\":[\"q1\",\"q2\",\"q3\",\"q4\"]}";
        String three = "{\"userIds\":[\"q1\",\"q2\",\"q3\"]}";
        assertThat(api.post("/v1/statuses/query", four).status()).isEqualTo(200);
        try {
            Answer lowered = api.put("/v1/admin/settings/maxUsersPerQuery", "{\"value\":\"3\"}");
            assertThat(lowered.status()).as(lowered.text()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> api.post("/v1/statuses/query", four).status() != 200);

            Answer refused = api.post("/v1/statuses/query", four);
            assertError(refused, ErrorCode.TOO_MANY_IDS);
            assertThat(refused.json().path("message").asText()).contains("at most 3");
            assertThat(api.post("/v1/statuses/query", three).json().path("statuses")).hasSize(3);
            assertThat(api.get("/v1/admin/settings").json().path("settings").path("maxUsersPerQuery").asText()).isEqualTo("3");
        } finally {
            assertThat(api.delete("/v1/admin/settings/maxUsersPerQuery", null).status()).isEqualTo(202);
        }
        await().atMost(PATIENCE).until(() -> api.post("/v1/statuses/query", four).status() == 200);
        assertThat(api.post("/v1/statuses/query", four).json().path("statuses")).hasSize(4);
        assertThat(api.get("/v1/admin/settings").json().path("settings").path("maxUsersPerQuery").asText()).isEqualTo("500");
        assertThat(api.get("/v1/admin/settings").json().path("overrides").has("maxUsersPerQuery")).isFalse();
    }

    @Test
    void mintingATokenWithoutAnAuthSecretIsNotFound() {
        Answer asAdmin = api.post("/v1/admin/tokens", "{\"userId\":\"alice\",\"ttlSeconds\":60}");

        assertError(asAdmin, ErrorCode.NOT_FOUND);
        assertThat(asAdmin.json().path("message").asText()).contains("auth.secret");
        // Still an admin call: a user is refused before the missing secret matters.
        assertError(api.asUser("alice").post("/v1/admin/tokens", "{\"userId\":\"alice\"}"), ErrorCode.FORBIDDEN);
    }

    @Test
    void anArrayOfEventsIsWrittenWholeOrNotAtAll() throws Exception {
        long before = eventsEndOffset();
        Answer refused = api.post("/v1/events", array(
                Events.login("batch", "phone", "s1", Platform.ANDROID),
                "{\"type\":\"LOGIN\",\"userId\":\"batch\",\"sessionId\":\"s2\",\"platform\":\"WEB\"}"));
        assertError(refused, ErrorCode.MISSING_FIELD);
        assertThat(refused.json().path("message").asText()).startsWith("event 1:").contains("clientId");

        Answer engineOnly = api.post("/v1/events", Events.timedOut("batch", "phone", "s1", 1L));
        assertError(engineOnly, ErrorCode.ENGINE_ONLY_EVENT);
        assertThat(eventsEndOffset()).isEqualTo(before);

        Answer accepted = api.post("/v1/events", array(Events.login("batch", "phone", "s1", Platform.ANDROID)));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(eventsEndOffset()).isEqualTo(before + 1);
        awaitStatus("batch", Status.ONLINE);
    }

    @Test
    void malformedCallsAnswerWithTheirErrorCode() {
        assertError(api.get("/v1/users/" + "u".repeat(129) + "/status"), ErrorCode.INVALID_FIELD);
        assertError(api.post("/v1/statuses/query", "{\"userIds\":["), ErrorCode.BAD_REQUEST);
        assertError(api.post("/v1/statuses/query", "{\"userIds\":[\"\"]}"), ErrorCode.INVALID_FIELD);
        assertError(api.post("/v1/events", "{\"type\":\"LOGIN\",\"userid\":\"typo\"}"), ErrorCode.INVALID_FIELD);
        assertError(api.get("/v1/no-such-thing"), ErrorCode.NOT_FOUND);
        assertError(api.post("/v1/events", "[" + "{},".repeat(1_000_000) + "{}]"), ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void aClientStillSendingALargeBodyReadsThe413InsteadOfABrokenConnection() {
        // Three times the 1 MiB limit, more than the sockets buffer: the client is still writing when the
        // engine has decided. The engine reads the body to its end before answering, so the answer arrives.
        String large = "[" + "{},".repeat(1_000_000) + "{}]";

        for (int i = 0; i < 10; i++) {
            assertError(api.post("/v1/events", large), ErrorCode.BODY_TOO_LARGE);
        }
    }

    @Test
    void healthAndMetricsAnswer() {
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        Answer metrics = api.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("kafka_stream_").contains("kafka_producer_").contains("jvm_memory_used_bytes");
    }

    @Test
    void theEnginesOwnMetricsCountWhatItDid() {
        api.post("/v1/events", Events.login("metrics-alice", "phone", "s1", Platform.ANDROID));
        api.post("/v1/events", Events.heartbeat("metrics-alice", "phone", "other-session"));
        producer.json("metrics-mallory", "{\"type\":\"LOGIN\",\"userId\":\"metrics-mallory\"}");
        await().atMost(PATIENCE).untilAsserted(() -> {
            String text = api.get("/metrics").text();
            assertThat(metric(text, "presence_events_applied_total")).isGreaterThanOrEqualTo(1);
            assertThat(metric(text, "presence_events_ignored_total")).isGreaterThanOrEqualTo(1);
            assertThat(metric(text, "presence_records_rejected_total{code=\"" + ErrorCode.INVALID_FIELD.code() + "\"}")
                    + metric(text, "presence_records_rejected_total{code=\"" + ErrorCode.MISSING_FIELD.code() + "\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric(text, "presence_occupancy_users{status=\"online\"}")).isGreaterThanOrEqualTo(1);
        });
        api.get("/v1/users/metrics-alice/status");
        String text = api.get("/metrics").text();
        assertThat(text).contains("presence_http_requests_seconds_count{method=\"GET\",route=\"/v1/users/{userId}/status\",status=\"200\"}")
                .contains("presence_notifications_written_total").contains("presence_timeouts_decided_total")
                .contains("presence_fanout_backlog").contains("presence_notification_streams_open")
                .contains("presence_notification_streams_dropped_total").contains("presence_queries_forwarded_total")
                .contains("presence_queries_forward_failed_total").contains("presence_http_rate_limited_total")
                .doesNotContain("route=\"/v1/users/metrics-alice/status\"");
    }

    /** The value of one series of the Prometheus text ({@code name} with its labels as printed), 0 when absent. */
    private static double metric(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void aRestartedEngineKeepsItsStateAndAnswersTheSame() {
        producer.json("steady", Events.login("steady", "phone", "s1", Platform.IOS));
        producer.json("steady", Events.customStatus("steady", "back soon"));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.get("/v1/users/steady/status").json().path("customStatus").asText()).isEqualTo("back soon"));
        String before = api.get("/v1/users/steady/status?detail=true").text();

        engine.close();
        engine = startReadyEngine();

        assertThat(api.get("/v1/users/steady/status?detail=true").text()).isEqualTo(before);
    }

    @Test
    void answersUnavailableWithRetryAfterUntilStreamsRuns() {
        Map<String, String> notStarted = new HashMap<>(settings);
        notStarted.put(EngineConfig.APPLICATION_ID, "presence-it-never-started");
        int port = FreePorts.next();
        notStarted.put(EngineConfig.HTTP_PORT, Integer.toString(port));
        EngineConfig config = EngineConfig.of(notStarted);
        try (StreamsRunner runner = new StreamsRunner(PresenceTopology.build(config.presenceSettings()),
                     config.streamsProperties(bootstrapServers, 1, config.applicationServer()), () -> {
                     });
             RecordPublisher publisher = new RecordPublisher(
                     config.clientProperties(bootstrapServers, ProducerConfig.configNames()));
             EngineMetrics metrics = new EngineMetrics(runner.streams(), publisher.producer());
             NotificationBroadcaster broadcaster = new NotificationBroadcaster(
                     config.clientProperties(bootstrapServers, ConsumerConfig.configNames()));
             ConsoleFeed consoleFeed = new ConsoleFeed(
                     config.clientProperties(bootstrapServers, ConsumerConfig.configNames()), Clock.systemUTC());
             ApiServer server = ApiServer.start("127.0.0.1", port, PresenceEngine.apiParts(config, config.presenceSettings(),
                     runner, new RunningTasks(), publisher, broadcaster, metrics, consoleFeed))) {
            ApiClient created = new ApiClient(server.port());

            for (Answer answer : List.of(created.get("/v1/users/alice/status"), created.get("/health/ready"),
                    created.post("/v1/statuses/query", "{\"userIds\":[\"alice\"]}"),
                    created.put("/v1/users/alice/custom-status", "{\"customStatus\":\"hi\"}"))) {
                assertError(answer, ErrorCode.UNAVAILABLE);
                assertThat(answer.retryAfter()).as(answer.text()).isPresent();
            }
            assertThat(created.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void aSubscriberHearsOfItsTargetOnTheTopicAndOnItsNotificationStream() throws Exception {
        ApiClient bob = api.asUser("sub-bob");
        try (SseReader stream = new SseReader(bob, "/v1/users/sub-bob/notifications")) {
            Answer subscribed = bob.post("/v1/users/sub-bob/subscriptions",
                    "{\"userIds\":[\"sub-alice\",\"sub-carol\",\"sub-alice\"]}");
            assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(202);
            assertThat(subscribed.json().path("userIds")).extracting(JsonNode::asText).containsExactly("sub-alice", "sub-carol");

            SseReader.Event snapshot = stream.next(change("sub-alice", ChangeReason.SNAPSHOT), PATIENCE);
            assertThat(snapshot.name()).isEqualTo("notification");
            assertThat(snapshot.id()).isEqualTo("sub-alice:0");
            assertThat(AvroJson.MAPPER.readTree(snapshot.data()).path("recipient").asText()).isEqualTo("sub-bob");

            producer.json("sub-alice", Events.login("sub-alice", "phone", "s1", Platform.ANDROID));

            SseReader.Event login = stream.next(change("sub-alice", ChangeReason.LOGIN), PATIENCE);
            assertThat(login.id()).isEqualTo("sub-alice:1");
            Notification onTopic = new TopicReader(bootstrapServers).first(PresenceTopics.NOTIFICATIONS,
                    r -> r.key().equals("sub-bob") && r.value().getChanges().get(0).getReason() == ChangeReason.LOGIN,
                    PATIENCE).value();
            assertThat(onTopic.getChanges().get(0).getUserId()).isEqualTo("sub-alice");
            assertThat(onTopic.getChanges().get(0).getStatus()).isEqualTo(Status.ONLINE);
        }
    }

    @Test
    void aStreamThatStopsReadingDelaysNoOtherStream() throws Exception {
        // About 3 MB of events: more than a stalled client's socket buffers hold (1.7 MB seen on loopback).
        int flood = 12_000;
        String user = "sse-crowd";
        producer.json(user, Events.login(user, "phone", "s1", Platform.ANDROID));
        awaitStatus(user, Status.ONLINE);
        String path = "/v1/users/" + user + "/notifications";
        try (StalledSseClient stalled = StalledSseClient.open(api, path);
             SseReader reading = new SseReader(api, path)) {
            producer.jsonAll(user, IntStream.range(0, flood).mapToObj(i -> Events.customStatus(user, flooded(i))).toList());

            // Every one, in order (next() skips what does not match, so a gap or a reordering runs out of time),
            // well before the HTTP server's idle timeout (30 s) would close the stalled stream and free a waiting writer.
            long deadline = System.nanoTime() + STALLED_READER_BOUND.toNanos();
            for (int i = 0; i < flood; i++) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                SseReader.Event event = reading.next(customStatusIs(user, flooded(i)), left);
                assertThat(event.id()).startsWith(user + ":");
            }
        }
    }

    private static String flooded(int i) {
        String prefix = "flood " + i + " ";
        return prefix + "x".repeat(100 - prefix.length());
    }

    private static Predicate<SseReader.Event> customStatusIs(String userId, String customStatus) {
        return event -> {
            JsonNode change = readJson(event.data()).path("changes").path(0);
            return change.path("userId").asText().equals(userId)
                    && change.path("customStatus").asText().equals(customStatus);
        };
    }

    @Test
    void subscriptionsAreListedOldestFirstAndRemovedByUnsubscribing() {
        ApiClient dan = api.asUser("list-dan");
        assertThat(subscriptionsOf("list-dan")).isEmpty();

        assertThat(dan.post("/v1/users/list-dan/subscriptions", "{\"userIds\":[\"t1\",\"t2\",\"t3\"]}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> subscriptionsOf("list-dan"), hasExactly("t1", "t2", "t3"));
        assertThat(dan.post("/v1/users/list-dan/subscriptions", "{\"userIds\":[\"t1\"]}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> subscriptionsOf("list-dan"), hasExactly("t2", "t3", "t1"));

        assertThat(dan.delete("/v1/users/list-dan/subscriptions", "{\"userIds\":[\"t3\"]}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> subscriptionsOf("list-dan"), hasExactly("t2", "t1"));
        // No silent wipe: no body, an empty list or a bad "all" is refused, and nothing changes.
        assertError(dan.delete("/v1/users/list-dan/subscriptions", null), ErrorCode.BAD_REQUEST);
        assertThat(dan.delete("/v1/users/list-dan/subscriptions", null).json().path("message").asText()).contains("?all=true");
        assertError(dan.delete("/v1/users/list-dan/subscriptions", "{\"userIds\":[]}"), ErrorCode.BAD_REQUEST);
        assertError(dan.delete("/v1/users/list-dan/subscriptions", "{}"), ErrorCode.BAD_REQUEST);
        assertError(dan.delete("/v1/users/list-dan/subscriptions?all=yes", null), ErrorCode.BAD_REQUEST);
        assertError(dan.delete("/v1/users/list-dan/subscriptions?all=true", "{\"userIds\":[\"t1\"]}"), ErrorCode.BAD_REQUEST);
        assertThat(subscriptionsOf("list-dan")).containsExactly("t2", "t1");
        Answer all = dan.delete("/v1/users/list-dan/subscriptions?all=true", null);
        assertThat(all.status()).as(all.text()).isEqualTo(202);
        assertThat(all.json().path("type").asText()).isEqualTo("UNSUBSCRIBE_ALL");
        await().atMost(PATIENCE).until(() -> subscriptionsOf("list-dan"), hasExactly());
    }

    @Test
    void subscriptionCallsBreakingARuleAreRefusedBeforeAnythingIsWritten() throws Exception {
        long before = endOffset(Topics.SUBSCRIPTIONS);
        ApiClient eve = api.asUser("rule-eve");
        String tooMany = IntStream.range(0, 101).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));

        assertError(eve.post("/v1/users/rule-eve/subscriptions", "{\"userIds\":[\"x\",\"rule-eve\"]}"), ErrorCode.SELF_SUBSCRIPTION);
        assertError(eve.post("/v1/users/rule-eve/subscriptions", "{\"userIds\":[" + tooMany + "]}"), ErrorCode.TOO_MANY_TARGETS);
        assertError(eve.post("/v1/users/rule-eve/subscriptions", "{\"userIds\":[\"\"]}"), ErrorCode.INVALID_FIELD);
        assertError(eve.post("/v1/users/rule-eve/subscriptions", "{\"userIds\":[]}"), ErrorCode.MISSING_FIELD);
        assertError(eve.post("/v1/users/someone-else/subscriptions", "{\"userIds\":[\"x\"]}"), ErrorCode.FORBIDDEN);
        assertError(eve.get("/v1/users/someone-else/subscriptions"), ErrorCode.FORBIDDEN);
        assertError(eve.get("/v1/users/someone-else/notifications"), ErrorCode.FORBIDDEN);
        assertError(eve.post("/v1/events", Events.login("rule-eve", "phone", "s1", Platform.WEB)), ErrorCode.FORBIDDEN);

        assertThat(endOffset(Topics.SUBSCRIPTIONS)).isEqualTo(before);
    }

    @Test
    void switchingStatusQueryAndNotifyOffRefusesOthersButNeverOneselfOrTheAdmin() {
        ApiClient fay = api.asUser("switch-fay");
        ApiClient ivy = api.asUser("switch-ivy");
        try {
            Answer off = api.put("/v1/admin/settings/statusQueryAndNotify", "{\"value\":\"false\"}");
            assertThat(off.status()).as(off.text()).isEqualTo(202);
            await().atMost(PATIENCE).until(() ->
                    fay.post("/v1/users/switch-fay/subscriptions", "{\"userIds\":[\"x\"]}").code() == ErrorCode.FEATURE_DISABLED.code());

            assertError(fay.delete("/v1/users/switch-fay/subscriptions?all=true", null), ErrorCode.FEATURE_DISABLED);
            assertError(fay.get("/v1/users/other/status"), ErrorCode.FEATURE_DISABLED);
            assertError(fay.post("/v1/statuses/query", "{\"userIds\":[\"switch-fay\",\"other\"]}"), ErrorCode.FEATURE_DISABLED);
            assertThat(fay.get("/v1/users/switch-fay/status").status()).isEqualTo(200);
            assertThat(fay.post("/v1/statuses/query", "{\"userIds\":[\"switch-fay\"]}").status()).isEqualTo(200);
            assertThat(api.get("/v1/users/other/status").status()).isEqualTo(200);

            JsonNode listed = api.get("/v1/admin/settings").json();
            assertThat(listed.path("settings").path("statusQueryAndNotify").asText()).isEqualTo("false");
            assertThat(listed.path("startup").path("statusQueryAndNotify").asText()).isEqualTo("true");
            assertThat(listed.path("overrides").path("statusQueryAndNotify").asText()).isEqualTo("false");
            assertError(api.put("/v1/admin/settings/statusQueryAndNotify", "{\"value\":\"maybe\"}"), ErrorCode.INVALID_FIELD);
            assertError(api.put("/v1/admin/settings/noSuchSetting", "{\"value\":\"1\"}"), ErrorCode.NOT_FOUND);
            assertError(fay.put("/v1/admin/settings/statusQueryAndNotify", "{\"value\":\"true\"}"), ErrorCode.FORBIDDEN);
            // Refused with 72001: not counted toward ivy's rate limit (checked once the switch is back on).
            for (int call = 0; call < 6; call++) {
                assertError(ivy.get("/v1/users/other/status"), ErrorCode.FEATURE_DISABLED);
                assertError(ivy.post("/v1/statuses/query", "{\"userIds\":[\"other\"]}"), ErrorCode.FEATURE_DISABLED);
                assertError(ivy.post("/v1/users/switch-ivy/subscriptions", "{\"userIds\":[\"x\"]}"), ErrorCode.FEATURE_DISABLED);
                assertError(ivy.delete("/v1/users/switch-ivy/subscriptions?all=true", null), ErrorCode.FEATURE_DISABLED);
            }
        } finally {
            assertThat(api.delete("/v1/admin/settings/statusQueryAndNotify", null).status()).isEqualTo(202);
        }
        await().atMost(PATIENCE).until(() -> fay.post("/v1/users/switch-fay/subscriptions", "{\"userIds\":[\"x\"]}").status() == 202);
        assertThat(api.get("/v1/admin/settings").json().path("overrides").has("statusQueryAndNotify")).isFalse();
        assertTwentyCallsAboutOthersThenRateLimited(ivy, "switch-ivy");
    }

    @Test
    void aWriteWaitingForItsVerdictAnswersTheResultingStatusAndVersion() {
        producer.json("wait-amy", Events.login("wait-amy", "phone", "s1", Platform.ANDROID));
        awaitStatus("wait-amy", Status.ONLINE);
        ApiClient amy = api.asUser("wait-amy").withHeader("Prefer", "wait=10");
        long before = api.get("/v1/users/wait-amy/status").json().path("version").asLong();

        Answer set = amy.put("/v1/users/wait-amy/custom-status", "{\"customStatus\":\"in a meeting\"}");
        Answer again = amy.put("/v1/users/wait-amy/custom-status", "{\"customStatus\":\"in a meeting\"}");

        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.header("Preference-Applied")).contains("wait=10");
        assertThat(set.json().path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(set.json().path("status").path("customStatus").asText()).isEqualTo("in a meeting");
        assertThat(set.json().path("status").path("version").asLong()).isEqualTo(before + 1);
        assertThat(set.json().path("eventId").asText()).isNotBlank();
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("outcome").asText()).as("unchanged: nothing to apply").isEqualTo("IGNORED");
        assertThat(again.json().path("status").path("version").asLong()).isEqualTo(before + 1);

        Answer subscribed = amy.post("/v1/users/wait-amy/subscriptions", "{\"userIds\":[\"wait-bo\",\"wait-cy\"]}");
        assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(200);
        assertThat(subscribed.json().path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(subscribed.json().path("subscriptions").findValuesAsText("userId")).containsExactly("wait-bo", "wait-cy");
        Answer notHeld = amy.delete("/v1/users/wait-amy/subscriptions", "{\"userIds\":[\"wait-dee\"]}");
        assertThat(notHeld.status()).as(notHeld.text()).isEqualTo(200);
        assertThat(notHeld.json().path("outcome").asText()).isEqualTo("IGNORED");
        Answer all = amy.delete("/v1/users/wait-amy/subscriptions?all=true", null);
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        assertThat(all.json().path("subscriptions")).isEmpty();
    }

    @Test
    void aWriteTheTopologyRefusesAnswersTheRefusal() {
        ApiClient waiting = api.withHeader("Prefer", "wait=10");
        // Admin events are not checked against the store: the fold refuses a custom status of a user not ONLINE.
        Answer refused = waiting.post("/v1/events", "{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"wait-gone\",\"customStatus\":\"hi\"}");
        assertError(refused, ErrorCode.NOT_ONLINE);
        assertThat(refused.header("Preference-Applied")).contains("wait=10");

        Answer batch = waiting.post("/v1/events", "[" + Events.login("wait-eve", "phone", "s1", Platform.WEB)
                + ",{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"wait-gone\",\"customStatus\":\"hi\"}"
                + "," + Events.heartbeat("wait-gone", "phone", "s1") + "]");
        assertThat(batch.status()).as(batch.text()).isEqualTo(200);
        JsonNode events = batch.json().path("events");
        assertThat(events.get(0).path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(events.get(0).path("status").path("status").asText()).isEqualTo("ONLINE");
        assertThat(events.get(1).path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(events.get(1).path("error").path("code").asInt()).isEqualTo(ErrorCode.NOT_ONLINE.code());
        assertThat(events.get(2).path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(events.get(2).path("status").path("status").asText()).isEqualTo("UNLOGINED");
    }

    @Test
    void withoutAWaitPreferenceAWriteAnswers202AsBefore() {
        producer.json("nowait-fin", Events.login("nowait-fin", "phone", "s1", Platform.ANDROID));
        awaitStatus("nowait-fin", Status.ONLINE);
        String path = "/v1/users/nowait-fin/custom-status";
        for (String prefer : List.of("", "wait=0", "respond-async", "return=minimal; foo=bar")) {
            ApiClient client = prefer.isEmpty() ? api : api.withHeader("Prefer", prefer);
            Answer answer = client.put(path, "{\"customStatus\":\"x\"}");
            assertThat(answer.status()).as(prefer + ": " + answer.text()).isEqualTo(202);
            assertThat(answer.header("Preference-Applied")).as(prefer).isEmpty();
        }
    }

    @Test
    void aMalformedWaitPreferenceIsRefusedBeforeAnythingIsWritten() throws Exception {
        producer.json("badwait-gil", Events.login("badwait-gil", "phone", "s1", Platform.ANDROID));
        awaitStatus("badwait-gil", Status.ONLINE);
        long events = eventsEndOffset();
        long subscriptions = endOffset(Topics.SUBSCRIPTIONS);
        for (String prefer : List.of("wait=abc", "wait=11", "wait=-1", "wait=", "wait", "wait=1.5", "wait=99999999999999999999",
                "wait=1, wait=2", "respond-async, wait=" + "9".repeat(300))) {
            ApiClient client = api.asUser("badwait-gil").withHeader("Prefer", prefer);
            assertError(client.put("/v1/users/badwait-gil/custom-status", "{\"customStatus\":\"x\"}"), ErrorCode.INVALID_PREFER);
            assertError(client.post("/v1/users/badwait-gil/subscriptions", "{\"userIds\":[\"x\"]}"), ErrorCode.INVALID_PREFER);
            assertError(api.withHeader("Prefer", prefer).post("/v1/events", Events.logout("badwait-gil", "phone")),
                    ErrorCode.INVALID_PREFER);
        }
        assertThat(eventsEndOffset()).isEqualTo(events);
        assertThat(endOffset(Topics.SUBSCRIPTIONS)).isEqualTo(subscriptions);
        // Refused calls cost no budget: the subscribe budget is whole.
        assertSubscribeAndUnsubscribeBudgetsWhole(api.asUser("badwait-gil"), "badwait-gil");
    }

    @Test
    void occupancyCountsEveryUserSeenByGeneralStatus() {
        JsonNode before = api.get("/v1/occupancy").json();
        producer.json("occ-ann", Events.login("occ-ann", "phone", "s1", Platform.ANDROID));
        producer.json("occ-ben", Events.login("occ-ben", "phone", "s1", Platform.ANDROID));
        producer.json("occ-ben", Events.disconnect("occ-ben", "phone", "s1"));
        producer.json("occ-cat", Events.login("occ-cat", "phone", "s1", Platform.ANDROID));
        producer.json("occ-cat", Events.logout("occ-cat", "phone"));
        awaitStatus("occ-cat", Status.UNLOGINED);
        awaitStatus("occ-ben", Status.OFFLINE);
        awaitStatus("occ-ann", Status.ONLINE);

        Answer after = api.asUser("occ-ann").get("/v1/occupancy");

        assertThat(after.status()).as(after.text()).isEqualTo(200);
        assertThat(after.json().path("online").asLong()).isEqualTo(before.path("online").asLong() + 1);
        assertThat(after.json().path("offline").asLong()).isEqualTo(before.path("offline").asLong() + 1);
        assertThat(after.json().path("unlogined").asLong()).isEqualTo(before.path("unlogined").asLong() + 1);
        assertThat(api.get("/metrics").text()).contains("presence_occupancy_users{status=\"online\"} "
                + after.json().path("online").asLong() + ".0");
    }

    @Test
    void theTwentyFirstCallOfABudgetIsRefusedWhileTheOtherBudgetsAndOwnCallsStayWhole() {
        ApiClient gus = api.asUser("limited-gus");
        for (int call = 1; call <= 20; call++) {
            Answer answer = call % 2 == 0
                    ? gus.get("/v1/users/other-" + call + "/status")
                    : gus.post("/v1/statuses/query", "{\"userIds\":[\"other-" + call + "\"]}");
            assertThat(answer.status()).as("query " + call + ": " + answer.text()).isEqualTo(200);
        }

        Answer refused = gus.post("/v1/statuses/query", "{\"userIds\":[\"other-1\"]}");

        assertError(refused, ErrorCode.RATE_LIMITED);
        assertThat(refused.text()).contains("query");
        assertThat(refused.retryAfter()).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        for (int call = 0; call < 25; call++) {
            assertThat(gus.get("/v1/users/limited-gus/status").status()).isEqualTo(200);
        }
        // 20 queries used up the query budget only: subscribing and unsubscribing have 20 calls each.
        assertSubscribeAndUnsubscribeBudgetsWhole(gus, "limited-gus");
        assertError(gus.get("/v1/users/other-1/status"), ErrorCode.RATE_LIMITED);
        assertThat(api.asUser("limited-hal").get("/v1/users/other-1/status").status()).isEqualTo(200);
    }

    @Test
    void subscribingUpToItsLimitLeavesQueriesAndUnsubscribingWhole() {
        ApiClient kit = api.asUser("limited-kit");
        for (int call = 1; call <= 20; call++) {
            Answer answer = kit.post("/v1/users/limited-kit/subscriptions", "{\"userIds\":[\"other-" + call + "\"]}");
            assertThat(answer.status()).as("subscribe " + call + ": " + answer.text()).isEqualTo(202);
        }
        Answer refused = kit.post("/v1/users/limited-kit/subscriptions", "{\"userIds\":[\"other-1\"]}");
        assertError(refused, ErrorCode.RATE_LIMITED);
        assertThat(refused.text()).contains("subscribe");

        for (int call = 1; call <= 20; call++) {
            Answer answer = call % 2 == 0
                    ? kit.delete("/v1/users/limited-kit/subscriptions", "{\"userIds\":[\"other-" + call + "\"]}")
                    : kit.delete("/v1/users/limited-kit/subscriptions?all=true", null);
            assertThat(answer.status()).as("unsubscribe " + call + ": " + answer.text()).isEqualTo(202);
        }
        assertError(kit.delete("/v1/users/limited-kit/subscriptions?all=true", null), ErrorCode.RATE_LIMITED);
        for (int call = 1; call <= 20; call++) {
            assertThat(kit.get("/v1/users/other-" + call + "/status").status()).as("query " + call).isEqualTo(200);
        }
        assertError(kit.get("/v1/users/other-1/status"), ErrorCode.RATE_LIMITED);
    }

    @Test
    void callsRefusedForAnotherReasonAreNotCountedAndTheAdminIsNeverLimited() {
        ApiClient ida = api.asUser("uncounted-ida");
        String subscriptions = "/v1/users/uncounted-ida/subscriptions";
        String tooManyIds = IntStream.range(0, 501).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        String tooManyTargets = IntStream.range(0, 101).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        // 3 rounds of 9 refusals: 27 calls about others, more than the 20 the window allows.
        for (int round = 0; round < 3; round++) {
            assertError(ida.get("/v1/users/" + "u".repeat(129) + "/status"), ErrorCode.INVALID_FIELD);
            assertError(ida.post("/v1/statuses/query", "{\"userIds\":[\"other\",\"\"]}"), ErrorCode.INVALID_FIELD);
            assertError(ida.post("/v1/statuses/query", "{\"userIds\":[" + tooManyIds + "]}"), ErrorCode.TOO_MANY_IDS);
            assertError(ida.post("/v1/statuses/query", "{\"userIds\":[\"other\"],\"detail\":\"yes\"}"), ErrorCode.BAD_REQUEST);
            assertError(ida.post(subscriptions, "{\"userIds\":[" + tooManyTargets + "]}"), ErrorCode.TOO_MANY_TARGETS);
            assertError(ida.post(subscriptions, "{\"userIds\":[\"x\",\"uncounted-ida\"]}"), ErrorCode.SELF_SUBSCRIPTION);
            assertError(ida.post(subscriptions, "{\"userIds\":[]}"), ErrorCode.MISSING_FIELD);
            assertError(ida.delete(subscriptions, "{\"userIds\":[\"\"]}"), ErrorCode.INVALID_FIELD);
            assertError(ida.post("/v1/users/someone-else/subscriptions", "{\"userIds\":[\"x\"]}"), ErrorCode.FORBIDDEN);
        }
        assertTwentyCallsAboutOthersThenRateLimited(ida, "uncounted-ida");

        // The admin: far more calls about others than a user may make, and for a user, whose own count stays untouched.
        for (int call = 0; call < 30; call++) {
            Answer status = api.get("/v1/users/other-" + call + "/status");
            assertThat(status.status()).as("admin call " + call + ": " + status.text()).isEqualTo(200);
            Answer subscribed = api.post("/v1/users/admin-for-jo/subscriptions", "{\"userIds\":[\"t" + call + "\"]}");
            assertThat(subscribed.status()).as("admin call " + call + ": " + subscribed.text()).isEqualTo(202);
        }
        assertThat(api.post("/v1/statuses/query", "{\"userIds\":[\"other-1\",\"other-2\"]}").status()).isEqualTo(200);
        assertTwentyCallsAboutOthersThenRateLimited(api.asUser("admin-for-jo"), "admin-for-jo");
    }

    /** {@code user} has made no counted call yet: each budget lets 20 calls pass and refuses the 21st. */
    private static void assertTwentyCallsAboutOthersThenRateLimited(ApiClient client, String user) {
        for (int call = 1; call <= 20; call++) {
            Answer answer = call % 2 == 0
                    ? client.get("/v1/users/other-" + call + "/status")
                    : client.post("/v1/statuses/query", "{\"userIds\":[\"" + user + "\",\"other-" + call + "\"]}");
            assertThat(answer.status()).as(user + " query " + call + ": " + answer.text()).isEqualTo(200);
        }
        assertError(client.get("/v1/users/other-1/status"), ErrorCode.RATE_LIMITED);
        assertSubscribeAndUnsubscribeBudgetsWhole(client, user);
    }

    /** 20 subscribe calls pass and the 21st is refused; then the same for unsubscribe calls. */
    private static void assertSubscribeAndUnsubscribeBudgetsWhole(ApiClient client, String user) {
        String path = "/v1/users/" + user + "/subscriptions";
        for (int call = 1; call <= 20; call++) {
            Answer answer = client.post(path, "{\"userIds\":[\"other-" + call + "\"]}");
            assertThat(answer.status()).as(user + " subscribe " + call + ": " + answer.text()).isEqualTo(202);
        }
        assertError(client.post(path, "{\"userIds\":[\"other-1\"]}"), ErrorCode.RATE_LIMITED);
        for (int call = 1; call <= 20; call++) {
            Answer answer = client.delete(path, "{\"userIds\":[\"other-" + call + "\"]}");
            assertThat(answer.status()).as(user + " unsubscribe " + call + ": " + answer.text()).isEqualTo(202);
        }
        assertError(client.delete(path + "?all=true", null), ErrorCode.RATE_LIMITED);
    }

    private PresenceEngine startReadyEngine() {
        PresenceEngine started = PresenceEngine.start(EngineConfig.of(settings), () -> {
        });
        api = new ApiClient(started.httpPort());
        presence = PresenceHttpClient.builder(URI.create(api.baseUri())).build();
        await().atMost(PATIENCE).until(() -> api.get("/health/ready").status() == 200);
        return started;
    }

    private void awaitStatus(String userId, Status status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(presence.status(userId).status()).isEqualTo(status));
    }

    private static void assertError(Answer answer, ErrorCode code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(code.httpStatus());
        assertThat(answer.code()).as(answer.text()).isEqualTo(code.code());
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }

    private static Map<String, String> clientStates(JsonNode status) {
        Map<String, String> states = new HashMap<>();
        status.path("clients").forEach(client -> states.put(client.path("clientId").asText(),
                client.path("platform").asText() + "/" + client.path("state").asText()));
        return states;
    }

    private static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    private static Predicate<SseReader.Event> change(String userId, ChangeReason reason) {
        return event -> {
            JsonNode change = readJson(event.data()).path("changes").path(0);
            return change.path("userId").asText().equals(userId) && change.path("reason").asText().equals(reason.name());
        };
    }

    private static JsonNode readJson(String text) {
        try {
            return AvroJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As the subscriber asks for them; any answer but 200 is the client's exception, failing the test. */
    private List<String> subscriptionsOf(String subscriber) {
        return PresenceHttpClient.builder(URI.create(api.baseUri())).actingAs(subscriber).build()
                .subscriptions(subscriber).subscriptions().stream().map(SubscriptionEntry::userId).toList();
    }

    private static Predicate<List<String>> hasExactly(String... targets) {
        return list -> list.equals(List.of(targets));
    }

    private long eventsEndOffset() throws Exception {
        return endOffset(Topics.EVENTS);
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}

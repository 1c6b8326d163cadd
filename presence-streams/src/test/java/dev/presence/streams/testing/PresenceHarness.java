package dev.presence.streams.testing;

import dev.presence.schema.Notification;
import dev.presence.schema.OccupancyCount;
import dev.presence.schema.Verdict;
import dev.presence.streams.occupancy.OccupancyCounts;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.avro.specific.SpecificRecord;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.Subscription;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;
import dev.presence.streams.PresenceTopology;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.history.HistoryInterval;
import dev.presence.streams.history.StatusHistory;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The production topology in a {@link TopologyTestDriver}, with typed access to its topics and
 * stores. Record time and wall-clock time both start at {@link #START} and are moved by the test.
 */
public final class PresenceHarness implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The topics whose records are the log a replay feeds, by position: the engine's partitioned inputs. */
    public static final List<String> LOGGED_TOPICS = List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS, Topics.FRIENDSHIPS);

    /** One record of one input topic, as the engine received it. */
    public record LoggedRecord(String topic, TestRecord<byte[], byte[]> record) {
    }

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> events;
    private final TestInputTopic<byte[], byte[]> subscriptions;
    private final TestInputTopic<byte[], byte[]> friendships;
    private final TestInputTopic<String, String> config;
    private final TestOutputTopic<String, UserStatus> status;
    private final TestOutputTopic<String, StatusChange> changes;
    private final TestOutputTopic<String, Notification> notifications;
    private final TestOutputTopic<byte[], RejectedRecord> rejected;
    private final TestOutputTopic<byte[], byte[]> engineWrittenEvents;
    private final TestOutputTopic<String, Verdict> verdicts;
    private final List<TestRecord<byte[], byte[]>> eventLog = new ArrayList<>();
    private final List<LoggedRecord> inputLog = new ArrayList<>();
    private final TestOutputTopic<byte[], byte[]> engineWrittenSubscriptions;
    /** What the engine wrote to its input topics and no caller of {@link #engineWritten} has read yet. */
    private final Map<String, List<byte[]>> unreadDecisions = new HashMap<>();
    private final Path stateDir;
    private final PresenceSettings settings;
    private final Map<String, TestOutputTopic<byte[], byte[]>> engineDecisions = new HashMap<>();
    private final Map<String, TestOutputTopic<byte[], byte[]>> changelogs = new HashMap<>();
    private Instant now;

    public PresenceHarness(PresenceSettings settings) {
        this(settings, "presence-test");
    }

    public PresenceHarness(PresenceSettings settings, String applicationId) {
        this(settings, applicationId, START);
    }

    /**
     * A harness whose record time and wall-clock time start at {@code start}: a second engine taking
     * over later (see {@link #restoreStatusesFrom}).
     */
    public PresenceHarness(PresenceSettings settings, String applicationId, Instant start) {
        this.now = start;
        try {
            stateDir = newStateDir();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("processing.exception.handler.global.enabled", "true");
        this.settings = settings.toBuilder().applicationId(applicationId).build();
        props.putAll(PresenceTopology.errorHandling(this.settings));
        driver = new TopologyTestDriver(PresenceTopology.build(this.settings), props, start);
        ByteArraySerializer bytes = new ByteArraySerializer();
        StringDeserializer strings = new StringDeserializer();
        events = driver.createInputTopic(Topics.EVENTS, bytes, bytes, start, Duration.ZERO);
        subscriptions = driver.createInputTopic(Topics.SUBSCRIPTIONS, bytes, bytes, start, Duration.ZERO);
        friendships = driver.createInputTopic(Topics.FRIENDSHIPS, bytes, bytes, start, Duration.ZERO);
        config = input(PresenceTopics.CONFIG, start);
        status = output(PresenceTopics.STATUS);
        changes = output(PresenceTopics.STATUS_CHANGES);
        notifications = output(PresenceTopics.NOTIFICATIONS);
        rejected = output(PresenceTopics.REJECTED);
        engineWrittenEvents = driver.createOutputTopic(Topics.EVENTS, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        engineWrittenSubscriptions = driver.createOutputTopic(Topics.SUBSCRIPTIONS, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        engineDecisions.put(Topics.EVENTS, engineWrittenEvents);
        engineDecisions.put(Topics.SUBSCRIPTIONS, engineWrittenSubscriptions);
        verdicts = driver.createOutputTopic(this.settings.verdictsTopic(), strings, OutputSerde.deserializer(Verdict.class));
    }

    /**
     * The stores' directory. The driver commits after every record, and a commit flushes each RocksDB
     * store to files: in memory (Linux's /dev/shm) that costs a fraction of a disk's, which the property
     * tests, with their thousands of short runs, feel. Elsewhere, the usual temporary directory.
     */
    private static Path newStateDir() throws IOException {
        Path memory = Path.of("/dev/shm");
        if (Files.isDirectory(memory) && Files.isWritable(memory)) {
            return Files.createTempDirectory(memory, "presence-harness");
        }
        return Files.createTempDirectory("presence-harness");
    }

    /** Sends a JSON event keyed by its user, at the current time. */
    public void send(String userId, String json) {
        sendRaw(utf8(userId), utf8(json));
    }

    /** Sends an Avro single-object encoded event keyed by its user, at the current time. */
    public void send(PresenceEvent event) {
        sendRaw(utf8(event.getUserId()), AvroCodec.encode(event));
    }

    public void sendRaw(byte[] key, byte[] value) {
        sendRaw(key, value, new RecordHeaders());
    }

    /** Sends an event with headers (a request id, for one), at the current time. */
    public void sendRaw(byte[] key, byte[] value, Headers headers) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(key, value, headers, now);
        eventLog.add(record);
        inputLog.add(new LoggedRecord(Topics.EVENTS, record));
        events.pipeInput(record);
    }

    /**
     * Everything presence.events received so far, in log order: the test's records and the engine's
     * own SESSION_TIMED_OUT decisions (which the driver processes as soon as they are written).
     */
    public List<TestRecord<byte[], byte[]>> eventLog() {
        return List.copyOf(eventLog);
    }

    /**
     * Everything the engine's partitioned input topics ({@link #LOGGED_TOPICS}) received so far, in the
     * order the harness piped or collected it: the test's records and the engine's own decisions
     * (SESSION_TIMED_OUT, SUBSCRIPTIONS_EXPIRED). A replay feeds this, record by record, into a fresh
     * application. Decisions written in one sweep are listed events first; their order within a sweep is
     * not specified, and they concern different users.
     */
    public List<LoggedRecord> inputLog() {
        return List.copyOf(inputLog);
    }

    /** The records the engine itself wrote to one of its input topics (its decisions), since the last call. */
    public <T extends SpecificRecord> List<T> engineWritten(String topic, Class<T> type) {
        collectDecisions();
        TestOutputTopic<byte[], byte[]> output = engineDecisions.computeIfAbsent(topic,
                t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        List<byte[]> unread = new ArrayList<>(unreadDecisions.getOrDefault(topic, List.of()));
        unreadDecisions.remove(topic);
        unread.addAll(output.readValuesToList());
        return unread.stream().map(bytes -> OutputSerde.deserializer(type).deserialize(topic, bytes)).toList();
    }

    /** Sends a JSON record to presence.subscriptions, keyed by the subscriber. */
    public void sendSubscription(String subscriber, String json) {
        sendSubscriptionRaw(utf8(subscriber), utf8(json));
    }

    /** Sends a JSON subscription command with headers, at the current time. */
    public void sendSubscription(String subscriber, String json, Headers headers) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(utf8(subscriber), utf8(json), headers, now);
        inputLog.add(new LoggedRecord(Topics.SUBSCRIPTIONS, record));
        subscriptions.pipeInput(record);
    }

    /** Sends a JSON friendship event with headers, at the current time. */
    public void sendFriendship(String userId, String json, Headers headers) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(utf8(userId), utf8(json), headers, now);
        inputLog.add(new LoggedRecord(Topics.FRIENDSHIPS, record));
        friendships.pipeInput(record);
    }

    /** The verdicts written since the last call, in order. */
    public List<Verdict> verdicts() {
        return verdicts.readValuesToList();
    }

    /** The occupancy count of the driver's one task (all its partitions). */
    public OccupancyCount occupancy() {
        KeyValueStore<String, OccupancyCount> store = driver.getKeyValueStore(Stores.OCCUPANCY);
        OccupancyCount count = store.get(OccupancyCounts.KEY);
        return count != null ? count : OccupancyCounts.zero();
    }

    public void sendSubscriptionRaw(byte[] key, byte[] value) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(key, value, now);
        inputLog.add(new LoggedRecord(Topics.SUBSCRIPTIONS, record));
        subscriptions.pipeInput(record);
    }

    /** Sends a JSON record to presence.friendships, keyed by the owner of the friend list. */
    public void sendFriendship(String userId, String json) {
        sendFriendshipRaw(utf8(userId), utf8(json));
    }

    public void sendFriendshipRaw(byte[] key, byte[] value) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(key, value, now);
        inputLog.add(new LoggedRecord(Topics.FRIENDSHIPS, record));
        friendships.pipeInput(record);
    }

    /** Sets a live setting through presence.config; null removes the override. */
    public void setLive(String key, String value) {
        config.pipeInput(key, value, now);
    }

    /** What the subscriptions store holds for {@code subscriber}: its targets, oldest first. */
    public List<String> subscriptionsOf(String subscriber) {
        KeyValueStore<String, SubscriptionList> store = driver.getKeyValueStore(Stores.SUBSCRIPTIONS);
        SubscriptionList list = store.get(subscriber);
        return list == null ? List.of() : list.getSubscriptions().stream().map(Subscription::getTarget).toList();
    }

    /** Pipes a record of another run's presence.events log as it was, with its own timestamp. */
    public void replay(TestRecord<byte[], byte[]> record) {
        replay(new LoggedRecord(Topics.EVENTS, record));
    }

    /** Pipes a record of another run's {@link #inputLog()} to its topic as it was, with its own timestamp. */
    public void replay(LoggedRecord logged) {
        TestRecord<byte[], byte[]> record = logged.record();
        inputLog.add(logged);
        switch (logged.topic()) {
            case Topics.EVENTS -> {
                eventLog.add(record);
                events.pipeInput(record);
            }
            case Topics.SUBSCRIPTIONS -> subscriptions.pipeInput(record);
            case Topics.FRIENDSHIPS -> friendships.pipeInput(record);
            default -> throw new IllegalArgumentException("not a logged topic: " + logged.topic());
        }
    }

    /** Moves record time only: what producers stamp, while the engine's wall clock (and its sweeps) stand still. */
    public void advanceRecordTime(Duration duration) {
        now = now.plus(duration);
    }

    /** Moves record time and wall-clock time together, firing due punctuations. */
    public void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        collectDecisions();
    }

    /** Moves what the engine wrote to its input topics (and has already processed) into the logs. */
    private void collectDecisions() {
        for (TestRecord<byte[], byte[]> record : engineWrittenEvents.readRecordsToList()) {
            eventLog.add(record);
            inputLog.add(new LoggedRecord(Topics.EVENTS, record));
            unreadDecisions.computeIfAbsent(Topics.EVENTS, t -> new ArrayList<>()).add(record.value());
        }
        for (TestRecord<byte[], byte[]> record : engineWrittenSubscriptions.readRecordsToList()) {
            inputLog.add(new LoggedRecord(Topics.SUBSCRIPTIONS, record));
            unreadDecisions.computeIfAbsent(Topics.SUBSCRIPTIONS, t -> new ArrayList<>()).add(record.value());
        }
    }

    public Instant now() {
        return now;
    }

    /** The true history of {@code userId} over {@code [from, to)} as the history store holds it. */
    public List<HistoryInterval> history(String userId, Instant from, Instant to) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(Stores.STATUS_HISTORY);
        return StatusHistory.joined(StatusHistory.intervals(store, userId, from.toEpochMilli(), to.toEpochMilli()));
    }

    /** What the user-status store holds for {@code userId}, or null. */
    public UserStatus stored(String userId) {
        KeyValueStore<String, UserStatus> store = driver.getKeyValueStore(Stores.USER_STATUS);
        return store.get(userId);
    }

    /**
     * What the engine has written to a store's changelog since the last call, record by record
     * (key and value bytes; a null value is a tombstone): what a restore would replay.
     */
    public List<TestRecord<byte[], byte[]>> changelog(String store) {
        return changelogs.computeIfAbsent(store, name -> driver.createOutputTopic(
                        settings.applicationId() + "-" + name + "-changelog",
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                .readRecordsToList();
    }

    /**
     * Restores this (fresh) harness's status and deadline stores from what {@code previous} wrote to
     * their changelogs, as Kafka Streams does for a task that moves to another instance or whose local
     * state is lost: only what was persisted comes back, nothing the previous engine held in memory.
     */
    public void restoreStatusesFrom(PresenceHarness previous) {
        KeyValueStore<String, UserStatus> statuses = driver.getKeyValueStore(Stores.USER_STATUS);
        StringDeserializer keys = new StringDeserializer();
        for (TestRecord<byte[], byte[]> record : previous.changelog(Stores.USER_STATUS)) {
            String userId = keys.deserialize(Stores.USER_STATUS, record.key());
            if (record.value() == null) {
                statuses.delete(userId);
            } else {
                statuses.put(userId, OutputSerde.deserializer(UserStatus.class).deserialize("", record.value()));
            }
        }
        KeyValueStore<Bytes, byte[]> deadlines = driver.getKeyValueStore(Stores.SESSION_DEADLINES);
        for (TestRecord<byte[], byte[]> record : previous.changelog(Stores.SESSION_DEADLINES)) {
            if (record.value() == null) {
                deadlines.delete(Bytes.wrap(record.key()));
            } else {
                deadlines.put(Bytes.wrap(record.key()), record.value());
            }
        }
    }

    public List<UserStatus> statusOutput() {
        return status.readValuesToList();
    }

    public TestOutputTopic<String, UserStatus> statusTopic() {
        return status;
    }

    public List<StatusChange> changes() {
        return changes.readValuesToList();
    }

    public List<Notification> notifications() {
        return notifications.readValuesToList();
    }

    public TestOutputTopic<String, Notification> notificationTopic() {
        return notifications;
    }

    public List<RejectedRecord> rejected() {
        return rejected.readValuesToList();
    }

    /** The settings the topology runs with (the application id set to the harness's). */
    public PresenceSettings settings() {
        return settings;
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic, Instant start) {
        return driver.createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer(), start, Duration.ZERO);
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keyDeserializer(), topic.valueDeserializer());
    }
}

package dev.presence.streams;

import dev.presence.core.PresenceNames;
import dev.presence.core.PresenceSettings;
import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;

import dev.presence.schema.FanoutJob;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.OccupancyCount;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Nodes;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.FriendshipEventReader;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.PresenceEventReader;
import dev.presence.core.codec.SubscriptionCommandReader;
import dev.presence.streams.config.ConfigStoreUpdater;
import dev.presence.streams.config.LiveView;
import dev.presence.streams.expiry.CustomStatusExpiryProcessor;
import dev.presence.streams.fold.BufferedHeartbeatStatusStore;
import dev.presence.streams.fold.StatusFoldProcessor;
import dev.presence.streams.fold.StatusFoldSettings;
import dev.presence.streams.history.HistorySettings;
import dev.presence.streams.history.StatusHistoryProcessor;
import dev.presence.streams.errors.RejectingProcessingExceptionHandler;
import dev.presence.streams.errors.RejectingProductionExceptionHandler;
import dev.presence.streams.ingest.DecoderProcessor;
import dev.presence.streams.ingest.InputTimestamps;
import dev.presence.streams.ingest.PartitionCheck;
import dev.presence.streams.index.SweepSettings;
import dev.presence.streams.notify.FanoutProcessor;
import dev.presence.streams.notify.FanoutSettings;
import dev.presence.streams.occupancy.OccupancyProcessor;
import dev.presence.streams.notify.WatcherIndexProcessor;
import dev.presence.streams.subscribe.FriendshipEdgeMapper;
import dev.presence.streams.subscribe.SubscriptionExpiryScheduler;
import dev.presence.streams.subscribe.SubscriptionRegistryProcessor;
import dev.presence.streams.subscribe.SubscriptionSettings;
import dev.presence.streams.tasks.RunningTaskMarker;
import dev.presence.streams.tasks.RunningTasks;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

import static dev.presence.streams.metrics.CountingProcessor.counting;

/**
 * The whole presence topology, built from settings alone: no I/O, the same in production and tests.
 *
 * <pre>
 * presence.events ──▶ event-decoder ──▶ status-fold ──┬─▶ presence.status, presence.status-changes
 *   ▲  SESSION_TIMED_OUT (punctuator) ◀──────┘         ├─▶ notification-fanout ──▶ presence.notifications
 *   ▲  CUSTOM_STATUS_EXPIRED (same punctuator) ◀─────┤ (custom-status-expiry files the expiries)
 *                                                      ├─▶ status-history (queried by the REST API)
 *                                                      ├─▶ subscription-expiry-scheduler
 *                                                      └─▶ occupancy-counter (users per status, per partition)
 * presence.subscriptions ──▶ subscription-decoder ──▶ subscription-registry ──▶ {app-id}-watch-edges
 *   ▲  SUBSCRIPTIONS_EXPIRED (punctuator) ◀──────────────────┘
 * presence.friendships ──▶ friendship-decoder ──▶ friendship-edges ──▶ {app-id}-watch-edges
 * {app-id}-watch-edges ──▶ watcher-index ──▶ presence.notifications (SNAPSHOT on subscribe)
 * presence.config ──▶ live-config-store (global: every instance holds all of it)
 * every decoder and rule that refuses a record ──▶ presence.rejected
 * status-fold, subscription-registry and every refusal, for records tagged presence-request-id ──▶ {app-id}-verdicts
 * </pre>
 * {app-id} is the application.id ({@value PresenceSettings#DEFAULT_APPLICATION_ID} by default): the
 * watch-edges topic is the engine's own, one per application, named by {@link PresenceNames.Topics#watchEdges}.
 *
 * presence.events, presence.subscriptions and &lt;application.id&gt;-watch-edges are keyed by user and
 * co-partitioned: one task holds a user's status, its subscriptions and its watchers, so every
 * lookup above is local.
 */
public final class PresenceTopology {

    private PresenceTopology() {
    }

    /**
     * The Kafka Streams settings the topology's promise rests on, for every instance and test driver:
     * an exception the topology did not expect while processing a record, or an output record that
     * cannot be written, sends that record to presence.rejected (70099) instead of stopping the engine.
     */
    public static Map<String, Object> errorHandling(PresenceSettings settings) {
        return Map.of(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingProcessingExceptionHandler.class,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingProductionExceptionHandler.class,
                RejectingProcessingExceptionHandler.OUTPUT_FORMAT_CONFIG, settings.outputFormat().name());
    }

    /** The topology with nobody watching which tasks run here (tests of the topology alone). */
    public static Topology build(PresenceSettings settings) {
        return build(settings, new RunningTasks());
    }

    /**
     * The topology, marking in {@code running} the partitions whose task has finished restoring
     * here: interactive queries answer fresh only from those ({@link RunningTasks}).
     */
    public static Topology build(PresenceSettings settings, RunningTasks running) {
        InputTimestamps timestamps = new InputTimestamps();
        PresenceEventReader eventReader = new PresenceEventReader(settings.customStatusMaxBytes());
        // Each processor gets only the settings it reads; those an admin can change follow presence.config.
        StatusFoldSettings foldSettings = StatusFoldSettings.of(settings);
        SweepSettings sweep = SweepSettings.of(settings);
        LiveView<FanoutSettings> fanoutSettings = LiveView.of(settings, FanoutSettings::of);
        LiveView<SubscriptionSettings> subscriptionSettings = LiveView.of(settings, SubscriptionSettings::of);
        HistorySettings historySettings = HistorySettings.of(settings);

        Topology topology = new Topology();

        // Presence events -> status fold.
        source(topology, Nodes.EVENTS_SOURCE, timestamps, Topics.EVENTS);
        PartitionCheck partitionCheck = new PartitionCheck(settings.userTopicPartitions());
        topology.addProcessor(Nodes.EVENT_DECODER, counting(Nodes.EVENT_DECODER, () -> new DecoderProcessor<>(eventReader::read,
                PresenceEvent::getUserId, Nodes.STATUS_FOLD, partitionCheck, Nodes.EVENTS_REROUTE_SINK)), Nodes.EVENTS_SOURCE);
        topology.addProcessor(Nodes.STATUS_FOLD, counting(Nodes.STATUS_FOLD,
                () -> new RunningTaskMarker<>(new StatusFoldProcessor(foldSettings), running)), Nodes.EVENT_DECODER);
        WireFormat format = settings.outputFormat();
        topology.addProcessor(Nodes.FANOUT, counting(Nodes.FANOUT, () -> new FanoutProcessor(fanoutSettings, format)),
                Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.EXPIRY_SCHEDULER, () -> new SubscriptionExpiryScheduler(subscriptionSettings), Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.OCCUPANCY, OccupancyProcessor::new, Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.CUSTOM_STATUS_EXPIRY, CustomStatusExpiryProcessor::new, Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.STATUS_HISTORY, () -> new StatusHistoryProcessor(historySettings), Nodes.STATUS_FOLD);

        // Subscriptions, kept on the subscriber's side; edges go to the watched user's side.
        source(topology, Nodes.SUBSCRIPTIONS_SOURCE, timestamps, Topics.SUBSCRIPTIONS);
        topology.addProcessor(Nodes.SUBSCRIPTION_DECODER, counting(Nodes.SUBSCRIPTION_DECODER,
                () -> new DecoderProcessor<>(SubscriptionCommandReader::read, SubscriptionCommand::getUserId,
                        Nodes.SUBSCRIPTION_REGISTRY, partitionCheck, Nodes.SUBSCRIPTIONS_REROUTE_SINK)),
                Nodes.SUBSCRIPTIONS_SOURCE);
        topology.addProcessor(Nodes.SUBSCRIPTION_REGISTRY, counting(Nodes.SUBSCRIPTION_REGISTRY,
                () -> new SubscriptionRegistryProcessor(subscriptionSettings, sweep)), Nodes.SUBSCRIPTION_DECODER);

        // Friendships: re-keyed by the friend, whose changes they are about.
        source(topology, Nodes.FRIENDSHIPS_SOURCE, timestamps, Topics.FRIENDSHIPS);
        topology.addProcessor(Nodes.FRIENDSHIP_DECODER, counting(Nodes.FRIENDSHIP_DECODER,
                () -> new DecoderProcessor<>(FriendshipEventReader::read, FriendshipEvent::getUserId,
                        Nodes.FRIENDSHIP_EDGES)), Nodes.FRIENDSHIPS_SOURCE);
        topology.addProcessor(Nodes.FRIENDSHIP_EDGES, FriendshipEdgeMapper::new, Nodes.FRIENDSHIP_DECODER);

        // Watch edges, next to the watched user's status.
        source(topology, Nodes.WATCH_EDGES_SOURCE, timestamps, settings.watchEdgesTopic());
        topology.addProcessor(Nodes.WATCHER_INDEX, counting(Nodes.WATCHER_INDEX, () -> new WatcherIndexProcessor(format)),
                Nodes.WATCH_EDGES_SOURCE);

        // Live switches and limits: a global store, so every task of every instance sees all of them.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PresenceNames.Stores.CONFIG),
                        PresenceTopics.CONFIG.keySerde(), PresenceTopics.CONFIG.valueSerde()).withLoggingDisabled(),
                Nodes.CONFIG_SOURCE, timestamps, PresenceTopics.CONFIG.keyDeserializer(),
                PresenceTopics.CONFIG.valueDeserializer(), PresenceTopics.CONFIG.name(),
                Nodes.CONFIG_UPDATER, ConfigStoreUpdater::new);

        addStores(topology);

        sink(topology, Nodes.STATUS_SINK, PresenceTopics.STATUS.writtenAs(format), Nodes.STATUS_FOLD);
        sink(topology, Nodes.STATUS_CHANGES_SINK, PresenceTopics.STATUS_CHANGES.writtenAs(format), Nodes.STATUS_FOLD);
        // Notifications arrive already encoded in the output format (NotificationBytes), the bytes
        // PresenceTopics.NOTIFICATIONS.writtenAs(format) would write: a fan-out encodes its change once, not
        // once per recipient.
        sink(topology, Nodes.NOTIFICATIONS_SINK, Topic.of(Topics.NOTIFICATIONS, PresenceTopics.NOTIFICATIONS.keySerde(),
                Serdes.ByteArray()), Nodes.FANOUT, Nodes.WATCHER_INDEX);
        // What the engine writes for itself to read back is always Avro: compact and schema-checked.
        sink(topology, Nodes.TIMEOUT_EVENTS_SINK, PresenceTopics.EVENTS, Nodes.STATUS_FOLD);
        sink(topology, Nodes.EXPIRY_EVENTS_SINK, PresenceTopics.SUBSCRIPTIONS, Nodes.SUBSCRIPTION_REGISTRY);
        sink(topology, Nodes.WATCH_EDGES_SINK, PresenceTopics.watchEdges(settings.applicationId()),
                Nodes.SUBSCRIPTION_REGISTRY, Nodes.FRIENDSHIP_EDGES);
        // A record on the wrong partition goes back, byte for byte, to its owner's partition.
        sink(topology, Nodes.EVENTS_REROUTE_SINK, PresenceTopics.raw(Topics.EVENTS), Nodes.EVENT_DECODER);
        sink(topology, Nodes.SUBSCRIPTIONS_REROUTE_SINK, PresenceTopics.raw(Topics.SUBSCRIPTIONS), Nodes.SUBSCRIPTION_DECODER);
        // Every node that refuses records writes the refusal, and the verdict of a record that asked for one.
        String[] refusing = {Nodes.EVENT_DECODER, Nodes.STATUS_FOLD, Nodes.SUBSCRIPTION_DECODER, Nodes.SUBSCRIPTION_REGISTRY,
                Nodes.FRIENDSHIP_DECODER, Nodes.WATCHER_INDEX};
        sink(topology, Nodes.REJECTED_SINK, PresenceTopics.REJECTED.writtenAs(format), refusing);
        sink(topology, Nodes.VERDICTS_SINK, PresenceTopics.verdicts(settings.applicationId()), refusing);
        return topology;
    }

    /**
     * A source of raw bytes: every input is checked by a reader (its decoder node) before anything is built
     * from it. The log is the state: a new application id (a replay) reads every input from its start.
     */
    private static void source(Topology topology, String node, InputTimestamps timestamps, String topic) {
        Topic<byte[], byte[]> raw = PresenceTopics.raw(topic);
        topology.addSource(AutoOffsetReset.earliest(), node, timestamps, raw.keyDeserializer(), raw.valueDeserializer(),
                raw.name());
    }

    /** A sink writing {@code topic} with its own serializers: a node name never travels without its topic's types. */
    private static <K, V> void sink(Topology topology, String node, Topic<K, V> topic, String... parents) {
        topology.addSink(node, topic.name(), topic.keySerializer(), topic.valueSerializer(), parents);
    }

    private static void addStores(Topology topology) {
        // Heartbeat-only changes are buffered in memory and written now and then (HeartbeatPersistence).
        topology.addStateStore(BufferedHeartbeatStatusStore.around(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.USER_STATUS),
                        Serdes.String(), OutputSerde.of(UserStatus.class, WireFormat.AVRO))),
                Nodes.STATUS_FOLD, Nodes.SUBSCRIPTION_REGISTRY, Nodes.WATCHER_INDEX, Nodes.OCCUPANCY, Nodes.CUSTOM_STATUS_EXPIRY);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.SESSION_DEADLINES),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.STATUS_FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.CUSTOM_STATUS_EXPIRY),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.CUSTOM_STATUS_EXPIRY, Nodes.STATUS_FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.STATUS_HISTORY),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.STATUS_HISTORY);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.SUBSCRIPTIONS),
                        Serdes.String(), OutputSerde.of(SubscriptionList.class, WireFormat.AVRO)),
                Nodes.SUBSCRIPTION_REGISTRY, Nodes.EXPIRY_SCHEDULER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.SUBSCRIPTION_EXPIRY),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.SUBSCRIPTION_REGISTRY, Nodes.EXPIRY_SCHEDULER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.WATCHERS),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.WATCHER_INDEX, Nodes.FANOUT);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.OCCUPANCY),
                        Serdes.String(), OutputSerde.of(OccupancyCount.class, WireFormat.AVRO)),
                Nodes.OCCUPANCY);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.FANOUT_JOBS),
                        Serdes.String(), OutputSerde.of(FanoutJob.class, WireFormat.AVRO)),
                Nodes.FANOUT);
    }
}

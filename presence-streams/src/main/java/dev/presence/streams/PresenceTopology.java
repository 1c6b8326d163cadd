package dev.presence.streams;

import dev.presence.schema.FanoutJob;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceNames.Nodes;
import dev.presence.streams.PresenceNames.Topics;
import dev.presence.streams.codec.FriendshipEventReader;
import dev.presence.streams.codec.OutputFormat;
import dev.presence.streams.codec.OutputSerde;
import dev.presence.streams.codec.PresenceEventReader;
import dev.presence.streams.codec.SubscriptionCommandReader;
import dev.presence.streams.config.ConfigStoreUpdater;
import dev.presence.streams.fold.BufferedHeartbeatStatusStore;
import dev.presence.streams.fold.StatusFoldProcessor;
import dev.presence.streams.errors.RejectingProcessingExceptionHandler;
import dev.presence.streams.errors.RejectingProductionExceptionHandler;
import dev.presence.streams.ingest.DecoderProcessor;
import dev.presence.streams.ingest.InputTimestamps;
import dev.presence.streams.ingest.PartitionCheck;
import dev.presence.streams.notify.FanoutProcessor;
import dev.presence.streams.notify.WatcherIndexProcessor;
import dev.presence.streams.subscribe.FriendshipEdgeMapper;
import dev.presence.streams.subscribe.SubscriptionExpiryScheduler;
import dev.presence.streams.subscribe.SubscriptionRegistryProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * The whole presence topology, built from settings alone: no I/O, the same in production and tests.
 *
 * <pre>
 * presence.events ──▶ event-decoder ──▶ status-fold ──┬─▶ presence.status, presence.status-changes
 *   ▲  SESSION_TIMED_OUT (punctuator) ◀──────┘         ├─▶ notification-fanout ──▶ presence.notifications
 *                                                      └─▶ subscription-expiry-scheduler
 * presence.subscriptions ──▶ subscription-decoder ──▶ subscription-registry ──▶ {app-id}-watch-edges
 *   ▲  SUBSCRIPTIONS_EXPIRED (punctuator) ◀──────────────────┘
 * presence.friendships ──▶ friendship-decoder ──▶ friendship-edges ──▶ {app-id}-watch-edges
 * {app-id}-watch-edges ──▶ watcher-index ──▶ presence.notifications (SNAPSHOT on subscribe)
 * presence.config ──▶ live-config-store (global: every instance holds all of it)
 * every decoder and rule that refuses a record ──▶ presence.rejected
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

    public static Topology build(PresenceSettings settings) {
        Serializer<SpecificRecord> output = OutputSerde.serializer(settings.outputFormat());
        // What the engine writes for itself to read back is always Avro: compact and schema-checked.
        Serializer<SpecificRecord> internal = OutputSerde.serializer(OutputFormat.AVRO);
        StringSerializer userKey = new StringSerializer();
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        InputTimestamps timestamps = new InputTimestamps();
        // The log is the state: a new application id (a replay) reads every input from its start.
        AutoOffsetReset fromStart = AutoOffsetReset.earliest();
        PresenceEventReader eventReader = new PresenceEventReader(settings.customStatusMaxBytes());

        Topology topology = new Topology();

        // Presence events -> status fold.
        topology.addSource(fromStart, Nodes.EVENTS_SOURCE, timestamps, raw, raw, Topics.EVENTS);
        PartitionCheck partitionCheck = new PartitionCheck(settings.userTopicPartitions());
        topology.addProcessor(Nodes.EVENT_DECODER, () -> new DecoderProcessor<>(eventReader::read,
                PresenceEvent::getUserId, Nodes.STATUS_FOLD, partitionCheck, Nodes.EVENTS_REROUTE_SINK), Nodes.EVENTS_SOURCE);
        topology.addProcessor(Nodes.STATUS_FOLD, () -> new StatusFoldProcessor(settings), Nodes.EVENT_DECODER);
        topology.addProcessor(Nodes.FANOUT, () -> new FanoutProcessor(settings), Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.EXPIRY_SCHEDULER, () -> new SubscriptionExpiryScheduler(settings), Nodes.STATUS_FOLD);

        // Subscriptions, kept on the subscriber's side; edges go to the watched user's side.
        topology.addSource(fromStart, Nodes.SUBSCRIPTIONS_SOURCE, timestamps, raw, raw, Topics.SUBSCRIPTIONS);
        topology.addProcessor(Nodes.SUBSCRIPTION_DECODER, () -> new DecoderProcessor<>(SubscriptionCommandReader::read,
                SubscriptionCommand::getUserId, Nodes.SUBSCRIPTION_REGISTRY, partitionCheck,
                Nodes.SUBSCRIPTIONS_REROUTE_SINK), Nodes.SUBSCRIPTIONS_SOURCE);
        topology.addProcessor(Nodes.SUBSCRIPTION_REGISTRY, () -> new SubscriptionRegistryProcessor(settings),
                Nodes.SUBSCRIPTION_DECODER);

        // Friendships: re-keyed by the friend, whose changes they are about.
        topology.addSource(fromStart, Nodes.FRIENDSHIPS_SOURCE, timestamps, raw, raw, Topics.FRIENDSHIPS);
        topology.addProcessor(Nodes.FRIENDSHIP_DECODER, () -> new DecoderProcessor<>(FriendshipEventReader::read,
                FriendshipEvent::getUserId, Nodes.FRIENDSHIP_EDGES), Nodes.FRIENDSHIPS_SOURCE);
        topology.addProcessor(Nodes.FRIENDSHIP_EDGES, FriendshipEdgeMapper::new, Nodes.FRIENDSHIP_DECODER);

        // Watch edges, next to the watched user's status.
        topology.addSource(fromStart, Nodes.WATCH_EDGES_SOURCE, timestamps, raw, raw, settings.watchEdgesTopic());
        topology.addProcessor(Nodes.WATCHER_INDEX, WatcherIndexProcessor::new, Nodes.WATCH_EDGES_SOURCE);

        // Live switches and limits: a global store, so every task of every instance sees all of them.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PresenceNames.Stores.CONFIG),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                Nodes.CONFIG_SOURCE, timestamps, new StringDeserializer(), new StringDeserializer(), Topics.CONFIG,
                Nodes.CONFIG_UPDATER, ConfigStoreUpdater::new);

        addStores(topology);

        topology.addSink(Nodes.STATUS_SINK, Topics.STATUS, userKey, output, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.STATUS_CHANGES_SINK, Topics.STATUS_CHANGES, userKey, output, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.NOTIFICATIONS_SINK, Topics.NOTIFICATIONS, userKey, output,
                Nodes.FANOUT, Nodes.WATCHER_INDEX);
        topology.addSink(Nodes.TIMEOUT_EVENTS_SINK, Topics.EVENTS, userKey, internal, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.EXPIRY_EVENTS_SINK, Topics.SUBSCRIPTIONS, userKey, internal, Nodes.SUBSCRIPTION_REGISTRY);
        topology.addSink(Nodes.WATCH_EDGES_SINK, settings.watchEdgesTopic(), userKey, internal,
                Nodes.SUBSCRIPTION_REGISTRY, Nodes.FRIENDSHIP_EDGES);
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(Nodes.EVENTS_REROUTE_SINK, Topics.EVENTS, bytes, bytes, Nodes.EVENT_DECODER);
        topology.addSink(Nodes.SUBSCRIPTIONS_REROUTE_SINK, Topics.SUBSCRIPTIONS, bytes, bytes, Nodes.SUBSCRIPTION_DECODER);
        topology.addSink(Nodes.REJECTED_SINK, Topics.REJECTED, new ByteArraySerializer(), output,
                Nodes.EVENT_DECODER, Nodes.STATUS_FOLD, Nodes.SUBSCRIPTION_DECODER, Nodes.SUBSCRIPTION_REGISTRY,
                Nodes.FRIENDSHIP_DECODER, Nodes.WATCHER_INDEX);
        return topology;
    }

    private static void addStores(Topology topology) {
        // Heartbeat-only changes are buffered in memory and written now and then (HeartbeatPersistence).
        topology.addStateStore(BufferedHeartbeatStatusStore.around(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.USER_STATUS),
                        Serdes.String(), OutputSerde.of(UserStatus.class, OutputFormat.AVRO))),
                Nodes.STATUS_FOLD, Nodes.SUBSCRIPTION_REGISTRY, Nodes.WATCHER_INDEX);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.SESSION_DEADLINES),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Nodes.STATUS_FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PresenceNames.Stores.SUBSCRIPTIONS),
                        Serdes.String(), OutputSerde.of(SubscriptionList.class, OutputFormat.AVRO)),
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
                        Stores.persistentKeyValueStore(PresenceNames.Stores.FANOUT_JOBS),
                        Serdes.String(), OutputSerde.of(FanoutJob.class, OutputFormat.AVRO)),
                Nodes.FANOUT);
    }
}

package dev.presence.streams;

import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceNames.Nodes;
import dev.presence.streams.PresenceNames.Topics;
import dev.presence.streams.codec.OutputFormat;
import dev.presence.streams.codec.OutputSerde;
import dev.presence.streams.codec.PresenceEventReader;
import dev.presence.streams.fold.StatusFoldProcessor;
import dev.presence.streams.ingest.EventDecoderProcessor;
import dev.presence.streams.notify.NotifierProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole presence topology, built from settings alone: no I/O, the same in production and tests.
 *
 * <pre>
 * presence.events ─▶ event-decoder ─┬─▶ status-fold ─┬─▶ presence.status
 *        ▲                          │   [user-status  ├─▶ presence.status-changes
 *        │                          │    session-     ├─▶ notifier ─▶ presence.notifications
 *        │                          │    deadline-    ├─▶ presence.rejected (not ONLINE)
 *        └──── SESSION_TIMED_OUT ───┼──  index]  ─────┘   (punctuator: expired deadlines)
 *                                   └─▶ presence.rejected (unreadable or invalid)
 * </pre>
 */
public final class PresenceTopology {

    private PresenceTopology() {
    }

    public static Topology build(PresenceSettings settings) {
        OutputFormat format = settings.outputFormat();
        Serializer<SpecificRecord> output = OutputSerde.serializer(format);
        // The engine's own events are always Avro: compact, and read back by the same decoder as any producer's.
        Serializer<SpecificRecord> events = OutputSerde.serializer(OutputFormat.AVRO);
        StringSerializer userKey = new StringSerializer();

        Topology topology = new Topology();
        topology.addSource(Nodes.EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.EVENTS);
        topology.addProcessor(Nodes.EVENT_DECODER,
                () -> new EventDecoderProcessor(new PresenceEventReader(settings.customStatusMaxBytes())),
                Nodes.EVENTS_SOURCE);
        topology.addProcessor(Nodes.STATUS_FOLD, () -> new StatusFoldProcessor(settings), Nodes.EVENT_DECODER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PresenceNames.Stores.USER_STATUS),
                Serdes.String(), OutputSerde.of(UserStatus.class, OutputFormat.AVRO)), Nodes.STATUS_FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PresenceNames.Stores.SESSION_DEADLINES),
                Serdes.Bytes(), Serdes.ByteArray()), Nodes.STATUS_FOLD);
        topology.addProcessor(Nodes.NOTIFIER, NotifierProcessor::new, Nodes.STATUS_FOLD);

        topology.addSink(Nodes.STATUS_SINK, Topics.STATUS, userKey, output, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.STATUS_CHANGES_SINK, Topics.STATUS_CHANGES, userKey, output, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.NOTIFICATIONS_SINK, Topics.NOTIFICATIONS, userKey, output, Nodes.NOTIFIER);
        topology.addSink(Nodes.TIMEOUT_EVENTS_SINK, Topics.EVENTS, userKey, events, Nodes.STATUS_FOLD);
        topology.addSink(Nodes.REJECTED_SINK, Topics.REJECTED, new ByteArraySerializer(), output,
                Nodes.EVENT_DECODER, Nodes.STATUS_FOLD);
        return topology;
    }

}

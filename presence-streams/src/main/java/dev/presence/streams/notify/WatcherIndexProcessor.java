package dev.presence.streams.notify;

import dev.presence.schema.Relation;
import dev.presence.schema.UserStatus;
import dev.presence.schema.WatchEdge;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Nodes;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.streams.ingest.Rejections;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.streams.fold.StatusFold;
import dev.presence.streams.visibility.PublicView;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies watch edges to the watched user's watcher list, and sends a new subscriber the watched
 * user's current status right away (a SNAPSHOT notification), so that it never has to poll.
 */
public final class WatcherIndexProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(WatcherIndexProcessor.class);
    private static final Deserializer<WatchEdge> EDGES = OutputSerde.deserializer(WatchEdge.class);

    private final WireFormat format;
    private ProcessorContext<Object, Object> context;
    private WatcherIndex watchers;
    private KeyValueStore<String, UserStatus> statuses;

    /** Writes snapshot notifications in {@code format}, the notifications topic's output format. */
    public WatcherIndexProcessor(WireFormat format) {
        this.format = format;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.watchers = new WatcherIndex(context.getStateStore(Stores.WATCHERS));
        this.statuses = context.getStateStore(Stores.USER_STATUS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        WatchEdge edge;
        try {
            edge = EDGES.deserialize(Rejections.origin(context), record.value());
        } catch (SerializationException e) {
            // Only the engine writes this topic, but a stray record must not stop it either.
            log.warn("Rejected an unreadable record at {}: {}", Rejections.origin(context), e.getMessage());
            Rejections.reject(context, record, ErrorCode.UNREADABLE_RECORD, "not a WatchEdge: " + e.getMessage(),
                    record.key(), record.value());
            return;
        }
        watchers.update(edge.getTarget(), edge.getWatcher(), edge.getRelation(), edge.getAdded());
        if (edge.getAdded() && edge.getRelation() == Relation.SUBSCRIBER) {
            UserStatus status = statuses.get(edge.getTarget());
            // A subscriber is never the target itself: it gets what others see.
            UserStatus current = PublicView.asSeenByOthers(status != null ? status : StatusFold.unseen(edge.getTarget()));
            context.forward(record.withKey((Object) edge.getWatcher())
                    .withValue(NotificationBytes.of(Notifications.snapshot(current), format).to(edge.getWatcher())),
                    Nodes.NOTIFICATIONS_SINK);
        }
    }
}

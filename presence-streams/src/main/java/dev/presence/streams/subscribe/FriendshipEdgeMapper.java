package dev.presence.streams.subscribe;

import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Relation;
import dev.presence.schema.WatchEdge;
import dev.presence.streams.ingest.Decoded;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * "alice has bob on her friend list" becomes "alice watches bob as a friend", keyed by bob so that it
 * lands next to bob's status.
 */
public final class FriendshipEdgeMapper implements Processor<String, Decoded<FriendshipEvent>, String, WatchEdge> {

    private ProcessorContext<String, WatchEdge> context;

    @Override
    public void init(ProcessorContext<String, WatchEdge> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<FriendshipEvent>> record) {
        FriendshipEvent event = record.value().value();
        WatchEdge edge = WatchEdge.newBuilder()
                .setTarget(event.getFriendId())
                .setWatcher(event.getUserId())
                .setRelation(Relation.FRIEND)
                .setAdded(event.getType() == FriendshipEventType.FRIEND_ADDED)
                .build();
        context.forward(record.withKey(event.getFriendId()).withValue(edge));
    }
}

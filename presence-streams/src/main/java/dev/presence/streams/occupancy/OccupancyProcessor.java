package dev.presence.streams.occupancy;

import dev.presence.schema.OccupancyCount;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps how many of this partition's users are ONLINE, OFFLINE and UNLOGINED, from each move the
 * status fold reports (its own store, one entry per partition, changelogged, so a restart restores it
 * with the statuses it counts). Queries sum these few entries over partitions and instances: never a
 * scan of the users.
 * <p>
 * The one scan is at the first start of a task whose status store already holds users but whose
 * count was never kept (an engine upgraded from a version without occupancy): the count is then
 * taken once from the status store, and kept from there on.
 */
public final class OccupancyProcessor implements Processor<String, OccupancyMove, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(OccupancyProcessor.class);

    private KeyValueStore<String, OccupancyCount> counts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.counts = context.getStateStore(Stores.OCCUPANCY);
        if (counts.get(OccupancyCounts.KEY) == null) {
            KeyValueStore<String, UserStatus> statuses = context.getStateStore(Stores.USER_STATUS);
            OccupancyCount taken = countOnce(statuses);
            counts.put(OccupancyCounts.KEY, taken);
            if (taken.getOnline() + taken.getOffline() + taken.getUnlogined() > 0) {
                log.info("Task {}: occupancy counted once from the stored statuses ({}); kept from each change now on",
                        context.taskId(), taken);
            }
        }
    }

    @Override
    public void process(Record<String, OccupancyMove> record) {
        OccupancyCount current = counts.get(OccupancyCounts.KEY);
        counts.put(OccupancyCounts.KEY, OccupancyCounts.apply(current != null ? current : OccupancyCounts.zero(),
                record.value()));
    }

    private static OccupancyCount countOnce(KeyValueStore<String, UserStatus> statuses) {
        OccupancyCount count = OccupancyCounts.zero();
        try (KeyValueIterator<String, UserStatus> all = statuses.all()) {
            while (all.hasNext()) {
                KeyValue<String, UserStatus> entry = all.next();
                count = OccupancyCounts.add(count, entry.value.getStatus(), 1);
            }
        }
        return count;
    }
}

package dev.presence.api.query;

import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceNames.Stores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Clock;
import java.time.Duration;

/**
 * The occupancy of the users whose partitions are active on this instance, counted by reading
 * their statuses, at most once per {@link #MAX_AGE} however often it is asked for (the console
 * polls, Prometheus scrapes): a count is up to that old.
 * <p>
 * A read of the whole local status store costs in proportion to the users held here; it stands
 * until the topology keeps running counts of its own.
 */
public final class LocalOccupancy {

    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final Clock clock;
    private Occupancy last;
    private long countedAt;

    public LocalOccupancy(KafkaStreams streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    /** @throws StatusUnavailableException while the local stores are not queryable (starting, rebalancing) */
    public synchronized Occupancy current() {
        long now = clock.millis();
        if (last == null || now - countedAt >= MAX_AGE.toMillis()) {
            last = count();
            countedAt = now;
        }
        return last;
    }

    private Occupancy count() {
        long online = 0;
        long offline = 0;
        long unlogined = 0;
        try {
            ReadOnlyKeyValueStore<String, UserStatus> statuses = streams.store(StoreQueryParameters.fromNameAndType(
                    Stores.USER_STATUS, QueryableStoreTypes.<String, UserStatus>keyValueStore()));
            try (KeyValueIterator<String, UserStatus> all = statuses.all()) {
                while (all.hasNext()) {
                    KeyValue<String, UserStatus> entry = all.next();
                    switch (entry.value.getStatus()) {
                        case ONLINE -> online++;
                        case OFFLINE -> offline++;
                        case UNLOGINED -> unlogined++;
                        // A symbol a later engine wrote: none of the three counts.
                        default -> { }
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the status store is not queryable here: " + e.getMessage(), e);
        }
        return new Occupancy(online, offline, unlogined);
    }
}

package dev.presence.api.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This instance's copies of a store partition: the active one, and, when the operator allows it
 * ({@code query.standby.max.lag}), a standby (or restoring) copy whose offset lag is within the bound.
 */
public final class LocalStores {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStores.class);

    private final KafkaStreams streams;
    private final OptionalLong standbyMaxLag;

    public LocalStores(KafkaStreams streams, OptionalLong standbyMaxLag) {
        this.streams = streams;
        this.standbyMaxLag = standbyMaxLag;
    }

    /** @throws StatusUnavailableException when this instance cannot answer for the partition right now */
    public <V> V activeGet(String store, int partition, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> view = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
            return view.get(key);
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the store " + store + " is not queryable: " + e.getMessage(), e);
        }
    }

    /**
     * Reads from a local copy that may be behind (a standby), if standby reads are configured and its
     * lag is within the bound. Empty when not allowed or too far behind: the caller answers 503.
     */
    public <V> Optional<StaleRead<V>> staleGet(String store, int partition, String key) {
        if (standbyMaxLag.isEmpty()) {
            return Optional.empty();
        }
        // allLocalStorePartitionLags() asks the brokers for end offsets: fine on this fallback path only.
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().getOrDefault(store, Map.of());
        LagInfo lag = lags.get(partition);
        if (lag == null || lag.offsetLag() > standbyMaxLag.getAsLong()) {
            LOG.debug("No standby read of {} partition {}: lag {} (bound {})", store, partition,
                    lag == null ? "unknown (no local copy)" : lag.offsetLag(), standbyMaxLag.getAsLong());
            return Optional.empty();
        }
        try {
            ReadOnlyKeyValueStore<String, V> view = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition).enableStaleStores());
            return Optional.of(new StaleRead<>(view.get(key), lag.offsetLag()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** A value read from a copy that was {@code lag} records behind (value null: the key is not there). */
    public record StaleRead<V>(V value, long lag) {
    }
}

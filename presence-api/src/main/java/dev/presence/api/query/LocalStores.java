package dev.presence.api.query;

import dev.presence.api.config.EngineConfig;
import dev.presence.streams.tasks.RunningTasks;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * This instance's copies of a store partition: the active one once its task runs, and, when the
 * operator allows it ({@code query.standby.max.lag}), a standby (or restoring) copy whose offset lag
 * is within the bound, an answer then marked as stale.
 */
public final class LocalStores {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStores.class);

    private final KafkaStreams streams;
    private final RunningTasks running;
    private final OptionalLong standbyMaxLag;

    public LocalStores(KafkaStreams streams, RunningTasks running, OptionalLong standbyMaxLag) {
        this.streams = streams;
        this.running = running;
        this.standbyMaxLag = standbyMaxLag;
    }

    /**
     * A fresh read: only from an active task that has finished restoring. Kafka Streams would also
     * hand out the store of an active task it is still restoring (empty after a crash, or behind
     * what its previous owner answered), and such an answer would go back in time unmarked.
     *
     * @throws StatusUnavailableException when this instance cannot answer for the partition right now
     */
    public <V> V activeGet(String store, int partition, String key) {
        if (!running.isRunning(partition)) {
            throw new StatusUnavailableException("partition " + partition + " of " + store
                    + " is not running on this instance (not assigned here, or still restoring)");
        }
        try {
            ReadOnlyKeyValueStore<String, V> view = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
            V value = view.get(key);
            if (value == null && LOG.isDebugEnabled()) {
                logNeverSeen(store, partition, key, view);
            }
            return value;
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the store " + store + " is not queryable: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh read that found nothing, with what this instance knows of the partition at that moment:
     * to tell a user never seen from a store that answers before it holds what it should.
     */
    private void logNeverSeen(String store, int partition, String key, ReadOnlyKeyValueStore<String, ?> view) {
        try {
            String threads = streams.metadataForLocalThreads().stream()
                    .map(thread -> thread.threadName() + " " + thread.threadState() + " active " + thread.activeTasks().stream()
                            .map(task -> task.taskId().toString()).sorted().toList())
                    .collect(Collectors.joining("; "));
            LOG.debug("Fresh read of '{}' in {} partition {}: not there; the partition's store holds about {} keys, running {}; {}",
                    key, store, partition, view.approximateNumEntries(), running.isRunning(partition), threads);
        } catch (RuntimeException e) {
            // The store may close under the diagnostic (a task moving away): the answer already read stands.
            LOG.debug("Fresh read of '{}' in {} partition {}: not there; the partition's state could not be read ({})",
                    key, store, partition, e.toString());
        }
    }

    /** This instance's active copy of one partition of a store, for a range read. */
    public <K, V> ReadOnlyKeyValueStore<K, V> active(String store, int partition) {
        try {
            return streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the store " + store + " is not queryable: " + e.getMessage(), e);
        }
    }

    /** Whether the operator allows answers from copies that may be behind ({@code query.standby.max.lag}). */
    public boolean standbyReadsAllowed() {
        return standbyMaxLag.isPresent();
    }

    /**
     * Reads from local copies that may be behind (standbys), for one query: the lags are asked for
     * once, on the first read, however many keys the query falls back for.
     */
    public StandbyReads standbyReads() {
        return new StandbyReads();
    }

    /** The standby reads of one query. */
    public final class StandbyReads {

        private Map<String, Map<Integer, LagInfo>> lags;
        private String refusal = "";

        private StandbyReads() {
        }

        /**
         * A read from a local copy of the partition, if standby reads are configured and its lag is
         * within the bound. Empty when not allowed, when this instance has no copy, or when it is too
         * far behind: the caller answers 503.
         */
        public <V> Optional<StaleRead<V>> get(String store, int partition, String key) {
            if (standbyMaxLag.isEmpty()) {
                refusal = "standby reads are off (" + EngineConfig.QUERY_STANDBY_MAX_LAG + " is not set)";
                return Optional.empty();
            }
            LagInfo lag = lagOf(store, partition);
            if (lag == null || lag.offsetLag() > standbyMaxLag.getAsLong()) {
                refusal = lag == null ? "this instance has no copy of partition " + partition
                        : "this instance's copy of partition " + partition + " is " + lag.offsetLag()
                        + " records behind, more than " + standbyMaxLag.getAsLong();
                LOG.debug("No standby read of {}: {}", store, refusal);
                return Optional.empty();
            }
            try {
                ReadOnlyKeyValueStore<String, V> view = streams.store(StoreQueryParameters
                        .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition).enableStaleStores());
                return Optional.of(new StaleRead<>(view.get(key), lag.offsetLag()));
            } catch (InvalidStateStoreException e) {
                refusal = "this instance's copy of partition " + partition + " is not queryable: " + e.getMessage();
                return Optional.empty();
            }
        }

        /** Why the last read found nothing to answer with, for the 503's message. */
        public String refusal() {
            return refusal;
        }

        private LagInfo lagOf(String store, int partition) {
            if (lags == null) {
                try {
                    // Asks the brokers for end offsets: once per query, and only on this fallback path.
                    lags = streams.allLocalStorePartitionLags();
                } catch (StreamsException | IllegalStateException e) {
                    LOG.debug("No standby reads: the lags of the local copies are unknown ({})", e.getMessage());
                    lags = Map.of();
                }
            }
            return lags.getOrDefault(store, Map.of()).get(partition);
        }
    }

    /** A value read from a copy that was {@code lag} records behind (value null: the key is not there). */
    public record StaleRead<V>(V value, long lag) {
    }
}

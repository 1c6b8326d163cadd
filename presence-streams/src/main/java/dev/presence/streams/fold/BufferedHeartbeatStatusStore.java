package dev.presence.streams.fold;

import dev.presence.schema.UserStatus;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-status store, with the heartbeats not yet persisted held in memory. Every read (the
 * stream thread's, and interactive queries' from other threads) sees the exact record; the store
 * underneath (RocksDB and its changelog) holds the last persisted one, which {@link HeartbeatPersistence}
 * keeps within its interval of the exact times. A {@link #put} persists and forgets what was buffered
 * for that user; {@link #buffer} only keeps a heartbeat-only record in memory.
 * <p>
 * Interactive queries read through {@link #readOnly}, at the isolation level the engine asks for:
 * under read-committed a buffered record is shown only on top of the committed record it was built
 * on, so the in-memory heartbeat times never carry an uncommitted change (a new version a crash
 * would undo) into an answer.
 * <p>
 * The buffer is valid only while the fold that filled it runs, and the fold empties it whenever it
 * starts or stops ({@link #discardBuffer}). Between two such times nothing but this wrapper writes
 * the store, so the stream thread's reads take a buffered record as it is, without reading the
 * persisted one (a heartbeat, most of the input, then costs no RocksDB read and no decoding). Outside
 * them, Kafka Streams writes the store behind this wrapper: it keeps a task's stores open when it turns
 * an active task into a standby and back (task recycling, at a rebalance), and a standby, as a restore,
 * writes what the changelog brings (another instance's changes) straight into RocksDB. A buffer left
 * from the earlier active time would carry an older version over the newer one, and the next change
 * would reuse version numbers already told (seen in a drill of ten engine kills, 2026-12-02).
 * Interactive queries, which read from other threads at any time, still check each buffered record
 * against the record it was built on.
 */
public final class BufferedHeartbeatStatusStore
        extends WrappedStateStore<KeyValueStore<String, UserStatus>, String, UserStatus>
        implements KeyValueStore<String, UserStatus> {

    /** A heartbeat-only record not yet written, and the record persisted when buffering began. */
    private record Buffered(UserStatus exact, UserStatus persisted) {
    }

    private final Map<String, Buffered> buffered = new ConcurrentHashMap<>();

    BufferedHeartbeatStatusStore(KeyValueStore<String, UserStatus> persisted) {
        super(persisted);
    }

    /** A builder for the store as the topology registers it: the given one, with the buffer around it. */
    public static StoreBuilder<KeyValueStore<String, UserStatus>> around(
            StoreBuilder<KeyValueStore<String, UserStatus>> persisted) {
        return new Builder(persisted);
    }

    /**
     * This store as a processor sees it: Kafka Streams hands processors a decorator around the
     * registered store, which this unwraps.
     */
    public static BufferedHeartbeatStatusStore of(StateStore store) {
        StateStore current = store;
        while (!(current instanceof BufferedHeartbeatStatusStore) && current instanceof WrappedStateStore<?, ?, ?> wrapper) {
            current = wrapper.wrapped();
        }
        if (current instanceof BufferedHeartbeatStatusStore buffered) {
            return buffered;
        }
        throw new IllegalStateException("store " + store.name() + " is not built by BufferedHeartbeatStatusStore.around");
    }

    /**
     * Keeps {@code exact} (heartbeat times moved, nothing else) in memory only; {@code persisted} is
     * the record as written ({@link #persisted}), which the caller has read already.
     */
    public void buffer(String userId, UserStatus exact, UserStatus persisted) {
        buffered.put(userId, new Buffered(exact, persisted));
    }

    /** The record as persisted under the user's buffered one (what a restore would bring back); empty when none is buffered. */
    public Optional<UserStatus> persistedUnderBuffer(String userId) {
        Buffered entry = buffered.get(userId);
        return entry != null ? Optional.of(entry.persisted()) : Optional.empty();
    }

    /** Whether the user's exact record is only in memory. */
    public boolean isBuffered(String userId) {
        return buffered.containsKey(userId);
    }

    /** Writes what is buffered for the user, if anything. */
    public void persistBuffered(String userId) {
        Buffered entry = buffered.remove(userId);
        if (entry != null) {
            wrapped().put(userId, entry.exact());
        }
    }

    /**
     * Forgets every buffered record, as the fold does when it starts and when it stops: the store may
     * be written behind this wrapper before the next start (see the class comment).
     */
    public void discardBuffer() {
        buffered.clear();
    }

    /** The user's exact record; null, as any Kafka store answers, when the user has none. */
    @Override
    public @Nullable UserStatus get(String userId) {
        Buffered entry = buffered.get(userId);
        return entry != null ? entry.exact() : wrapped().get(userId);
    }

    @Override
    public void put(String userId, UserStatus status) {
        // Forgotten first: a write that fails half-way (the record in RocksDB, its changelog send refused)
        // must not leave a buffer whose base is no longer the persisted record; the engine goes on after it.
        buffered.remove(userId);
        wrapped().put(userId, status);
    }

    @Override
    public @Nullable UserStatus putIfAbsent(String userId, UserStatus status) {
        UserStatus current = get(userId);
        if (current == null) {
            put(userId, status);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, UserStatus>> entries) {
        for (KeyValue<String, UserStatus> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public @Nullable UserStatus delete(String userId) {
        UserStatus current = get(userId);
        buffered.remove(userId);
        wrapped().delete(userId);
        return current;
    }

    @Override
    public KeyValueIterator<String, UserStatus> range(String from, String to) {
        return new Exact(wrapped().range(from, to));
    }

    @Override
    public KeyValueIterator<String, UserStatus> reverseRange(String from, String to) {
        return new Exact(wrapped().reverseRange(from, to));
    }

    @Override
    public KeyValueIterator<String, UserStatus> all() {
        return new Exact(wrapped().all());
    }

    @Override
    public KeyValueIterator<String, UserStatus> reverseAll() {
        return new Exact(wrapped().reverseAll());
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /**
     * The store as interactive queries see it. Kafka's default for a store that does not override
     * this is the store itself, which would read uncommitted writes whatever the isolation level.
     */
    @Override
    public ReadOnlyKeyValueStore<String, UserStatus> readOnly(IsolationLevel isolation) {
        return new View(wrapped().readOnly(isolation));
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Opened again after a close (a task revived): nothing may outlive the records read back.
        buffered.clear();
        super.init(context, root);
    }

    @Override
    public void close() {
        buffered.clear();
        super.close();
    }

    /**
     * The buffered exact record in place of {@code read}, when one was built on that very record. A
     * view may read older than the store (a committed view under exactly-once), and a store between two
     * active times holds records written behind the buffer, so a mismatch shows {@code read}.
     */
    private UserStatus exactOf(String userId, UserStatus read) {
        Buffered entry = buffered.get(userId);
        return entry != null && entry.persisted().equals(read) ? entry.exact() : read;
    }

    /** A read-only view of the persisted store (at some isolation level) with the buffer laid over it. */
    private final class View implements ReadOnlyKeyValueStore<String, UserStatus> {

        private final ReadOnlyKeyValueStore<String, UserStatus> persisted;

        private View(ReadOnlyKeyValueStore<String, UserStatus> persisted) {
            this.persisted = persisted;
        }

        @Override
        public @Nullable UserStatus get(String userId) {
            UserStatus read = persisted.get(userId);
            return read == null ? null : exactOf(userId, read);
        }

        @Override
        public KeyValueIterator<String, UserStatus> range(String from, String to) {
            return new Exact(persisted.range(from, to));
        }

        @Override
        public KeyValueIterator<String, UserStatus> reverseRange(String from, String to) {
            return new Exact(persisted.reverseRange(from, to));
        }

        @Override
        public KeyValueIterator<String, UserStatus> all() {
            return new Exact(persisted.all());
        }

        @Override
        public KeyValueIterator<String, UserStatus> reverseAll() {
            return new Exact(persisted.reverseAll());
        }

        @Override
        public long approximateNumEntries() {
            return persisted.approximateNumEntries();
        }
    }

    /** An iterator of the persisted store with each buffered user's exact record in place of the persisted one. */
    private final class Exact implements KeyValueIterator<String, UserStatus> {

        private final KeyValueIterator<String, UserStatus> persisted;

        private Exact(KeyValueIterator<String, UserStatus> persisted) {
            this.persisted = persisted;
        }

        @Override
        public boolean hasNext() {
            return persisted.hasNext();
        }

        @Override
        public KeyValue<String, UserStatus> next() {
            KeyValue<String, UserStatus> next = persisted.next();
            UserStatus exact = exactOf(next.key, next.value);
            return exact == next.value ? next : KeyValue.pair(next.key, exact);
        }

        @Override
        public String peekNextKey() {
            return persisted.peekNextKey();
        }

        @Override
        public void close() {
            persisted.close();
        }
    }

    private static final class Builder implements StoreBuilder<KeyValueStore<String, UserStatus>> {

        private final StoreBuilder<KeyValueStore<String, UserStatus>> persisted;

        private Builder(StoreBuilder<KeyValueStore<String, UserStatus>> persisted) {
            this.persisted = persisted;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, UserStatus>> withCachingEnabled() {
            persisted.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, UserStatus>> withCachingDisabled() {
            persisted.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, UserStatus>> withLoggingEnabled(Map<String, String> config) {
            persisted.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, UserStatus>> withLoggingDisabled() {
            persisted.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<String, UserStatus> build() {
            return new BufferedHeartbeatStatusStore(persisted.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return persisted.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return persisted.loggingEnabled();
        }

        @Override
        public String name() {
            return persisted.name();
        }
    }
}

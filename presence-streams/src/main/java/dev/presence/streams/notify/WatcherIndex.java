package dev.presence.streams.notify;

import dev.presence.schema.Relation;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Who hears of a user's changes, stored next to that user's status. Key: {@code watched | 0x00 |
 * watcher} (ids hold no control characters), so one user's watchers are one contiguous range that a
 * fan-out walks in slices and resumes after the last watcher it reached. Value: one byte of
 * {@link Relation} flags, so a watcher that is both friend and subscriber is one entry and hears once.
 */
public final class WatcherIndex {

    private static final byte SEPARATOR = 0;
    private static final byte AFTER_SEPARATOR = 1;

    private final KeyValueStore<Bytes, byte[]> store;

    public WatcherIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public static int flag(Relation relation) {
        return relation == Relation.SUBSCRIBER ? 1 : 2;
    }

    /** Adds or removes one relation of {@code watcher} to {@code watched}. */
    public void update(String watched, String watcher, Relation relation, boolean added) {
        Bytes key = key(watched, watcher);
        byte[] current = store.get(key);
        int flags = current == null ? 0 : current[0];
        int next = added ? flags | flag(relation) : flags & ~flag(relation);
        if (next == flags) {
            return;
        }
        if (next == 0) {
            store.delete(key);
        } else {
            store.put(key, new byte[]{(byte) next});
        }
    }

    /** Receives a watcher with its relation flags. */
    @FunctionalInterface
    public interface Visitor {
        void visit(String watcher, int flags);
    }

    /**
     * How far a walk got: {@code stoppedAfter} is the last watcher visited when the budget ran out before
     * the end (resume after it), empty when the walk reached the end.
     */
    public record Progress(Optional<String> stoppedAfter, int visited) {
        public boolean finished() {
            return stoppedAfter.isEmpty();
        }
    }

    /**
     * Walks the watchers of {@code watched} in key order, starting after {@code resumeAfter} (empty: from
     * the first), for at most {@code budget} entries.
     */
    public Progress walk(String watched, Optional<String> resumeAfter, int budget, Visitor visitor) {
        return walk(store, watched, resumeAfter, budget, visitor);
    }

    /** As {@link #walk(String, Optional, int, Visitor)}, over a read-only view of the store (an interactive query). */
    public static Progress walk(ReadOnlyKeyValueStore<Bytes, byte[]> store, String watched, Optional<String> resumeAfter,
                                int budget, Visitor visitor) {
        byte[] prefix = prefix(watched, SEPARATOR);
        // The smallest key above "watched|0|resumeAfter" is that key followed by 0x00, which no watcher id has.
        Bytes from = resumeAfter.map(after -> Bytes.wrap(append(key(watched, after).get(), SEPARATOR)))
                .orElseGet(() -> Bytes.wrap(prefix));
        Bytes to = Bytes.wrap(prefix(watched, AFTER_SEPARATOR));
        int visited = 0;
        Optional<String> last = Optional.empty();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, to)) {
            while (range.hasNext()) {
                if (visited == budget) {
                    return new Progress(last, visited);
                }
                KeyValue<Bytes, byte[]> entry = range.next();
                byte[] key = entry.key.get();
                String watcher = new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
                last = Optional.of(watcher);
                visited++;
                visitor.visit(watcher, entry.value[0]);
            }
        }
        return new Progress(Optional.empty(), visited);
    }

    private static Bytes key(String watched, String watcher) {
        byte[] prefix = prefix(watched, SEPARATOR);
        byte[] watcherBytes = watcher.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + watcherBytes.length).put(prefix).put(watcherBytes).array());
    }

    private static byte[] append(byte[] bytes, byte last) {
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        longer[bytes.length] = last;
        return longer;
    }

    private static byte[] prefix(String watched, byte separator) {
        byte[] watchedBytes = watched.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(watchedBytes.length + 1).put(watchedBytes).put(separator).array();
    }
}

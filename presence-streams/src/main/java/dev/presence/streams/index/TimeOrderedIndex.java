package dev.presence.streams.index;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entries ordered by a deadline, so that finding the due ones is a range scan from the start of the
 * store up to "now", bounded by a budget: never a scan of every user on each tick.
 * <p>
 * Key: {@code deadline (8 bytes, big-endian) | id}. Big-endian positive longs sort by time under the
 * stores' unsigned byte order. The id is never empty, so every key is longer than 8 bytes.
 */
public final class TimeOrderedIndex {

    private final KeyValueStore<Bytes, byte[]> store;

    public TimeOrderedIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** One due entry: its deadline, id and value as stored. */
    public record Entry(long deadline, byte[] id, byte[] value) {
    }

    public void put(long deadline, byte[] id, byte[] value) {
        store.put(key(deadline, id), value);
    }

    /** Files the entry unless it is there already: spares the changelog a record for a repeated put. */
    public void putIfAbsent(long deadline, byte[] id, byte[] value) {
        store.putIfAbsent(key(deadline, id), value);
    }

    public void remove(long deadline, byte[] id) {
        store.delete(key(deadline, id));
    }

    /**
     * Removes and returns the entries whose deadline is at or before {@code now}, earliest first, at
     * most {@code budget} of them; the rest wait for the next call.
     */
    public List<Entry> takeDue(long now, int budget) {
        List<Entry> due = peekDue(now, budget);
        // Deleted after the scan: a store is not modified under an open iterator.
        for (Entry entry : due) {
            remove(entry.deadline(), entry.id());
        }
        return due;
    }

    /** The entries whose deadline is at or before {@code now}, earliest first, at most {@code budget}; left in place. */
    public List<Entry> peekDue(long now, int budget) {
        List<Entry> due = new ArrayList<>();
        // Every key is longer than 8 bytes, so the bare prefix now+1 is above all keys with deadline <= now.
        Bytes upper = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now + 1).array());
        try (KeyValueIterator<Bytes, byte[]> range = store.range(Bytes.wrap(new byte[0]), upper)) {
            while (range.hasNext() && due.size() < budget) {
                KeyValue<Bytes, byte[]> entry = range.next();
                byte[] key = entry.key.get();
                due.add(new Entry(ByteBuffer.wrap(key).getLong(), Arrays.copyOfRange(key, Long.BYTES, key.length),
                        entry.value));
            }
        }
        return due;
    }

    private static Bytes key(long deadline, byte[] id) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(deadline).put(id).array());
    }
}

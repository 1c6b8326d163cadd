package dev.presence.streams.subscribe;

import dev.presence.streams.index.TimeOrderedIndex;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * When a subscriber's 24 h without ONLINE may run out. Entries are hints: the sweep checks the
 * subscriber's status and list before deciding, so a stale entry costs a lookup, never a wrong expiry.
 */
public final class SubscriptionExpiryIndex {

    private static final byte[] NO_VALUE = new byte[0];

    private final TimeOrderedIndex index;

    public SubscriptionExpiryIndex(KeyValueStore<Bytes, byte[]> store) {
        this.index = new TimeOrderedIndex(store);
    }

    public void schedule(long deadline, String subscriber) {
        index.put(deadline, subscriber.getBytes(StandardCharsets.UTF_8), NO_VALUE);
    }

    /** Removes and returns the subscribers whose deadline is at or before {@code now}, at most {@code budget}. */
    public List<String> takeDue(long now, int budget) {
        List<String> due = new ArrayList<>();
        for (TimeOrderedIndex.Entry entry : index.takeDue(now, budget)) {
            due.add(new String(entry.id(), StandardCharsets.UTF_8));
        }
        return due;
    }
}

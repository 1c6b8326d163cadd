package dev.presence.streams.fold;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeat deadlines ordered by time, so that finding the expired sessions is a range scan from
 * the start of the store up to "now", bounded by a budget, never a scan of every user.
 * <p>
 * Key: {@code deadline (8 bytes, big-endian) | userId | 0x00 | clientId}. Big-endian positive longs
 * sort by time under the stores' unsigned byte order; ids never contain control characters, so
 * 0x00 separates them unambiguously. Value: {@code lastHeartbeatAt (8 bytes) | sessionId}.
 */
public final class SessionDeadlineIndex {

    private static final byte SEPARATOR = 0;

    private final KeyValueStore<Bytes, byte[]> store;

    public SessionDeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** One expired session, as the index holds it. */
    public record Deadline(long deadline, String userId, String clientId, String sessionId, long lastHeartbeatAt) {
    }

    public void put(long deadline, String userId, String clientId, String sessionId, long lastHeartbeatAt) {
        byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
        byte[] value = ByteBuffer.allocate(Long.BYTES + session.length).putLong(lastHeartbeatAt).put(session).array();
        store.put(key(deadline, userId, clientId), value);
    }

    public void remove(long deadline, String userId, String clientId) {
        store.delete(key(deadline, userId, clientId));
    }

    /**
     * Removes and returns the sessions whose deadline is at or before {@code now}, earliest first, at most
     * {@code budget} of them; the rest wait for the next sweep.
     */
    public List<Deadline> takeExpired(long now, int budget) {
        List<Deadline> expired = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        // Every key is longer than 8 bytes, so the bare prefix now+1 is above all keys with deadline <= now.
        Bytes upper = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now + 1).array());
        Bytes lower = Bytes.wrap(new byte[0]);
        try (KeyValueIterator<Bytes, byte[]> range = store.range(lower, upper)) {
            while (range.hasNext() && expired.size() < budget) {
                KeyValue<Bytes, byte[]> entry = range.next();
                keys.add(entry.key);
                expired.add(decode(entry.key.get(), entry.value));
            }
        }
        // Deleted after the scan: a store is not modified under an open iterator.
        for (Bytes key : keys) {
            store.delete(key);
        }
        return expired;
    }

    static Bytes key(long deadline, String userId, String clientId) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + user.length + 1 + client.length)
                .putLong(deadline).put(user).put(SEPARATOR).put(client).array());
    }

    private static Deadline decode(byte[] key, byte[] value) {
        ByteBuffer keyBuffer = ByteBuffer.wrap(key);
        long deadline = keyBuffer.getLong();
        int separator = Long.BYTES;
        while (key[separator] != SEPARATOR) {
            separator++;
        }
        String userId = new String(key, Long.BYTES, separator - Long.BYTES, StandardCharsets.UTF_8);
        String clientId = new String(key, separator + 1, key.length - separator - 1, StandardCharsets.UTF_8);
        ByteBuffer valueBuffer = ByteBuffer.wrap(value);
        long lastHeartbeatAt = valueBuffer.getLong();
        String sessionId = new String(value, Long.BYTES, value.length - Long.BYTES, StandardCharsets.UTF_8);
        return new Deadline(deadline, userId, clientId, sessionId, lastHeartbeatAt);
    }
}

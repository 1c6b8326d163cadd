package dev.presence.streams.index;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeat deadlines of connected sessions, in time order. An entry's deadline is never later
 * than its session's real one (last heartbeat + timeout) but may be earlier: a heartbeat does not
 * touch the index, the sweep re-files an entry it finds early. Id: {@code userId | 0x00 | clientId}
 * (ids never contain control characters, so 0x00 separates them unambiguously); value:
 * {@code lastHeartbeatAt (8 bytes) | sessionId}.
 */
public final class SessionDeadlineIndex {

    private static final byte SEPARATOR = 0;

    private final TimeOrderedIndex index;

    public SessionDeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.index = new TimeOrderedIndex(store);
    }

    /** One entry: the session it was filed for, and under which deadline. */
    public record Deadline(long deadline, String userId, String clientId, String sessionId, long lastHeartbeatAt) {
    }

    public void put(long deadline, String userId, String clientId, String sessionId, long lastHeartbeatAt) {
        byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
        byte[] value = ByteBuffer.allocate(Long.BYTES + session.length).putLong(lastHeartbeatAt).put(session).array();
        index.put(deadline, id(userId, clientId), value);
    }

    public void remove(long deadline, String userId, String clientId) {
        index.remove(deadline, id(userId, clientId));
    }

    /** The entries whose deadline is at or before {@code now}, earliest first, at most {@code budget}; left in place. */
    public List<Deadline> due(long now, int budget) {
        List<Deadline> due = new ArrayList<>();
        for (TimeOrderedIndex.Entry entry : index.peekDue(now, budget)) {
            byte[] id = entry.id();
            int separator = 0;
            while (id[separator] != SEPARATOR) {
                separator++;
            }
            byte[] value = entry.value();
            due.add(new Deadline(entry.deadline(),
                    new String(id, 0, separator, StandardCharsets.UTF_8),
                    new String(id, separator + 1, id.length - separator - 1, StandardCharsets.UTF_8),
                    new String(value, Long.BYTES, value.length - Long.BYTES, StandardCharsets.UTF_8),
                    ByteBuffer.wrap(value).getLong()));
        }
        return due;
    }

    public void remove(Deadline entry) {
        remove(entry.deadline(), entry.userId(), entry.clientId());
    }

    /** Re-files an entry under a new deadline (an entry already there for the same user and client is replaced). */
    public void move(Deadline entry, long deadline, long lastHeartbeatAt) {
        remove(entry);
        put(deadline, entry.userId(), entry.clientId(), entry.sessionId(), lastHeartbeatAt);
    }

    private static byte[] id(String userId, String clientId) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(user.length + 1 + client.length).put(user).put(SEPARATOR).put(client).array();
    }
}

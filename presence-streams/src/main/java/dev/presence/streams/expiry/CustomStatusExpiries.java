package dev.presence.streams.expiry;

import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import dev.presence.streams.index.TimeOrderedIndex;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When custom statuses expire: {@code expiresAt | userId} in a time-ordered index, and the decision
 * a sweep takes on the entries due. An entry is only a hint: the decision is taken on the status as
 * stored at the sweep, so an entry whose custom status was replaced or cleared meanwhile is dropped
 * without a word, and the status that replaced it has its own entry.
 */
public final class CustomStatusExpiries {

    private static final byte[] NOTHING = new byte[0];

    private final TimeOrderedIndex index;
    private final KeyValueStore<String, UserStatus> statuses;

    public CustomStatusExpiries(KeyValueStore<Bytes, byte[]> index, KeyValueStore<String, UserStatus> statuses) {
        this.index = new TimeOrderedIndex(index);
        this.statuses = statuses;
    }

    /** Files the expiry of a status as stored; idempotent, however often the same status is stored. */
    public void file(UserStatus status) {
        Long expiresAt = status.getCustomStatusExpiresAt();
        if (expiresAt != null) {
            index.putIfAbsent(expiresAt, status.getUserId().getBytes(StandardCharsets.UTF_8), NOTHING);
        }
    }

    /**
     * Takes the entries due at {@code now} (at most {@code budget}) and returns the CUSTOM_STATUS_EXPIRED
     * events to write for those whose stored custom status still carries that expiry. Each names the
     * expiry it was decided on, so that the fold ignores it if a new custom status lands first.
     */
    public List<PresenceEvent> decide(long now, int budget) {
        List<PresenceEvent> decided = new ArrayList<>();
        for (TimeOrderedIndex.Entry entry : index.takeDue(now, budget)) {
            String userId = new String(entry.id(), StandardCharsets.UTF_8);
            UserStatus status = statuses.get(userId);
            if (status == null || status.getCustomStatus() == null
                    || !Objects.equals(status.getCustomStatusExpiresAt(), entry.deadline())) {
                continue;
            }
            decided.add(PresenceEvent.newBuilder()
                    .setType(EventType.CUSTOM_STATUS_EXPIRED)
                    .setUserId(userId)
                    .setExpiresAt(entry.deadline())
                    .setOccurredAt(now)
                    .build());
        }
        return decided;
    }
}

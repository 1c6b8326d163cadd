package dev.presence.streams.expiry;

import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceNames.Nodes;
import dev.presence.streams.PresenceNames.Stores;
import dev.presence.streams.PresenceSettings;
import dev.presence.streams.index.TimeOrderedIndex;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Clears custom statuses at their expiry the way timeouts are decided: each status the fold stores
 * with an expiry files {@code expiresAt | userId} in a time-ordered index; a wall-clock punctuator
 * sweeps the due entries under a budget and, for a user whose stored custom status still carries
 * that expiry, writes a CUSTOM_STATUS_EXPIRED event naming it to {@code presence.events}. The fold
 * clears the custom status when the event comes back through the log, unless a new custom status
 * was set in between (the event names the expiry it was decided on, and the new one has another).
 * Entries of custom statuses replaced or cleared meanwhile are dropped when they come due.
 */
public final class CustomStatusExpiryProcessor implements Processor<String, UserStatus, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(CustomStatusExpiryProcessor.class);
    private static final byte[] NOTHING = new byte[0];

    private final PresenceSettings settings;
    private ProcessorContext<Object, Object> context;
    private TimeOrderedIndex expiries;
    private KeyValueStore<String, UserStatus> statuses;

    public CustomStatusExpiryProcessor(PresenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.expiries = new TimeOrderedIndex(context.getStateStore(Stores.CUSTOM_STATUS_EXPIRY));
        this.statuses = context.getStateStore(Stores.USER_STATUS);
        context.schedule(settings.timeoutCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::decideExpiries);
    }

    @Override
    public void process(Record<String, UserStatus> record) {
        UserStatus status = record.value();
        Long expiresAt = status.getCustomStatusExpiresAt();
        if (expiresAt != null) {
            // Idempotent: the same user and expiry is one key, however often the status is stored meanwhile.
            expiries.putIfAbsent(expiresAt, id(status.getUserId()), NOTHING);
        }
    }

    private void decideExpiries(long now) {
        List<TimeOrderedIndex.Entry> due = expiries.takeDue(now, settings.timeoutsPerCheck());
        for (TimeOrderedIndex.Entry entry : due) {
            String userId = new String(entry.id(), StandardCharsets.UTF_8);
            UserStatus status = statuses.get(userId);
            if (status == null || status.getCustomStatus() == null
                    || !Objects.equals(status.getCustomStatusExpiresAt(), entry.deadline())) {
                continue;
            }
            PresenceEvent expired = PresenceEvent.newBuilder()
                    .setType(EventType.CUSTOM_STATUS_EXPIRED)
                    .setUserId(userId)
                    .setExpiresAt(entry.deadline())
                    .setOccurredAt(now)
                    .build();
            context.forward(new Record<>((Object) userId, (Object) expired, now), Nodes.TIMEOUT_EVENTS_SINK);
        }
        if (due.size() == settings.timeoutsPerCheck()) {
            log.info("Custom status expiry sweep hit its budget of {}; the rest follow in the next sweep",
                    settings.timeoutsPerCheck());
        }
    }

    private static byte[] id(String userId) {
        return userId.getBytes(StandardCharsets.UTF_8);
    }
}

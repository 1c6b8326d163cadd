package dev.presence.streams.history;

import dev.presence.schema.StatusChange;
import dev.presence.core.PresenceNames.Stores;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records every change of a user's status, custom status or visibility as a point of its history,
 * at the change's time. The history is the true one (with visibility): the REST API shows it to the
 * user itself and the admin as it is, and to others with the hidden stretches as OFFLINE.
 */
public final class StatusHistoryProcessor implements Processor<String, StatusChange, Void, Void> {

    private final long retentionMs;
    private KeyValueStore<Bytes, byte[]> history;

    public StatusHistoryProcessor(HistorySettings settings) {
        this.retentionMs = settings.retention().toMillis();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        history = context.getStateStore(Stores.STATUS_HISTORY);
    }

    @Override
    public void process(Record<String, StatusChange> record) {
        StatusChange change = record.value();
        StatusHistory.record(history, change.getUserId(), change.getChangedAt(),
                new HistoryPoint(change.getNewStatus(), change.getNewCustomStatus(), change.getNewVisibility()),
                retentionMs);
    }
}

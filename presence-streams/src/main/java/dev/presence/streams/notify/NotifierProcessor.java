package dev.presence.streams.notify;

import dev.presence.schema.Notification;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/** Turns each status change into the notifications it causes: the user itself is always told. */
public final class NotifierProcessor implements Processor<String, StatusChange, String, Notification> {

    private ProcessorContext<String, Notification> context;

    @Override
    public void init(ProcessorContext<String, Notification> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, StatusChange> record) {
        StatusChange change = record.value();
        context.forward(record.withValue(notification(change.getUserId(), view(change))));
    }

    public static StatusView view(StatusChange change) {
        return StatusView.newBuilder()
                .setUserId(change.getUserId())
                .setStatus(change.getNewStatus())
                .setCustomStatus(change.getNewCustomStatus())
                .setVersion(change.getVersion())
                .setChangedAt(change.getChangedAt())
                .setReason(change.getReason())
                .build();
    }

    public static Notification notification(String recipient, StatusView view) {
        return Notification.newBuilder().setRecipient(recipient).setChanges(List.of(view)).build();
    }
}

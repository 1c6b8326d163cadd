package dev.presence.streams.notify;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;

import java.util.List;

/** Builds what a notification carries. */
public final class Notifications {

    private Notifications() {
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

    /** The target's current status, sent to a new subscriber. */
    public static StatusView snapshot(UserStatus status) {
        return StatusView.newBuilder()
                .setUserId(status.getUserId())
                .setStatus(status.getStatus())
                .setCustomStatus(status.getCustomStatus())
                .setVersion(status.getVersion())
                .setChangedAt(status.getStatusChangedAt())
                .setReason(ChangeReason.SNAPSHOT)
                .build();
    }

    public static Notification to(String recipient, StatusView view) {
        return Notification.newBuilder().setRecipient(recipient).setChanges(List.of(view)).build();
    }
}

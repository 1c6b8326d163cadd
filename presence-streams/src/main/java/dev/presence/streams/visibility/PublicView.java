package dev.presence.streams.visibility;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Status;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Visibility;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What everyone but the user itself (and the admin) sees of a user. An invisible user looks
 * OFFLINE, with no custom status and no clients, frozen at the version and time it turned invisible:
 * what it does while hidden moves neither, so polling its status reveals nothing. A visible user is
 * seen as it is.
 */
public final class PublicView {

    private PublicView() {
    }

    public static boolean hidden(UserStatus status) {
        return status.getVisibility() == Visibility.INVISIBLE;
    }

    /** The user as others see it. */
    public static UserStatus asSeenByOthers(UserStatus status) {
        if (!hidden(status)) {
            return status;
        }
        long since = status.getHiddenSince() != null ? status.getHiddenSince() : status.getStatusChangedAt();
        return UserStatus.newBuilder()
                .setUserId(status.getUserId())
                .setStatus(Status.OFFLINE)
                .setCustomStatus(null)
                .setStatusChangedAt(since)
                .setLastSeenAt(null)
                .setLastOnlineAt(null)
                .setVersion(status.getHiddenVersion() != null ? status.getHiddenVersion() : status.getVersion())
                .setClients(List.of())
                .setCustomStatusExpiresAt(null)
                // Others must not be able to tell a hidden user from one that went offline.
                .setVisibility(Visibility.VISIBLE)
                .setHiddenSince(null)
                .setHiddenVersion(null)
                .build();
    }

    /**
     * The notification a change is to watchers, or empty when what they see did not change (a hidden
     * user's own changes, or a visibility toggle that shows the same). Turning invisible reads as a
     * DISCONNECT, turning visible as the LOGIN (or LOGOUT) that would have shown it: the reason must not
     * tell invisibility apart from coming and going.
     */
    public static Optional<StatusView> forWatchers(StatusChange change) {
        boolean wasHidden = change.getOldVisibility() == Visibility.INVISIBLE;
        boolean isHidden = change.getNewVisibility() == Visibility.INVISIBLE;
        Status oldStatus = wasHidden ? Status.OFFLINE : change.getOldStatus();
        String oldCustom = wasHidden ? null : change.getOldCustomStatus();
        Status newStatus = isHidden ? Status.OFFLINE : change.getNewStatus();
        String newCustom = isHidden ? null : change.getNewCustomStatus();
        if (oldStatus == newStatus && Objects.equals(oldCustom, newCustom)) {
            return Optional.empty();
        }
        ChangeReason reason = change.getReason();
        if (reason == ChangeReason.VISIBILITY) {
            reason = isHidden ? ChangeReason.DISCONNECT
                    : newStatus == Status.ONLINE ? ChangeReason.LOGIN
                    : newStatus == Status.UNLOGINED ? ChangeReason.LOGOUT : ChangeReason.DISCONNECT;
        }
        return Optional.of(StatusView.newBuilder()
                .setUserId(change.getUserId())
                .setStatus(newStatus)
                .setCustomStatus(newCustom)
                .setVersion(change.getVersion())
                .setChangedAt(change.getChangedAt())
                .setReason(reason)
                .build());
    }

    /** True when the change hides a user that was visible: what watchers were about to hear of it is void. */
    public static boolean hides(StatusChange change) {
        return change.getOldVisibility() != Visibility.INVISIBLE && change.getNewVisibility() == Visibility.INVISIBLE;
    }
}

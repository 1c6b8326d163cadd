package dev.presence.client.http;

import dev.presence.schema.Platform;
import dev.presence.schema.Status;
import dev.presence.schema.VerdictOutcome;
import dev.presence.schema.Visibility;

import java.util.List;
import java.util.Map;

/** The REST API's answers, one record per shape; fields a later engine adds are ignored. */
public final class Answers {

    private Answers() {
    }

    /**
     * A user's status; {@code clients} is empty unless detail was asked for. A user never seen is
     * UNLOGINED, version 0. {@code staleBy} is null when the answer came from the owner's current
     * store, else how many records behind the copy it was read from was (the engine's
     * {@code X-Presence-Stale} header: its owner was moving or not answering); for a batch, the most
     * behind of any copy read for it.
     */
    public record UserPresence(String userId, Status status, String customStatus, long statusChangedAt, Long lastSeenAt,
                               Long lastOnlineAt, long version, List<ClientView> clients, Long staleBy) {
        public UserPresence {
            clients = clients == null ? List.of() : List.copyOf(clients);
        }

        /** Whether this may miss the user's latest changes: read from a copy, not the owner's store. */
        public boolean isStale() {
            return staleBy != null;
        }

        UserPresence readFromCopy(long recordsBehind) {
            return new UserPresence(userId, status, customStatus, statusChangedAt, lastSeenAt, lastOnlineAt, version,
                    clients, recordsBehind);
        }
    }

    /** One logged-in client: ONLINE (connected), PUSH_ONLINE (reachable by offline push) or OFFLINE. */
    public record ClientView(String clientId, Platform platform, ClientState state) {
    }

    public enum ClientState { ONLINE, PUSH_ONLINE, OFFLINE }

    /**
     * A custom status call's answer: 202, in the log and applied moments later ({@code outcome} null);
     * or, from a client built with {@link PresenceHttpClient.Builder#waitForVerdicts}, 200 with the
     * topology's verdict ({@code outcome} APPLIED or IGNORED) and the user's resulting {@code status}.
     * A refusal is a {@link PresenceApiException}.
     */
    public record CustomStatusAccepted(String userId, String customStatus, String eventId, String requestId,
                                       VerdictOutcome outcome, UserPresence status) {

        /** Whether the engine answered with its verdict within the wait (else the write is in the log, judged later). */
        public boolean judged() {
            return outcome != null;
        }
    }

    /** 202 to a visibility change: in the log, applied moments later. */
    public record VisibilityAccepted(String userId, Visibility visibility, String eventId) {
    }

    /** Every user the engine has seen, by general status (a whole-engine count, never a scan). */
    public record Occupancy(long online, long offline, long unlogined) {
    }

    /**
     * A user's history over {@code [from, to)}: adjoining intervals covering the window, oldest first.
     * What the caller may see: for another user, an invisible stretch reads OFFLINE.
     */
    public record History(String userId, long from, long to, List<HistoryInterval> intervals) {
        public History {
            intervals = intervals == null ? List.of() : List.copyOf(intervals);
        }
    }

    /**
     * One stretch of a user's history, {@code from} inclusive, {@code to} exclusive (epoch ms);
     * {@code visibility} is INVISIBLE on a hidden stretch shown to the user itself or the admin, else null.
     */
    public record HistoryInterval(Status status, String customStatus, long from, long to, Visibility visibility) {
    }

    /** Time ONLINE per UTC day, oldest day first. */
    public record OnlineTime(String userId, List<OnlineDay> days) {
        public OnlineTime {
            days = days == null ? List.of() : List.copyOf(days);
        }
    }

    /** {@code date} is the UTC day as yyyy-mm-dd. */
    public record OnlineDay(String date, long onlineMs) {
    }

    /**
     * A subscribe or unsubscribe call's answer: the command written and the distinct targets it names;
     * with {@link PresenceHttpClient.Builder#waitForVerdicts}, also the verdict ({@code outcome}, null
     * when none came within the wait) and the subscriber's resulting {@code subscriptions}.
     */
    public record SubscriptionChange(String userId, String type, String requestId, List<String> userIds,
                                     VerdictOutcome outcome, List<SubscriptionEntry> subscriptions) {
        public SubscriptionChange {
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        }

        public boolean judged() {
            return outcome != null;
        }
    }

    /** A subscriber's subscriptions, oldest first. */
    public record Subscriptions(String userId, List<SubscriptionEntry> subscriptions) {
        public Subscriptions {
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        }
    }

    public record SubscriptionEntry(String userId, long subscribedAt) {
    }

    /** {@code POST /v1/events}: where each event was written (and, waited for, each one's verdict). */
    public record EventsAccepted(int accepted, List<EventPosition> events) {
        public EventsAccepted {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /**
     * Where one event was written. From a client built with {@link PresenceHttpClient.Builder#waitForVerdicts}
     * whose wait was met, also its {@code outcome}: APPLIED or IGNORED with the user's resulting
     * {@code status}, or REFUSED with the {@code error}; all three null otherwise.
     */
    public record EventPosition(int index, String userId, int partition, long offset, VerdictOutcome outcome,
                                UserPresence status, EventError error) {
    }

    /** Why the topology refused an event: the engine's code (as in presence.rejected) and reason. */
    public record EventError(int code, String message) {
    }

    /** The live settings in force, their start-up values and the overrides written to {@code presence.config}. */
    public record LiveSettings(Map<String, String> settings, Map<String, String> startup, Map<String, String> overrides) {
    }

    /** 202 to a settings change: the setting and the value it will have. */
    public record SettingChange(String name, String value) {
    }

    public record UserToken(String userId, String token, long expiresInSeconds) {
    }

    /** {@code /health/live} (status UP or DOWN, with the notification reader) and {@code /health/ready} (READY). */
    public record Health(String status, String streams, String notifications) {
    }
}

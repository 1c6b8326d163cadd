package dev.presence.streams.metrics;

/**
 * The names of the engine's own Kafka Streams sensors (task level, recording level INFO, in the
 * group {@value #GROUP}, tagged {@value #TASK_TAG} with the task and, for the counted ones, the
 * node): what the REST module reads back to publish them as {@code presence_...} Prometheus meters.
 */
public final class DomainSensors {

    /** The scope every sensor is registered under: Kafka Streams makes it the group {@value #GROUP}. */
    public static final String SCOPE = "presence";
    public static final String GROUP = "stream-presence-metrics";
    public static final String TASK_TAG = "presence-id";

    /** Events the status fold applied (changed the status or refreshed a heartbeat), recorded by the fold itself. */
    public static final String EVENTS_APPLIED = "events-applied";
    /** Events the status fold ignored (unknown or closed session, duplicate...), recorded by the fold itself. */
    public static final String EVENTS_IGNORED = "ignored-events";
    /** Sessions the timeout sweep closed, recorded by the fold itself. */
    public static final String TIMEOUTS_DECIDED = "timeouts-decided";
    /** Notifications forwarded to presence.notifications. */
    public static final String NOTIFICATIONS_WRITTEN = "notifications-written";
    /** Records sent to presence.rejected with one code: the operation is this prefix followed by the code. */
    public static final String REJECTED_PREFIX = "rejected-";
    /** The cumulative count of a rate-total sensor is its operation followed by this. */
    public static final String TOTAL_SUFFIX = "-total";

    private DomainSensors() {
    }
}

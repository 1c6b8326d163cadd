package dev.presence.api.query;

/**
 * The endpoints one instance calls on another. They answer from the receiving instance's own stores
 * only and never forward again, so a query takes one hop at most; they accept only calls carrying
 * the peer credential ({@code X-Presence-Peer}).
 */
public final class PeerPaths {

    private PeerPaths() {
    }

    /** Every peer endpoint starts with this. */
    public static final String PREFIX = "/internal/";

    /** {@code {"userIds":[...]}} -> {@code {"statuses":[UserStatus...]}} in the order asked. */
    public static final String STATUSES = "/internal/v1/statuses";
    /**
     * {@code {"userIds":[...]}} -> {@code {"statuses":[UserStatus...],"staleLag":N|null}}: from the
     * receiving instance's own copies (standby or restoring, within its lag bound), for when the owner
     * cannot answer; {@code staleLag} is the most records a copy read was behind, null when none was.
     */
    public static final String STANDBY_STATUSES = "/internal/v1/standby-statuses";
    /** {@code {"userId":"bob"}} -> {@code {"subscriptions":SubscriptionList or null}}. */
    public static final String SUBSCRIPTIONS = "/internal/v1/subscriptions";
    /** {@code {"userId":"bob","budget":"query|subscribe|unsubscribe"}} -> {@code {"allowed":true|false,"retryAfterMs":N}}: counts one call of bob here. */
    public static final String RATE_LIMIT = "/internal/v1/rate-limit";
    /** {@code {"partitions":[0,2]}} -> {@code {"online":N,"offline":N,"unlogined":N}} summed over those partitions, active here. */
    public static final String OCCUPANCY = "/internal/v1/occupancy";
    /** {@code {"userId":"bob","from":N,"to":N}} -> {@code {"intervals":[{"status","customStatus","visibility","from","to"}...]}}: the true history. */
    public static final String HISTORY = "/internal/v1/history";
    /** {@code {"userId":"bob","limit":N}} -> {@link Watchers} as JSON: bob's first watchers. */
    public static final String WATCHERS = "/internal/v1/watchers";
}

package dev.presence.core;

import java.util.Optional;

/**
 * The engine's error codes: in {@code presence.rejected} records and in REST error bodies
 * ({@code {"code":N,"message":"..."}}). 72001 follows the reference; the 70xxx codes are the
 * project's own. Documented in the README; a code, once published, never changes meaning.
 */
public enum ErrorCode {
    UNREADABLE_RECORD(70001, 400, "the record is neither Avro single-object encoding nor JSON"),
    MALFORMED_JSON(70002, 400, "the JSON cannot be parsed or is not an object of the expected form"),
    UNKNOWN_TYPE(70003, 400, "the type is missing or not one this engine knows"),
    KEY_MISMATCH(70004, 400, "the record key differs from the userId in the record"),
    MISSING_FIELD(70005, 400, "a field the type requires is missing"),
    INVALID_FIELD(70006, 400, "a field has the wrong form (id length 1-128 UTF-8 bytes, no control characters; known enum value)"),
    CUSTOM_STATUS_TOO_LONG(70007, 400, "the custom status is longer than the configured limit in UTF-8 bytes"),
    NOT_ONLINE(70008, 409, "the user is not ONLINE, so its custom status cannot be set"),
    UNKNOWN_SCHEMA(70009, 400, "the Avro schema fingerprint of the record is not one this engine knows"),
    TOO_MANY_IDS(70010, 400, "too many user ids in one call"),
    RATE_LIMITED(70011, 429, "too many calls; retry after the time given"),
    NOT_FOUND(70012, 404, "no such resource"),
    UNAVAILABLE(70013, 503, "the state is not queryable right now (starting or rebalancing); retry after the time given"),
    UNAUTHENTICATED(70014, 401, "a valid credential is required"),
    FORBIDDEN(70015, 403, "the credential may not act for this user"),
    TOO_MANY_TARGETS(70016, 400, "too many targets in one subscribe or unsubscribe call"),
    SELF_SUBSCRIPTION(70017, 400, "a user cannot subscribe to itself"),
    ENGINE_ONLY_EVENT(70018, 400, "this event type is written by the engine only"),
    BAD_REQUEST(70019, 400, "the request body or parameters are malformed"),
    MISROUTED(70020, 400, "the record is in a partition its key does not hash to and re-routing it did not help:"
            + " the topic's partition count differs from the engine's"),
    UNSUPPORTED_MEDIA_TYPE(70021, 415, "a request body must be sent as 'Content-Type: application/json'"),
    BODY_TOO_LARGE(70022, 413, "the request body is larger than http.max.body.bytes"),
    FOREIGN_ORIGIN(70023, 403, "without auth.secret only requests whose Host (and Origin, when sent) are loopback are served;"
            + " a CORS preflight from an origin not in http.cors.origins"),
    INVALID_PREFER(70024, 400, "the Prefer header's wait is not a whole number of seconds from 0 to 10, is given twice,"
            + " or the header is longer than 256 characters"),
    INVALID_EXPIRY(70030, 400, "a custom status expiry must lie after now (the record's time) and at most 30 days ahead;"
            + " ttlSeconds is 1 to 2592000; expiresAt and ttlSeconds exclude each other and need a custom status"),
    UNKNOWN_VISIBILITY(70031, 400, "visibility must be VISIBLE or INVISIBLE"),
    HISTORY_WINDOW_INVERTED(70032, 400, "the history window ends before it starts (to < from)"),
    HISTORY_WINDOW_TOO_LONG(70033, 400, "the history window is longer than presence.history.retention.ms"),
    DAYS_OUT_OF_RANGE(70034, 400, "days must be a whole number from 1 to the days presence.history.retention.ms keeps"),
    INTERNAL(70099, 500, "internal error; see the engine log"),
    FEATURE_DISABLED(72001, 403, "the feature is switched off (statusQueryAndNotify)");

    private final int code;
    private final int httpStatus;
    private final String description;

    ErrorCode(int code, int httpStatus, String description) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String description() {
        return description;
    }

    /** The code named by {@code code}, or empty for one this version does not know (a newer engine's). */
    public static Optional<ErrorCode> of(int code) {
        for (ErrorCode known : values()) {
            if (known.code == code) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }
}

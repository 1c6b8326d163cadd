package dev.presence.client;

import java.util.Optional;

/**
 * The engine's error codes, as REST error bodies ({@code {"code":N,"message":"..."}}) and the
 * records of {@code presence.rejected} carry them, with their HTTP status. A code, once published,
 * never changes meaning; a code this client does not know yet reads as {@link Optional#empty()}.
 */
public enum PresenceErrorCode {
    UNREADABLE_RECORD(70001, 400),
    MALFORMED_JSON(70002, 400),
    UNKNOWN_TYPE(70003, 400),
    KEY_MISMATCH(70004, 400),
    MISSING_FIELD(70005, 400),
    INVALID_FIELD(70006, 400),
    CUSTOM_STATUS_TOO_LONG(70007, 400),
    NOT_ONLINE(70008, 409),
    UNKNOWN_SCHEMA(70009, 400),
    TOO_MANY_IDS(70010, 400),
    RATE_LIMITED(70011, 429),
    NOT_FOUND(70012, 404),
    UNAVAILABLE(70013, 503),
    UNAUTHENTICATED(70014, 401),
    FORBIDDEN(70015, 403),
    TOO_MANY_TARGETS(70016, 400),
    SELF_SUBSCRIPTION(70017, 400),
    ENGINE_ONLY_EVENT(70018, 400),
    BAD_REQUEST(70019, 400),
    MISROUTED(70020, 400),
    UNSUPPORTED_MEDIA_TYPE(70021, 415),
    BODY_TOO_LARGE(70022, 413),
    FOREIGN_ORIGIN(70023, 403),
    INVALID_EXPIRY(70030, 400),
    UNKNOWN_VISIBILITY(70031, 400),
    HISTORY_WINDOW_INVERTED(70032, 400),
    HISTORY_WINDOW_TOO_LONG(70033, 400),
    DAYS_OUT_OF_RANGE(70034, 400),
    INTERNAL(70099, 500),
    FEATURE_DISABLED(72001, 403);

    private final int code;
    private final int httpStatus;

    PresenceErrorCode(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static Optional<PresenceErrorCode> of(int code) {
        for (PresenceErrorCode known : values()) {
            if (known.code == code) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }
}

package dev.presence.api.ratelimit;

import java.time.Duration;

/** Whether one more call is allowed; when not, how long until the oldest counted call leaves the window. */
public record RateDecision(boolean allowed, Duration retryAfter) {

    public static final RateDecision ALLOWED = new RateDecision(true, Duration.ZERO);

    public static RateDecision refused(Duration retryAfter) {
        return new RateDecision(false, retryAfter);
    }
}

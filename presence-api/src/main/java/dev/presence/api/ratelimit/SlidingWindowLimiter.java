package dev.presence.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code limit} calls per key in any {@code window} (a sliding log: the times of the calls
 * still inside the window are kept, so there is no burst at a fixed window's edge). The limit and
 * window are given per call because they are live settings and may change while running. The clock
 * is injected so tests move time instead of sleeping.
 */
public final class SlidingWindowLimiter {

    /** How often (in calls) keys whose calls have all left the window are dropped, so memory follows active callers. */
    private static final long PRUNE_EVERY = 4_096;

    private final Clock clock;
    private final Map<String, Deque<Long>> callTimes = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    public SlidingWindowLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts a call for {@code key} if it is allowed; a refused call is not counted. */
    public RateDecision tryAcquire(String key, int limit, Duration window) {
        long now = clock.millis();
        long windowMillis = window.toMillis();
        if (calls.incrementAndGet() % PRUNE_EVERY == 0) {
            prune(now, windowMillis);
        }
        RateDecision[] decision = new RateDecision[1];
        // compute() holds the key's bin: counting and pruning of one key never interleave.
        callTimes.compute(key, (k, times) -> {
            Deque<Long> kept = times != null ? times : new ArrayDeque<>();
            while (!kept.isEmpty() && kept.peekFirst() <= now - windowMillis) {
                kept.pollFirst();
            }
            if (kept.size() >= limit) {
                // The limit may have fallen live: wait until enough calls have left the window.
                long mustLeave = kept.stream().skip(kept.size() - limit).findFirst().orElse(now);
                decision[0] = RateDecision.refused(Duration.ofMillis(Math.max(1, mustLeave + windowMillis - now)));
            } else {
                kept.addLast(now);
                decision[0] = RateDecision.ALLOWED;
            }
            return kept;
        });
        return decision[0];
    }

    /** Number of keys tracked; for tests of the pruning. */
    int trackedKeys() {
        return callTimes.size();
    }

    private void prune(long now, long windowMillis) {
        for (String key : callTimes.keySet()) {
            callTimes.computeIfPresent(key, (k, times) ->
                    times.isEmpty() || times.peekLast() <= now - windowMillis ? null : times);
        }
    }
}

package dev.presence.api.ratelimit;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class SlidingWindowLimiterTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock();
    private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);

    @Test
    void allowsTheLimitInAWindowThenRefusesUntilTheOldestCallLeavesIt() {
        for (int call = 0; call < 20; call++) {
            assertThat(limiter.tryAcquire("alice", 20, WINDOW).allowed()).as("call %d", call).isTrue();
            clock.advance(Duration.ofMillis(100));
        }
        // Now 2,000 ms after the first call: it leaves the window 3,000 ms from now.
        RateDecision refused = limiter.tryAcquire("alice", 20, WINDOW);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(3_000));

        clock.advance(Duration.ofMillis(2_999));
        assertThat(limiter.tryAcquire("alice", 20, WINDOW).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("alice", 20, WINDOW).allowed()).isTrue();
        assertThat(limiter.tryAcquire("alice", 20, WINDOW).allowed()).isFalse();
    }

    @Test
    void eachKeyHasItsOwnCount() {
        for (int call = 0; call < 3; call++) {
            limiter.tryAcquire("alice", 3, WINDOW);
        }
        assertThat(limiter.tryAcquire("alice", 3, WINDOW).allowed()).isFalse();
        assertThat(limiter.tryAcquire("bob", 3, WINDOW).allowed()).isTrue();
    }

    @Test
    void aLimitLoweredLiveAppliesAtOnceAndSaysHowLongToWait() {
        for (int call = 0; call < 10; call++) {
            limiter.tryAcquire("alice", 20, WINDOW);
            clock.advance(Duration.ofMillis(100));
        }
        RateDecision refused = limiter.tryAcquire("alice", 5, WINDOW);

        assertThat(refused.allowed()).isFalse();
        // Ten calls held, five allowed: six must leave before one more fits; the sixth oldest was made at
        // 500 ms and leaves the window at 5,500 ms; now is 1,000 ms.
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(4_500));
    }

    @Test
    void callersWhoseCallsAllLeftTheWindowAreForgotten() {
        for (int user = 0; user < 5_000; user++) {
            limiter.tryAcquire("user-" + user, 20, WINDOW);
        }
        clock.advance(WINDOW.plusMillis(1));
        for (int call = 0; call < 4_096; call++) {
            limiter.tryAcquire("steady", 100_000, WINDOW);
        }
        assertThat(limiter.trackedKeys()).isLessThan(100);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

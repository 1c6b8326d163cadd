package dev.presence.streams.fold;

import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class UnreadDecisionsTest {

    private static final long TIMEOUT = 5_000;

    private final UnreadDecisions unread = new UnreadDecisions(TIMEOUT);

    @Test
    void aTaskWithNothingWrittenSweepsAtOnce() {
        assertThat(unread.maySweep(1_000)).isTrue();
        assertThat(unread.waitedMs(1_000)).isZero();
    }

    @Test
    void aSweepWaitsUntilTheLastSweepsDecisionsComeBack() {
        unread.written(10_000);
        assertThat(unread.maySweep(10_250)).as("its decisions are still unread").isFalse();
        assertThat(unread.waitedMs(10_750)).isEqualTo(750);

        unread.read(event(EventType.HEARTBEAT, 10_100));
        assertThat(unread.maySweep(10_500)).as("a heartbeat is no decision").isFalse();
        unread.read(event(EventType.SESSION_TIMED_OUT, 9_750));
        assertThat(unread.maySweep(10_500)).as("an older sweep's decision says nothing of the latest one").isFalse();

        unread.read(event(EventType.SESSION_TIMED_OUT, 10_000));
        assertThat(unread.maySweep(10_500)).isTrue();
    }

    @Test
    void aCustomStatusExpiryComesBackAsADecisionToo() {
        unread.written(20_000);
        unread.read(event(EventType.CUSTOM_STATUS_EXPIRED, 20_000));
        assertThat(unread.maySweep(20_250)).isTrue();
    }

    @Test
    void aDecisionWithoutATimeEndsNoWait() {
        unread.written(20_000);
        unread.read(PresenceEvent.newBuilder().setType(EventType.SESSION_TIMED_OUT).setUserId("u").build());
        assertThat(unread.maySweep(20_250)).isFalse();
    }

    @Test
    void noWaitOutlastsTheLongestWait() {
        unread.written(30_000);
        assertThat(unread.maySweep(30_000 + TIMEOUT - 1)).isFalse();
        assertThat(unread.overdue(30_000 + TIMEOUT - 1)).isFalse();
        assertThat(unread.maySweep(30_000 + TIMEOUT)).as("decisions that never come back stop no sweep for ever").isTrue();
        assertThat(unread.overdue(30_000 + TIMEOUT)).isTrue();
    }

    private static PresenceEvent event(EventType type, long occurredAt) {
        return PresenceEvent.newBuilder().setType(type).setUserId("u").setOccurredAt(occurredAt).build();
    }
}

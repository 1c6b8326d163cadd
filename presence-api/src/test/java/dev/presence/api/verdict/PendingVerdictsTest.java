package dev.presence.api.verdict;

import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class PendingVerdictsTest {

    @Test
    void theFirstVerdictForAnIdCompletesItsWaitAndLaterOnesAndOthersAreIgnored() {
        PendingVerdicts pending = new PendingVerdicts(10);
        CompletableFuture<Verdict> wait = pending.register(List.of("r1")).orElseThrow().get(0);

        pending.complete(verdict("someone-elses", VerdictOutcome.APPLIED));
        assertThat(wait).isNotDone();
        pending.complete(verdict("r1", VerdictOutcome.APPLIED));
        pending.complete(verdict("r1", VerdictOutcome.IGNORED));

        assertThat(wait.join().getOutcome()).isEqualTo(VerdictOutcome.APPLIED);
    }

    @Test
    void waitsAreBoundedAllOrNoneAndForgettingFreesTheirPlaces() {
        PendingVerdicts pending = new PendingVerdicts(3);
        assertThat(pending.register(List.of("a", "b"))).isPresent();
        assertThat(pending.register(List.of("c", "d"))).as("no room for both").isEmpty();
        assertThat(pending.pending()).isEqualTo(2);
        assertThat(pending.register(List.of("c"))).isPresent();
        assertThat(pending.register(List.of("e"))).isEmpty();

        pending.forget(List.of("a", "b"));
        pending.forget(List.of("a", "never-registered"));

        assertThat(pending.pending()).isEqualTo(1);
        assertThat(pending.register(List.of("d", "e"))).isPresent();
    }

    @Test
    void anIdAlreadyWaitedForIsRefusedWithoutLeakingAPlace() {
        PendingVerdicts pending = new PendingVerdicts(5);
        pending.register(List.of("x"));

        assertThatThrownBy(() -> pending.register(List.of("y", "x"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(pending.pending()).isEqualTo(1);
        assertThat(pending.register(List.of("y"))).isPresent();
    }

    @Test
    void aCapacityOfZeroNeverWaits() {
        assertThat(new PendingVerdicts(0).register(List.of("r"))).isEmpty();
    }

    private static Verdict verdict(String requestId, VerdictOutcome outcome) {
        return Verdict.newBuilder().setRequestId(requestId).setUserId("u").setOutcome(outcome)
                .setSourceTopic("t").setSourcePartition(0).setSourceOffset(0).setDecidedAt(0).build();
    }
}

package dev.presence.api.streams;

import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class RestoreProgressTest {

    private final RestoreProgress progress = new RestoreProgress();
    private final TopicPartition zero = new TopicPartition("presence-engine-user-status-store-changelog", 0);
    private final TopicPartition one = new TopicPartition("presence-engine-user-status-store-changelog", 1);

    @Test
    void countsThePartitionsAndRecordsLeftUntilEachEnds() {
        progress.onRestoreStart(zero, "user-status-store", 0, 1000);
        progress.onRestoreStart(one, "user-status-store", 500, 700);
        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(2, 1200, 0));

        progress.onBatchRestored(zero, "user-status-store", 399, 400);
        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(2, 800, 400));

        progress.onRestoreEnd(one, "user-status-store", 200);
        progress.onRestoreSuspended(zero, "user-status-store", 400);
        RestoreProgress.Snapshot done = progress.snapshot();
        assertThat(done.isRestoring()).isFalse();
        assertThat(done.recordsLeft()).isZero();
    }

    @Test
    void readsAsASentence() {
        progress.onRestoreStart(zero, "user-status-store", 0, 12_345);

        assertThat(progress.snapshot().toString()).isEqualTo("12,345 records in 1 partitions left (0 restored so far)");
    }
}

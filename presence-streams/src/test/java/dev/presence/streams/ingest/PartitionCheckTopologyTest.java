package dev.presence.streams.ingest;

import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Status;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.presence.testkit.Events.login;
import static dev.presence.streams.testing.PresenceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records must sit in the partition their key hashes to. The driver only has partition 0, so a key
 * that hashes elsewhere shows both halves of the rule: re-routed once (written back to its topic with
 * a marker), and refused, not looped, when it comes back still misplaced.
 */
@TopologyTest
class PartitionCheckTopologyTest {

    private static final int PARTITIONS = 4;

    @Test
    void aRecordInItsKeysPartitionIsProcessedAndAMisplacedOneIsReroutedOnceThenRefused() {
        String home = userHashingTo(0);
        String elsewhere = userHashingTo(3);
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder()
                .userTopicPartitions(PARTITIONS).build())) {
            engine.send(home, login(home, "c", "s", Platform.WEB));
            engine.send(elsewhere, login(elsewhere, "c", "s", Platform.WEB));

            assertThat(engine.stored(home).getStatus()).isEqualTo(Status.ONLINE);
            assertThat(engine.stored(elsewhere)).isNull();
            List<PresenceEvent> rerouted = engine.engineWritten(Topics.EVENTS, PresenceEvent.class);
            assertThat(rerouted).extracting(PresenceEvent::getUserId).containsExactly(elsewhere);
            assertThat(engine.rejected()).singleElement()
                    .satisfies(r -> assertThat(r.getErrorCode()).isEqualTo(ErrorCode.MISROUTED.code()));
        }
    }

    @Test
    void aMisplacedInvalidRecordIsRejectedWhereItIsAndAHugeValidOneIsNotCopied() {
        String elsewhere = userHashingTo(3);
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder()
                .userTopicPartitions(PARTITIONS).build())) {
            engine.sendRaw(PresenceHarness.utf8(elsewhere), PresenceHarness.utf8("{\"type\":\"LOGIN\"}"));
            String[] targets = new String[5000];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = "t" + i + "-" + "x".repeat(120);
            }
            engine.sendSubscription(elsewhere, dev.presence.testkit.Events.subscribe(elsewhere, targets));

            assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).isEmpty();
            var rejected = engine.rejected();
            assertThat(rejected).extracting(r -> r.getErrorCode())
                    .containsExactly(ErrorCode.MISSING_FIELD.code(), ErrorCode.MISROUTED.code());
            assertThat(rejected.get(1).getReason()).contains("too large to re-route");
        }
    }

    @Test
    void theCheckIsOffWhenThePartitionCountIsUnknown() {
        String elsewhere = userHashingTo(3);
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.send(elsewhere, login(elsewhere, "c", "s", Platform.WEB));
            assertThat(engine.stored(elsewhere).getStatus()).isEqualTo(Status.ONLINE);
        }
    }

    @Test
    void checkUsesKafkasDefaultPartitioner() {
        PartitionCheck check = new PartitionCheck(PARTITIONS);
        byte[] key = utf8("alice");
        int home = Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(check.misplaced(key, partition)).isEqualTo(partition != home);
        }
        assertThat(PartitionCheck.alreadyRerouted(new RecordHeaders())).isFalse();
    }

    private static String userHashingTo(int partition) {
        for (int i = 0; ; i++) {
            String user = "user-" + i;
            if (Utils.toPositive(Utils.murmur2(utf8(user))) % PARTITIONS == partition) {
                return user;
            }
        }
    }
}

package dev.presence.api.http;

import dev.presence.testkit.UnitTest;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class LivenessTest {

    @Test
    void aDeadNotificationReaderMakesTheInstanceNotLiveWhateverStreamsDoes() {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            assertThat(new Liveness(state, false).isLive()).as(state.name()).isFalse();
        }
    }

    @Test
    void withTheReaderAliveStreamsDecides() {
        assertThat(new Liveness(KafkaStreams.State.RUNNING, true).isLive()).isTrue();
        assertThat(new Liveness(KafkaStreams.State.REBALANCING, true).isLive()).isTrue();
        assertThat(new Liveness(KafkaStreams.State.ERROR, true).isLive()).isFalse();
        assertThat(new Liveness(KafkaStreams.State.NOT_RUNNING, true).isLive()).isFalse();
    }
}

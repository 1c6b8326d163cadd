package dev.presence.api.http;

import org.apache.kafka.streams.KafkaStreams;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether the process should be left running: Kafka Streams is in a state it comes back from by
 * itself, and the notification reader still reads (once it has died, every live stream and every
 * new one gets nothing, and only a restart brings it back).
 */
record Liveness(KafkaStreams.State streams, boolean notificationsReading) {

    /** States from which Streams does not come back by itself: the process should be restarted. */
    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    boolean isLive() {
        return !DEAD.contains(streams) && notificationsReading;
    }
}

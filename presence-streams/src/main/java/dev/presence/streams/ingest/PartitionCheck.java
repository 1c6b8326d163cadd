package dev.presence.streams.ingest;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

/**
 * Whether a record sits in the partition its key hashes to under Kafka's default partitioner
 * (murmur2). The engine's per-user state and the REST API's lookups both assume it; producers with
 * another partitioner (librdkafka's default, so kcat's) break it silently. Such records are written
 * again to the right partition, once, marked by a header so a second miss is refused, never looped.
 */
public final class PartitionCheck {

    /** Header on a record the engine re-routed. */
    public static final String REROUTED_HEADER = "presence-rerouted";

    private final int partitions;

    /** @param partitions the partition count of the user-keyed topics; 0 disables the check */
    public PartitionCheck(int partitions) {
        this.partitions = partitions;
    }

    public boolean misplaced(byte[] key, int partition) {
        return partitions > 0 && key != null && partition >= 0
                && Utils.toPositive(Utils.murmur2(key)) % partitions != partition;
    }

    public static boolean alreadyRerouted(Headers headers) {
        return headers.lastHeader(REROUTED_HEADER) != null;
    }

    public static void markRerouted(Headers headers) {
        headers.add(REROUTED_HEADER, new byte[]{1});
    }
}

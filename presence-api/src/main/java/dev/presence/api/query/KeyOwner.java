package dev.presence.api.query;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Set;

/**
 * Where a key's store partition lives: its active instance, the instances holding standbys, and the
 * partition. While partitions move, a partition may have no active instance for a moment: then
 * {@link #active()} is Kafka Streams' {@link HostInfo#unavailable()}, and {@link #hasActive()} false.
 */
public record KeyOwner(HostInfo active, Set<HostInfo> standbys, int partition, boolean isSelf) {

    public boolean hasActive() {
        return !HostInfo.unavailable().equals(active);
    }
}

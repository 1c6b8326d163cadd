package dev.presence.api.query;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Set;

/** Where a key's store partition lives: its active instance, the instances holding standbys, and the partition. */
public record KeyOwner(HostInfo active, Set<HostInfo> standbys, int partition, boolean isSelf) {
}

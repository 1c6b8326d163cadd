package dev.presence.api.query;

import dev.presence.schema.OccupancyCount;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.streams.occupancy.OccupancyCounts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Occupancy over the whole engine: the sum of every partition's count (kept by the topology's
 * occupancy counter, one small entry per partition), each partition read once at its active owner,
 * this instance's directly, the others' with one call per peer in parallel, as batch queries are.
 * A partition without an active owner (moving) or a peer that does not answer makes the answer
 * unavailable (503 with Retry-After) rather than short.
 */
public final class OccupancyQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalStores stores;
    private final PeerClient peers;
    private final int partitions;

    public OccupancyQueries(KafkaStreams streams, HostInfo self, LocalStores stores, PeerClient peers, int partitions) {
        this.streams = streams;
        this.self = self;
        this.stores = stores;
        this.peers = peers;
        this.partitions = partitions;
    }

    /** The counts summed over every partition of every instance. */
    public OccupancyCount total() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new StatusUnavailableException("the engine is " + state + ", not RUNNING");
        }
        Map<HostInfo, List<Integer>> byOwner = owners();
        Map<HostInfo, CompletableFuture<OccupancyCount>> asked = new LinkedHashMap<>();
        byOwner.forEach((host, owned) -> {
            if (!host.equals(self)) {
                asked.put(host, peers.occupancy(host, owned));
            }
        });
        OccupancyCount total = local(byOwner.getOrDefault(self, List.of()));
        for (Map.Entry<HostInfo, CompletableFuture<OccupancyCount>> answer : asked.entrySet()) {
            try {
                total = OccupancyCounts.plus(total, answer.getValue().get());
            } catch (ExecutionException e) {
                throw new StatusUnavailableException("occupancy: " + answer.getKey() + " did not answer for partitions "
                        + byOwner.get(answer.getKey()) + " (" + e.getCause() + ")", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatusUnavailableException("interrupted while waiting for " + answer.getKey(), e);
            }
        }
        return total;
    }

    /** The sum over {@code owned}, each of which must be active here (a peer's call is never forwarded again). */
    public OccupancyCount local(List<Integer> owned) {
        OccupancyCount sum = OccupancyCounts.zero();
        for (int partition : owned) {
            if (partition < 0 || partition >= partitions) {
                throw new IllegalArgumentException("no partition " + partition + " (0 to " + (partitions - 1) + ")");
            }
            OccupancyCount count = stores.activeGet(Stores.OCCUPANCY, partition, OccupancyCounts.KEY);
            if (count != null) {
                sum = OccupancyCounts.plus(sum, count);
            }
        }
        return sum;
    }

    /** Each partition's active owner, every partition exactly once. */
    private Map<HostInfo, List<Integer>> owners() {
        Map<HostInfo, List<Integer>> byOwner = new LinkedHashMap<>();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            missing.add(p);
        }
        for (StreamsMetadata metadata : streams.streamsMetadataForStore(Stores.OCCUPANCY)) {
            for (TopicPartition owned : metadata.topicPartitions()) {
                if (owned.topic().equals(Topics.EVENTS) && missing.remove(owned.partition())) {
                    byOwner.computeIfAbsent(metadata.hostInfo(), host -> new ArrayList<>()).add(owned.partition());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new StatusUnavailableException("occupancy: partitions " + missing + " have no active owner right now"
                    + " (starting or rebalancing)");
        }
        return byOwner;
    }
}

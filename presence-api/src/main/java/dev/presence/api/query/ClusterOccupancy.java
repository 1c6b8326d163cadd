package dev.presence.api.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The occupancy of the whole cluster: this instance's own count plus every other instance's, asked
 * in parallel over the peer endpoint. An instance that does not answer is named in the result
 * rather than failing it: an operator would rather see most of the figure, marked incomplete.
 */
public final class ClusterOccupancy {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalOccupancy local;
    private final PeerClient peers;

    public ClusterOccupancy(KafkaStreams streams, HostInfo self, LocalOccupancy local, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.peers = peers;
    }

    /** The counts summed over the instances that answered, and the ones that did not. */
    public record Counted(Occupancy occupancy, int instances, List<String> missing) {
    }

    public Counted count() {
        Map<HostInfo, CompletableFuture<Occupancy>> asked = new LinkedHashMap<>();
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.metadataForAllStreamsClients();
        } catch (RuntimeException e) {
            // Not started yet, or stopping: which instances exist is not known.
            throw new StatusUnavailableException("the instances of the cluster are not known yet: " + e.getMessage(), e);
        }
        for (StreamsMetadata instance : instances) {
            if (!instance.hostInfo().equals(self)) {
                asked.put(instance.hostInfo(), peers.occupancy(instance.hostInfo()));
            }
        }
        List<String> missing = new ArrayList<>();
        Occupancy total;
        try {
            total = local.current();
        } catch (StatusUnavailableException e) {
            total = Occupancy.NONE;
            missing.add(self.host() + ":" + self.port());
        }
        for (Map.Entry<HostInfo, CompletableFuture<Occupancy>> answer : asked.entrySet()) {
            try {
                total = total.plus(answer.getValue().get());
            } catch (ExecutionException e) {
                missing.add(answer.getKey().host() + ":" + answer.getKey().port());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatusUnavailableException("interrupted while counting the cluster's users", e);
            }
        }
        return new Counted(total, asked.size() + 1, List.copyOf(missing));
    }
}

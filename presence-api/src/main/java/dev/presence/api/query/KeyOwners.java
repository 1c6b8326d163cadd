package dev.presence.api.query;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Asks Kafka Streams which instance owns a key of a store; "nobody right now" is an answer of 503, never a wait. */
public final class KeyOwners {

    /** The same key bytes as the topics that feed the stores (String keys, UTF-8), or routing points to the wrong partition. */
    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public KeyOwners(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /** @throws StatusUnavailableException while Streams has no owner for the key (starting, rebalancing, not running) */
    public KeyOwner of(String store, String key) {
        KeyOwner owner = located(store, key);
        if (!owner.hasActive()) {
            throw noOwner(key);
        }
        return owner;
    }

    /**
     * Where the key's partition lives, even while no instance owns it (a moment of a rebalance): its
     * standbys may still answer.
     *
     * @throws StatusUnavailableException while Streams knows nothing of the partitions (starting, not running)
     */
    public KeyOwner located(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEY_SERIALIZER);
        } catch (IllegalStateException e) {
            throw new StatusUnavailableException("the engine is not running: " + e.getMessage(), e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw noOwner(key);
        }
        return new KeyOwner(metadata.activeHost(), metadata.standbyHosts(), metadata.partition(),
                metadata.activeHost().equals(self));
    }

    static StatusUnavailableException noOwner(String key) {
        return new StatusUnavailableException(noOwnerMessage(key));
    }

    static String noOwnerMessage(String key) {
        return "no instance owns the partition of '" + key + "' right now";
    }
}

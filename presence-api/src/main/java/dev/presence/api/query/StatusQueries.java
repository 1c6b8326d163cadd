package dev.presence.api.query;

import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceNames.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way into the status store (interactive queries). It asks Kafka Streams which instance
 * owns a user's partition and answers from the local store when that is this instance. A user the
 * engine has never seen is UNLOGINED with version 0, not an error. Whenever the store cannot
 * answer, it throws {@link StatusUnavailableException} at once: callers turn that into 503 with
 * Retry-After, nobody waits here.
 */
public final class StatusQueries {

    /** The same key bytes as the topic that feeds the store (String keys, UTF-8), or routing points to the wrong partition. */
    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public StatusQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public UserStatus status(String userId) {
        requireRunning();
        KeyQueryMetadata owner = owner(userId);
        if (!owner.activeHost().equals(self)) {
            return fromOwner(owner.activeHost(), userId);
        }
        try {
            UserStatus status = partitionStore(owner.partition()).get(userId);
            return status != null ? status : neverSeen(userId);
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the status store is not queryable: " + e.getMessage(), e);
        }
    }

    /** The statuses in the order asked for; one unavailable answer makes the whole batch unavailable. */
    public List<UserStatus> statuses(List<String> userIds) {
        List<UserStatus> answers = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            answers.add(status(userId));
        }
        return answers;
    }

    /** Readiness: Streams RUNNING and the store answers a query. */
    public boolean storeAnswers() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            streams.store(StoreQueryParameters.fromNameAndType(Stores.USER_STATUS,
                    QueryableStoreTypes.<String, UserStatus>keyValueStore())).approximateNumEntries();
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    /** What a user the engine has never seen looks like. */
    public static UserStatus neverSeen(String userId) {
        return UserStatus.newBuilder()
                .setUserId(userId)
                .setStatus(Status.UNLOGINED)
                .setStatusChangedAt(0L)
                .setVersion(0L)
                .setClients(List.of())
                .build();
    }

    /**
     * The seam for multi-instance queries: forwarding to the owner is a later issue. Until then a
     * key owned by another instance is unavailable here, which is honest (503, retry) rather than
     * a wrong UNLOGINED from a store that does not hold the key.
     */
    private UserStatus fromOwner(HostInfo owner, String userId) {
        throw new StatusUnavailableException("user " + userId + " is served by " + owner.host() + ":" + owner.port()
                + " and forwarding between instances is not supported yet");
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new StatusUnavailableException("the engine is " + state + ", not RUNNING");
        }
    }

    private KeyQueryMetadata owner(String userId) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(Stores.USER_STATUS, userId, KEY_SERIALIZER);
        } catch (IllegalStateException e) {
            throw new StatusUnavailableException("the engine is not running: " + e.getMessage(), e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StatusUnavailableException("no instance owns the partition of user " + userId + " right now");
        }
        return metadata;
    }

    private ReadOnlyKeyValueStore<String, UserStatus> partitionStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(Stores.USER_STATUS,
                QueryableStoreTypes.<String, UserStatus>keyValueStore()).withPartition(partition));
    }
}

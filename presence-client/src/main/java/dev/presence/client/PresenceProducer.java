package dev.presence.client;

import dev.presence.core.ErrorCode;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the engine's input records: one method per record type, each keyed by the user it is
 * about (the subscriber for subscriptions), so Kafka's default partitioner (murmur2 of the key)
 * puts it in the partition where the engine keeps that user. Idempotent with {@code acks=all}: a
 * retried send is never written twice, and a completed future means the record is in the log.
 * <p>
 * Every id is checked first by the engine's rule ({@link PresenceIds}); a bad one throws
 * {@link InvalidInputException} and nothing is sent. Rules that depend on the engine's settings or
 * state (custom status length, subscription limits, ONLINE) are the engine's: a record that breaks
 * one is rejected to {@code presence.rejected} with its code.
 */
public final class PresenceProducer implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    // Each input topic with its values written in the chosen format, built once, not per record.
    private final InputRecords records;
    private final Clock clock;

    private PresenceProducer(Producer<String, byte[]> producer, WireFormat format, Clock clock) {
        this.producer = producer;
        this.records = InputRecords.writtenAs(format);
        this.clock = clock;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** A client connected, starting a session. */
    public CompletableFuture<RecordMetadata> login(String userId, String clientId, String sessionId, Platform platform) {
        Objects.requireNonNull(platform, "platform");
        return send(event(EventType.LOGIN, userId).setClientId(clientId).setSessionId(sessionId).setPlatform(platform));
    }

    /** The session is still connected. */
    public CompletableFuture<RecordMetadata> heartbeat(String userId, String clientId, String sessionId) {
        return send(event(EventType.HEARTBEAT, userId).setClientId(clientId).setSessionId(sessionId));
    }

    /** The client logged out: it is no longer reachable, not even by push. */
    public CompletableFuture<RecordMetadata> logout(String userId, String clientId) {
        return send(event(EventType.LOGOUT, userId).setClientId(clientId));
    }

    /** The connection dropped; the client stays logged in (push platforms stay reachable). */
    public CompletableFuture<RecordMetadata> disconnect(String userId, String clientId, String sessionId) {
        return send(event(EventType.DISCONNECT, userId).setClientId(clientId).setSessionId(sessionId));
    }

    /** Applied only while the user is ONLINE (else rejected with 70008); at most the engine's limit in UTF-8 bytes. */
    public CompletableFuture<RecordMetadata> setCustomStatus(String userId, String customStatus) {
        if (customStatus == null || customStatus.isEmpty()) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD,
                    "customStatus is empty; clearCustomStatus clears it");
        }
        return send(event(EventType.SET_CUSTOM_STATUS, userId).setCustomStatus(customStatus));
    }

    /**
     * As {@link #setCustomStatus(String, String)}, cleared by the engine at {@code expiresAt} (reason
     * CUSTOM_STATUS_EXPIRED); the expiry must lie after the record's time and at most 30 days later (else 70030).
     */
    public CompletableFuture<RecordMetadata> setCustomStatus(String userId, String customStatus, java.time.Instant expiresAt) {
        if (customStatus == null || customStatus.isEmpty()) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD,
                    "customStatus is empty; clearCustomStatus clears it");
        }
        return send(event(EventType.SET_CUSTOM_STATUS, userId).setCustomStatus(customStatus)
                .setExpiresAt(expiresAt.toEpochMilli()));
    }

    /** INVISIBLE: everyone else sees the user OFFLINE, with no custom status and no clients; VISIBLE undoes it. */
    public CompletableFuture<RecordMetadata> setVisibility(String userId, dev.presence.schema.Visibility visibility) {
        if (visibility == null || visibility == dev.presence.schema.Visibility.UNKNOWN) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be VISIBLE or INVISIBLE");
        }
        return send(event(EventType.SET_VISIBILITY, userId).setVisibility(visibility));
    }

    public CompletableFuture<RecordMetadata> clearCustomStatus(String userId) {
        return send(event(EventType.SET_CUSTOM_STATUS, userId).setCustomStatus(null));
    }

    /** {@code subscriber} hears of each target's changes; at least one target, never itself. */
    public CompletableFuture<RecordMetadata> subscribe(String subscriber, Collection<String> targets) {
        Set<String> distinct = targets(subscriber, targets);
        if (distinct.contains(subscriber)) {
            throw new InvalidInputException(ErrorCode.SELF_SUBSCRIPTION, "user " + subscriber
                    + " cannot subscribe to itself");
        }
        return send(command(SubscriptionCommandType.SUBSCRIBE, subscriber, distinct));
    }

    /** Stops hearing of the targets named; at least one (use {@link #unsubscribeAll} for all). */
    public CompletableFuture<RecordMetadata> unsubscribe(String subscriber, Collection<String> targets) {
        return send(command(SubscriptionCommandType.UNSUBSCRIBE, subscriber, targets(subscriber, targets)));
    }

    public CompletableFuture<RecordMetadata> unsubscribeAll(String subscriber) {
        PresenceIds.requireValid("userId", subscriber);
        return send(command(SubscriptionCommandType.UNSUBSCRIBE_ALL, subscriber, Set.of()));
    }

    /** {@code friendId} is now on {@code userId}'s friend list. */
    public CompletableFuture<RecordMetadata> friendAdded(String userId, String friendId) {
        return send(friendship(FriendshipEventType.FRIEND_ADDED, userId, friendId));
    }

    public CompletableFuture<RecordMetadata> friendRemoved(String userId, String friendId) {
        return send(friendship(FriendshipEventType.FRIEND_REMOVED, userId, friendId));
    }

    /** Waits until every record sent so far is acknowledged (or failed). */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    private PresenceEvent.Builder event(EventType type, String userId) {
        return PresenceEvent.newBuilder()
                .setType(type)
                .setUserId(userId)
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.millis());
    }

    private CompletableFuture<RecordMetadata> send(PresenceEvent.Builder builder) {
        PresenceIds.requireValid("userId", builder.getUserId());
        boolean userWide = builder.getType() == EventType.SET_CUSTOM_STATUS || builder.getType() == EventType.SET_VISIBILITY;
        if (!userWide) {
            PresenceIds.requireValid("clientId", builder.getClientId());
        }
        if (!userWide && builder.getType() != EventType.LOGOUT) {
            PresenceIds.requireValid("sessionId", builder.getSessionId());
        }
        return send(records.event(builder.build()));
    }

    private static Set<String> targets(String subscriber, Collection<String> targets) {
        PresenceIds.requireValid("userId", subscriber);
        PresenceIds.requireValid("targets", targets);
        if (targets.isEmpty()) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD, "targets must name at least one user");
        }
        return new LinkedHashSet<>(targets);
    }

    private CompletableFuture<RecordMetadata> send(SubscriptionCommand command) {
        return send(records.subscription(command));
    }

    private SubscriptionCommand command(SubscriptionCommandType type, String subscriber, Set<String> targets) {
        return SubscriptionCommand.newBuilder()
                .setType(type)
                .setUserId(subscriber)
                .setTargets(new ArrayList<>(targets))
                .setRequestId(UUID.randomUUID().toString())
                .build();
    }

    private CompletableFuture<RecordMetadata> send(FriendshipEvent event) {
        return send(records.friendship(event));
    }

    private static FriendshipEvent friendship(FriendshipEventType type, String userId, String friendId) {
        PresenceIds.requireValid("userId", userId);
        PresenceIds.requireValid("friendId", friendId);
        if (userId.equals(friendId)) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "a user cannot be on its own friend list");
        }
        return FriendshipEvent.newBuilder().setType(type).setUserId(userId).setFriendId(friendId)
                .setEventId(UUID.randomUUID().toString()).build();
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    /** Kafka settings (security, linger, ...) pass through; the guarantees this class promises cannot be turned off. */
    public static final class Builder {

        private static final Map<String, String> REQUIRED = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");

        private final Map<String, Object> config = new HashMap<>();
        private WireFormat format = WireFormat.AVRO;
        private Clock clock = Clock.systemUTC();

        private Builder(String bootstrapServers) {
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        }

        /** Avro single-object encoding (the default) or the engine's JSON form. */
        public Builder format(WireFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Any Kafka producer setting; {@code acks} and {@code enable.idempotence} stay {@code all} and {@code true}. */
        public Builder property(String key, Object value) {
            String required = REQUIRED.get(key);
            if (required != null && !required.equals(String.valueOf(value))) {
                throw new IllegalArgumentException(key + " must stay " + required + ": the engine's records are"
                        + " written idempotently and acknowledged by every in-sync replica");
            }
            config.put(key, value);
            return this;
        }

        /** Stamps {@code occurredAt}; the system clock unless a test says otherwise. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PresenceProducer build() {
            Map<String, Object> all = new HashMap<>(config);
            all.putAll(REQUIRED);
            return new PresenceProducer(new KafkaProducer<>(all, new StringSerializer(), new ByteArraySerializer()),
                    format, clock);
        }

        /** For tests: the same producer over any Kafka {@link Producer} (e.g. Kafka's MockProducer). */
        PresenceProducer build(Producer<String, byte[]> producer) {
            return new PresenceProducer(producer, format, clock);
        }
    }
}

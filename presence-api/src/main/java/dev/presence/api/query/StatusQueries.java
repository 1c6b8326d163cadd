package dev.presence.api.query;

import dev.presence.core.PresenceNames.Stores;
import dev.presence.schema.Subscription;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.streams.fold.StatusFold;
import dev.presence.streams.history.HistoryInterval;
import dev.presence.streams.history.StatusHistory;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import dev.presence.schema.Relation;
import dev.presence.streams.notify.WatcherIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * The one way into the queryable stores (interactive queries), for every instance layout. A key's
 * owner answers it: this instance from its own store, another instance through a forwarded call
 * (one hop: the peer answers from its own store or not at all). A batch is split by owner, the
 * peers are asked in parallel, and the answers are merged in the order asked. When the owner
 * cannot answer (no owner while a partition moves, a peer that does not answer), the answer is a
 * read from a local standby whose lag is within the configured bound (the answer then says so,
 * {@link Found#staleLag()}), or {@link StatusUnavailableException} at once (503 with Retry-After):
 * nobody waits here beyond the bounded wait for a peer.
 * A user the engine has never seen is UNLOGINED with version 0, not an error.
 */
public final class StatusQueries {

    private static final Logger LOG = LoggerFactory.getLogger(StatusQueries.class);

    private final KafkaStreams streams;
    private final KeyOwners owners;
    private final LocalStores stores;
    private final PeerClient peers;

    public StatusQueries(KafkaStreams streams, KeyOwners owners, LocalStores stores, PeerClient peers) {
        this.streams = streams;
        this.owners = owners;
        this.stores = stores;
        this.peers = peers;
    }

    public Found<UserStatus> status(String userId) {
        Found<List<UserStatus>> found = statuses(List.of(userId));
        return new Found<>(found.value().get(0), found.staleLag());
    }

    /**
     * The statuses in the order asked for; one user that no instance can answer makes the whole batch
     * unavailable. Each user is asked of its owner first (this instance's active store, or the owner's
     * through one forwarded call). Where the owner cannot answer (stopped, restoring, not reachable),
     * a copy answers instead, marked stale: this instance's own copy if it has one near enough, else
     * another instance's copy ({@link #fromStandbyHosts}), asked in one more forwarded call.
     */
    public Found<List<UserStatus>> statuses(List<String> userIds) {
        requireQueryable();
        Map<String, KeyOwner> ownerOf = new HashMap<>();
        Map<HostInfo, List<String>> byPeer = new LinkedHashMap<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            KeyOwner owner = owners.located(Stores.USER_STATUS, userId);
            ownerOf.put(userId, owner);
            if (!owner.isSelf() && owner.hasActive()) {
                byPeer.computeIfAbsent(owner.active(), host -> new ArrayList<>()).add(userId);
            }
        }
        // Ask the peers first, so their answers travel while this instance reads its own keys.
        Map<HostInfo, CompletableFuture<List<UserStatus>>> asked = new LinkedHashMap<>();
        byPeer.forEach((peer, ids) -> asked.put(peer, peers.statuses(peer, ids)));

        LocalReads reads = new LocalReads();
        Map<String, UserStatus> answers = new HashMap<>();
        Map<String, StatusUnavailableException> unanswered = new LinkedHashMap<>();
        ownerOf.forEach((userId, owner) -> {
            try {
                if (owner.isSelf()) {
                    answers.put(userId, orNeverSeen(userId, reads.here(Stores.USER_STATUS, owner, userId)));
                } else if (!owner.hasActive()) {
                    answers.put(userId, orNeverSeen(userId, reads.unowned(Stores.USER_STATUS, owner, userId)));
                }
            } catch (StatusUnavailableException e) {
                unanswered.put(userId, e);
            }
        });
        asked.forEach((peer, answer) -> {
            List<String> ids = byPeer.get(peer);
            try {
                List<UserStatus> statuses = answer.get();
                for (int i = 0; i < ids.size(); i++) {
                    answers.put(ids.get(i), statuses.get(i));
                }
            } catch (ExecutionException e) {
                for (String userId : ids) {
                    try {
                        answers.put(userId, orNeverSeen(userId,
                                reads.fromStandby(Stores.USER_STATUS, ownerOf.get(userId), userId, e.getCause())));
                    } catch (StatusUnavailableException unavailable) {
                        unanswered.put(userId, unavailable);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatusUnavailableException("interrupted while waiting for " + peer, e);
            }
        });
        if (!unanswered.isEmpty()) {
            answers.putAll(fromStandbyHosts(unanswered, ownerOf, reads));
        }
        List<UserStatus> ordered = new ArrayList<>(userIds.size());
        userIds.forEach(userId -> ordered.add(answers.get(userId)));
        return reads.found(ordered);
    }

    /**
     * The users neither their owner nor this instance could answer, asked for another instance's
     * copy of their partition: first the instances holding its standby (other than this one and the
     * owner), then the owner itself when it answered but could not answer fresh (its active copy is
     * restoring, and may be near enough). Each round asks every instance concerned at once; a user
     * whose every candidate failed makes the batch unavailable, with each reason.
     */
    private Map<String, UserStatus> fromStandbyHosts(Map<String, StatusUnavailableException> unanswered,
                                                     Map<String, KeyOwner> ownerOf, LocalReads reads) {
        if (!stores.standbyReadsAllowed()) {
            throw unanswered.values().iterator().next();
        }
        Map<String, ArrayDeque<HostInfo>> candidates = new LinkedHashMap<>();
        Map<String, StringBuilder> reasons = new HashMap<>();
        unanswered.forEach((userId, reason) -> {
            KeyOwner owner = ownerOf.get(userId);
            ArrayDeque<HostInfo> hosts = new ArrayDeque<>();
            owner.standbys().stream().filter(host -> !host.equals(owners.self()) && !host.equals(owner.active()))
                    .forEach(hosts::add);
            if (!owner.isSelf() && reason.getCause() instanceof PeerClient.PeerFailedException) {
                hosts.add(owner.active());
            }
            candidates.put(userId, hosts);
            reasons.put(userId, new StringBuilder(reason.getMessage()));
        });
        Map<String, UserStatus> answers = new HashMap<>();
        while (!candidates.isEmpty()) {
            Map<HostInfo, List<String>> byHost = new LinkedHashMap<>();
            candidates.forEach((userId, hosts) -> {
                if (hosts.isEmpty()) {
                    throw new StatusUnavailableException(reasons.get(userId).toString(), unanswered.get(userId).getCause());
                }
                byHost.computeIfAbsent(hosts.peekFirst(), host -> new ArrayList<>()).add(userId);
            });
            Map<HostInfo, CompletableFuture<Found<List<UserStatus>>>> asked = new LinkedHashMap<>();
            byHost.forEach((host, ids) -> asked.put(host, peers.standbyStatuses(host, ids)));
            asked.forEach((host, answer) -> {
                List<String> ids = byHost.get(host);
                try {
                    Found<List<UserStatus>> found = answer.get();
                    for (int i = 0; i < ids.size(); i++) {
                        answers.put(ids.get(i), found.value().get(i));
                        candidates.remove(ids.get(i));
                    }
                    reads.behind(found.staleLag().orElse(0));
                } catch (ExecutionException e) {
                    for (String userId : ids) {
                        candidates.get(userId).removeFirst();
                        reasons.get(userId).append("; the copy at ").append(host.host()).append(':').append(host.port())
                                .append(" did not answer either (").append(e.getCause()).append(')');
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StatusUnavailableException("interrupted while waiting for " + host, e);
                }
            });
        }
        return answers;
    }

    /** A subscriber's subscriptions, oldest first; a subscriber never seen has none. */
    public Found<List<Subscription>> subscriptions(String subscriber) {
        requireQueryable();
        KeyOwner owner = owners.of(Stores.SUBSCRIPTIONS, subscriber);
        LocalReads reads = new LocalReads();
        SubscriptionList list;
        if (owner.isSelf()) {
            list = reads.here(Stores.SUBSCRIPTIONS, owner, subscriber);
        } else {
            try {
                list = peers.subscriptions(owner.active(), subscriber).get();
            } catch (ExecutionException e) {
                list = reads.fromStandby(Stores.SUBSCRIPTIONS, owner, subscriber, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatusUnavailableException("interrupted while waiting for " + owner.active(), e);
            }
        }
        return reads.found(list == null ? List.<Subscription>of() : list.getSubscriptions());
    }

    /** The first {@code limit} users who hear of {@code userId}'s changes, from the instance that owns the user. */
    public Watchers watchers(String userId, int limit) {
        requireQueryable();
        KeyOwner owner = owners.of(Stores.USER_STATUS, userId);
        if (owner.isSelf()) {
            return localWatchers(userId, limit);
        }
        try {
            return peers.watchers(owner.active(), userId, limit).get();
        } catch (ExecutionException e) {
            throw new StatusUnavailableException("the watchers of '" + userId + "' are held by " + owner.active()
                    + ", which did not answer (" + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusUnavailableException("interrupted while waiting for " + owner.active(), e);
        }
    }

    /** For a peer's forwarded call, and this instance's own users: read from the active watcher index here. */
    public Watchers localWatchers(String userId, int limit) {
        requireQueryable();
        KeyOwner owner = owners.of(Stores.USER_STATUS, userId);
        if (!owner.isSelf()) {
            throw new StatusUnavailableException("'" + userId + "' has moved to " + owner.active()
                    + "; a forwarded query is not forwarded again");
        }
        List<Watchers.Watcher> found = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> index = streams.store(StoreQueryParameters.fromNameAndType(Stores.WATCHERS,
                    QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(owner.partition()));
            // One more than asked for tells whether there are more.
            WatcherIndex.walk(index, userId, Optional.empty(), limit + 1, (watcher, flags) -> found.add(new Watchers.Watcher(watcher,
                    (flags & WatcherIndex.flag(Relation.SUBSCRIBER)) != 0, (flags & WatcherIndex.flag(Relation.FRIEND)) != 0)));
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the watcher index is not queryable: " + e.getMessage(), e);
        }
        boolean more = found.size() > limit;
        return new Watchers(more ? List.copyOf(found.subList(0, limit)) : List.copyOf(found), more);
    }

    /**
     * The true history of {@code userId} over {@code [from, to)} (visibility included; the caller decides
     * what the asker may see), from the instance that owns it. No standby fallback: a history read from
     * a copy that is behind could miss its latest stretch without saying so.
     */
    public List<HistoryInterval> history(String userId, long from, long to) {
        requireQueryable();
        KeyOwner owner = owners.of(Stores.STATUS_HISTORY, userId);
        if (owner.isSelf()) {
            return localHistory(owner, userId, from, to);
        }
        try {
            return peers.history(owner.active(), userId, from, to).get();
        } catch (ExecutionException e) {
            throw new StatusUnavailableException("the history of '" + userId + "' is served by " + owner.active().host()
                    + ":" + owner.active().port() + ", which did not answer (" + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusUnavailableException("interrupted while waiting for " + owner.active(), e);
        }
    }

    /** For a peer's forwarded call: the history from this instance's active store only, never forwarding again. */
    public List<HistoryInterval> localHistory(String userId, long from, long to) {
        requireQueryable();
        KeyOwner owner = owners.of(Stores.STATUS_HISTORY, userId);
        if (!owner.isSelf()) {
            throw new StatusUnavailableException("'" + userId + "' has moved to " + owner.active()
                    + "; a forwarded query is not forwarded again");
        }
        return localHistory(owner, userId, from, to);
    }

    private List<HistoryInterval> localHistory(KeyOwner owner, String userId, long from, long to) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = stores.active(Stores.STATUS_HISTORY, owner.partition());
        try {
            return StatusHistory.intervals(store, userId, from, to);
        } catch (InvalidStateStoreException e) {
            throw new StatusUnavailableException("the history store is not queryable: " + e.getMessage(), e);
        }
    }

    /** For a peer's forwarded call: answers only from this instance's active stores, never forwarding again. */
    public List<UserStatus> localStatuses(List<String> userIds) {
        return localOnly(Stores.USER_STATUS, userIds, (userId, status) -> orNeverSeen(userId, (UserStatus) status));
    }

    /**
     * For a peer's forwarded call to a standby host: each status from this instance's own copy of
     * the user's partition (its active store if it owns the partition now, else a standby or restoring
     * copy within the configured lag), never forwarding again. Unavailable when any user has no such
     * copy here.
     */
    public Found<List<UserStatus>> localCopyStatuses(List<String> userIds) {
        requireQueryable();
        LocalReads reads = new LocalReads();
        List<UserStatus> answers = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            KeyOwner owner = owners.located(Stores.USER_STATUS, userId);
            UserStatus status;
            if (owner.isSelf()) {
                status = reads.here(Stores.USER_STATUS, owner, userId);
            } else if (owner.hasActive()) {
                status = reads.copyOnly(Stores.USER_STATUS, owner, userId);
            } else {
                status = reads.unowned(Stores.USER_STATUS, owner, userId);
            }
            answers.add(orNeverSeen(userId, status));
        }
        return reads.found(answers);
    }

    /** For a peer's forwarded call; null when the subscriber has none. */
    public SubscriptionList localSubscriptions(String subscriber) {
        return localOnly(Stores.SUBSCRIPTIONS, List.of(subscriber), (id, list) -> (SubscriptionList) list).get(0);
    }

    /** Readiness: Streams RUNNING and the status store answers a query. */
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

    private <T> List<T> localOnly(String store, List<String> keys, BiFunction<String, Object, T> shape) {
        requireQueryable();
        List<T> answers = new ArrayList<>(keys.size());
        for (String key : keys) {
            KeyOwner owner = owners.of(store, key);
            if (!owner.isSelf()) {
                throw new StatusUnavailableException("'" + key + "' has moved to " + owner.active()
                        + "; a forwarded query is not forwarded again");
            }
            answers.add(shape.apply(key, stores.activeGet(store, owner.partition(), key)));
        }
        return answers;
    }

    /** The local reads of one query: the owner's active store, or a near-enough copy, remembering how far behind. */
    private final class LocalReads {

        private final LocalStores.StandbyReads standby = stores.standbyReads();
        private long mostBehind = -1;

        /** This instance is the owner: its active store, or a near-enough copy while that one restores. */
        <V> V here(String store, KeyOwner owner, String key) {
            try {
                return stores.activeGet(store, owner.partition(), key);
            } catch (StatusUnavailableException e) {
                return this.<V>standby(store, owner, key).orElseThrow(() -> new StatusUnavailableException(
                        e.getMessage() + ", and " + standby.refusal(), e.getCause())).value();
            }
        }

        /** The owner is another instance, which did not answer (stopped, or not reachable): a near-enough copy, or 503. */
        <V> V fromStandby(String store, KeyOwner owner, String key, Throwable peerFailure) {
            return this.<V>standby(store, owner, key).orElseThrow(() -> new StatusUnavailableException("'" + key
                    + "' is served by " + owner.active().host() + ":" + owner.active().port() + ", which did not answer ("
                    + peerFailure + "), and " + standby.refusal(), peerFailure)).value();
        }

        /** No instance owns the key's partition right now (a moment of a rebalance): a near-enough copy here, or 503. */
        <V> V unowned(String store, KeyOwner owner, String key) {
            return this.<V>standby(store, owner, key).orElseThrow(() -> new StatusUnavailableException(
                    KeyOwners.noOwnerMessage(key) + ", and " + standby.refusal())).value();
        }

        /** This instance holds no owner's answer for the key: only its copy, if near enough, else 503 with the reason. */
        <V> V copyOnly(String store, KeyOwner owner, String key) {
            return this.<V>standby(store, owner, key).orElseThrow(() -> new StatusUnavailableException("'" + key
                    + "' is owned by " + owner.active().host() + ":" + owner.active().port() + ", and " + standby.refusal())).value();
        }

        /** Part of the answer came from another instance's copy, {@code lag} records behind. */
        void behind(long lag) {
            mostBehind = Math.max(mostBehind, lag);
        }

        <T> Found<T> found(T value) {
            return mostBehind < 0 ? Found.current(value) : new Found<>(value, OptionalLong.of(mostBehind));
        }

        /** The read itself, not its value: a key the copy does not hold (null) is an answer too (never seen). */
        private <V> Optional<LocalStores.StaleRead<V>> standby(String store, KeyOwner owner, String key) {
            Optional<LocalStores.StaleRead<V>> read = standby.get(store, owner.partition(), key);
            read.ifPresent(found -> {
                LOG.debug("Answered '{}' from a local copy {} records behind; the owner is {}", key, found.lag(), owner.active());
                mostBehind = Math.max(mostBehind, found.lag());
            });
            return read;
        }
    }

    private static UserStatus orNeverSeen(String userId, UserStatus status) {
        return status != null ? status : StatusFold.unseen(userId);
    }

    /**
     * RUNNING or REBALANCING: while partitions move, the stores that are still (or already) active
     * here answer, and the others fail at once with InvalidStateStoreException (503, or a standby
     * read), so a rebalance of some partitions does not make every query unavailable.
     */
    private void requireQueryable() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new StatusUnavailableException("the engine is " + state + ", not RUNNING");
        }
    }
}

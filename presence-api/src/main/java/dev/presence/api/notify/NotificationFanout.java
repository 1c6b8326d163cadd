package dev.presence.api.notify;

import dev.presence.schema.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The live readers of an instance, by recipient, and how a notification reaches them: into each
 * reader's {@link ReaderMailbox}, from where a pool of writer threads sends it on. The thread that
 * hands notifications in never writes to a connection, so one slow or stuck reader delays no one.
 * The pool is bounded ({@link NotificationLimits#writerThreads()}): readers with something to
 * write beyond that wait their turn in the pool's queue (one drain task per reader at most, so the
 * queue is bounded by the streams), and a stuck write holds its thread until the HTTP server's idle
 * timeout ends it. Streams are capped per user and in all; a stream opened with an expiring token
 * is closed when the token expires, found through a time-ordered index.
 */
final class NotificationFanout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationFanout.class);
    /** Notifications (and keep-alives) a reader may have waiting before it is dropped as too slow. */
    static final int MAILBOX_CAPACITY = 1_000;
    private static final Duration IDLE_WRITER = Duration.ofSeconds(30);

    private final Map<String, Set<ReaderMailbox>> readers = new ConcurrentHashMap<>();
    /** Streams registered and not yet removed, counted as they enter and leave {@link #readers}. */
    private final AtomicInteger streams = new AtomicInteger();
    /** Streams opened with an expiring credential, soonest first. */
    private final NavigableSet<Expiry> expiries = new ConcurrentSkipListSet<>();
    private final AtomicLong expirySequence = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final ThreadPoolExecutor writers;
    private final int capacity;
    private final NotificationLimits limits;

    NotificationFanout() {
        this(MAILBOX_CAPACITY, NotificationLimits.DEFAULT);
    }

    NotificationFanout(int capacity) {
        this(capacity, NotificationLimits.DEFAULT);
    }

    NotificationFanout(int capacity, NotificationLimits limits) {
        this.capacity = capacity;
        this.limits = limits;
        this.writers = new ThreadPoolExecutor(limits.writerThreads(), limits.writerThreads(), IDLE_WRITER.toMillis(),
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), writerThreads());
        this.writers.allowCoreThreadTimeOut(true);
    }

    /** Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed. */
    AutoCloseable register(String userId, NotificationListener listener) {
        return register(userId, listener, null);
    }

    /**
     * Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed
     * or {@code expiresAt} (null: never) has passed.
     *
     * @throws StreamLimitException when the user, or the instance, has as many streams as allowed
     */
    AutoCloseable register(String userId, NotificationListener listener, Instant expiresAt) {
        ReaderMailbox mailbox = new ReaderMailbox(userId, listener, capacity, writers, this::remove, dropped::increment);
        if (streams.incrementAndGet() > limits.maxStreams()) {
            streams.decrementAndGet();
            throw instanceFull();
        }
        // One atomic step per user: a stream registered while the user's last one is being removed
        // lands in the set that stays in the map (or a new one), never in a set already dropped from it.
        boolean[] admitted = {false};
        readers.compute(userId, (id, set) -> {
            Set<ReaderMailbox> live = set == null ? new CopyOnWriteArraySet<>() : set;
            if (live.size() < limits.maxStreamsPerUser()) {
                live.add(mailbox);
                admitted[0] = true;
            }
            return live.isEmpty() ? null : live;
        });
        if (!admitted[0]) {
            streams.decrementAndGet();
            throw userFull(userId);
        }
        Expiry expiry = expiresAt == null ? null : new Expiry(expiresAt, expirySequence.incrementAndGet(), mailbox);
        if (expiry != null) {
            expiries.add(expiry);
        }
        return () -> {
            mailbox.closed();
            remove(mailbox);
            if (expiry != null) {
                expiries.remove(expiry);
            }
        };
    }

    /** @throws StreamLimitException when a stream of {@code userId} would be refused now */
    void requireRoomFor(String userId) {
        if (streams.get() >= limits.maxStreams()) {
            throw instanceFull();
        }
        Set<ReaderMailbox> set = readers.get(userId);
        if (set != null && set.size() >= limits.maxStreamsPerUser()) {
            throw userFull(userId);
        }
    }

    private StreamLimitException instanceFull() {
        return new StreamLimitException("this instance serves " + limits.maxStreams()
                + " notification streams already (notifications.max.streams); retry later");
    }

    private StreamLimitException userFull(String userId) {
        return new StreamLimitException("user " + userId + " has " + limits.maxStreamsPerUser()
                + " notification streams open here already (notifications.max.streams.per.user); close one first");
    }

    /** Closes every stream whose credential expired at or before {@code now}; a range scan of the due part only. */
    void closeExpired(Instant now) {
        Expiry first;
        while ((first = firstOrNull()) != null && !first.at().isAfter(now)) {
            if (expiries.remove(first)) {
                first.mailbox().expire();
            }
        }
    }

    /** Streams of this instance whose credential expires, for tests. */
    int expiringCount() {
        return expiries.size();
    }

    private Expiry firstOrNull() {
        try {
            return expiries.first();
        } catch (java.util.NoSuchElementException e) {
            return null;
        }
    }

    /** Whether anyone listens to {@code recipient} here (so the notification is worth decoding). */
    boolean hasReaders(String recipient) {
        Set<ReaderMailbox> set = readers.get(recipient);
        return set != null && !set.isEmpty();
    }

    /** Hands {@code notification} to every reader of {@code recipient}; returns at once. */
    void deliver(String recipient, Notification notification) {
        offerTo(readers.get(recipient), listener -> listener.deliver(notification));
    }

    /** A keep-alive to every reader; returns at once. */
    void keepAlive() {
        readers.values().forEach(set -> offerTo(set, NotificationListener::keepAlive));
    }

    /** Streams dropped since the start because their reader fell behind or its connection failed. */
    long droppedCount() {
        return dropped.sum();
    }

    int readerCount() {
        return streams.get();
    }

    /** Ends every stream. Must run while the HTTP server still runs (see {@link NotificationBroadcaster#disconnectAll}). */
    void disconnectAll() {
        readers.values().forEach(set -> set.forEach(mailbox -> {
            try {
                mailbox.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("Ending a notification stream failed", e);
            }
        }));
    }

    @Override
    public void close() {
        readers.values().forEach(set -> set.forEach(ReaderMailbox::closed));
        readers.clear();
        streams.set(0);
        expiries.clear();
        writers.shutdownNow();
    }

    private static void offerTo(Set<ReaderMailbox> set, Consumer<NotificationListener> write) {
        if (set != null) {
            set.forEach(mailbox -> mailbox.offer(write));
        }
    }

    /** Idempotent: a stream may be removed by its connection closing and by being dropped, in any order. */
    private void remove(ReaderMailbox mailbox) {
        readers.computeIfPresent(mailbox.userId(), (id, set) -> {
            if (set.remove(mailbox)) {
                streams.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /** One stream's deadline; the sequence keeps two streams expiring in the same instant apart. */
    private record Expiry(Instant at, long sequence, ReaderMailbox mailbox) implements Comparable<Expiry> {

        @Override
        public int compareTo(Expiry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private static ThreadFactory writerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "presence-sse-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

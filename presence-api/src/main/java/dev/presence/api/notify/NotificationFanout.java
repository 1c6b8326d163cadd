package dev.presence.api.notify;

import dev.presence.schema.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The live readers of an instance, by recipient, and how a notification reaches them: into each
 * reader's {@link ReaderMailbox}, from where a pool of writer threads sends it on. The thread that
 * hands notifications in never writes to a connection, so one slow or stuck reader delays no one.
 * The pool grows with the readers that are writing at the same moment (a stuck write ends at the
 * HTTP server's idle timeout) and shrinks when they are idle.
 */
final class NotificationFanout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationFanout.class);
    /** Notifications (and keep-alives) a reader may have waiting before it is dropped as too slow. */
    static final int MAILBOX_CAPACITY = 1_000;
    private static final Duration IDLE_WRITER = Duration.ofSeconds(30);

    private final Map<String, Set<ReaderMailbox>> readers = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final int capacity;

    NotificationFanout() {
        this(MAILBOX_CAPACITY);
    }

    NotificationFanout(int capacity) {
        this.capacity = capacity;
        this.writers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_WRITER.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), writerThreads());
    }

    /** Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed. */
    AutoCloseable register(String userId, NotificationListener listener) {
        ReaderMailbox mailbox = new ReaderMailbox(userId, listener, capacity, writers, this::remove);
        readers.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(mailbox);
        return () -> {
            mailbox.closed();
            remove(mailbox);
        };
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

    int readerCount() {
        return readers.values().stream().mapToInt(Set::size).sum();
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
        writers.shutdownNow();
    }

    private static void offerTo(Set<ReaderMailbox> set, Consumer<NotificationListener> write) {
        if (set != null) {
            set.forEach(mailbox -> mailbox.offer(write));
        }
    }

    private void remove(ReaderMailbox mailbox) {
        readers.computeIfPresent(mailbox.userId(), (id, set) -> {
            set.remove(mailbox);
            return set.isEmpty() ? null : set;
        });
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

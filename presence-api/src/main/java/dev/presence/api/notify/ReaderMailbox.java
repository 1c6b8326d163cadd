package dev.presence.api.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What stands between the broadcaster and one reader's connection: a bounded queue the broadcaster
 * only ever offers to (it never waits), drained in order by one task of the writer pool at a time,
 * which may block on a slow connection without holding up anyone else. A reader whose queue fills
 * up reads too slowly, or not at all: it is dropped, and its connection closed.
 */
final class ReaderMailbox {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderMailbox.class);

    private final String userId;
    private final NotificationListener listener;
    private final BlockingQueue<Consumer<NotificationListener>> pending;
    private final Executor writers;
    private final Consumer<ReaderMailbox> unregister;
    private final Runnable onDrop;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    ReaderMailbox(String userId, NotificationListener listener, int capacity, Executor writers,
                  Consumer<ReaderMailbox> unregister, Runnable onDrop) {
        this.onDrop = onDrop;
        this.userId = userId;
        this.listener = listener;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.writers = writers;
        this.unregister = unregister;
    }

    /** Queues a write for this reader; never blocks. A full queue drops the reader. */
    void offer(Consumer<NotificationListener> write) {
        if (closed.get()) {
            return;
        }
        if (!pending.offer(write)) {
            LOG.warn("Dropping a notification stream of user {}: {} notifications are waiting unread, the client reads"
                    + " too slowly or not at all; it should reconnect and query the status", userId, pending.size());
            drop();
            return;
        }
        scheduleDrain();
    }

    /** Ends the stream now (the engine is stopping): nothing queued is written any more. */
    void disconnect() {
        if (closed.compareAndSet(false, true)) {
            pending.clear();
            unregister.accept(this);
            listener.disconnect();
        }
    }

    /** The credential of the stream expired: it is told so and closed, off the caller's thread. */
    void expire() {
        closeOffThread("expired", listener -> {
            listener.credentialExpired();
            listener.disconnect();
        });
    }

    /** Unregistered by the connection itself (it closed): nothing more is written. */
    void closed() {
        closed.set(true);
        pending.clear();
    }

    String userId() {
        return userId;
    }

    int queued() {
        return pending.size();
    }

    private void drop() {
        if (!closed.get()) {
            onDrop.run();
        }
        closeOffThread("dropped", NotificationListener::disconnect);
    }

    /** Off the broadcaster's thread: closing a connection that is stuck in a write might wait for that write. */
    private void closeOffThread(String why, Consumer<NotificationListener> close) {
        if (closed.compareAndSet(false, true)) {
            pending.clear();
            unregister.accept(this);
            writers.execute(() -> {
                try {
                    close.accept(listener);
                } catch (RuntimeException e) {
                    LOG.debug("Closing the {} notification stream of {} failed", why, userId, e);
                }
            });
        }
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            writers.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Consumer<NotificationListener> next;
            while (!closed.get() && (next = pending.poll()) != null) {
                try {
                    next.accept(listener);
                } catch (RuntimeException e) {
                    LOG.debug("Writing to a notification stream of {} failed; it is dropped", userId, e);
                    drop();
                }
            }
        } finally {
            draining.set(false);
        }
        // An offer may have come between the last poll and clearing the flag, and found a drain still running.
        if (!closed.get() && !pending.isEmpty()) {
            scheduleDrain();
        }
    }
}

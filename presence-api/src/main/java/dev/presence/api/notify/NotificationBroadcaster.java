package dev.presence.api.notify;

import dev.presence.api.kafka.TailReading;
import dev.presence.schema.Notification;
import dev.presence.core.PresenceTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consumer per instance for every live notification reader: it reads all partitions of
 * {@code presence.notifications} from the end (read_committed, so only what the engine's
 * transactions committed), and hands each record to the listeners registered for its key, the
 * recipient. Readers connect to any instance, so every instance reads the whole topic; no consumer
 * group, since each instance needs every record. This thread never writes to a connection itself
 * ({@link NotificationFanout}): a reader that stops reading is dropped, never waited for.
 */
public final class NotificationBroadcaster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationBroadcaster.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Proxies drop idle connections after a minute or so; a comment now and then keeps SSE streams open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<Notification> values = PresenceTopics.NOTIFICATIONS.valueDeserializer();
    private final NotificationFanout fanout;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    /** Set when the reader thread ended other than by {@link #close()}: only then is the instance not live. */
    private volatile boolean died;

    /** {@code clientProperties}: the bootstrap servers and the consumer keys of the engine configuration (security included). */
    public NotificationBroadcaster(Map<String, Object> clientProperties) {
        this(clientProperties, NotificationLimits.DEFAULT, Clock.systemUTC());
    }

    public NotificationBroadcaster(Map<String, Object> clientProperties, NotificationLimits limits, Clock clock) {
        this(new KafkaConsumer<>(consumerProperties(clientProperties),
                PresenceTopics.NOTIFICATIONS.keyDeserializer(), new ByteArrayDeserializer()),
                limits, clock);
    }

    /** With any consumer: tests hand in Kafka's own MockConsumer to make the reader fail. */
    NotificationBroadcaster(Consumer<String, byte[]> consumer, NotificationLimits limits, Clock clock) {
        this.consumer = consumer;
        this.fanout = new NotificationFanout(NotificationFanout.MAILBOX_CAPACITY, limits);
        this.clock = clock;
        thread = new Thread(this::run, "presence-notification-broadcaster");
        thread.setDaemon(true);
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> clientProperties) {
        return TailReading.consumerProperties(clientProperties, "presence-api-notifications");
    }

    /** Fixes "the end" now, so a reader registered after this returns misses nothing committed later. */
    public void start() {
        List<TopicPartition> partitions = TailReading.fromTheEnd(consumer, PresenceTopics.NOTIFICATIONS.name());
        thread.start();
        LOG.info("Notification broadcaster reads {} partitions of {} from the end", partitions.size(), PresenceTopics.NOTIFICATIONS);
    }

    /** Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed. */
    public AutoCloseable register(String userId, NotificationListener listener) {
        return fanout.register(userId, listener, null);
    }

    /**
     * Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed
     * or, when {@code expiresAt} is present, that instant has passed (the stream is then closed).
     *
     * @throws StreamLimitException when the user or the instance has as many streams as allowed
     */
    public AutoCloseable register(String userId, NotificationListener listener, Optional<Instant> expiresAt) {
        return fanout.register(userId, listener, expiresAt.orElse(null));
    }

    /** @throws StreamLimitException when a stream of {@code userId} would be refused now */
    public void requireRoomFor(String userId) {
        fanout.requireRoomFor(userId);
    }

    /**
     * Whether the reader still reads (or has not started yet): once it has died of an error, no stream gets
     * anything more, so the instance is not live. A reader stopped by {@link #close()} has not died.
     */
    public boolean isReading() {
        return !died;
    }

    /** Number of live readers, for tests and metrics. */
    public int listenerCount() {
        return fanout.readerCount();
    }

    /** Streams dropped since the start: their reader fell behind, or writing to it failed. */
    public long droppedCount() {
        return fanout.droppedCount();
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive() || thread.getState() == Thread.State.TERMINATED) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(); // never started: the loop that closes it never ran
        }
        fanout.close();
    }

    /**
     * Ends every live stream. Must run while the HTTP server still runs: Javalin completes an ended
     * stream's request on the server, and after the server has stopped that spins forever.
     */
    public void disconnectAll() {
        fanout.disconnectAll();
    }

    private void run() {
        long lastKeepAlive = System.nanoTime();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    dispatch(record);
                }
                fanout.closeExpired(clock.instant());
                if (System.nanoTime() - lastKeepAlive >= KEEP_ALIVE.toNanos()) {
                    fanout.keepAlive();
                    lastKeepAlive = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException | Error e) {
            died = true;
            LOG.error("The notification broadcaster stopped; live notification streams get nothing more,"
                    + " and liveness is DOWN", e);
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null || !fanout.hasReaders(record.key())) {
            return;
        }
        Notification notification;
        try {
            notification = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) { // anyone who may write to the topic may write garbage: never the reader's end
            LOG.warn("Skipping an unreadable notification at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        fanout.deliver(record.key(), notification);
    }
}

package dev.presence.api.notify;

import dev.presence.schema.Notification;
import dev.presence.streams.PresenceNames.Topics;
import dev.presence.streams.codec.OutputSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One consumer per instance for every live notification reader: it reads all partitions of
 * {@code presence.notifications} from the end (read_committed, so only what the engine's
 * transactions committed), and hands each record to the listeners registered for its key, the
 * recipient. Readers connect to any instance, so every instance reads the whole topic; no consumer
 * group, since each instance needs every record.
 */
public final class NotificationBroadcaster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationBroadcaster.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Proxies drop idle connections after a minute or so; a comment now and then keeps SSE streams open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Notification> values = OutputSerde.deserializer(Notification.class);
    private final Map<String, Set<NotificationListener>> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code clientProperties}: the bootstrap servers and the consumer keys of the engine configuration (security included). */
    public NotificationBroadcaster(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "presence-api-notifications");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "presence-notification-broadcaster");
        thread.setDaemon(true);
    }

    /** Fixes "the end" now, so a reader registered after this returns misses nothing committed later. */
    public void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTIFICATIONS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
        LOG.info("Notification broadcaster reads {} partitions of {} from the end", partitions.size(), Topics.NOTIFICATIONS);
    }

    /** Delivers {@code userId}'s notifications to {@code listener} until the returned handle is closed. */
    public AutoCloseable register(String userId, NotificationListener listener) {
        listeners.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(userId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Number of live readers, for tests and metrics. */
    public int listenerCount() {
        return listeners.values().stream().mapToInt(Set::size).sum();
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
        listeners.clear();
    }

    /**
     * Ends every live stream. Must run while the HTTP server still runs: Javalin completes an ended
     * stream's request on the server, and after the server has stopped that spins forever.
     */
    public void disconnectAll() {
        listeners.values().forEach(set -> set.forEach(listener -> {
            try {
                listener.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("Ending a notification stream failed", e);
            }
        }));
    }

    private void run() {
        long lastKeepAlive = System.nanoTime();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    dispatch(record);
                }
                if (System.nanoTime() - lastKeepAlive >= KEEP_ALIVE.toNanos()) {
                    listeners.values().forEach(set -> set.forEach(NotificationListener::keepAlive));
                    lastKeepAlive = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("The notification broadcaster stopped; live notification streams get nothing more", e);
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        Set<NotificationListener> readers = record.key() == null || record.value() == null ? null : listeners.get(record.key());
        if (readers == null || readers.isEmpty()) {
            return;
        }
        Notification notification;
        try {
            notification = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("Skipping an unreadable notification at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        for (NotificationListener reader : readers) {
            try {
                reader.deliver(notification);
            } catch (RuntimeException e) {
                LOG.debug("A notification reader of {} failed; it is dropped", record.key(), e);
            }
        }
    }
}

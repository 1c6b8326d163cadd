package dev.presence.api.console;

import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.OutputSerde;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the console shows of the engine's traffic: events, notifications and rejections per second,
 * the latest status changes and the latest rejections. One consumer, no group, reads every
 * partition of those four topics from their end, so whichever instance serves the console shows the
 * whole cluster's traffic (the topics are the cluster's; each instance only writes its share).
 * <p>
 * Reading every event costs every instance a share of the traffic, which nobody needs while nobody
 * looks: the feed starts when the console first asks for it and stops after {@link #IDLE} without
 * a viewer. The charts therefore start empty when a console is first opened.
 */
public final class ConsoleFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);
    public static final int WINDOW_SECONDS = 60;
    public static final int LATEST = 50;
    static final Duration IDLE = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final List<String> TOPICS = List.of(Topics.EVENTS, Topics.STATUS_CHANGES, Topics.NOTIFICATIONS,
            Topics.REJECTED);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Clock clock;
    private final Deserializer<StatusChange> changeValues = OutputSerde.deserializer(StatusChange.class);
    private final Deserializer<RejectedRecord> rejectionValues = OutputSerde.deserializer(RejectedRecord.class);
    private final RateWindow events = new RateWindow(WINDOW_SECONDS);
    private final RateWindow notifications = new RateWindow(WINDOW_SECONDS);
    private final RateWindow rejections = new RateWindow(WINDOW_SECONDS);
    private final Deque<StatusChange> changes = new ArrayDeque<>();
    private final Deque<RejectedRecord> rejected = new ArrayDeque<>();

    private final Object lifecycle = new Object();
    private Reader reader;
    private volatile long lastViewedAt;
    private boolean closed;

    /** {@code clientProperties}: the bootstrap servers and consumer keys of the engine configuration (security included). */
    public ConsoleFeed(Map<String, Object> clientProperties, Clock clock) {
        this(() -> new KafkaConsumer<>(consumerProperties(clientProperties), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), clock);
    }

    ConsoleFeed(Supplier<Consumer<byte[], byte[]>> consumers, Clock clock) {
        this.consumers = consumers;
        this.clock = clock;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "presence-console-feed");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    /** The traffic seen so far; starts the reading if nobody looked for a while. */
    public Activity view() {
        lastViewedAt = clock.millis();
        synchronized (lifecycle) {
            if (!closed && (reader == null || !reader.isAlive())) {
                reader = new Reader(consumers.get());
                reader.begin();
            }
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        synchronized (changes) {
            return new Activity(events.lastSeconds(now), notifications.lastSeconds(now), rejections.lastSeconds(now),
                    new ArrayList<>(changes), new ArrayList<>(rejected));
        }
    }

    /** Whether the feed reads now (a console looked within {@link #IDLE}). */
    public boolean isReading() {
        synchronized (lifecycle) {
            return reader != null && reader.isAlive();
        }
    }

    @Override
    public void close() {
        Reader stopping;
        synchronized (lifecycle) {
            closed = true;
            stopping = reader;
        }
        if (stopping != null) {
            stopping.halt();
        }
    }

    /** Per-second counts over the last {@link #WINDOW_SECONDS} s (oldest first), and the latest records, newest first. */
    public record Activity(long[] eventsPerSecond, long[] notificationsPerSecond, long[] rejectionsPerSecond,
                           List<StatusChange> latestChanges, List<RejectedRecord> latestRejections) {
    }

    void count(ConsumerRecords<byte[], byte[]> records) {
        long second = Math.floorDiv(clock.millis(), 1000L);
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            switch (partition.topic()) {
                case Topics.EVENTS -> events.add(second, batch.size());
                case Topics.NOTIFICATIONS -> notifications.add(second, batch.size());
                case Topics.REJECTED -> {
                    rejections.add(second, batch.size());
                    batch.forEach(record -> remember(rejected, decode(rejectionValues, record)));
                }
                case Topics.STATUS_CHANGES -> batch.forEach(record -> remember(changes, decode(changeValues, record)));
                default -> { }
            }
        }
    }

    private <T> void remember(Deque<T> latest, T item) {
        if (item == null) {
            return;
        }
        synchronized (changes) {
            latest.addFirst(item);
            while (latest.size() > LATEST) {
                latest.removeLast();
            }
        }
    }

    private static <T> T decode(Deserializer<T> values, ConsumerRecord<byte[], byte[]> record) {
        try {
            return values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.debug("The console skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return null;
        }
    }

    /** One reading run: from the topics' end at start, until idle or closed. */
    private final class Reader extends Thread {

        private final Consumer<byte[], byte[]> consumer;
        private volatile boolean running = true;

        Reader(Consumer<byte[], byte[]> consumer) {
            super("presence-console-feed");
            setDaemon(true);
            this.consumer = consumer;
        }

        void begin() {
            start();
        }

        void halt() {
            running = false;
            consumer.wakeup();
            try {
                join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : TOPICS) {
                    consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                // Fixes "the end" now: a change made after the first view is never skipped.
                partitions.forEach(consumer::position);
                LOG.info("The console reads {} partitions of {} from their end", partitions.size(), TOPICS);
                while (running && clock.millis() - lastViewedAt < IDLE.toMillis()) {
                    count(consumer.poll(POLL));
                }
                if (running) {
                    LOG.info("No console has looked for {} s: the console feed stops reading", IDLE.toSeconds());
                }
            } catch (WakeupException e) {
                // close(): the end of reading, not an error.
            } catch (KafkaException e) {
                LOG.warn("The console feed stopped reading: {}; the next console view starts it again", e.toString());
            } finally {
                consumer.close();
            }
        }
    }
}

package dev.presence.api.verdict;

import dev.presence.api.kafka.TailReading;
import dev.presence.schema.Verdict;
import dev.presence.core.codec.OutputSerde;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the application's verdicts topic on every instance (no consumer group: each instance reads
 * every partition, from the end as it was at start, read_committed so only verdicts of committed
 * processing count) and hands each verdict to {@link PendingVerdicts}. Whichever instance's task
 * judged a record, and however its partition moved meanwhile, the call that waits for it completes
 * here. A record that cannot be read is skipped: it never stops the reader.
 */
public final class VerdictListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerdictListener.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final PendingVerdicts pending;
    private final Deserializer<Verdict> values = OutputSerde.deserializer(Verdict.class);
    private final Thread thread;
    private volatile boolean running = true;

    public VerdictListener(Map<String, Object> clientProperties, String topic, PendingVerdicts pending) {
        this.consumer = new KafkaConsumer<>(TailReading.consumerProperties(clientProperties, "presence-api-verdicts"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.pending = pending;
        this.thread = new Thread(this::run, "presence-verdict-listener");
        thread.setDaemon(true);
    }

    /** Fixes "the end" now: a call registered after this returns misses no verdict committed later. */
    public void start() {
        List<TopicPartition> partitions = TailReading.fromTheEnd(consumer, topic);
        thread.start();
        LOG.info("Verdict listener reads {} partitions of {} from the end", partitions.size(), topic);
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close();
        }
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    dispatch(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException | Error e) {
            LOG.error("The verdict listener stopped: calls with 'Prefer: wait' answer 202 when their wait ends", e);
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || pending.pending() == 0) {
            return;
        }
        Verdict verdict;
        try {
            verdict = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.debug("Skipping an unreadable verdict at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        pending.complete(verdict);
    }
}

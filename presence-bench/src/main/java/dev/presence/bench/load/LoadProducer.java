package dev.presence.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * Writes pre-encoded records as a gateway fleet would: one idempotent producer, acks=all, so that
 * order per user holds and a broker outage delays records without losing or doubling them.
 * <p>
 * Not the client library's {@code PresenceProducer}, on purpose: that one encodes, checks ids and
 * stamps a random eventId and the time on each record as it sends, which would put the encoding
 * (and a SecureRandom call) in the timed loop and change the load. The valid records come
 * pre-encoded by the library's {@code InputRecords} instead, the same bytes PresenceProducer writes
 * (without the stamps); what else goes through here is the drills' hostile records, keys and values
 * no client would write, and the baselines' copies to other topics.
 */
public final class LoadProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    /** Of the records sent by {@link #sendAtRate}: from the send to the broker's acknowledgement, in microseconds. */
    private final Histogram acknowledgedMicros = new ConcurrentHistogram(3_600_000_000L, 3);

    public LoadProducer(String bootstrapServers) {
        this(bootstrapServers, Duration.ofMinutes(2));
    }

    /** {@code deliveryTimeout}: how long a record may wait for the broker (long in the broker drill). */
    public LoadProducer(String bootstrapServers, Duration deliveryTimeout) {
        this(bootstrapServers, deliveryTimeout, 1024 * 1024);
    }

    /** As above; {@code maxRequestBytes} above the broker's record limit lets the broker, not the client, refuse a record. */
    public LoadProducer(String bootstrapServers, Duration deliveryTimeout, int maxRequestBytes) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes,
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) deliveryTimeout.toMillis()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends every record as fast as the producer takes them, then flushes. */
    public void sendAll(List<Outgoing> records) {
        sendAll(records, UnaryOperator.identity());
    }

    /** Same, writing each record to {@code rename.apply(topic)} (the baselines' copies of the input). */
    public void sendAll(List<Outgoing> records, UnaryOperator<String> rename) {
        for (Outgoing record : records) {
            send(rename.apply(record.topic()), record, null);
        }
        flush();
    }

    /**
     * Sends {@code records} at {@code perSecond}, each stamped with the wall-clock time it was sent
     * (latency is measured from that stamp), calling {@code afterEach} with each index; returns how far behind schedule it fell at worst, in ms.
     */
    public long sendAtRate(List<Outgoing> records, int perSecond, IntConsumer afterEach) {
        return sendAtRate(records, perSecond, UnaryOperator.identity(), afterEach);
    }

    /** Same, writing each record to {@code rename.apply(topic)} (the baselines' copies of the input). */
    public long sendAtRate(List<Outgoing> records, int perSecond, UnaryOperator<String> rename, IntConsumer afterEach) {
        long start = System.nanoTime();
        long worstLagNanos = 0;
        for (int i = 0; i < records.size(); i++) {
            long due = start + (long) (i * (1e9 / perSecond));
            long now = System.nanoTime();
            if (due > now) {
                sleepNanos(due - now);
            } else {
                worstLagNanos = Math.max(worstLagNanos, now - due);
            }
            Outgoing record = records.get(i);
            long sentAt = System.currentTimeMillis();
            send(rename.apply(record.topic()), record, sentAt,
                    written -> acknowledgedMicros.recordValue(Math.max(0, System.currentTimeMillis() - sentAt) * 1000));
            afterEach.accept(i);
        }
        flush();
        return worstLagNanos / 1_000_000;
    }

    public void send(String topic, Outgoing record, Long timestamp) {
        send(topic, record, timestamp, meta -> {
        });
    }

    /** Sends one record; {@code written} gets its partition and offset once the broker has it (on the producer's thread). */
    public void send(String topic, Outgoing record, Long timestamp, java.util.function.Consumer<RecordMetadata> written) {
        producer.send(new ProducerRecord<>(topic, null, timestamp, record.key(), record.value()), (meta, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            } else {
                written.accept(meta);
            }
        });
    }

    /** How long the records sent at a rate took from their send to the broker's acknowledgement (producer and broker). */
    public Histogram acknowledgedMicros() {
        return acknowledgedMicros;
    }

    public void flush() {
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records were not written", firstFailure.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

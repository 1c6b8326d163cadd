package dev.presence.api.kafka;

import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import dev.presence.streams.verdict.RequestIds;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes what the REST API accepts into the log: presence events to {@code presence.events} and
 * subscription commands to {@code presence.subscriptions} (Avro single-object encoding, key =
 * userId), live settings to {@code presence.config} (key = setting name, value its text, a
 * tombstone to go back to the start-up value). One idempotent producer with acks=all, so an answer
 * of 202 means the record is in the log.
 */
public final class RecordPublisher implements AutoCloseable {

    /** Bounds how long an HTTP call waits for the broker; the producer gives up on its own after this too. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Bounds how long {@code send} itself may block an HTTP thread (waiting for metadata while the
     * cluster is unreachable, or for buffer space): Kafka's default is a minute. The call then
     * answers 503 with Retry-After.
     */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;

    /** {@code clientProperties}: the bootstrap servers and any producer keys of the engine configuration. */
    public RecordPublisher(Map<String, Object> clientProperties) {
        this.producer = new KafkaProducer<>(producerProperties(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The engine's keys win over the configured ones: they are what keeps an HTTP call's wait bounded. */
    static Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "presence-api-events");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        return props;
    }

    /**
     * Sends every event and waits for all acknowledgements. Validation is the caller's: by the time
     * events get here they are all valid, so a failure is the cluster's and is reported with the
     * events that were written and those that were not.
     */
    public List<RecordMetadata> publish(List<PresenceEvent> events) {
        return publish(events, List.of());
    }

    /**
     * As {@link #publish(List)}, each event tagged with its request id ({@code requestIds} in the same
     * order, or empty for none), so the topology writes its verdict on it.
     */
    public List<RecordMetadata> publish(List<PresenceEvent> events, List<String> requestIds) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            PresenceEvent event = events.get(i);
            records.add(record(PresenceTopics.EVENTS, event.getUserId(), event,
                    requestIds.isEmpty() ? Optional.empty() : Optional.of(requestIds.get(i))));
        }
        return send(records, "event");
    }

    /** Key = the subscriber, so the command lands in the subscriber's partition like any producer's. */
    public RecordMetadata publish(SubscriptionCommand command) {
        return publish(command, Optional.empty());
    }

    /** As {@link #publish(SubscriptionCommand)}, tagged with a request id when given. */
    public RecordMetadata publish(SubscriptionCommand command, Optional<String> requestId) {
        return send(List.of(record(PresenceTopics.SUBSCRIPTIONS, command.getUserId(), command, requestId)),
                "subscription command").get(0);
    }

    private static Headers tagged(String requestId) {
        return new RecordHeaders().add(RequestIds.HEADER, requestId.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code value} null writes a tombstone: the setting goes back to its start-up value. */
    public RecordMetadata publishSetting(String name, String value) {
        return send(List.of(record(PresenceTopics.CONFIG, name, value, Optional.empty())), "setting").get(0);
    }

    /**
     * One producer for every topic: each value is encoded by its own topic's serializer (Avro for records),
     * tagged with the caller's request id when it waits for the verdict.
     */
    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value,
                                                             Optional<String> requestId) {
        return new ProducerRecord<>(topic.name(), null, key, topic.valueSerializer().serialize(topic.name(), value),
                requestId.map(RecordPublisher::tagged).orElse(null));
    }

    private List<RecordMetadata> send(List<ProducerRecord<String, byte[]>> records, String what) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                sent.add(producer.send(record));
            } catch (KafkaException e) { // not an ApiException, which send() returns as a failed future
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        List<RecordMetadata> written = new ArrayList<>(records.size());
        List<Integer> failed = new ArrayList<>();
        String firstFailure = null;
        for (int i = 0; i < sent.size(); i++) {
            try {
                written.add(sent.get(i).get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted while waiting for Kafka to acknowledge the " + what + "(s)", e);
            } catch (ExecutionException | TimeoutException e) {
                failed.add(i);
                firstFailure = firstFailure != null ? firstFailure : String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
        }
        if (!failed.isEmpty()) {
            throw new PublishFailedException("Kafka did not acknowledge " + what + "(s) " + failed + " of " + records.size()
                    + " (" + firstFailure + "); the others were written", null);
        }
        return written;
    }

    /** For metrics. */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close(DELIVERY_TIMEOUT);
    }

    /** Kafka did not take the events: the cluster is unreachable or refused them. */
    public static final class PublishFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

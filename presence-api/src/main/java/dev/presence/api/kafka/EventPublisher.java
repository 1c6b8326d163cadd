package dev.presence.api.kafka;

import dev.presence.schema.PresenceEvent;
import dev.presence.streams.PresenceNames.Topics;
import dev.presence.streams.codec.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes presence events for the REST API to {@code presence.events}: Avro single-object encoding,
 * key = userId, acks=all from an idempotent producer, so an answer of 202 means the event is in the log.
 */
public final class EventPublisher implements AutoCloseable {

    /** Bounds how long an HTTP call waits for the broker; the producer gives up on its own after this too. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, byte[]> producer;

    /** {@code clientProperties}: the bootstrap servers and any producer keys of the engine configuration. */
    public EventPublisher(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "presence-api-events");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every event and waits for all acknowledgements. Validation is the caller's: by the time
     * events get here they are all valid, so a failure is the cluster's and is reported with the
     * events that were written and those that were not.
     */
    public List<RecordMetadata> publish(List<PresenceEvent> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (PresenceEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, event.getUserId(), AvroCodec.encode(event))));
        }
        List<RecordMetadata> written = new ArrayList<>(events.size());
        List<Integer> failed = new ArrayList<>();
        String firstFailure = null;
        for (int i = 0; i < sent.size(); i++) {
            try {
                written.add(sent.get(i).get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted while waiting for Kafka to acknowledge the events", e);
            } catch (ExecutionException | TimeoutException e) {
                failed.add(i);
                firstFailure = firstFailure != null ? firstFailure : String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
        }
        if (!failed.isEmpty()) {
            throw new PublishFailedException("Kafka did not acknowledge event(s) " + failed + " of " + events.size()
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

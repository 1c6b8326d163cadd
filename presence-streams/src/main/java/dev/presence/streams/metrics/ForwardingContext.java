package dev.presence.streams.metrics;

import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A processor context that hands every forward to {@link Observer} before passing it on: how a
 * wrapped processor's output is counted without the processor knowing. Everything else is the
 * real context's.
 */
final class ForwardingContext<K, V> implements ProcessorContext<K, V> {

    /** Sees each record a processor forwards, and to which child ({@code null}: to all). */
    interface Observer {
        /** {@code child} null: the record went to every child, as {@code forward} without a name sends it. */
        void forwarded(Record<?, ?> record, @Nullable String child);
    }

    private final ProcessorContext<K, V> delegate;
    private final Observer observer;

    ForwardingContext(ProcessorContext<K, V> delegate, Observer observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        delegate.forward(record);
        observer.forwarded(record, null);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        delegate.forward(record, childName);
        observer.forwarded(record, childName);
    }

    @Override
    public String applicationId() {
        return delegate.applicationId();
    }

    @Override
    public TaskId taskId() {
        return delegate.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return delegate.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
        return delegate.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
        return delegate.valueSerde();
    }

    @Override
    public File stateDir() {
        return delegate.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
        return delegate.getStateStore(name);
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        return delegate.schedule(interval, type, callback);
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        return delegate.schedule(startTime, interval, type, callback);
    }

    @Override
    public void commit() {
        delegate.commit();
    }

    @Override
    public Map<String, Object> appConfigs() {
        return delegate.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return delegate.appConfigsWithPrefix(prefix);
    }

    @Override
    public long currentSystemTimeMs() {
        return delegate.currentSystemTimeMs();
    }

    @Override
    public long currentStreamTimeMs() {
        return delegate.currentStreamTimeMs();
    }
}

package dev.presence.core;

import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Function;

/**
 * A topic's name with the serdes of its keys and values, so that whatever reads or writes a topic takes
 * this one object and a topic can never be written with the wrong serializer. A topic of Avro records
 * reads both wire formats, told apart per record, and writes the one chosen by {@link #writtenAs}.
 *
 * @param <K> the type of its keys
 * @param <V> the type of its values
 */
public final class Topic<K, V> {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<WireFormat, Serde<V>> valueSerdeWriting;

    private Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, Function<WireFormat, Serde<V>> valueSerdeWriting) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.valueSerdeWriting = valueSerdeWriting;
    }

    /** A topic whose values are Avro records of {@code type}, written in Avro until {@link #writtenAs} says otherwise. */
    public static <K, V extends SpecificRecord> Topic<K, V> ofRecords(String name, Serde<K> keySerde, Class<V> type) {
        Function<WireFormat, Serde<V>> writing = format -> OutputSerde.of(type, format);
        return new Topic<>(name, keySerde, writing.apply(WireFormat.AVRO), writing);
    }

    /** A topic whose values have one encoding only (text, raw bytes). */
    public static <K, V> Topic<K, V> of(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return new Topic<>(name, keySerde, valueSerde, format -> valueSerde);
    }

    /** This topic with its values written in {@code format} (reading still accepts both). */
    public Topic<K, V> writtenAs(WireFormat format) {
        return new Topic<>(name, keySerde, valueSerdeWriting.apply(format), valueSerdeWriting);
    }

    public String name() {
        return name;
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    public Serializer<K> keySerializer() {
        return keySerde.serializer();
    }

    public Deserializer<K> keyDeserializer() {
        return keySerde.deserializer();
    }

    public Serializer<V> valueSerializer() {
        return valueSerde.serializer();
    }

    public Deserializer<V> valueDeserializer() {
        return valueSerde.deserializer();
    }

    @Override
    public String toString() {
        return name;
    }
}

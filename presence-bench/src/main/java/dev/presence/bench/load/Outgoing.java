package dev.presence.bench.load;

/** One record to write, pre-encoded so that producing costs nothing but the send; a null key or value is written as null. */
public record Outgoing(String topic, byte[] key, byte[] value) {

    public int size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}

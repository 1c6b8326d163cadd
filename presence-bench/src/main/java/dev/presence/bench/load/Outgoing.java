package dev.presence.bench.load;

/** One record to write, pre-encoded so that producing costs nothing but the send. */
public record Outgoing(String topic, byte[] key, byte[] value) {

    public int size() {
        return key.length + value.length;
    }
}

package dev.presence.bench.micro;

import dev.presence.client.InputRecords;
import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.PresenceEventReader;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.Outcome;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The codec's share of one event: reading a heartbeat as the gateways write it (Avro or JSON, with
 * every check the engine makes), and the status store's record read and written back.
 */
@State(Scope.Thread)
public class CodecBenchmark {

    private final PresenceEventReader reader = new PresenceEventReader(128);
    private byte[] key;
    private byte[] avroHeartbeat;
    private byte[] jsonHeartbeat;
    private UserStatus status;
    private byte[] statusBytes;

    @Setup
    public void encodeSamples() {
        ProducerRecord<String, byte[]> avro = InputRecords.writtenAs(WireFormat.AVRO).event(Samples.heartbeat());
        key = avro.key().getBytes(StandardCharsets.UTF_8);
        avroHeartbeat = avro.value();
        jsonHeartbeat = InputRecords.writtenAs(WireFormat.JSON).event(Samples.heartbeat()).value();
        status = Samples.twoClients();
        statusBytes = AvroCodec.encode(status);
    }

    @Benchmark
    public Outcome<PresenceEvent> readAvroEvent() {
        return reader.read(key, avroHeartbeat);
    }

    @Benchmark
    public Outcome<PresenceEvent> readJsonEvent() {
        return reader.read(key, jsonHeartbeat);
    }

    @Benchmark
    public byte[] encodeStatus() {
        return AvroCodec.encode(status);
    }

    @Benchmark
    public UserStatus decodeStatus() throws IOException {
        return AvroCodec.decode(statusBytes, UserStatus.class);
    }
}

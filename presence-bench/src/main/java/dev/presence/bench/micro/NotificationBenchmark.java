package dev.presence.bench.micro;

import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.Notification;
import dev.presence.schema.StatusView;
import dev.presence.streams.notify.NotificationBytes;
import dev.presence.streams.notify.Notifications;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One change told to a slice of 1,000 watchers, per notification: encoded once and spliced per
 * recipient ({@link NotificationBytes}, what the fan-out does) against a notification built and
 * serialized per recipient (what it did before).
 */
@State(Scope.Thread)
public class NotificationBenchmark {

    private static final int RECIPIENTS = 1_000;

    @Param({"AVRO", "JSON"})
    public WireFormat format;

    private final StatusView view = Samples.view();
    private final String[] recipients = new String[RECIPIENTS];
    private Serializer<Notification> serializer;

    @Setup
    public void prepare() {
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients[i] = String.format("user-%07d", i);
        }
        serializer = OutputSerde.serializer(format);
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void encodedOnce(Blackhole sink) {
        NotificationBytes change = NotificationBytes.of(view, format);
        for (String recipient : recipients) {
            sink.consume(change.to(recipient));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void encodedPerRecipient(Blackhole sink) {
        for (String recipient : recipients) {
            sink.consume(serializer.serialize(Topics.NOTIFICATIONS, Notifications.to(recipient, view)));
        }
    }
}

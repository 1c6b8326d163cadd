package dev.presence.bench.micro;

import dev.presence.core.Outcome;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.Status;
import dev.presence.streams.fold.StatusUpdate;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The micro-benchmarks time the paths they name: accepted records and real changes, never a refusal. */
@UnitTest
class MicroBenchmarksTest {

    @Test
    void theCodecBenchmarksReadAcceptedEventsAndRoundTripTheStatus() throws IOException {
        CodecBenchmark codec = new CodecBenchmark();
        codec.encodeSamples();

        assertThat(codec.readAvroEvent()).isInstanceOf(Outcome.Accepted.class);
        assertThat(codec.readJsonEvent()).isInstanceOf(Outcome.Accepted.class);
        assertThat(codec.readJsonEvent()).isEqualTo(codec.readAvroEvent());
        assertThat(codec.decodeStatus()).isEqualTo(Samples.twoClients());
        assertThat(codec.encodeStatus()).isNotEmpty();
    }

    @Test
    void theFoldBenchmarksApplyAHeartbeatThatOnlyRefreshesAndALoginThatChangesTheUser() {
        FoldBenchmark fold = new FoldBenchmark();

        assertThat(fold.heartbeat()).isInstanceOfSatisfying(Outcome.Accepted.class,
                accepted -> assertThat(((StatusUpdate) accepted.value()).refreshOnly()).isTrue());
        assertThat(fold.loginOfAThirdClient()).isInstanceOfSatisfying(Outcome.Accepted.class, accepted -> {
            StatusUpdate update = (StatusUpdate) accepted.value();
            assertThat(update.state().getClients()).hasSize(3);
            assertThat(update.state().getStatus()).isEqualTo(Status.ONLINE);
        });
    }

    @Test
    void bothNotificationBenchmarksRunInBothFormats() {
        Blackhole sink = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (WireFormat format : WireFormat.values()) {
            NotificationBenchmark notifications = new NotificationBenchmark();
            notifications.format = format;
            notifications.prepare();
            notifications.encodedOnce(sink);
            notifications.encodedPerRecipient(sink);
        }
        sink.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}

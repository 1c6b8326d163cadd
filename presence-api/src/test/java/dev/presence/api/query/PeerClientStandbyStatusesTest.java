package dev.presence.api.query;

import com.sun.net.httpserver.HttpServer;
import dev.presence.api.auth.Authenticator;
import dev.presence.core.codec.AvroJson;
import dev.presence.schema.UserStatus;
import dev.presence.streams.fold.StatusFold;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the asking instance makes of a standby host's answer: the statuses with their lag, or a failure that says why. */
@UnitTest
class PeerClientStandbyStatusesTest {

    private static final String UNSEEN = AvroJson.toTree(StatusFold.unseen("bob")).toString();

    private HttpServer peer;
    private final PeerClient client = new PeerClient(Authenticator.open(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.stop(0);
        }
    }

    @Test
    void theStatusesComeWithTheLagOfTheMostBehindCopy() throws Exception {
        HostInfo host = answering(200, "{\"statuses\":[" + UNSEEN + "],\"staleLag\":7}");
        Found<List<UserStatus>> found = client.standbyStatuses(host, List.of("bob")).get();
        assertThat(found.value()).extracting(UserStatus::getUserId).containsExactly("bob");
        assertThat(found.staleLag()).isEqualTo(OptionalLong.of(7));
    }

    @Test
    void anAnswerWithoutLagIsCurrent() throws Exception {
        HostInfo host = answering(200, "{\"statuses\":[" + UNSEEN + "],\"staleLag\":null}");
        assertThat(client.standbyStatuses(host, List.of("bob")).get().staleLag()).isEmpty();
    }

    @Test
    void aLagThatIsNotAWholeNumberOfRecordsOrTheWrongNumberOfStatusesIsAFailedPeer() {
        for (String body : List.of("{\"statuses\":[" + UNSEEN + "],\"staleLag\":-1}",
                "{\"statuses\":[" + UNSEEN + "],\"staleLag\":\"soon\"}",
                "{\"statuses\":[],\"staleLag\":0}")) {
            HostInfo host = answering(200, body);
            assertThatThrownBy(() -> client.standbyStatuses(host, List.of("bob")).get()).as(body)
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PeerClient.PeerFailedException.class);
            peer.stop(0);
        }
    }

    @Test
    void aRefusalIsReportedWithThePeersOwnMessageNotItsJson() {
        HostInfo host = answering(503, "{\"code\":70013,\"message\":\"partition 3 of user-status-store is restoring\"}");
        assertThatThrownBy(() -> client.standbyStatuses(host, List.of("bob")).get())
                .hasCauseInstanceOf(PeerClient.PeerFailedException.class)
                .cause().hasMessageEndingWith("answered 503 to " + PeerPaths.STANDBY_STATUSES
                        + ": partition 3 of user-status-store is restoring");
    }

    @Test
    void aPeerNoRequestCanGoToIsAFailedPeerNotAFailedCall() {
        // Kafka Streams names this host while a partition has no active instance, for a moment of a rebalance.
        for (HostInfo nowhere : List.of(HostInfo.unavailable(), new HostInfo("no_such host", 8080))) {
            assertThatThrownBy(() -> client.standbyStatuses(nowhere, List.of("bob")).get()).as(nowhere.toString())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PeerClient.PeerFailedException.class)
                    .cause().hasMessageContaining("cannot be addressed");
            assertThatThrownBy(() -> client.statuses(nowhere, List.of("bob")).get()).as(nowhere.toString())
                    .hasCauseInstanceOf(PeerClient.PeerFailedException.class);
        }
    }

    private HostInfo answering(int status, String body) {
        try {
            peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        peer.createContext(PeerPaths.STANDBY_STATUSES, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        peer.start();
        return new HostInfo("127.0.0.1", peer.getAddress().getPort());
    }
}

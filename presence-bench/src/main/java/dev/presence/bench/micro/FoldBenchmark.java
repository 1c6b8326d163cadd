package dev.presence.bench.micro;

import dev.presence.core.Outcome;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import dev.presence.streams.fold.StatusFold;
import dev.presence.streams.fold.StatusUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The status fold itself, without store or codec: a heartbeat of a connected session (most of the
 * traffic) and a login of a third client (a visible change), on a user online on two clients.
 */
@State(Scope.Thread)
public class FoldBenchmark {

    private final StatusFold fold = new StatusFold(10, 400_000);
    private final UserStatus twoClients = Samples.twoClients();
    private final PresenceEvent heartbeat = Samples.heartbeat();
    private final PresenceEvent login = Samples.login("c3");

    @Benchmark
    public Outcome<StatusUpdate> heartbeat() {
        return fold.apply(twoClients, heartbeat, Samples.NOW);
    }

    @Benchmark
    public Outcome<StatusUpdate> loginOfAThirdClient() {
        return fold.apply(twoClients, login, Samples.NOW);
    }
}

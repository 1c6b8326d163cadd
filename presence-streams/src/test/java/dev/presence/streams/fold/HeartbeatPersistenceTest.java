package dev.presence.streams.fold;

import dev.presence.schema.ClientSession;
import dev.presence.schema.Platform;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class HeartbeatPersistenceTest {

    private final HeartbeatPersistence persistence = new HeartbeatPersistence(Duration.ofSeconds(400));

    @Test
    void theIntervalAndTheRestoreGraceAreHalfTheHeartbeatTimeout() {
        assertThat(persistence.interval()).isEqualTo(Duration.ofSeconds(200));
        assertThat(persistence.graceAfterRestore()).isEqualTo(200_000L);
    }

    @Test
    void aHeartbeatLessThanTheIntervalAheadOfThePersistedOneStaysInMemory() {
        UserStatus persisted = status(1_000, session("phone", "s1", 1_000));
        assertThat(persistence.mustPersist(persisted, status(200_999, session("phone", "s1", 200_999)))).isFalse();
    }

    @Test
    void aHeartbeatTheIntervalOrMoreAheadIsWritten() {
        UserStatus persisted = status(1_000, session("phone", "s1", 1_000));
        assertThat(persistence.mustPersist(persisted, status(201_000, session("phone", "s1", 201_000)))).isTrue();
    }

    @Test
    void eachSessionCountsOnItsOwnNotOnlyTheLastSeenTime() {
        // The tablet's heartbeat moved by 250 s while the user's last-seen time moved by 10 s only.
        UserStatus persisted = status(100_000, session("phone", "s1", 100_000), session("tablet", "t1", 1_000));
        UserStatus exact = status(110_000, session("phone", "s1", 100_000), session("tablet", "t1", 251_000));
        assertThat(persistence.mustPersist(persisted, exact)).isTrue();
    }

    @Test
    void aSessionThePersistedRecordDoesNotHoldAsTheSameIsWritten() {
        UserStatus persisted = status(1_000, session("phone", "s1", 1_000));
        assertThat(persistence.mustPersist(persisted, status(2_000, session("phone", "s2", 2_000)))).isTrue();
        assertThat(persistence.mustPersist(persisted,
                status(2_000, session("phone", "s1", 1_000), session("web", "w1", 2_000)))).isTrue();
    }

    @Test
    void aSessionWhoseStateDiffersIsWritten() {
        UserStatus persisted = status(1_000, session("phone", "s1", 1_000));
        ClientSession timedOut = ClientSession.newBuilder(session("phone", "s1", 1_000))
                .setState(SessionState.TIMED_OUT).build();
        assertThat(persistence.mustPersist(status(1_000, timedOut), status(2_000, session("phone", "s1", 2_000)))).isTrue();
        assertThat(persistence.mustPersist(persisted, persisted)).isFalse();
    }

    private static ClientSession session(String clientId, String sessionId, long lastHeartbeatAt) {
        return ClientSession.newBuilder().setClientId(clientId).setSessionId(sessionId).setPlatform(Platform.IOS)
                .setState(SessionState.CONNECTED).setLoggedInAt(0L).setLastHeartbeatAt(lastHeartbeatAt).build();
    }

    private static UserStatus status(long lastSeenAt, ClientSession... sessions) {
        return UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE).setCustomStatus(null)
                .setStatusChangedAt(0L).setLastSeenAt(lastSeenAt).setLastOnlineAt(null).setVersion(1L)
                .setClients(List.of(sessions)).build();
    }
}

package dev.presence.bench.micro;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;

import java.util.List;

/** The records the micro-benchmarks work on: what the throughput bench's load writes most. */
final class Samples {

    static final long NOW = 1_764_000_000_000L;

    private Samples() {
    }

    static PresenceEvent heartbeat() {
        return PresenceEvent.newBuilder().setType(EventType.HEARTBEAT).setUserId("user-0004711").setClientId("c1")
                .setSessionId("s-0004711-c1").build();
    }

    static PresenceEvent login(String clientId) {
        return PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("user-0004711").setClientId(clientId)
                .setSessionId("s-0004711-" + clientId).setPlatform(Platform.WINDOWS).build();
    }

    /** A user online on two clients, with a custom status: the usual record of the status store. */
    static UserStatus twoClients() {
        return UserStatus.newBuilder().setUserId("user-0004711").setStatus(Status.ONLINE).setCustomStatus("listening to music")
                .setVersion(7).setStatusChangedAt(NOW - 60_000).setLastSeenAt(NOW - 1_000)
                .setClients(List.of(session("c1", Platform.WINDOWS), session("c2", Platform.ANDROID)))
                .build();
    }

    static StatusView view() {
        return StatusView.newBuilder().setUserId("celebrity").setStatus(Status.ONLINE).setCustomStatus("on stage")
                .setVersion(42).setChangedAt(NOW).setReason(ChangeReason.CUSTOM_STATUS).build();
    }

    private static ClientSession session(String clientId, Platform platform) {
        return ClientSession.newBuilder().setClientId(clientId).setSessionId("s-0004711-" + clientId).setPlatform(platform)
                .setState(SessionState.CONNECTED).setLoggedInAt(NOW - 600_000).setLastHeartbeatAt(NOW - 1_000).build();
    }
}

package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.auth.Caller;
import dev.presence.schema.ClientSession;
import dev.presence.schema.Visibility;
import dev.presence.schema.Platform;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class StatusJsonTest {

    @ParameterizedTest
    @CsvSource({
            "ANDROID, CONNECTED, ONLINE", "WEB, CONNECTED, ONLINE",
            "ANDROID, TIMED_OUT, PUSH_ONLINE", "IOS, CLOSED, PUSH_ONLINE", "IPAD, TIMED_OUT, PUSH_ONLINE",
            "WEB, CLOSED, OFFLINE", "WINDOWS, TIMED_OUT, OFFLINE", "MAC, CLOSED, OFFLINE", "LINUX, CLOSED, OFFLINE",
            "OTHER, TIMED_OUT, OFFLINE"})
    void aClientsStateFollowsItsConnectionAndWhetherItsPlatformHasOfflinePush(Platform platform, SessionState session,
                                                                              ClientState expected) {
        assertThat(ClientState.of(session("c", platform, session))).isEqualTo(expected);
    }

    @Test
    void clientsAreShownOnlyWithDetailAndWithoutTheirSessionIds() {
        UserStatus status = UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE)
                .setCustomStatus("busy").setStatusChangedAt(5L).setVersion(3L)
                .setClients(List.of(session("phone", Platform.IOS, SessionState.CLOSED),
                        session("web", Platform.WEB, SessionState.CONNECTED)))
                .build();

        ObjectNode brief = StatusJson.of(status, false, Caller.user("alice"));
        ObjectNode detailed = StatusJson.of(status, true, Caller.admin());

        assertThat(brief.has("clients")).isFalse();
        assertThat(brief.path("customStatus").asText()).isEqualTo("busy");
        assertThat(brief.path("version").asLong()).isEqualTo(3L);
        assertThat(detailed.path("clients").toString()).isEqualTo(
                "[{\"clientId\":\"phone\",\"platform\":\"IOS\",\"state\":\"PUSH_ONLINE\"},"
                        + "{\"clientId\":\"web\",\"platform\":\"WEB\",\"state\":\"ONLINE\"}]");
    }

    @Test
    void anInvisibleUserIsOfflineWithoutCustomStatusClientsOrMarkToOthersAndTheTruthToItselfAndTheAdmin() {
        UserStatus status = UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE)
                .setCustomStatus("secret").setStatusChangedAt(9L).setLastSeenAt(9L).setVersion(7L)
                .setClients(List.of(session("web", Platform.WEB, SessionState.CONNECTED)))
                .setVisibility(Visibility.INVISIBLE).setHiddenSince(4L).setHiddenVersion(5L)
                .setCustomStatusExpiresAt(100L)
                .build();

        ObjectNode seenByBob = StatusJson.of(status, true, Caller.user("bob"));
        assertThat(seenByBob.path("status").asText()).isEqualTo("OFFLINE");
        assertThat(seenByBob.path("customStatus").isNull()).isTrue();
        assertThat(seenByBob.path("clients").size()).isZero();
        assertThat(seenByBob.path("version").asLong()).isEqualTo(5L);
        assertThat(seenByBob.path("statusChangedAt").asLong()).isEqualTo(4L);
        assertThat(seenByBob.path("lastSeenAt").isNull()).isTrue();
        assertThat(seenByBob.path("customStatusExpiresAt").isNull()).isTrue();
        assertThat(seenByBob.has("visibility")).isFalse();
        assertThat(seenByBob.has("hiddenSince") || seenByBob.has("hiddenVersion")).isFalse();

        for (Caller truthful : List.of(Caller.user("alice"), Caller.admin())) {
            ObjectNode truth = StatusJson.of(status, true, truthful);
            assertThat(truth.path("status").asText()).isEqualTo("ONLINE");
            assertThat(truth.path("customStatus").asText()).isEqualTo("secret");
            assertThat(truth.path("visibility").asText()).isEqualTo("INVISIBLE");
            assertThat(truth.path("version").asLong()).isEqualTo(7L);
            assertThat(truth.path("clients").size()).isEqualTo(1);
            assertThat(truth.has("hiddenSince")).isFalse();
        }
    }

    private static ClientSession session(String clientId, Platform platform, SessionState state) {
        return ClientSession.newBuilder().setClientId(clientId).setSessionId("s-" + clientId).setPlatform(platform)
                .setState(state).setLoggedInAt(1L).setLastHeartbeatAt(2L).build();
    }
}

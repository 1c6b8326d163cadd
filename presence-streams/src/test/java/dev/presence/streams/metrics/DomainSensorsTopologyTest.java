package dev.presence.streams.metrics;

import dev.presence.schema.Platform;
import dev.presence.schema.RejectedRecord;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine's own sensors, counted through the whole topology: what /metrics publishes as presence_... meters. */
@TopologyTest
class DomainSensorsTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void appliedIgnoredAndRefusedEventsAddUpToTheEventsTheFoldTook() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));      // applied (a change)
        engine.send("alice", heartbeat("alice", "phone", "s1"));                     // applied (a refresh only)
        engine.send("alice", heartbeat("alice", "phone", "other-session"));          // ignored
        engine.send("bob", heartbeat("bob", "phone", "s1"));                         // ignored: bob never logged in
        engine.send("bob", customStatus("bob", "away"));                             // refused by the fold: 70008
        engine.send("alice", logout("alice", "phone"));                              // applied (a change)

        assertThat(total(DomainSensors.EVENTS_APPLIED)).isEqualTo(3.0);
        assertThat(total(DomainSensors.EVENTS_IGNORED)).isEqualTo(2.0);
        assertThat(total(DomainSensors.REJECTED_PREFIX + ErrorCode.NOT_ONLINE.code())).isEqualTo(1.0);
    }

    @Test
    void everyRejectionIsCountedUnderItsCodeWhicheverNodeRefusedIt() {
        engine.sendRaw("mallory".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xc3, 0x01, 9});
        engine.sendRaw("mallory".getBytes(StandardCharsets.UTF_8), "{\"type\":".getBytes(StandardCharsets.UTF_8));
        engine.sendRaw("mallory".getBytes(StandardCharsets.UTF_8), "{\"type\":\"LOGIN\",\"userId\":\"mallory\"}"
                .getBytes(StandardCharsets.UTF_8));
        engine.send("bob", customStatus("bob", "away"));
        engine.sendSubscriptionRaw("carol".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));

        Map<Integer, Long> onTheTopic = engine.rejected().stream()
                .collect(Collectors.groupingBy(RejectedRecord::getErrorCode, Collectors.counting()));
        assertThat(onTheTopic.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(total(DomainSensors.REJECTED_PREFIX + code.code())).as("code %d", code.code())
                    .isEqualTo(onTheTopic.getOrDefault(code.code(), 0L).doubleValue());
        }
        assertThat(total(DomainSensors.EVENTS_APPLIED)).isZero();
    }

    @Test
    void everyNotificationWrittenIsCounted() {
        engine.sendSubscription("carol", subscribe("carol", "alice"));
        engine.sendSubscription("dave", subscribe("dave", "alice"));
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", logout("alice", "phone"));

        long written = engine.notifications().size();
        // Two snapshots on subscribe, then each of two watchers told of two changes (batched or not).
        assertThat(written).isGreaterThanOrEqualTo(4);
        assertThat(total(DomainSensors.NOTIFICATIONS_WRITTEN)).isEqualTo((double) written);
    }

    private double total(String operation) {
        return engine.driver().metrics().entrySet().stream()
                .filter(entry -> entry.getKey().group().equals(DomainSensors.GROUP)
                        && entry.getKey().name().equals(operation + DomainSensors.TOTAL_SUFFIX))
                .map(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .collect(Collectors.reducing(0.0, Function.identity(), Double::sum));
    }
}

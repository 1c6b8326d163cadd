package dev.presence.streams.notify;

import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.presence.testkit.Events.friendAdded;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine writes to presence.notifications, as bytes, in each output format: every kind of notification
 * (a new subscriber's snapshot, the user's own, its watchers' in the first slice and in the punctuator's later
 * turns) is exactly what the topic's plain serializer writes for it, with the headers it always had.
 */
@TopologyTest
class NotificationWireTopologyTest {

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyNotificationIsThePlainSerializersBytesWithItsHeaders(WireFormat format) {
        PresenceSettings settings = PresenceSettings.builder().friendAutoNotify(true).fanoutPerTurn(2)
                .fanoutTurnBudget(Duration.ZERO).outputFormat(format).build();
        try (PresenceHarness engine = new PresenceHarness(settings)) {
            var raw = engine.driver().createOutputTopic(Topics.NOTIFICATIONS, new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<String> watchers = List.of("bob", "ß-carol", "用户-dave", "e\"r\\in", "fan-" + "x".repeat(120));
            for (String watcher : watchers) {
                RecordHeaders request = new RecordHeaders();
                request.add("presence-request-id", ("sub-" + watchers.indexOf(watcher)).getBytes(StandardCharsets.US_ASCII));
                engine.sendSubscription(watcher, subscribe(watcher, "alice"), request);
            }
            engine.sendFriendship("frank", friendAdded("frank", "alice"));
            List<TestRecord<String, byte[]>> written = new ArrayList<>(raw.readRecordsToList());

            RecordHeaders headers = new RecordHeaders();
            headers.add("presence-request-id", "req-1".getBytes(StandardCharsets.US_ASCII));
            headers.add("trace", new byte[]{1, 2, 3});
            engine.sendRaw(PresenceHarness.utf8("alice"), PresenceHarness.utf8(login("alice", "c", "s", Platform.WEB)),
                    headers);
            written.addAll(raw.readRecordsToList());
            // Two watchers per turn: the rest go out in the punctuator's turns.
            for (int turn = 0; turn < 5; turn++) {
                engine.advance(settings.fanoutInterval());
                written.addAll(raw.readRecordsToList());
            }

            List<String> snapshots = new ArrayList<>();
            List<String> logins = new ArrayList<>();
            for (TestRecord<String, byte[]> record : written) {
                Notification notification = PresenceTopics.NOTIFICATIONS.valueDeserializer()
                        .deserialize(Topics.NOTIFICATIONS, record.value());
                assertThat(record.value()).as("%s notification to %s", format, record.key())
                        .isEqualTo(OutputSerde.serializer(format).serialize(Topics.NOTIFICATIONS, notification));
                assertThat(notification.getRecipient()).isEqualTo(record.key());
                // The user's own notification keeps its event's headers; a watcher's carries none.
                if (record.key().equals("alice")) {
                    assertThat(record.headers()).isEqualTo(headers);
                } else {
                    assertThat(record.headers()).isEmpty();
                }
                ChangeReason reason = notification.getChanges().get(0).getReason();
                (reason == ChangeReason.SNAPSHOT ? snapshots : logins).add(record.key());
            }
            assertThat(snapshots).containsExactlyElementsOf(watchers);
            List<String> everyone = new ArrayList<>(watchers);
            everyone.add("frank");
            everyone.add("alice");
            assertThat(logins).containsExactlyInAnyOrderElementsOf(everyone);
            assertThat(logins.get(0)).isEqualTo("alice");
        }
    }
}

package dev.presence.streams.fold;

import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import dev.presence.streams.ingest.Decoded;
import dev.presence.streams.testing.MockContexts;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold alone, on stores that outlive it, as Kafka Streams keeps them when it turns an active task
 * into a standby and back (task recycling): between the two active times the standby writes other
 * instances' changes straight into the store, behind the heartbeat buffer. A fold that starts again
 * must build on those records, never on a heartbeat buffered in its earlier active time: that one
 * carries an older version, and the next change would tell a version number twice.
 */
@UnitTest
class StatusFoldProcessorTest {

    private static final String ALICE = "alice";

    @TempDir
    Path stateDir;

    private MockProcessorContext<Object, Object> context;
    private BufferedHeartbeatStatusStore statuses;
    private final List<StateStore> stores = new ArrayList<>();

    @BeforeEach
    void stores() {
        context = MockContexts.forTask("fold-test", new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<String, UserStatus> userStatus = BufferedHeartbeatStatusStore.around(
                        org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.USER_STATUS),
                                Serdes.String(), OutputSerde.of(UserStatus.class, WireFormat.AVRO)))
                .withLoggingDisabled().build();
        register(userStatus);
        register(byteStore(Stores.SESSION_DEADLINES));
        register(byteStore(Stores.CUSTOM_STATUS_EXPIRY));
        statuses = BufferedHeartbeatStatusStore.of(userStatus);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    @Test
    void aFoldActiveAgainAfterAStandbyTimeBuildsOnWhatTheStandbyWroteNotOnItsOldBuffer() {
        StatusFoldProcessor first = startedWithAHeartbeatBuffered();
        assertThat(statuses.isBuffered(ALICE)).as("a heartbeat a second later stays in memory").isTrue();
        first.close();

        writeBehindTheBuffer(3, 2_500);
        StatusFoldProcessor again = started();
        again.process(event(EventType.HEARTBEAT, 3_000));

        assertThat(statuses.get(ALICE).getVersion()).isEqualTo(3);
        assertThat(statuses.get(ALICE).getClients().get(0).getLastHeartbeatAt()).isEqualTo(3_000);
        again.process(event(EventType.LOGOUT, 4_000));
        assertThat(statuses.get(ALICE).getVersion()).as("the next change after the standby's").isEqualTo(4);
    }

    /** Kafka Streams 4.4 hands the new task the old task's processor objects: the same fold is closed and started again. */
    @Test
    void theSameFoldClosedAndStartedAgainBuildsOnWhatTheStandbyWrote() {
        StatusFoldProcessor fold = startedWithAHeartbeatBuffered();
        fold.close();

        writeBehindTheBuffer(3, 2_500);
        fold.init(context);
        fold.process(event(EventType.HEARTBEAT, 3_000));

        assertThat(statuses.get(ALICE).getVersion()).isEqualTo(3);
    }

    /** Not a path Kafka Streams takes (it closes first), but the fold must not depend on it. */
    @Test
    void aFoldStartedAgainWithoutClosingDropsTheBufferToo() {
        StatusFoldProcessor first = startedWithAHeartbeatBuffered();

        writeBehindTheBuffer(3, 2_500);
        started();

        assertThat(statuses.isBuffered(ALICE)).isFalse();
        assertThat(statuses.get(ALICE).getVersion()).isEqualTo(3);
    }

    @Test
    void whileTheFoldRunsAHeartbeatIsReadFromTheBufferWithItsExactTime() {
        StatusFoldProcessor fold = startedWithAHeartbeatBuffered();
        fold.process(event(EventType.HEARTBEAT, 3_000));

        assertThat(statuses.get(ALICE).getClients().get(0).getLastHeartbeatAt()).isEqualTo(3_000);
        assertThat(statuses.persistedUnderBuffer(ALICE).orElseThrow().getClients().get(0).getLastHeartbeatAt())
                .as("persisted at the login, within the persistence interval since").isEqualTo(1_000);
    }

    /** Kafka Streams 4.4 does not clear a task's punctuations when it starts the same processor again. */
    @Test
    void theSameFoldClosedAndStartedAgainHasOneSweepScheduledNotTwo() {
        StatusFoldProcessor fold = started();
        fold.close();
        fold.init(context);

        assertThat(context.scheduledPunctuators()).hasSize(2)
                .filteredOn(punctuator -> !punctuator.cancelled()).hasSize(1);
    }

    /** Another instance's change to alice, written into the store as a standby writes it: not through the buffer. */
    private void writeBehindTheBuffer(long version, long lastHeartbeatAt) {
        UserStatus persisted = statuses.persistedUnderBuffer(ALICE).orElseGet(() -> statuses.get(ALICE));
        UserStatus.Builder newer = UserStatus.newBuilder(persisted).setVersion(version).setLastSeenAt(lastHeartbeatAt);
        newer.getClients().get(0).setLastHeartbeatAt(lastHeartbeatAt);
        statuses.wrapped().put(ALICE, newer.build());
    }

    /** A fold that has taken alice's login at 1 s and a heartbeat at 2 s, which stays in memory. */
    private StatusFoldProcessor startedWithAHeartbeatBuffered() {
        StatusFoldProcessor fold = started();
        fold.process(event(EventType.LOGIN, 1_000));
        fold.process(event(EventType.HEARTBEAT, 2_000));
        return fold;
    }

    private StatusFoldProcessor started() {
        StatusFoldProcessor fold = new StatusFoldProcessor(StatusFoldSettings.of(PresenceSettings.defaults()));
        fold.init(context);
        return fold;
    }

    private void register(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }

    private static KeyValueStore<Bytes, byte[]> byteStore(String name) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
    }

    private static Record<String, Decoded<PresenceEvent>> event(EventType type, long at) {
        PresenceEvent.Builder event = PresenceEvent.newBuilder().setType(type).setUserId(ALICE).setClientId("phone");
        if (type != EventType.LOGOUT) {
            event.setSessionId("s1");
        }
        if (type == EventType.LOGIN) {
            event.setPlatform(Platform.IOS);
        }
        return new Record<>(ALICE, new Decoded<>(event.build(), null, null), at);
    }
}

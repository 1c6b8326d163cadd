package dev.presence.streams.occupancy;

import dev.presence.schema.OccupancyCount;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.fold.StatusFold;
import dev.presence.streams.testing.MockContexts;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static dev.presence.streams.occupancy.OccupancyTopologyTest.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter alone, on real stores that outlive it, as a restart leaves them (Kafka Streams restores
 * both stores from their changelogs before the processor starts): a new counter continues from the
 * stored count and never counts twice; the one scan happens only where no count was ever kept.
 */
@UnitTest
class OccupancyProcessorTest {

    @TempDir
    Path stateDir;

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, UserStatus> statuses;
    private KeyValueStore<String, OccupancyCount> counts;

    @BeforeEach
    void stores() {
        context = MockContexts.forTask("occupancy-test", new TaskId(0, 3), stateDir.toFile());
        statuses = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.USER_STATUS),
                        Serdes.String(), OutputSerde.of(UserStatus.class, WireFormat.AVRO))
                .withLoggingDisabled().build();
        counts = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.OCCUPANCY),
                        Serdes.String(), OutputSerde.of(OccupancyCount.class, WireFormat.AVRO))
                .withLoggingDisabled().build();
        statuses.init(context.getStateStoreContext(), statuses);
        counts.init(context.getStateStoreContext(), counts);
        context.addStateStore(statuses);
        context.addStateStore(counts);
    }

    @AfterEach
    void closeStores() {
        statuses.close();
        counts.close();
    }

    @Test
    void aRestartedCounterContinuesFromTheRestoredCountWithoutCountingAgain() {
        OccupancyProcessor first = started();
        store("alice", Status.ONLINE);
        first.process(move(null, Status.ONLINE));
        store("bob", Status.OFFLINE);
        first.process(move(null, Status.ONLINE));
        first.process(move(Status.ONLINE, Status.OFFLINE));
        assertThat(counts.get(OccupancyCounts.KEY)).isEqualTo(count(1, 1, 0));

        OccupancyProcessor restarted = started();
        assertThat(counts.get(OccupancyCounts.KEY)).as("nothing counted at start").isEqualTo(count(1, 1, 0));
        restarted.process(move(Status.ONLINE, Status.UNLOGINED));

        assertThat(counts.get(OccupancyCounts.KEY)).isEqualTo(count(0, 1, 1));
    }

    @Test
    void aTaskWhoseCountWasNeverKeptCountsItsStoredUsersOnceThenKeepsTheCount() {
        store("alice", Status.ONLINE);
        store("bob", Status.OFFLINE);
        store("carol", Status.UNLOGINED);
        store("dave", Status.ONLINE);

        OccupancyProcessor upgraded = started();
        assertThat(counts.get(OccupancyCounts.KEY)).isEqualTo(count(2, 1, 1));
        upgraded.process(move(Status.OFFLINE, Status.ONLINE));
        started();

        assertThat(counts.get(OccupancyCounts.KEY)).as("the second start does not scan").isEqualTo(count(3, 0, 1));
    }

    @Test
    void anEmptyTaskStartsAtZero() {
        started();

        assertThat(counts.get(OccupancyCounts.KEY)).isEqualTo(count(0, 0, 0));
    }

    private OccupancyProcessor started() {
        OccupancyProcessor processor = new OccupancyProcessor();
        processor.init(context);
        return processor;
    }

    private void store(String userId, Status status) {
        statuses.put(userId, UserStatus.newBuilder(StatusFold.unseen(userId)).setStatus(status).setVersion(1).build());
    }

    private static Record<String, OccupancyMove> move(Status from, Status to) {
        return new Record<>("someone", new OccupancyMove(Optional.ofNullable(from), to), 0L);
    }
}

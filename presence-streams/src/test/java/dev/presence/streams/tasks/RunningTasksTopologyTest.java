package dev.presence.streams.tasks;

import dev.presence.core.PresenceSettings;
import dev.presence.streams.PresenceTopology;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology marks a task's partition as running while its processors live, and only then. */
@TopologyTest
class RunningTasksTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void aTaskIsRunningFromItsProcessorsStartUntilTheyClose() {
        RunningTasks running = new RunningTasks();
        assertThat(running.isRunning(0)).isFalse();

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "presence-running-tasks");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        PresenceSettings settings = PresenceSettings.defaults();
        props.putAll(PresenceTopology.errorHandling(settings));
        try (TopologyTestDriver driver = new TopologyTestDriver(PresenceTopology.build(settings, running), props)) {
            // The test driver runs the single task 0_0, restored at once (no changelog to read).
            assertThat(running.isRunning(0)).isTrue();
            assertThat(running.isRunning(1)).isFalse();
        }
        assertThat(running.isRunning(0)).as("after the task closed").isFalse();
    }

    @Test
    void aPartitionStaysRunningUntilEveryTaskThatStartedItHasClosed() {
        RunningTasks running = new RunningTasks();
        running.started(3);
        running.started(3);
        running.stopped(3);
        assertThat(running.isRunning(3)).isTrue();
        running.stopped(3);
        assertThat(running.isRunning(3)).isFalse();
        running.stopped(3);
        assertThat(running.isRunning(3)).as("an extra close never goes below zero").isFalse();
        running.started(3);
        assertThat(running.isRunning(3)).isTrue();
    }

    @Test
    void aRestorationThatStartsEndsTheRunningOfItsPartition() {
        RunningTasks running = new RunningTasks();
        running.started(2);
        running.started(2);

        running.onRestoreStart(new TopicPartition("presence-user-status-store-changelog", 2), "user-status-store", 0, 10);

        assertThat(running.isRunning(2)).isFalse();
    }
}

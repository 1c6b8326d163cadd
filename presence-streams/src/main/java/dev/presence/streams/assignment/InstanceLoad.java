package dev.presence.streams.assignment;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment.AssignedTask;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsState;
import org.apache.kafka.streams.processor.assignment.ProcessId;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One instance while {@link StickyBalancedTaskAssignor} places tasks: what it had, what it gets. */
final class InstanceLoad {

    /** Kafka Streams' lag of a task the instance runs, caught up by definition. */
    private static final long LATEST_OFFSET = -2L;

    private final ProcessId id;
    private final int threads;
    private final Set<TaskId> previousActive;
    private final Set<TaskId> previousCopies;
    private final Map<TaskId, Long> lags;
    private final long acceptableLag;
    final Set<TaskId> active = new TreeSet<>();
    final Set<TaskId> standby = new TreeSet<>();
    /** Standbys given so that the instance catches up before a task moves to it; beyond the standby count. */
    final Set<TaskId> warmup = new TreeSet<>();

    /** {@code withLags}: whether Kafka Streams computed the lags, which it does only when some task has state. */
    InstanceLoad(KafkaStreamsState state, boolean withLags, long acceptableLag) {
        this.id = state.processId();
        this.threads = Math.max(1, state.numProcessingThreads());
        this.previousActive = new HashSet<>(state.previousActiveTasks());
        this.previousCopies = new HashSet<>(state.previousStandbyTasks());
        this.previousCopies.addAll(previousActive);
        this.lags = withLags ? state.statefulTasksToLagSums() : Map.of();
        this.acceptableLag = acceptableLag;
    }

    ProcessId id() {
        return id;
    }

    int threads() {
        return threads;
    }

    boolean ranBefore(TaskId task) {
        return previousActive.contains(task);
    }

    boolean hadCopy(TaskId task) {
        return previousCopies.contains(task);
    }

    /**
     * Records the task's changelogs hold beyond this instance's copy: 0 for a task it runs, and for
     * one with nothing to restore (stateless, or stores without changelogs, which Kafka Streams
     * reports no lag for); {@link Long#MAX_VALUE} where Kafka Streams could not tell.
     */
    long lag(TaskId task) {
        Long lag = lags.get(task);
        if (lag == null || lag == LATEST_OFFSET) {
            return 0L;
        }
        return lag < 0 ? Long.MAX_VALUE : lag;
    }

    boolean isCaughtUp(TaskId task) {
        return lag(task) <= acceptableLag;
    }

    /**
     * Whether the instance could run the task at once: it kept a copy (a standby, or a warm-up) that
     * is caught up, or the task has nothing to restore.
     */
    boolean hasWarmCopy(TaskId task) {
        return (previousCopies.contains(task) || !lags.containsKey(task)) && isCaughtUp(task);
    }

    boolean holds(TaskId task) {
        return active.contains(task) || standby.contains(task) || warmup.contains(task);
    }

    KafkaStreamsAssignment assignment(@Nullable Instant followupRebalance) {
        Set<AssignedTask> tasks = new HashSet<>();
        active.forEach(task -> tasks.add(new AssignedTask(task, AssignedTask.Type.ACTIVE)));
        standby.forEach(task -> tasks.add(new AssignedTask(task, AssignedTask.Type.STANDBY)));
        warmup.forEach(task -> tasks.add(new AssignedTask(task, AssignedTask.Type.STANDBY)));
        KafkaStreamsAssignment assignment = KafkaStreamsAssignment.of(id, tasks);
        return followupRebalance == null ? assignment : assignment.withFollowupRebalance(followupRebalance);
    }

    @Override
    public String toString() {
        return id + " active " + active + " standby " + standby + (warmup.isEmpty() ? "" : " warm-up " + warmup);
    }
}

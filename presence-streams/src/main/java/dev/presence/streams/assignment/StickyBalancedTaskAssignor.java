package dev.presence.streams.assignment;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.assignment.ApplicationState;
import org.apache.kafka.streams.processor.assignment.AssignmentConfigs;
import org.apache.kafka.streams.processor.assignment.TaskAssignor;
import org.apache.kafka.streams.processor.assignment.TaskInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Places the tasks (one per input partition) on the instances so that a running task stays where
 * it runs and the work is still shared evenly.
 *
 * <p>Kafka Streams' own assignor places tasks round-robin at every rebalance and keeps one where it
 * runs only if no other instance holds a copy within {@code acceptable.recovery.lag}. With standbys
 * that is the common case, so every kill and every return also stops running tasks on the
 * survivors and swaps them, each a few seconds without fresh answers. Kafka's
 * {@code StickyTaskAssignor} moves only a dead instance's tasks, but balances copies, not work: a
 * new instance gets standbys and nothing to run (docs/BENCHMARKS.md, ninth round). This one:
 * <ol>
 *   <li>gives each instance a share of the active tasks by its stream threads: the whole part, and
 *       one more for as many instances as the whole parts leave tasks over ({@link Shares});</li>
 *   <li>keeps each task on the instance that ran it (of two that claim it, only one with the newer
 *       copy), within that share;</li>
 *   <li>gives each other task (a dead instance's, or one beyond a share) to an instance holding a
 *       copy within {@code acceptable.recovery.lag}, such a copy runs at once: one with room first,
 *       the one that ran it next, then the least loaded. Where no instance has such a copy, to the
 *       smallest lag, then to one that held a copy (when Kafka Streams could not tell lags), then
 *       to one with room;</li>
 *   <li>moves tasks from instances above their share to those below it that hold a copy within
 *       the lag: tasks the one above has not run yet first; a running one only to a copy that was
 *       already there, and not while a dead instance's tasks are being placed, so that a kill stops
 *       nothing else. Where the one below holds no such copy, it gets a warm-up copy (a standby beyond {@code num.standby.replicas}, at most
 *       {@code max.warmup.replicas} in all, the ones it is nearest on first), and a rebalance is
 *       asked for after {@code probing.rebalance.interval.ms}, when the copy has caught up;</li>
 *   <li>places {@code num.standby.replicas} standbys of each stateful task on other instances, those
 *       that held a copy first, then moves standbys from instances above their share (by threads)
 *       to those below it.</li>
 * </ol>
 * Every choice breaks ties on the instance's process id and the task id, so that every leader
 * computes the same assignment from the same state.
 */
public final class StickyBalancedTaskAssignor implements TaskAssignor {

    private static final Logger LOG = LoggerFactory.getLogger(StickyBalancedTaskAssignor.class);

    private final Clock clock;

    /** Kafka Streams creates the assignor by reflection, with this constructor. */
    public StickyBalancedTaskAssignor() {
        this(Clock.systemUTC());
    }

    StickyBalancedTaskAssignor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public TaskAssignment assign(ApplicationState application) {
        AssignmentConfigs configs = application.assignmentConfigs();
        Map<TaskId, TaskInfo> tasks = new TreeMap<>(application.allTasks());
        Set<TaskId> stateful = tasks.values().stream().filter(TaskInfo::isStateful).map(TaskInfo::id)
                .collect(Collectors.toCollection(TreeSet::new));
        List<InstanceLoad> instances = application.kafkaStreamsStates(!stateful.isEmpty()).values().stream()
                .map(state -> new InstanceLoad(state, !stateful.isEmpty(), configs.acceptableRecoveryLag()))
                .sorted(Comparator.comparing(InstanceLoad::id))
                .toList();
        if (instances.isEmpty()) {
            return new TaskAssignment(List.of());
        }
        Shares activeShares = Shares.split(tasks.size(), instances);
        for (TaskId task : keepRunningTasks(tasks.keySet(), instances, activeShares)) {
            placeActive(task, instances, activeShares);
        }
        boolean someTaskLostItsRunner = tasks.keySet().stream().anyMatch(task -> instances.stream().noneMatch(instance -> instance.ranBefore(task)));
        moveToCaughtUpCopies(instances, activeShares, someTaskLostItsRunner);
        boolean unbalanced = warmUp(instances, activeShares, configs.maxWarmupReplicas());

        int standbys = Math.min(configs.numStandbyReplicas(), instances.size() - 1);
        Shares standbyShares = Shares.split(stateful.size() * standbys, instances);
        for (TaskId task : stateful) {
            placeStandbys(task, standbys, instances, standbyShares);
        }
        balanceStandbys(instances, standbyShares);

        @Nullable Instant followup = unbalanced ? clock.instant().plusMillis(configs.probingRebalanceIntervalMs()) : null;
        LOG.debug("Tasks placed: {}", instances);
        return new TaskAssignment(instances.stream().map(instance -> instance.assignment(followup)).toList());
    }

    @Override
    public void onAssignmentComputed(GroupAssignment assignment, GroupSubscription subscription, AssignmentError error) {
        if (error != AssignmentError.NONE) {
            LOG.error("Kafka Streams refused the tasks' placement ({}); this is a bug of the engine's assignor, "
                    + "set task.assignor.class to kafka-streams until it is fixed", error);
        }
    }

    /**
     * Each task stays on the instance that ran it, while that one is within its share. Returns the
     * others, those some instance ran first, so that they find room on an instance that ran them.
     */
    private static List<TaskId> keepRunningTasks(Set<TaskId> tasks, List<InstanceLoad> instances, Shares shares) {
        List<TaskId> unplaced = new ArrayList<>();
        for (TaskId task : tasks) {
            // Two instances claim a task only when one was cut off and has not noticed yet: only the newer copy may keep it.
            long newest = instances.stream().filter(instance -> instance.ranBefore(task)).mapToLong(instance -> instance.lag(task))
                    .min().orElse(Long.MAX_VALUE);
            Optional<InstanceLoad> runner = instances.stream()
                    .filter(instance -> instance.ranBefore(task) && instance.lag(task) == newest)
                    .filter(instance -> shares.hasRoom(instance, instance.active.size()))
                    .findFirst();
            runner.ifPresentOrElse(instance -> giveActive(instance, task, shares), () -> unplaced.add(task));
        }
        unplaced.sort(Comparator.comparing((TaskId task) -> instances.stream().noneMatch(instance -> instance.ranBefore(task)))
                .thenComparing(Comparator.naturalOrder()));
        return unplaced;
    }

    private static void placeActive(TaskId task, List<InstanceLoad> instances, Shares shares) {
        Comparator<InstanceLoad> forCaughtUp = Comparator.comparing((InstanceLoad instance) -> !shares.hasRoom(instance, instance.active.size()))
                .thenComparing(instance -> !instance.ranBefore(task))
                .thenComparingInt(instance -> shares.excess(instance, instance.active.size()))
                .thenComparingLong(instance -> instance.lag(task))
                .thenComparing(InstanceLoad::id);
        Comparator<InstanceLoad> nearest = Comparator.comparingLong((InstanceLoad instance) -> instance.lag(task))
                .thenComparing(instance -> !instance.hadCopy(task))
                .thenComparing(instance -> !shares.hasRoom(instance, instance.active.size()))
                .thenComparingInt(instance -> shares.excess(instance, instance.active.size()))
                .thenComparing(InstanceLoad::id);
        InstanceLoad chosen = instances.stream().filter(instance -> instance.isCaughtUp(task)).min(forCaughtUp)
                .orElseGet(() -> instances.stream().min(nearest).orElseThrow());
        giveActive(chosen, task, shares);
    }

    private static void giveActive(InstanceLoad instance, TaskId task, Shares shares) {
        instance.active.add(task);
        shares.holds(instance, instance.active.size());
    }

    /**
     * Moves tasks from instances above their share to instances below it that are caught up on
     * them. Tasks the instance above has just been given (it did not run them) move first. A task it
     * runs moves only to a copy that was already there (a standby, or a warm-up given at an earlier
     * rebalance), and not in a rebalance that places a dead instance's tasks: a kill stops no
     * running task besides the dead one's; the balance waits for the next rebalance, the one below
     * warming up meanwhile ({@link #warmUp}).
     */
    private static void moveToCaughtUpCopies(List<InstanceLoad> instances, Shares shares, boolean someTaskLostItsRunner) {
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                while (shares.excess(over, over.active.size()) > 0 && shares.hasRoom(under, under.active.size())) {
                    Optional<TaskId> movable = over.active.stream()
                            .filter(task -> under.isCaughtUp(task) && (!over.ranBefore(task) || (!someTaskLostItsRunner && under.hasWarmCopy(task))))
                            .min(Comparator.comparing(over::ranBefore).thenComparingLong(under::lag).thenComparing(Comparator.naturalOrder()));
                    if (movable.isEmpty()) {
                        break;
                    }
                    over.active.remove(movable.get());
                    giveActive(under, movable.get(), shares);
                }
            }
        }
    }

    /**
     * Where an instance is still above its share and another below it, the one below gets warm-up
     * copies of tasks of the one above that it has no warm copy of, those it is nearest on first.
     * Returns whether a rebalance is needed to finish the balance: some instance is still above its
     * share (a warm-up catching up, or a copy to move to once no dead instance's task is placed).
     */
    private static boolean warmUp(List<InstanceLoad> instances, Shares shares, int maxWarmups) {
        int given = 0;
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                int wanted = Math.min(shares.room(under, under.active.size()) - under.warmup.size(),
                        shares.excess(over, over.active.size()) - warmingOut(over, instances));
                List<TaskId> toWarm = over.active.stream().filter(task -> !under.holds(task) && !under.hasWarmCopy(task))
                        .sorted(Comparator.comparingLong(under::lag).thenComparing(Comparator.naturalOrder()))
                        .limit(Math.max(0, Math.min(wanted, maxWarmups - given))).toList();
                under.warmup.addAll(toWarm);
                given += toWarm.size();
            }
        }
        return instances.stream().anyMatch(instance -> shares.excess(instance, instance.active.size()) > 0);
    }

    /** How many of the instance's active tasks some other instance is already warming up on. */
    private static int warmingOut(InstanceLoad over, List<InstanceLoad> instances) {
        return (int) over.active.stream().filter(task -> instances.stream().anyMatch(other -> other.warmup.contains(task))).count();
    }

    /** On instances other than the task's active one, within their share, those that held a copy first. */
    private static void placeStandbys(TaskId task, int standbys, List<InstanceLoad> instances, Shares shares) {
        instances.stream().filter(instance -> !instance.holds(task))
                .sorted(Comparator.comparing((InstanceLoad instance) -> !shares.hasRoom(instance, instance.standby.size()))
                        .thenComparing(instance -> !instance.hadCopy(task))
                        .thenComparingInt(instance -> instance.standby.size())
                        .thenComparingLong(instance -> instance.lag(task))
                        .thenComparing(InstanceLoad::id))
                .limit(standbys)
                .forEach(instance -> giveStandby(instance, task, shares));
    }

    private static void giveStandby(InstanceLoad instance, TaskId task, Shares shares) {
        instance.standby.add(task);
        shares.holds(instance, instance.standby.size());
    }

    /**
     * Moves standbys from instances above their share to instances below it. Placed task by task,
     * standbys go to the instances that held copies first, and no instance can hold a standby of a
     * task it runs, so an instance back without state would otherwise get none at all and, at the
     * next death, take over its share of partitions with no copy of them.
     */
    private static void balanceStandbys(List<InstanceLoad> instances, Shares shares) {
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                while (shares.hasRoom(under, under.standby.size()) && shares.excess(over, over.standby.size()) > 0) {
                    Optional<TaskId> movable = over.standby.stream().filter(task -> !under.holds(task))
                            .min(Comparator.comparing((TaskId task) -> !under.hadCopy(task))
                                    .thenComparing(over::hadCopy)
                                    .thenComparingLong(under::lag)
                                    .thenComparing(Comparator.naturalOrder()));
                    if (movable.isEmpty()) {
                        break;
                    }
                    over.standby.remove(movable.get());
                    giveStandby(under, movable.get(), shares);
                }
            }
        }
    }
}

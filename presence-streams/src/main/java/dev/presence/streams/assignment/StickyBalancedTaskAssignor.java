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
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 *   <li>gives each instance a quota of active tasks in proportion to its stream threads, the
 *       remainder to those that ran more, so that fewer tasks move;</li>
 *   <li>keeps each task on the instance that ran it, within that quota;</li>
 *   <li>gives each other task (a dead instance's, or one beyond a quota) to an instance holding a
 *       copy within {@code acceptable.recovery.lag}, the one furthest below its quota, even above
 *       it: such a copy runs at once. Only where no instance has one does the task go to the
 *       smallest lag;</li>
 *   <li>moves tasks from instances above their quota to those below that hold a copy within the
 *       lag. Where the one below holds none, it gets a warm-up copy (a standby beyond
 *       {@code num.standby.replicas}, at most {@code max.warmup.replicas} in all), and a rebalance
 *       is asked for after {@code probing.rebalance.interval.ms}, when the copy has caught up;</li>
 *   <li>places {@code num.standby.replicas} standbys of each stateful task on other instances, those
 *       that held a copy before first, then moves standbys from instances above an even share to
 *       those below it.</li>
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
                .map(state -> new InstanceLoad(state, stateful, configs.acceptableRecoveryLag()))
                .sorted(Comparator.comparing(InstanceLoad::id))
                .toList();
        if (instances.isEmpty()) {
            return new TaskAssignment(List.of());
        }
        setQuotas(instances, tasks.size(), InstanceLoad::previousActiveCount, (instance, quota) -> instance.activeQuota = quota);
        for (TaskId task : keepRunningTasks(tasks.keySet(), instances)) {
            placeActive(task, instances);
        }
        boolean warming = balance(instances, configs.maxWarmupReplicas());
        int standbys = Math.min(configs.numStandbyReplicas(), instances.size() - 1);
        setQuotas(instances, stateful.size() * standbys, instance -> 0, (instance, quota) -> instance.standbyQuota = quota);
        for (TaskId task : stateful) {
            placeStandbys(task, standbys, instances);
        }
        balanceStandbys(instances);
        @Nullable Instant followup = warming ? clock.instant().plusMillis(configs.probingRebalanceIntervalMs()) : null;
        LOG.debug("Tasks placed: {}", instances);
        return new TaskAssignment(instances.stream().map(instance -> instance.assignment(followup)).toList());
    }

    /**
     * Moves standbys from instances above their share to instances below it. Placed task by task,
     * standbys go to the instances that held copies first, and no instance can hold a standby of a
     * task it runs, so an instance back without state would otherwise get none at all and, at the
     * next death, take over its share of partitions with no copy of them.
     */
    private static void balanceStandbys(List<InstanceLoad> instances) {
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                while (under.standby.size() < under.standbyQuota && over.standby.size() > over.standbyQuota) {
                    Optional<TaskId> movable = over.standby.stream().filter(task -> !under.holds(task))
                            .min(Comparator.comparing((TaskId task) -> !under.hadCopy(task))
                                    .thenComparing(over::hadCopy)
                                    .thenComparingLong(under::lag)
                                    .thenComparing(Comparator.naturalOrder()));
                    if (movable.isEmpty()) {
                        break;
                    }
                    over.standby.remove(movable.get());
                    under.standby.add(movable.get());
                }
            }
        }
    }

    @Override
    public void onAssignmentComputed(GroupAssignment assignment, GroupSubscription subscription, AssignmentError error) {
        if (error != AssignmentError.NONE) {
            LOG.error("Kafka Streams refused the tasks' placement ({}); this is a bug of the engine's assignor, "
                    + "set task.assignor.class to another one until it is fixed", error);
        }
    }

    /**
     * Shares {@code total} among the instances in proportion to their threads: each gets the whole
     * part of its share, and the remainder goes one each to instances whose share has a fraction,
     * those with most {@code previous} beyond their whole part first, so that fewer tasks move.
     */
    static void setQuotas(List<InstanceLoad> instances, int total, ToIntFunction<InstanceLoad> previous, ObjIntConsumer<InstanceLoad> setter) {
        long threads = instances.stream().mapToLong(InstanceLoad::threads).sum();
        int[] quotas = new int[instances.size()];
        int given = 0;
        for (int i = 0; i < quotas.length; i++) {
            quotas[i] = (int) (total * (long) instances.get(i).threads() / threads);
            given += quotas[i];
        }
        List<Integer> byClaim = IntStream.range(0, quotas.length).boxed()
                // Only an instance whose share has a fraction may round up: the fractions add up to the remainder.
                .sorted(Comparator.<Integer, Boolean>comparing(i -> total * (long) instances.get(i).threads() % threads == 0)
                        .thenComparing(Comparator.<Integer>comparingInt(i -> previous.applyAsInt(instances.get(i)) - quotas[i]).reversed())
                        .thenComparing(Comparator.<Integer>comparingLong(i -> total * (long) instances.get(i).threads() % threads).reversed())
                        .thenComparing(i -> instances.get(i).id()))
                .toList();
        for (int k = 0; k < total - given; k++) {
            quotas[byClaim.get(k)]++;
        }
        for (int i = 0; i < quotas.length; i++) {
            setter.accept(instances.get(i), quotas[i]);
        }
    }

    /** Each task stays on the instance that ran it, while that one is within its quota; returns the others. */
    private static List<TaskId> keepRunningTasks(Set<TaskId> tasks, List<InstanceLoad> instances) {
        List<TaskId> unplaced = new ArrayList<>();
        for (TaskId task : tasks) {
            // Two instances claim a task only when one was cut off and has not noticed yet: the newer copy first.
            Optional<InstanceLoad> runner = instances.stream()
                    .filter(instance -> instance.ranBefore(task) && instance.activeExcess() < 0)
                    .min(Comparator.comparingLong((InstanceLoad instance) -> instance.lag(task)).thenComparing(InstanceLoad::id));
            runner.ifPresentOrElse(instance -> instance.active.add(task), () -> unplaced.add(task));
        }
        return unplaced;
    }

    /** To a caught-up copy, the least loaded; with none anywhere, to the smallest lag with room. */
    private static void placeActive(TaskId task, List<InstanceLoad> instances) {
        Comparator<InstanceLoad> leastLoaded = Comparator.comparingInt(InstanceLoad::activeExcess)
                .thenComparingLong(instance -> instance.lag(task))
                .thenComparing(InstanceLoad::id);
        Comparator<InstanceLoad> freshest = Comparator.comparing((InstanceLoad instance) -> instance.activeExcess() >= 0)
                .thenComparingLong(instance -> instance.lag(task))
                .thenComparing(leastLoaded);
        InstanceLoad chosen = instances.stream().filter(instance -> instance.isCaughtUp(task)).min(leastLoaded)
                .orElseGet(() -> instances.stream().min(freshest).orElseThrow());
        chosen.active.add(task);
    }

    /**
     * Moves tasks from instances above their quota to instances below it that are caught up on
     * them; where none is, warms one up. Returns whether any instance got a warm-up copy.
     */
    private static boolean balance(List<InstanceLoad> instances, int maxWarmups) {
        int warmups = 0;
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                while (under.activeExcess() < 0 && over.activeExcess() > 0) {
                    Optional<TaskId> movable = over.active.stream().filter(under::isCaughtUp).min(movesFirst(over, under));
                    if (movable.isEmpty()) {
                        break;
                    }
                    over.active.remove(movable.get());
                    under.active.add(movable.get());
                }
            }
        }
        for (InstanceLoad under : instances) {
            for (InstanceLoad over : instances) {
                int wanted = Math.min(-under.activeExcess() - under.warmup.size(), over.activeExcess() - warmingOut(over, instances));
                List<TaskId> toWarm = over.active.stream().filter(task -> !under.holds(task)).sorted(movesFirst(over, under))
                        .limit(Math.max(0, Math.min(wanted, maxWarmups - warmups))).toList();
                under.warmup.addAll(toWarm);
                warmups += toWarm.size();
            }
        }
        return warmups > 0;
    }

    /** How many of the instance's active tasks some other instance is already warming up on. */
    private static int warmingOut(InstanceLoad over, List<InstanceLoad> instances) {
        return (int) over.active.stream().filter(task -> instances.stream().anyMatch(other -> other.warmup.contains(task))).count();
    }

    /** A task the instance above did not run yet moves first (nothing stops), then the one the instance below is nearest on. */
    private static Comparator<TaskId> movesFirst(InstanceLoad over, InstanceLoad under) {
        return Comparator.comparing(over::ranBefore).thenComparingLong(under::lag).thenComparing(Comparator.naturalOrder());
    }

    /** On instances other than the task's active one, within their share, those that held a copy first. */
    private static void placeStandbys(TaskId task, int standbys, List<InstanceLoad> instances) {
        instances.stream().filter(instance -> !instance.holds(task))
                .sorted(Comparator.comparing((InstanceLoad instance) -> instance.standby.size() >= instance.standbyQuota)
                        .thenComparing(instance -> !instance.hadCopy(task))
                        .thenComparingInt(instance -> instance.standby.size())
                        .thenComparingLong(instance -> instance.lag(task))
                        .thenComparing(InstanceLoad::id))
                .limit(standbys)
                .forEach(instance -> instance.standby.add(task));
    }
}

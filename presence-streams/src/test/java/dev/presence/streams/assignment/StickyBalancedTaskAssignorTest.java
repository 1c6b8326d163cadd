package dev.presence.streams.assignment;

import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.assignment.ApplicationState;
import org.apache.kafka.streams.processor.assignment.AssignmentConfigs;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment.AssignedTask;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsState;
import org.apache.kafka.streams.processor.assignment.ProcessId;
import org.apache.kafka.streams.processor.assignment.TaskAssignmentUtils;
import org.apache.kafka.streams.processor.assignment.TaskAssignor.AssignmentError;
import org.apache.kafka.streams.processor.assignment.TaskAssignor.TaskAssignment;
import org.apache.kafka.streams.processor.assignment.TaskInfo;
import org.apache.kafka.streams.processor.assignment.TaskTopicPartition;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assignor against the situations of the cluster drills (a first start, a kill, a return, a
 * join) and against random ones, where it must always give every task one active instance, keep
 * running tasks where their quota allows, and share the work by threads.
 */
@UnitTest
class StickyBalancedTaskAssignorTest {

    private static final long ACCEPTABLE_LAG = 10_000;
    private static final long PROBING_MS = 600_000;
    /** The lag of an instance with no copy of a task: the whole changelog, beyond the acceptable lag. */
    private static final long NO_COPY = 50_000;
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final StickyBalancedTaskAssignor ASSIGNOR = new StickyBalancedTaskAssignor(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ProcessId A = process(1);
    private static final ProcessId B = process(2);
    private static final ProcessId C = process(3);
    private static final ProcessId D = process(4);

    @Test
    void aFirstStartSharesTasksAndStandbysEvenlyAndNeverPutsACopyBesideItsActive() {
        Cluster cluster = new Cluster(6, 1).instance(A).instance(B).instance(C);

        Placement placement = cluster.assign();

        assertThat(placement.activeCounts()).containsExactly(Map.entry(A, 2), Map.entry(B, 2), Map.entry(C, 2));
        assertThat(placement.standbyCounts()).containsExactly(Map.entry(A, 2), Map.entry(B, 2), Map.entry(C, 2));
        assertThat(placement.followup()).isEmpty();
    }

    @Test
    void aKillMovesOnlyTheDeadInstancesTasksAndEachToTheSurvivorHoldingItsStandby() {
        Cluster cluster = new Cluster(6, 1)
                .instance(A, running(0, 1), standbys(5))
                .instance(B, running(2, 3), standbys(4));
        // C ran 4 and 5 and died: A and B keep what they ran, and each takes over the task it has a copy of.

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).containsExactly(task(0), task(1), task(5));
        assertThat(placement.active(B)).containsExactly(task(2), task(3), task(4));
        assertThat(placement.followup()).isEmpty();
    }

    @Test
    void aReturningInstanceWithoutStateIsWarmedUpFirstAndThenTakesItsShareWithoutStoppingAnyOtherTask() {
        Cluster returning = new Cluster(6, 1)
                .instance(A, running(0, 1, 5), standbys(2, 3))
                .instance(B, running(2, 3, 4), standbys(0, 1, 5))
                .instance(C);

        Placement warming = returning.assign();

        // Nothing C could run at once: A and B keep running three each, and C warms up one of each.
        assertThat(warming.active(A)).as(warming.toString()).containsExactly(task(0), task(1), task(5));
        assertThat(warming.active(B)).containsExactly(task(2), task(3), task(4));
        assertThat(warming.active(C)).isEmpty();
        assertThat(warming.copies(C)).contains(task(0), task(2));
        assertThat(warming.followup()).contains(NOW.plusMillis(PROBING_MS));

        Cluster caughtUp = new Cluster(6, 1)
                .instance(A, running(0, 1, 5), standbys(3, 4))
                .instance(B, running(2, 3, 4), standbys(1, 5))
                .instance(C, running(), standbys(0, 2));

        Placement settled = caughtUp.assign();

        assertThat(settled.active(A)).containsExactly(task(1), task(5));
        assertThat(settled.active(B)).containsExactly(task(3), task(4));
        assertThat(settled.active(C)).containsExactly(task(0), task(2));
        assertThat(settled.moved(caughtUp)).isEqualTo(2);
        assertThat(settled.followup()).isEmpty();
    }

    @Test
    void anInstanceBackWithoutStateButWithinTheAcceptableLagTakesItsShareOfTasksAndOfStandbysAtOnce() {
        // As in the five-kill drill: A and B ran three tasks each while C was down; C's stores were wiped.
        Cluster cluster = new Cluster(6, 1)
                .instance(A, running(0, 1, 4), standbys(2, 3, 5))
                .instance(B, running(2, 3, 5), standbys(0, 1, 4))
                .instance(C, Set.of(), Set.of(), lags(3_000L));

        Placement placement = cluster.assign();

        assertThat(placement.activeCounts()).containsExactly(Map.entry(A, 2), Map.entry(B, 2), Map.entry(C, 2));
        assertThat(placement.standbyCounts()).containsExactly(Map.entry(A, 2), Map.entry(B, 2), Map.entry(C, 2));
        assertThat(placement.moved(cluster)).isEqualTo(2);
        assertThat(placement.followup()).isEmpty();
    }

    @Test
    void aJoiningInstanceThatIsCaughtUpTakesItsShareAtOnceAndOnlyThatMoves() {
        Cluster cluster = new Cluster(6, 1)
                .instance(A, running(0, 1), standbys(2, 3))
                .instance(B, running(2, 3), standbys(4, 5))
                .instance(C, running(4, 5), standbys(0, 1))
                .instance(D, Set.of(), Set.of(), CAUGHT_UP);

        Placement placement = cluster.assign();

        assertThat(placement.activeCounts().values()).containsExactlyInAnyOrder(2, 2, 1, 1);
        assertThat(placement.active(D)).hasSize(1);
        assertThat(placement.moved(cluster)).isEqualTo(1);
        assertThat(placement.followup()).isEmpty();
    }

    @Test
    void anInstanceWithMoreThreadsRunsMoreTasks() {
        Cluster cluster = new Cluster(6, 1).instance(A, 2).instance(B, 1);

        assertThat(cluster.assign().activeCounts()).containsExactly(Map.entry(A, 4), Map.entry(B, 2));
    }

    @Test
    void twoInstancesClaimingOneTaskLeaveItWithTheNewerCopy() {
        Map<TaskId, Long> staleLag = new HashMap<>(lags(0L));
        staleLag.put(task(0), 500L);
        Cluster cluster = new Cluster(2, 0)
                .instance(A, running(0), standbys(), staleLag)
                .instance(B, running(0, 1), standbys(), lags(0L));

        Placement placement = cluster.assign();

        assertThat(placement.active(B)).contains(task(0));
    }

    @Test
    void aTaskWithNoCopyAnywhereGoesToTheSmallestLagWithRoom() {
        Cluster cluster = new Cluster(2, 0)
                .instance(A, Set.of(), Set.of(), Map.of(task(0), 50_000L, task(1), 20_000L))
                .instance(B, Set.of(), Set.of(), Map.of(task(0), 40_000L, task(1), 90_000L));

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).containsExactly(task(1));
        assertThat(placement.active(B)).containsExactly(task(0));
    }

    @Test
    void aKillNeverStopsASurvivorsTaskWhereTheDeadOnesFitAroundIt() {
        // B ran 1 and died; C holds 1's standby. The left-over task of 3 on 2 instances goes to C, not to A by tie-break.
        Cluster cluster = new Cluster(3, 1)
                .instance(A, running(0), standbys(2))
                .instance(C, running(2), standbys(1));

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).containsExactly(task(0));
        assertThat(placement.active(C)).containsExactly(task(1), task(2));
    }

    @Test
    void withNoCopyWithinTheAcceptableLagADeadInstancesTasksGoToTheNearestCopyAndTheOtherInstanceWarmsUp() {
        Map<TaskId, Long> nearlyCaughtUp = new HashMap<>(Map.of(task(0), -2L, task(1), -2L, task(2), NO_COPY, task(3), NO_COPY,
                task(4), 12_000L, task(5), 12_000L));
        Cluster cluster = new Cluster(6, 1)
                .instance(A, running(0, 1), standbys(4, 5), nearlyCaughtUp)
                .instance(B, running(2, 3), standbys(), Map.of(task(0), 1_000_000L, task(1), 1_000_000L, task(2), -2L,
                        task(3), -2L, task(4), 1_000_000L, task(5), 1_000_000L));

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).containsExactly(task(0), task(1), task(4), task(5));
        assertThat(placement.active(B)).containsExactly(task(2), task(3));
        assertThat(placement.followup()).isPresent();
    }

    @Test
    void aRunningTaskStaysWhereItRunsRatherThanMovingToAnIdleStandbyAtLagZero() {
        Map<TaskId, Long> p1 = new HashMap<>(lags(NO_COPY));
        p1.putAll(Map.of(task(3), -2L, task(4), -2L, task(2), 0L));
        Map<TaskId, Long> p2 = new HashMap<>(lags(NO_COPY));
        p2.putAll(Map.of(task(0), -2L, task(1), -2L, task(2), -2L));
        Cluster cluster = new Cluster(6, 1)
                .instance(A, running(3, 4), standbys(2), p1)
                .instance(B, running(0, 1, 2), standbys(), p2)
                .instance(C);

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).containsExactly(task(3), task(4));
        assertThat(placement.active(B)).containsExactly(task(0), task(1), task(2));
        assertThat(placement.active(C)).containsExactly(task(5));
        assertThat(placement.copies(C)).containsAnyOf(task(0), task(1), task(2));
        assertThat(placement.followup()).isPresent();
    }

    @Test
    void ofTwoInstancesClaimingATaskTheStaleOneNeverGetsIt() {
        Map<TaskId, Long> stale = new HashMap<>(Map.of(task(0), NO_COPY, task(1), NO_COPY, task(2), -2L, task(3), 1_000_000L));
        Cluster cluster = new Cluster(4, 0)
                .instance(A, running(2, 3), standbys(), stale)
                .instance(B, running(0, 1, 3), standbys(), Map.of(task(0), -2L, task(1), -2L, task(2), NO_COPY, task(3), -2L));

        Placement placement = cluster.assign();

        assertThat(placement.active(A)).doesNotContain(task(3));
        assertThat(placement.active(B)).contains(task(3));
    }

    @Test
    void aWarmUpGoesToTheTaskTheInstanceBelowItsShareIsNearestOn() {
        Map<TaskId, Long> a = new HashMap<>(lags(NO_COPY));
        a.putAll(Map.of(task(0), -2L, task(1), -2L, task(2), -2L, task(5), 10L));
        Map<TaskId, Long> b = new HashMap<>(lags(NO_COPY));
        b.putAll(Map.of(task(3), -2L, task(4), -2L));
        Map<TaskId, Long> c = new HashMap<>(lags(NO_COPY));
        c.put(task(1), 12_000L);
        Cluster cluster = new Cluster(6, 0, 1, 6)
                .instance(A, running(0, 1, 2), standbys(5), a)
                .instance(B, running(3, 4), standbys(), b)
                .instance(C, Set.of(), Set.of(), c);

        Placement placement = cluster.assign();

        assertThat(placement.active(C)).isEmpty();
        assertThat(placement.copies(C)).containsExactly(task(1));
    }

    @Test
    void rebalancesFedTheirOwnAnswersSettleBalancedAndThenKillsAndReturnsMoveOnlyWhatTheyMust() {
        Random random = new Random(42L);
        for (int round = 0; round < 300; round++) {
            int instances = 2 + random.nextInt(4);
            Cluster cluster = new Cluster(1 + random.nextInt(16), 1 + random.nextInt(2));
            for (int i = 1; i <= instances; i++) {
                cluster.instance(process(i));
            }
            Cluster settled = settle(cluster);
            Placement steady = settled.assign();
            String seen = "round " + round + ": " + settled + " -> " + steady;
            assertThat(steady.followup()).as(seen).isEmpty();

            for (ProcessId dead : settled.states.keySet()) {
                Cluster survivors = settled.without(dead);
                Placement afterKill = survivors.assign();
                for (ProcessId survivor : survivors.states.keySet()) {
                    assertThat(afterKill.active(survivor)).as("a survivor keeps what it ran after " + dead + " died; " + seen)
                            .containsAll(steady.active(survivor));
                }
                // The dead instance returns without state, but within the acceptable lag: it takes its share back at once,
                // and only that moves.
                Cluster returned = settle(survivors).withInstance(dead, lags(3_000L));
                Placement afterReturn = returned.assign();
                int share = afterReturn.active(dead).size();
                assertThat(share).as("its share; " + seen).isBetween(returned.tasks.size() / instances,
                        (returned.tasks.size() + instances - 1) / instances);
                assertThat(afterReturn.moved(returned)).as("only its share moved; " + seen).isEqualTo(share);
            }
        }
    }

    /** Feeds the assignment back as the next rebalance's state, copies caught up, until it repeats. */
    private static Cluster settle(Cluster cluster) {
        Cluster current = cluster;
        for (int rebalance = 0; rebalance < 10; rebalance++) {
            Placement placement = current.assign();
            Cluster next = current.next(placement);
            if (next.assign().toString().equals(placement.toString()) && placement.followup().isEmpty()) {
                return next;
            }
            current = next;
        }
        throw new AssertionError("no fixed point after 10 rebalances: " + current + " -> " + current.assign());
    }

    @Test
    void randomClustersAlwaysGetAValidBalancedStickyAndRepeatableAssignment() {
        Random random = new Random(20261208L);
        for (int round = 0; round < 2_000; round++) {
            Cluster cluster = Cluster.random(random);
            Placement placement = cluster.assign();
            String seen = "round " + round + ": " + cluster + " -> " + placement;

            assertThat(TaskAssignmentUtils.validateTaskAssignment(cluster, placement.assignment)).as(seen).isEqualTo(AssignmentError.NONE);
            assertThat(placement.allActive()).as(seen).containsExactlyInAnyOrderElementsOf(cluster.tasks.keySet());
            assertThat(cluster.shuffled(random).assign().toString()).as("the same from any order; " + seen).isEqualTo(placement.toString());
            for (TaskId task : cluster.statefulTasks()) {
                assertThat(placement.copiesOf(task)).as(task + " " + seen)
                        .isGreaterThanOrEqualTo(Math.min(cluster.standbys, cluster.states.size() - 1));
            }
            if (cluster.states.values().stream().allMatch(state -> state.numProcessingThreads() == 1) && placement.followup().isEmpty()) {
                // Standbys shared evenly, as far as they can be: an instance holding two more than another holds
                // none that the other could take (the other runs it, or holds it too).
                for (ProcessId more : cluster.states.keySet()) {
                    for (ProcessId fewer : cluster.states.keySet()) {
                        if (placement.copies(more).size() >= placement.copies(fewer).size() + 2) {
                            Set<TaskId> fewerHolds = new TreeSet<>(placement.copies(fewer));
                            fewerHolds.addAll(placement.active(fewer));
                            assertThat(fewerHolds).as("standbys shared evenly; " + seen).containsAll(placement.copies(more));
                        }
                    }
                }
            }
            if (cluster.everyoneCaughtUp()) {
                // Nothing to warm up: each runs its share, within one task.
                assertThat(placement.followup()).as(seen).isEmpty();
                for (ProcessId id : cluster.states.keySet()) {
                    double share = (double) cluster.tasks.size() * cluster.states.get(id).numProcessingThreads() / cluster.threads();
                    assertThat((double) placement.active(id).size()).as(id + " " + seen).isBetween(Math.floor(share), Math.ceil(share));
                }
            }
            // No needless move: an instance whose running task went to one that did not run it runs only tasks it ran.
            for (ProcessId id : cluster.states.keySet()) {
                Set<TaskId> ran = cluster.states.get(id).previousActiveTasks();
                boolean lostOne = ran.stream().anyMatch(task -> !cluster.runners(task).contains(placement.activeOwner(task)));
                if (lostOne && cluster.everyoneCaughtUp()) {
                    assertThat(ran).as("ran by " + id + " " + seen).containsAll(placement.active(id));
                }
            }
        }
    }

    private static final Map<TaskId, Long> CAUGHT_UP = lags(100L);

    private static ProcessId process(int n) {
        return new ProcessId(new UUID(0, n));
    }

    private static TaskId task(int partition) {
        return new TaskId(0, partition);
    }

    private static Set<TaskId> running(int... partitions) {
        return IntStream.of(partitions).mapToObj(StickyBalancedTaskAssignorTest::task).collect(Collectors.toSet());
    }

    private static Set<TaskId> standbys(int... partitions) {
        return running(partitions);
    }

    /** The same lag for six tasks. */
    private static Map<TaskId, Long> lags(long lag) {
        return IntStream.range(0, 6).boxed().collect(Collectors.toMap(StickyBalancedTaskAssignorTest::task, p -> lag));
    }

    /** The state Kafka Streams hands the assignor: tasks, instances with what they ran and hold, and the settings. */
    private static final class Cluster implements ApplicationState {
        final Map<TaskId, TaskInfo> tasks = new TreeMap<>();
        final Map<ProcessId, KafkaStreamsState> states = new LinkedHashMap<>();
        final int standbys;
        final int maxWarmups;

        Cluster(int taskCount, int standbys) {
            this(taskCount, standbys, 2, taskCount);
        }

        Cluster(int taskCount, int standbys, int maxWarmups, int statefulCount) {
            this.standbys = standbys;
            this.maxWarmups = maxWarmups;
            for (int p = 0; p < taskCount; p++) {
                tasks.put(task(p), new Task(task(p), p < statefulCount));
            }
        }

        Cluster instance(ProcessId id) {
            return instance(id, 1);
        }

        /** An instance without state: Kafka Streams reports the whole changelog as its lag on each stateful task. */
        Cluster instance(ProcessId id, int threads) {
            Map<TaskId, Long> lags = new HashMap<>();
            statefulTasks().forEach(task -> lags.put(task, NO_COPY));
            return put(new Instance(id, threads, sorted(Set.of()), sorted(Set.of()), lags));
        }

        /** Tasks it ran have lag 0 (Kafka's -2, "latest"), its standbys a small lag, the rest a lag beyond the acceptable one. */
        Cluster instance(ProcessId id, Set<TaskId> ran, Set<TaskId> standby) {
            Map<TaskId, Long> lags = new HashMap<>();
            for (TaskId task : statefulTasks()) {
                lags.put(task, ran.contains(task) ? -2L : standby.contains(task) ? 10L : NO_COPY);
            }
            return instance(id, ran, standby, lags);
        }

        Cluster instance(ProcessId id, Set<TaskId> ran, Set<TaskId> standby, Map<TaskId, Long> lags) {
            Map<TaskId, Long> stateful = new HashMap<>(lags);
            stateful.keySet().retainAll(statefulTasks());
            return put(new Instance(id, 1, sorted(ran), sorted(standby), stateful));
        }

        private Cluster put(Instance instance) {
            states.put(instance.processId(), instance);
            return this;
        }

        Placement assign() {
            return new Placement(ASSIGNOR.assign(this));
        }

        Set<TaskId> statefulTasks() {
            return tasks.values().stream().filter(TaskInfo::isStateful).map(TaskInfo::id).collect(Collectors.toCollection(TreeSet::new));
        }

        long threads() {
            return states.values().stream().mapToLong(KafkaStreamsState::numProcessingThreads).sum();
        }

        boolean everyoneCaughtUp() {
            return states.values().stream().allMatch(state -> statefulTasks().stream()
                    .allMatch(task -> {
                        long lag = state.statefulTasksToLagSums().getOrDefault(task, -3L);
                        return lag == -2L || (lag >= 0 && lag <= ACCEPTABLE_LAG);
                    }));
        }

        Set<ProcessId> runners(TaskId task) {
            return states.values().stream().filter(state -> state.previousActiveTasks().contains(task))
                    .map(KafkaStreamsState::processId).collect(Collectors.toSet());
        }

        /** The state after the placement ran a while: its actives run, its standbys and warm-ups caught up. */
        Cluster next(Placement placement) {
            Cluster next = new Cluster(0, standbys, maxWarmups, 0);
            next.tasks.putAll(tasks);
            for (KafkaStreamsState state : states.values()) {
                Set<TaskId> ran = placement.active(state.processId());
                Set<TaskId> held = placement.copies(state.processId());
                Map<TaskId, Long> lags = new HashMap<>();
                for (TaskId task : statefulTasks()) {
                    lags.put(task, ran.contains(task) ? -2L : held.contains(task) ? 10L : NO_COPY);
                }
                next.put(new Instance(state.processId(), state.numProcessingThreads(), sorted(ran), sorted(held), lags));
            }
            return next;
        }

        Cluster without(ProcessId dead) {
            Cluster rest = new Cluster(0, standbys, maxWarmups, 0);
            rest.tasks.putAll(tasks);
            states.values().stream().filter(state -> !state.processId().equals(dead)).forEach(state -> rest.states.put(state.processId(), state));
            return rest;
        }

        Cluster withInstance(ProcessId id, Map<TaskId, Long> lags) {
            Cluster more = without(id);
            Map<TaskId, Long> stateful = new HashMap<>(lags);
            stateful.keySet().retainAll(statefulTasks());
            statefulTasks().forEach(task -> stateful.putIfAbsent(task, 3_000L));
            more.put(new Instance(id, 1, sorted(Set.of()), sorted(Set.of()), stateful));
            return more;
        }

        /** The same cluster with its instances handed over in another order. */
        Cluster shuffled(Random random) {
            Cluster copy = new Cluster(0, standbys, maxWarmups, 0);
            copy.tasks.putAll(tasks);
            List<KafkaStreamsState> order = new ArrayList<>(states.values());
            Collections.shuffle(order, random);
            order.forEach(state -> copy.states.put(state.processId(), state));
            return copy;
        }

        static Cluster random(Random random) {
            int taskCount = 1 + random.nextInt(12);
            Cluster cluster = new Cluster(taskCount, random.nextInt(3), 1 + random.nextInt(3), random.nextInt(taskCount + 1));
            int instances = 1 + random.nextInt(5);
            Map<ProcessId, Set<TaskId>> ran = new HashMap<>();
            Map<ProcessId, Set<TaskId>> held = new HashMap<>();
            for (int i = 0; i < instances; i++) {
                ran.put(process(i + 1), new TreeSet<>());
                held.put(process(i + 1), new TreeSet<>());
            }
            for (TaskId task : cluster.tasks.keySet()) {
                int owner = random.nextInt(instances + 2);
                if (owner < instances) {
                    ran.get(process(owner + 1)).add(task);
                }
                if (random.nextInt(10) == 0) {
                    ran.get(process(1 + random.nextInt(instances))).add(task); // a cut-off instance still claims it
                }
                int copy = random.nextInt(instances + 1);
                if (copy < instances && !ran.get(process(copy + 1)).contains(task)) {
                    held.get(process(copy + 1)).add(task);
                }
            }
            boolean allCaughtUp = random.nextBoolean();
            for (int i = 0; i < instances; i++) {
                ProcessId id = process(i + 1);
                Map<TaskId, Long> lags = new HashMap<>();
                for (TaskId task : cluster.statefulTasks()) {
                    long lag = ran.get(id).contains(task) ? -2L
                            : allCaughtUp ? random.nextInt((int) ACCEPTABLE_LAG + 1)
                            : List.of(-3L, 0L, 5_000L, 20_000L, 1_000_000L).get(random.nextInt(5));
                    lags.put(task, lag);
                }
                cluster.put(new Instance(id, 1 + random.nextInt(3), sorted(ran.get(id)), sorted(held.get(id)), lags));
            }
            return cluster;
        }

        @Override
        public Map<ProcessId, KafkaStreamsState> kafkaStreamsStates(boolean computeTaskLags) {
            return Collections.unmodifiableMap(states);
        }

        @Override
        public AssignmentConfigs assignmentConfigs() {
            return new AssignmentConfigs(ACCEPTABLE_LAG, maxWarmups, standbys, PROBING_MS, List.of());
        }

        @Override
        public Map<TaskId, TaskInfo> allTasks() {
            return Collections.unmodifiableMap(tasks);
        }

        @Override
        public String toString() {
            return "tasks " + tasks.size() + " (stateful " + statefulTasks().size() + "), standbys " + standbys
                    + ", warm-ups " + maxWarmups + ", " + states.values();
        }

        private static SortedSet<TaskId> sorted(Set<TaskId> tasks) {
            return Collections.unmodifiableSortedSet(new TreeSet<>(tasks));
        }
    }

    private record Task(TaskId id, boolean isStateful) implements TaskInfo {
        @Override
        public Set<String> stateStoreNames() {
            return isStateful ? Set.of("store") : Set.of();
        }

        @Override
        public Set<TaskTopicPartition> topicPartitions() {
            return Set.of();
        }
    }

    private record Instance(ProcessId processId, int numProcessingThreads, SortedSet<TaskId> previousActiveTasks,
                            SortedSet<TaskId> previousStandbyTasks, Map<TaskId, Long> statefulTasksToLagSums)
            implements KafkaStreamsState {

        @Override
        public SortedSet<String> consumerClientIds() {
            return new TreeSet<>(IntStream.range(0, numProcessingThreads).mapToObj(i -> processId + "-" + i).toList());
        }

        @Override
        public long lagFor(TaskId task) {
            throw new UnsupportedOperationException("the assignor reads statefulTasksToLagSums");
        }

        @Override
        public SortedSet<TaskId> prevTasksByLag(String consumerClientId) {
            throw new UnsupportedOperationException("the assignor places tasks on instances, not on their threads");
        }

        @Override
        public Optional<HostInfo> hostInfo() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> clientTags() {
            return Map.of();
        }

        @Override
        public Optional<String> rackId() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return processId.id().getLeastSignificantBits() + " x" + numProcessingThreads + " ran " + previousActiveTasks
                    + " held " + previousStandbyTasks + " lags " + new TreeMap<>(statefulTasksToLagSums);
        }
    }

    /** The assignor's answer, read per instance. */
    private record Placement(TaskAssignment assignment) {

        Set<TaskId> active(ProcessId id) {
            return tasksOf(id, AssignedTask.Type.ACTIVE);
        }

        /** Standbys and warm-up copies alike: Kafka Streams sees both as standbys. */
        Set<TaskId> copies(ProcessId id) {
            return tasksOf(id, AssignedTask.Type.STANDBY);
        }

        Map<ProcessId, Integer> activeCounts() {
            return counts(AssignedTask.Type.ACTIVE);
        }

        Map<ProcessId, Integer> standbyCounts() {
            return counts(AssignedTask.Type.STANDBY);
        }

        List<TaskId> allActive() {
            return assignment.assignment().stream().flatMap(a -> a.tasks().values().stream())
                    .filter(t -> t.type() == AssignedTask.Type.ACTIVE).map(AssignedTask::id).toList();
        }

        ProcessId activeOwner(TaskId task) {
            return assignment.assignment().stream().filter(a -> a.tasks().containsKey(task)
                    && a.tasks().get(task).type() == AssignedTask.Type.ACTIVE).findFirst().orElseThrow().processId();
        }

        long copiesOf(TaskId task) {
            return assignment.assignment().stream().filter(a -> a.tasks().containsKey(task)
                    && a.tasks().get(task).type() == AssignedTask.Type.STANDBY).count();
        }

        /** Tasks now active on an instance other than the one that ran them, where that one is still there. */
        long moved(Cluster before) {
            return before.states.values().stream().mapToLong(state -> state.previousActiveTasks().stream()
                    .filter(task -> !active(state.processId()).contains(task)).count()).sum();
        }

        Optional<Instant> followup() {
            return assignment.assignment().stream().map(KafkaStreamsAssignment::followupRebalanceDeadline)
                    .flatMap(Optional::stream).min(Instant::compareTo);
        }

        private Set<TaskId> tasksOf(ProcessId id, AssignedTask.Type type) {
            return assignment.assignment().stream().filter(a -> a.processId().equals(id))
                    .flatMap(a -> a.tasks().values().stream()).filter(t -> t.type() == type).map(AssignedTask::id)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        private Map<ProcessId, Integer> counts(AssignedTask.Type type) {
            Map<ProcessId, Integer> counts = new TreeMap<>();
            assignment.assignment().forEach(a -> counts.put(a.processId(), tasksOf(a.processId(), type).size()));
            return counts;
        }

        @Override
        public String toString() {
            return new TreeMap<>(assignment.assignment().stream().collect(Collectors.toMap(KafkaStreamsAssignment::processId,
                    a -> "active " + active(a.processId()) + " copies " + copies(a.processId())
                            + a.followupRebalanceDeadline().map(d -> " followup " + d).orElse("")))).toString();
        }
    }
}

package dev.presence.bench.clusterdrill;

import dev.presence.bench.clusterdrill.LocalCluster.Kind;
import dev.presence.bench.run.Pause;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The faults the cluster drills strike while the load runs, each on a thread of its own. A fault
 * notes what it did when ({@link Timeline}) so the report can say how long each hurt.
 */
public interface ClusterFault {

    String describe();

    void strike(LocalCluster cluster, Timeline timeline);

    /** What a fault does, given to {@link #of}. */
    interface Strike {
        void strike(LocalCluster cluster, Timeline timeline);
    }

    static ClusterFault of(String description, Strike strike) {
        return new ClusterFault() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public void strike(LocalCluster cluster, Timeline timeline) {
                strike.strike(cluster, timeline);
            }
        };
    }

    /** A broker killed with SIGKILL, left down for {@code down}, started again on its data. */
    static ClusterFault killBroker(int broker, Duration down) {
        return of("broker " + broker + " killed with SIGKILL, down " + down.toSeconds() + " s, started again",
                (cluster, timeline) -> {
                    cluster.kill(Kind.BROKER, broker);
                    timeline.note("broker " + broker + " killed", true);
                    Pause.millis(down.toMillis());
                    cluster.start(Kind.BROKER, broker);
                    timeline.note("broker " + broker + " started again", false);
                });
    }

    /** A broker frozen with SIGSTOP for {@code frozen}, then resumed with SIGCONT. */
    static ClusterFault freezeBroker(int broker, Duration frozen) {
        return of("broker " + broker + " frozen with SIGSTOP for " + frozen.toSeconds() + " s, then SIGCONT",
                (cluster, timeline) -> {
                    cluster.freeze(Kind.BROKER, broker);
                    timeline.note("broker " + broker + " frozen", true);
                    Pause.millis(frozen.toMillis());
                    cluster.resume(Kind.BROKER, broker);
                    timeline.note("broker " + broker + " resumed", false);
                });
    }

    /**
     * One engine killed with SIGKILL {@code times} times, a different one each time (round the
     * engines), each started again once the others have had {@code downFor} to take over its
     * partitions, and the next killed {@code downFor} after it is ready.
     */
    static ClusterFault killEngines(int times, Duration downFor) {
        return of("one engine killed with SIGKILL " + times + " time(s), a different one each time, down "
                + downFor.toSeconds() + " s, started again", (cluster, timeline) -> {
                    int engines = cluster.engineCount();
                    for (int i = 0; i < times; i++) {
                        int engine = i % engines + 1;
                        cluster.kill(Kind.ENGINE, engine);
                        timeline.note("engine " + engine + " killed", true);
                        Pause.millis(downFor.toMillis());
                        // A strike of its own: the survivors' takeover is measured up to here, and the
                        // partitions moving back to the restarted engine from here on.
                        timeline.note("engine " + engine + " starting again", true);
                        cluster.start(Kind.ENGINE, engine);
                        timeline.note("engine " + engine + " ready again", false);
                        Pause.millis(downFor.toMillis());
                    }
                });
    }

    /** Every engine in turn stopped with SIGTERM and started again, the next once it is ready. */
    static ClusterFault rollingRestart() {
        return of("rolling restart: each engine in turn stopped (SIGTERM) and started, the next once it is ready",
                (cluster, timeline) -> {
                    for (int engine = 1; engine <= cluster.engineCount(); engine++) {
                        cluster.stop(Kind.ENGINE, engine);
                        timeline.note("engine " + engine + " stopped", true);
                        cluster.start(Kind.ENGINE, engine);
                        timeline.note("engine " + engine + " ready again", false);
                    }
                });
    }

    /** Every engine killed at once with SIGKILL, then all started again together. */
    static ClusterFault killAllEngines(Duration down) {
        return of("every engine killed at once with SIGKILL, down " + down.toSeconds() + " s, all started again",
                (cluster, timeline) -> {
                    int engines = cluster.engineCount();
                    IntStream.rangeClosed(1, engines).parallel().forEach(engine -> cluster.kill(Kind.ENGINE, engine));
                    timeline.note("all " + engines + " engines killed", true);
                    Pause.millis(down.toMillis());
                    List<Thread> starts = new ArrayList<>();
                    for (int engine = 1; engine <= engines; engine++) {
                        int number = engine;
                        Thread start = new Thread(() -> cluster.start(Kind.ENGINE, number), "start-engine-" + number);
                        start.start();
                        starts.add(start);
                    }
                    starts.forEach(Timeline::join);
                    timeline.note("all " + engines + " engines ready again", false);
                });
    }

    /** One more engine started while the load runs; it takes over part of the partitions. */
    static ClusterFault engineJoins() {
        return of("one more engine started mid-load", (cluster, timeline) -> {
            int engine = cluster.engineCount() + 1;
            timeline.note("engine " + engine + " starting", true);
            cluster.start(Kind.ENGINE, engine);
            timeline.note("engine " + engine + " ready (queries go to it too)", false);
        });
    }

    /** The faults one after the other. */
    static ClusterFault inTurn(ClusterFault... faults) {
        return of(String.join("; then ", Arrays.stream(faults).map(ClusterFault::describe).toList()),
                (cluster, timeline) -> {
                    for (ClusterFault fault : faults) {
                        fault.strike(cluster, timeline);
                    }
                });
    }
}

package dev.presence.bench.clusterdrill;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a fault did and when (wall clock), in order; a strike opens a window that the next note closes. */
public final class Timeline {

    /** One thing a fault did; {@code strike}: it hurt the cluster (a kill, a freeze, a stop, a join). */
    public record Moment(String what, long atMillis, boolean strike) {
    }

    private final List<Moment> moments = Collections.synchronizedList(new ArrayList<>());

    public void note(String what, boolean strike) {
        moments.add(new Moment(what, System.currentTimeMillis(), strike));
    }

    public List<Moment> moments() {
        synchronized (moments) {
            return List.copyOf(moments);
        }
    }

    /** Joins a helper thread of a fault, keeping the interrupt. */
    static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

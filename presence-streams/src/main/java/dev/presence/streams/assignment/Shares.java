package dev.presence.streams.assignment;

import org.apache.kafka.streams.processor.assignment.ProcessId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many of some tasks each instance should hold: the whole part of its share by stream threads,
 * and one more for as many instances as the parts leave over. Which instances take the one more is
 * decided while tasks are placed, by whoever needs it first, not up front: decided up front, a
 * tie-break could give it to an instance that then has to hand a running task over.
 */
final class Shares {

    private final Map<ProcessId, Integer> wholeParts = new HashMap<>();
    private final Set<ProcessId> mayRoundUp = new HashSet<>();
    private final Set<ProcessId> roundedUp = new HashSet<>();
    private int roundUpsLeft;

    private Shares() {
    }

    static Shares split(int total, List<InstanceLoad> instances) {
        Shares shares = new Shares();
        long threads = instances.stream().mapToLong(InstanceLoad::threads).sum();
        int given = 0;
        for (InstanceLoad instance : instances) {
            long exact = total * (long) instance.threads();
            int whole = (int) (exact / threads);
            shares.wholeParts.put(instance.id(), whole);
            // Only a share with a fraction may round up: the fractions add up to what is left over.
            if (exact % threads != 0) {
                shares.mayRoundUp.add(instance.id());
            }
            given += whole;
        }
        shares.roundUpsLeft = total - given;
        return shares;
    }

    /** How many more tasks the instance, holding {@code held}, may take. */
    int room(InstanceLoad instance, int held) {
        int whole = wholePart(instance);
        if (held < whole) {
            return whole - held + (canRoundUp(instance) ? 1 : 0);
        }
        return held == whole && canRoundUp(instance) ? 1 : 0;
    }

    boolean hasRoom(InstanceLoad instance, int held) {
        return room(instance, held) > 0;
    }

    /** Records that the instance now holds {@code held}: the first task beyond its whole part takes one of the left-over ones. */
    void holds(InstanceLoad instance, int held) {
        if (held > wholePart(instance) && canRoundUp(instance)) {
            roundedUp.add(instance.id());
            roundUpsLeft--;
        }
    }

    /** Tasks held beyond the share: positive above it, zero or negative within it. */
    int excess(InstanceLoad instance, int held) {
        return held - wholePart(instance) - (roundedUp.contains(instance.id()) ? 1 : 0);
    }

    private int wholePart(InstanceLoad instance) {
        return wholeParts.getOrDefault(instance.id(), 0);
    }

    private boolean canRoundUp(InstanceLoad instance) {
        return roundUpsLeft > 0 && mayRoundUp.contains(instance.id()) && !roundedUp.contains(instance.id());
    }
}

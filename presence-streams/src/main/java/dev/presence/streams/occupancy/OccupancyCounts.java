package dev.presence.streams.occupancy;

import dev.presence.schema.OccupancyCount;
import dev.presence.schema.Status;

/** Arithmetic on one partition's {@link OccupancyCount}: the store holds it as an Avro record. */
public final class OccupancyCounts {

    /** The one key of each partition's occupancy store. */
    public static final String KEY = "counts";

    private OccupancyCounts() {
    }

    public static OccupancyCount zero() {
        return OccupancyCount.newBuilder().setOnline(0).setOffline(0).setUnlogined(0).build();
    }

    /** {@code count} with {@code delta} added to {@code status}'s number; UNKNOWN is not a status the engine stores. */
    public static OccupancyCount add(OccupancyCount count, Status status, long delta) {
        OccupancyCount.Builder next = OccupancyCount.newBuilder(count);
        switch (status) {
            case ONLINE -> next.setOnline(count.getOnline() + delta);
            case OFFLINE -> next.setOffline(count.getOffline() + delta);
            case UNLOGINED -> next.setUnlogined(count.getUnlogined() + delta);
            default -> throw new IllegalArgumentException("no occupancy count for status " + status);
        }
        return next.build();
    }

    public static OccupancyCount apply(OccupancyCount count, OccupancyMove move) {
        OccupancyCount left = move.from().map(from -> add(count, from, -1)).orElse(count);
        return add(left, move.to(), 1);
    }

    /** The sum of two counts (partitions, or instances). */
    public static OccupancyCount plus(OccupancyCount a, OccupancyCount b) {
        return OccupancyCount.newBuilder()
                .setOnline(a.getOnline() + b.getOnline())
                .setOffline(a.getOffline() + b.getOffline())
                .setUnlogined(a.getUnlogined() + b.getUnlogined())
                .build();
    }
}

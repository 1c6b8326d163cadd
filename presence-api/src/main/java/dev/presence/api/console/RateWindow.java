package dev.presence.api.console;

/**
 * Counts of something per wall-clock second over the last {@code seconds} seconds, for the
 * console's small charts. A ring of per-second buckets: a bucket is cleared when its second comes
 * round again, so a quiet minute reads as zeros, not as the last busy minute.
 */
public final class RateWindow {

    private final int seconds;
    private final long[] counts;
    private final long[] secondOf;

    public RateWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a rate window holds at least one second, not " + seconds);
        }
        this.seconds = seconds;
        // One slot more than shown: the current second fills its own slot, never one still on show.
        counts = new long[seconds + 1];
        secondOf = new long[seconds + 1];
        java.util.Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /** Counts {@code n} at the epoch second {@code second}; a second older than the window is dropped. */
    public synchronized void add(long second, long n) {
        int slot = slot(second);
        if (secondOf[slot] == second) {
            counts[slot] += n;
        } else if (secondOf[slot] < second) {
            secondOf[slot] = second;
            counts[slot] = n;
        }
    }

    /**
     * The counts of the {@code seconds} whole seconds before {@code nowSecond}, oldest first (the
     * current second is still filling, so it is not shown).
     */
    public synchronized long[] lastSeconds(long nowSecond) {
        long[] series = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            long second = nowSecond - seconds + i;
            int slot = slot(second);
            series[i] = secondOf[slot] == second ? counts[slot] : 0;
        }
        return series;
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) counts.length);
    }
}

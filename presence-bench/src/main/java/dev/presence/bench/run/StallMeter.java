package dev.presence.bench.run;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long this machine keeps a runnable thread waiting, measured beside a benchmark: a thread that
 * asks to sleep 1 ms, over and over, records how much later than that it woke. Whatever stalls it
 * (a pause of this JVM, which also hosts the embedded broker, or the cores being busy or taken away)
 * stalls the broker, the engine and the clients too, so a latency's tail cannot be shorter than these
 * stalls. The idea is Gil Tene's jHiccup.
 */
public final class StallMeter implements AutoCloseable {

    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Histogram lateMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;

    public StallMeter() {
        thread = new Thread(this::run, "stall-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NANOS);
            long late = System.nanoTime() - before - SLEEP_NANOS;
            lateMicros.recordValue(Math.min(Math.max(0, late / 1000), lateMicros.getHighestTrackableValue()));
        }
    }

    /** How late each wake-up came, in microseconds. */
    public Histogram lateMicros() {
        return lateMicros;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

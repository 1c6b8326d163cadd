package dev.presence.bench.fuzz;

import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.run.Pause;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks the engine's liveness every half second for as long as a drill runs: whether the process is
 * alive and what {@code /health/live} answers, counted per answer. A call that gets no answer within
 * its time-out (a starved machine) is counted apart from a definite answer other than 200.
 */
public final class EngineWatch implements AutoCloseable {

    private final EngineProcess engine;
    private final Map<Integer, Long> answers = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean exited;
    private volatile long firstFailureAtMillis = -1;

    public EngineWatch(EngineProcess engine) {
        this.engine = engine;
        this.thread = new Thread(this::run, "engine-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running.get()) {
            check();
            Pause.millis(500);
        }
    }

    /** One look: process alive, and the answer of /health/live (-1: none within the time-out). */
    public synchronized int check() {
        if (!engine.alive()) {
            exited = true;
            noteFailure();
            answers.merge(0, 1L, Long::sum);
            return 0;
        }
        int status = engine.get("/health/live");
        answers.merge(status, 1L, Long::sum);
        if (status != 200 && status != -1) {
            noteFailure();
        }
        return status;
    }

    private void noteFailure() {
        if (firstFailureAtMillis < 0) {
            firstFailureAtMillis = System.currentTimeMillis();
        }
    }

    public boolean exited() {
        return exited || !engine.alive();
    }

    /** True when every look found the process alive and every answer was 200 or none (never a definite failure). */
    public boolean neverFailed() {
        return firstFailureAtMillis < 0 && !exited();
    }

    /** Looks per answer: 200, 503, -1 (no answer in time), 0 (process gone). */
    public synchronized Map<Integer, Long> answers() {
        return new TreeMap<>(answers);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.presence.api.verdict;

import dev.presence.schema.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The verdicts this instance's calls wait for, by request id: at most {@code capacity} at once, so
 * however many calls ask to wait, memory stays bounded (a call that finds no room does not wait; it
 * answers 202 at once, as without the header). The first verdict for an id completes its wait; a
 * second one (a duplicate of the record, judged again) and verdicts of other instances' calls are ignored.
 */
public final class PendingVerdicts {

    private final int capacity;
    private final Map<String, CompletableFuture<Verdict>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();

    public PendingVerdicts(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Waits for each of {@code requestIds} (fresh, unique ids), all or none: empty when there is no room
     * for all of them. Every id registered must be {@link #forget forgotten} once the call has its answer.
     */
    public Optional<List<CompletableFuture<Verdict>>> register(List<String> requestIds) {
        int wanted = requestIds.size();
        while (true) {
            int now = reserved.get();
            if (now + wanted > capacity) {
                return Optional.empty();
            }
            if (reserved.compareAndSet(now, now + wanted)) {
                break;
            }
        }
        List<CompletableFuture<Verdict>> futures = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) {
            CompletableFuture<Verdict> future = new CompletableFuture<>();
            if (waiting.putIfAbsent(requestIds.get(i), future) != null) {
                requestIds.subList(0, i).forEach(waiting::remove);
                reserved.addAndGet(-wanted);
                throw new IllegalArgumentException("request id " + requestIds.get(i) + " is already waited for");
            }
            futures.add(future);
        }
        return Optional.of(futures);
    }

    /** A verdict read from the topic: completes its wait if this instance has one. */
    public void complete(Verdict verdict) {
        CompletableFuture<Verdict> future = waiting.get(verdict.getRequestId());
        if (future != null) {
            future.complete(verdict);
        }
    }

    /** The call has its answer (or gave up): its ids free their places. */
    public void forget(List<String> requestIds) {
        for (String requestId : requestIds) {
            if (waiting.remove(requestId) != null) {
                reserved.decrementAndGet();
            }
        }
    }

    /** Waits registered now; for tests and metrics. */
    public int pending() {
        return reserved.get();
    }
}

package dev.presence.streams.errors;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's own failures while handling one record (a bug, never bad input): counted for
 * {@code /metrics} and logged at ERROR once per kind, so a bug hit by every record neither floods the
 * log nor hides. Static because Kafka Streams creates the exception handlers by reflection, once per
 * stream thread, with no way to hand them a shared object.
 */
public final class InternalErrors {

    private static final LongAdder TOTAL = new LongAdder();
    private static final Map<String, LongAdder> BY_KIND = new ConcurrentHashMap<>();

    private InternalErrors() {
    }

    /** Counts one failure of {@code kind}; logs it at ERROR, with its stack trace, only the first time. */
    public static void record(Logger log, String kind, String message, Throwable cause) {
        TOTAL.increment();
        LongAdder count = BY_KIND.computeIfAbsent(kind, k -> new LongAdder());
        count.increment();
        if (count.sum() == 1) {
            log.error("{} (logged once per kind; later ones are counted in presence_internal_errors_total)", message, cause);
        } else if (log.isDebugEnabled()) {
            log.debug("{} (occurrence {} of this kind)", message, count.sum(), cause);
        }
    }

    /** Every failure counted since the process started. */
    public static long total() {
        return TOTAL.sum();
    }
}

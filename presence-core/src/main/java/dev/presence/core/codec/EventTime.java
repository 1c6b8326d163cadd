package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * Which times from input the engine accepts: record timestamps and epoch-millisecond fields
 * ({@code occurredAt}, {@code lastHeartbeatAt}, {@code notOnlineSince}). Deadlines are such a time
 * plus a timeout, so an absurd time (negative, or Long.MAX_VALUE) would overflow into a deadline in
 * the past; the bound is fixed, not the wall clock, so that a replay refuses exactly what the first
 * run refused. (Brokers of Kafka 4 also refuse records stamped more than an hour ahead by default:
 * {@code log.message.timestamp.after.max.ms}.)
 */
public final class EventTime {

    /** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
    public static final long LATEST_MS = 253_402_300_799_999L;

    private EventTime() {
    }

    /** True for 0 (the epoch) to {@link #LATEST_MS}. */
    public static boolean valid(long epochMillis) {
        return epochMillis >= 0 && epochMillis <= LATEST_MS;
    }

    /** What is wrong with {@code field} = {@code epochMillis}; empty when it is null or valid. */
    public static Optional<String> problem(String field, @Nullable Long epochMillis) {
        if (epochMillis == null || valid(epochMillis)) {
            return Optional.empty();
        }
        return Optional.of(field + " is " + epochMillis + ": epoch milliseconds must be between 0 and "
                + LATEST_MS + " (year 9999)");
    }
}

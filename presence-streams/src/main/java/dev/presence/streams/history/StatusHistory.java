package dev.presence.streams.history;

import dev.presence.schema.Status;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's status history as points in time ({@link HistoryKey} to {@link HistoryPoint}): a point
 * holds from its time until the next one. Written by the topology on every change, read by the REST
 * API. Kept per user: when a point is added, the user's points older than the retention are
 * deleted, all but the last of them, which still says what the status was when the retention
 * begins; a user who changes no more keeps that one point.
 */
public final class StatusHistory {

    private StatusHistory() {
    }

    /**
     * Adds a point at {@code at}, or at the user's latest point's time if that is later (a record
     * stamped earlier than one already folded must not rewrite what followed), and trims the user's
     * points older than {@code retentionMs}.
     */
    public static void record(KeyValueStore<Bytes, byte[]> store, String userId, long at, HistoryPoint point,
                              long retentionMs) {
        long when = at;
        try (KeyValueIterator<Bytes, byte[]> latest = store.reverseRange(HistoryKey.first(userId), HistoryKey.last(userId))) {
            if (latest.hasNext()) {
                when = Math.max(at, HistoryKey.at(latest.next().key));
            }
        }
        store.put(HistoryKey.of(userId, when), point.encode());
        long cutoff = when - retentionMs;
        if (cutoff <= 0) {
            return;
        }
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(HistoryKey.first(userId), HistoryKey.of(userId, cutoff))) {
            while (range.hasNext()) {
                old.add(range.next().key);
            }
        }
        // The newest of the old points still holds at the cutoff: kept. Deleted after the scan, never under it.
        for (int i = 0; i < old.size() - 1; i++) {
            store.delete(old.get(i));
        }
    }

    /**
     * The true intervals of {@code [from, to)}, oldest first, adjoining and covering the whole window
     * (before its first event a user is UNLOGINED). Empty when the window is empty.
     */
    public static List<HistoryInterval> intervals(ReadOnlyKeyValueStore<Bytes, byte[]> store, String userId,
                                                  long from, long to) {
        List<HistoryInterval> intervals = new ArrayList<>();
        if (from >= to) {
            return intervals;
        }
        HistoryPoint current = HistoryPoint.NEVER_SEEN;
        try (KeyValueIterator<Bytes, byte[]> before = store.reverseRange(HistoryKey.first(userId), HistoryKey.of(userId, from))) {
            if (before.hasNext()) {
                current = HistoryPoint.decode(before.next().value);
            }
        }
        long start = from;
        if (to - 1 >= from + 1) {
            try (KeyValueIterator<Bytes, byte[]> inside = store.range(HistoryKey.of(userId, from + 1),
                    HistoryKey.of(userId, to - 1))) {
                while (inside.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = inside.next();
                    long at = HistoryKey.at(entry.key);
                    intervals.add(interval(current, start, at));
                    current = HistoryPoint.decode(entry.value);
                    start = at;
                }
            }
        }
        intervals.add(interval(current, start, to));
        return intervals;
    }

    /**
     * The intervals as someone else sees them: a hidden stretch is OFFLINE without custom status, and
     * stretches that look alike are one (what changed while hidden must not show as a boundary).
     */
    public static List<HistoryInterval> seenByOthers(List<HistoryInterval> intervals) {
        List<HistoryInterval> seen = new ArrayList<>();
        for (HistoryInterval interval : intervals) {
            HistoryPoint point = interval.point().seenByOthers();
            append(seen, new HistoryInterval(point.status(), point.customStatus(), point.visibility(),
                    interval.from(), interval.to()));
        }
        return seen;
    }

    /** The intervals with stretches that look alike joined (a toggle or an expiry can leave neighbours equal). */
    public static List<HistoryInterval> joined(List<HistoryInterval> intervals) {
        List<HistoryInterval> joined = new ArrayList<>();
        intervals.forEach(interval -> append(joined, interval));
        return joined;
    }

    /** Milliseconds ONLINE per UTC day of the intervals, for every day they touch, oldest first. */
    public static Map<LocalDate, Long> onlinePerUtcDay(List<HistoryInterval> intervals) {
        Map<LocalDate, Long> perDay = new LinkedHashMap<>();
        for (HistoryInterval interval : intervals) {
            long start = interval.from();
            while (start < interval.to()) {
                LocalDate day = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate();
                long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                long end = Math.min(dayEnd, interval.to());
                long online = interval.status() == Status.ONLINE ? end - start : 0L;
                perDay.merge(day, online, Long::sum);
                start = end;
            }
        }
        return perDay;
    }

    private static HistoryInterval interval(HistoryPoint point, long from, long to) {
        return new HistoryInterval(point.status(), point.customStatus(), point.visibility(), from, to);
    }

    private static void append(List<HistoryInterval> list, HistoryInterval next) {
        if (next.from() >= next.to()) {
            return;
        }
        if (!list.isEmpty()) {
            HistoryInterval last = list.get(list.size() - 1);
            if (last.point().equals(next.point()) && last.to() == next.from()) {
                list.set(list.size() - 1, new HistoryInterval(last.status(), last.customStatus(), last.visibility(),
                        last.from(), next.to()));
                return;
            }
        }
        list.add(next);
    }
}

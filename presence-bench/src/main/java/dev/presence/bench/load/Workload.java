package dev.presence.bench.load;

import dev.presence.schema.PresenceEvent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pre-generated load: the records in the order they are to be written, and the presence events
 * among them in the same order (for drills that compute the expected outcome; empty otherwise).
 *
 * @param counts records per kind (LOGIN, HEARTBEAT, ..., SUBSCRIBE), for the report
 */
public record Workload(int users, List<Outgoing> records, List<PresenceEvent> events, Map<String, Long> counts) {

    public long bytes() {
        return records.stream().mapToLong(Outgoing::size).sum();
    }

    public double averageRecordBytes() {
        return records.isEmpty() ? 0 : (double) bytes() / records.size();
    }

    public String describeMix() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((kind, count) -> text.append(text.length() == 0 ? "" : ", ")
                .append(kind).append(' ').append(String.format("%.1f%%", 100.0 * count / records.size())));
        return text.toString();
    }
}

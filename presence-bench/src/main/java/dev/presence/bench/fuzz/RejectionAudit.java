package dev.presence.bench.fuzz;

import dev.presence.bench.fuzz.WrittenLedger.Kind;
import dev.presence.schema.RejectedRecord;
import dev.presence.core.ErrorCode;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * presence.rejected held against what the drill wrote: each rejection matched to the record it
 * names (topic, partition, offset), counted per error code and per kind of mutant; what must be
 * rejected and is not, what is valid and is rejected, what is rejected twice, and every 70099
 * INTERNAL (an exception the engine did not expect) are the problems.
 */
public final class RejectionAudit {

    /** Rejected, applied-or-ignored and error codes of one kind of record. */
    public record Row(Kind kind, long written, long rejected, Map<Integer, Long> codes) {
        public long notRejected() {
            return written - rejected;
        }
    }

    private final WrittenLedger ledger;
    private final Map<Integer, Long> codes = new TreeMap<>();
    private final Map<Integer, Map<Integer, Long>> codesPerKind = new HashMap<>();
    private final Map<Integer, Long> rejectedPerKind = new HashMap<>();
    private final Map<TopicPartition, BitSet> seen = new HashMap<>();
    private final Map<Integer, Long> notOursByCode = new TreeMap<>();
    private final List<String> internalReasons = new ArrayList<>();
    private long duplicates;

    public RejectionAudit(WrittenLedger ledger) {
        this.ledger = ledger;
    }

    /** Counts one record of presence.rejected. */
    public void add(RejectedRecord rejection) {
        int code = rejection.getErrorCode();
        codes.merge(code, 1L, Long::sum);
        if (code == ErrorCode.INTERNAL.code() && internalReasons.size() < 10) {
            internalReasons.add(rejection.getSourceTopic() + "-" + rejection.getSourcePartition() + "@"
                    + rejection.getSourceOffset() + ": " + rejection.getReason());
        }
        int kind = ledger.kindAt(rejection.getSourceTopic(), rejection.getSourcePartition(), rejection.getSourceOffset());
        if (kind < 0) {
            notOursByCode.merge(code, 1L, Long::sum);
            return;
        }
        BitSet offsets = seen.computeIfAbsent(new TopicPartition(rejection.getSourceTopic(), rejection.getSourcePartition()),
                p -> new BitSet());
        if (offsets.get((int) rejection.getSourceOffset())) {
            duplicates++;
            return;
        }
        offsets.set((int) rejection.getSourceOffset());
        rejectedPerKind.merge(kind, 1L, Long::sum);
        codesPerKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(code, 1L, Long::sum);
    }

    public Map<Integer, Long> codes() {
        return codes;
    }

    public long internal() {
        return codes.getOrDefault(ErrorCode.INTERNAL.code(), 0L);
    }

    /** Reasons of the first 70099 rejections: each names the exception the engine did not expect. */
    public List<String> internalReasons() {
        return internalReasons;
    }

    /** Rejections of records the drill did not write (the engine's own, or re-routed copies), by code. */
    public Map<Integer, Long> notOurs() {
        return notOursByCode;
    }

    public long duplicates() {
        return duplicates;
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        List<Kind> kinds = ledger.kinds();
        for (int i = 0; i < kinds.size(); i++) {
            rows.add(new Row(kinds.get(i), ledger.writtenOf(i), rejectedPerKind.getOrDefault(i, 0L),
                    codesPerKind.getOrDefault(i, Map.of())));
        }
        return rows;
    }

    /** Total written and rejected of one expectation. */
    public long[] totals(Expectation expectation) {
        long written = 0;
        long rejected = 0;
        for (Row row : rows()) {
            if (row.kind().expectation() == expectation) {
                written += row.written();
                rejected += row.rejected();
            }
        }
        return new long[]{written, rejected};
    }

    /** A written record by its place, with the name of its kind. */
    public record Place(String topic, int partition, long offset, String kind) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s-%d@%d (%s)", topic, partition, offset, kind);
        }
    }

    /** Up to {@code limit} places of records of {@code expectation} that were (or were not) rejected. */
    public List<Place> places(Expectation expectation, boolean rejectedOnes, int limit) {
        List<Place> places = new ArrayList<>();
        List<Kind> kinds = ledger.kinds();
        ledger.forEachWritten((topic, partition, offset, kind) -> {
            if (places.size() < limit && kinds.get(kind).expectation() == expectation) {
                BitSet offsets = seen.get(new TopicPartition(topic, partition));
                boolean rejected = offsets != null && offsets.get((int) offset);
                if (rejected == rejectedOnes) {
                    places.add(new Place(topic, partition, offset, kinds.get(kind).name()));
                }
            }
        });
        return places;
    }
}

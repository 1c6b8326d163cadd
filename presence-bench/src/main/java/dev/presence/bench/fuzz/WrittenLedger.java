package dev.presence.bench.fuzz;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the drill wrote where: for every partition and offset the broker gave a record, the kind of
 * record it was (the valid load, or a mutant of a given kind and expectation). A rejection names the
 * topic, partition and offset of the record it refuses, so this is how rejections are matched to what
 * was written, whatever the engine keeps of the record's bytes.
 */
public final class WrittenLedger {

    /** A row of the report: the valid load, or one kind of mutant. */
    public record Kind(String name, Expectation expectation) {
    }

    /** Index of the valid load's kind. */
    public static final int VALID = 0;
    private static final short NOTHING = -1;

    private final List<Kind> kinds = new ArrayList<>();
    private final Map<Kind, Integer> indexes = new HashMap<>();
    private final Map<TopicPartition, short[]> written = new HashMap<>();
    private AtomicLongArray writtenPerKind = new AtomicLongArray(0);

    public WrittenLedger() {
        kindIndex(new Kind("valid load", Expectation.VALID));
    }

    /** The index of a kind, registered on first use (called by the thread that writes, before sending). */
    public synchronized int kindIndex(Kind kind) {
        Integer index = indexes.get(kind);
        if (index == null) {
            index = kinds.size();
            kinds.add(kind);
            indexes.put(kind, index);
            AtomicLongArray grown = new AtomicLongArray(kinds.size());
            for (int i = 0; i < writtenPerKind.length(); i++) {
                grown.set(i, writtenPerKind.get(i));
            }
            writtenPerKind = grown;
        }
        return index;
    }

    /** Called when the broker has acknowledged a record of kind {@code kind}. */
    public synchronized void written(String topic, int partition, long offset, int kind) {
        TopicPartition key = new TopicPartition(topic, partition);
        short[] offsets = written.get(key);
        if (offsets == null || offset >= offsets.length) {
            short[] grown = Arrays.copyOf(offsets == null ? new short[0] : offsets,
                    (int) Math.max(offset + 1, (offsets == null ? 1024 : offsets.length * 2L)));
            Arrays.fill(grown, offsets == null ? 0 : offsets.length, grown.length, NOTHING);
            offsets = grown;
            written.put(key, offsets);
        }
        offsets[(int) offset] = (short) kind;
        writtenPerKind.incrementAndGet(kind);
    }

    /** The kind written at that place, or -1 when the drill wrote nothing there (the engine's own records). */
    public synchronized int kindAt(String topic, int partition, long offset) {
        short[] offsets = written.get(new TopicPartition(topic, partition));
        return offsets == null || offset < 0 || offset >= offsets.length ? NOTHING : offsets[(int) offset];
    }

    public synchronized List<Kind> kinds() {
        return List.copyOf(kinds);
    }

    public synchronized long writtenOf(int kind) {
        return writtenPerKind.get(kind);
    }

    /** Calls {@code each} with the place and kind of every record written. */
    public synchronized void forEachWritten(PlaceConsumer each) {
        written.forEach((partition, offsets) -> {
            for (int offset = 0; offset < offsets.length; offset++) {
                if (offsets[offset] != NOTHING) {
                    each.accept(partition.topic(), partition.partition(), offset, offsets[offset]);
                }
            }
        });
    }

    /** Receives one written record's place and kind. */
    public interface PlaceConsumer {
        void accept(String topic, int partition, long offset, int kind);
    }
}

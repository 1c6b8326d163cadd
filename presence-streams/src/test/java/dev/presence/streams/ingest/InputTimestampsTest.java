package dev.presence.streams.ingest;

import dev.presence.core.codec.EventTime;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class InputTimestampsTest {

    private final InputTimestamps extractor = new InputTimestamps();

    @Test
    void aValidTimestampIsKeptAndCarriesNoMark() {
        ConsumerRecord<Object, Object> record = record(1_700_000_000_000L);
        record.headers().add(InputTimestamps.INVALID_TIMESTAMP_HEADER, new byte[8]);  // a producer's forgery

        assertThat(extractor.extract(record, 5L)).isEqualTo(1_700_000_000_000L);
        assertThat(InputTimestamps.invalidTimestamp(record.headers())).isEmpty();
    }

    @Test
    void aNegativeOrAbsurdTimestampGetsThePartitionTimeAndIsMarked() {
        for (long invalid : new long[]{-1L, -7L, Long.MIN_VALUE, EventTime.LATEST_MS + 1, Long.MAX_VALUE}) {
            ConsumerRecord<Object, Object> record = record(invalid);
            assertThat(extractor.extract(record, 1234L)).isEqualTo(1234L);
            assertThat(InputTimestamps.invalidTimestamp(record.headers())).isEqualTo(Optional.of(invalid));
        }
        assertThat(extractor.extract(record(-7L), -1L)).as("no partition time yet").isZero();
    }

    private static ConsumerRecord<Object, Object> record(long timestamp) {
        return new ConsumerRecord<>("presence.events", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0,
                "k", "v", new RecordHeaders(), Optional.empty());
    }
}

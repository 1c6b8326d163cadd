package dev.presence.api.streams;

import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class StreamThreadFailuresTest {

    private final StreamThreadFailures failures = new StreamThreadFailures();

    @Test
    void aTransactionTheBrokersAbortedReplacesTheThread() {
        // As a 30 s SIGSTOP of a broker produced it: the commit inside onPartitionsRevoked, wrapped twice.
        Throwable seen = new StreamsException("Error encountered sending record to topic ...",
                new KafkaException("Unexpected error in TxnOffsetCommitResponse",
                        new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.")));

        assertThat(failures.handle(seen)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.handle(new ProducerFencedException("fenced"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.threadsReplaced()).isEqualTo(2);
    }

    @Test
    void anythingElseShutsTheInstanceDown() {
        assertThat(failures.handle(new StreamsException("bug", new IllegalStateException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.handle(new KafkaException("unknown"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.threadsReplaced()).isZero();
    }

    @Test
    void aCauseChainThatLoopsEndsTheSearch() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(failures.handle(first)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}

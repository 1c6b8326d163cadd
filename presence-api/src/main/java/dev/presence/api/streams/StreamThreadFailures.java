package dev.presence.api.streams;

import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a stream thread's uncaught exception does to the engine.
 *
 * A transaction the brokers ended under the thread's feet (aborted when it outlived
 * {@code transaction.timeout.ms} while a broker was frozen or unreachable, its producer fenced or
 * its id forgotten) is the brokers' hiccup, not the engine's bug: the thread is replaced, and the
 * new one starts a fresh producer and reprocesses from the last commit, which under exactly-once
 * is exact. Kafka Streams 4.4 raises {@code InvalidTxnStateException} from a commit as fatal, and
 * shutting the instance down for it would turn a 30 s broker freeze into a restart and a restore.
 *
 * Anything else stops the instance (and the process, for its supervisor): bad records never get
 * here (the topology routes them to presence.rejected), so what does is a bug or a broken
 * environment, and a replaced thread would re-read the same records and fail again in a loop that
 * looks alive.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    /** The errors by which a broker tells a producer that its transaction is over. */
    private static final List<Class<? extends Throwable>> TRANSACTION_ENDED_BY_BROKER = List.of(
            InvalidTxnStateException.class, ProducerFencedException.class, InvalidProducerEpochException.class,
            InvalidPidMappingException.class, TransactionAbortedException.class);

    private final AtomicLong threadsReplaced = new AtomicLong();

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable transactionEnded = transactionEndedByBroker(exception);
        if (transactionEnded != null) {
            long replaced = threadsReplaced.incrementAndGet();
            // One line, no stack trace: the cause is known and the engine goes on; the trace is there for debugging.
            LOG.warn("A stream thread's transaction was ended by the brokers ({}: {}); the thread is replaced and"
                            + " reprocesses from the last commit (replacement {} since start)",
                    transactionEnded.getClass().getSimpleName(), transactionEnded.getMessage(), replaced);
            LOG.debug("The exception that ended the stream thread", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Uncaught exception in a stream thread; shutting this instance down", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** How many stream threads were replaced after the brokers ended their transaction. */
    public long threadsReplaced() {
        return threadsReplaced.get();
    }

    /** The first error in the cause chain by which the brokers ended the transaction, or null. */
    static Throwable transactionEndedByBroker(Throwable exception) {
        int depth = 0;
        for (Throwable cause = exception; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            for (Class<? extends Throwable> kind : TRANSACTION_ENDED_BY_BROKER) {
                if (kind.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }
}

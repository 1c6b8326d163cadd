package dev.presence.streams.testing;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.util.Properties;

/** Contexts for a processor or a store tested alone, outside any topology: one task of an application with no broker. */
public final class MockContexts {

    private MockContexts() {
    }

    /** A context for {@code task} of {@code applicationId}, its stores under {@code stateDir} (none needed for in-memory stores). */
    public static <K, V> MockProcessorContext<K, V> forTask(String applicationId, TaskId task, @Nullable File stateDir) {
        Properties config = new Properties();
        config.put("application.id", applicationId);
        config.put("bootstrap.servers", "unused:9092");
        return new MockProcessorContext<>(config, task, stateDir);
    }
}

package dev.presence.bench.benchmark;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost benchmark's breakdown of the local state by store. */
@UnitTest
class StateSizeByStoreTest {

    @TempDir
    Path state;

    @Test
    void bytesAreSummedPerStoreOverEveryTaskLargestFirstAndTheRestIsTaskFiles() throws IOException {
        write("app/0_0/rocksdb/user-status-store/000012.sst", 300);
        write("app/0_1/rocksdb/user-status-store/000013.sst", 200);
        write("app/0_1/rocksdb/user-status-store/OPTIONS-000007", 10);
        write("app/0_0/rocksdb/status-history-store/000009.sst", 700);
        write("app/0_0/.checkpoint", 40);
        write("app/kafka-streams-process-metadata", 5);

        Map<String, Long> sizes = CostBenchmark.sizeByStore(state);

        assertThat(sizes).containsExactly(
                Map.entry("status-history-store", 700L),
                Map.entry("user-status-store", 510L),
                Map.entry("(task files)", 45L));
        assertThat(sizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CostBenchmark.sizeOf(state));
    }

    private void write(String path, int bytes) throws IOException {
        Path file = state.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}

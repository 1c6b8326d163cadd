package dev.presence.streams.storage;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's RocksDB options: LZ4 blocks, which this platform's RocksDB can write and read back, smaller than plain ones. */
@UnitTest
class CompressedRocksDbStoresTest {

    @TempDir
    Path dir;

    @Test
    void everyStoreGetsLz4Blocks() {
        try (Options options = new Options()) {
            new CompressedRocksDbStores().setConfig("user-status-store", options, Map.of());
            assertThat(options.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
        }
    }

    @Test
    void statusLikeRecordsAreReadBackAndTakeLessSpaceThanUncompressed() throws Exception {
        long compressed = sstBytes(dir.resolve("lz4"), true);
        long plain = sstBytes(dir.resolve("plain"), false);
        assertThat(compressed).isLessThan(plain);
    }

    private static long sstBytes(Path path, boolean engineOptions) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true)) {
            if (engineOptions) {
                new CompressedRocksDbStores().setConfig("store", options, Map.of());
            }
            try (RocksDB db = RocksDB.open(options, path.toString()); FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                for (int i = 0; i < 20_000; i++) {
                    db.put(key(i), ("{\"status\":\"ONLINE\",\"clients\":[{\"clientId\":\"phone\",\"platform\":\"ANDROID\"}],\"version\":"
                            + i + "}").getBytes(StandardCharsets.UTF_8));
                }
                db.flush(flush);
                assertThat(new String(db.get(key(12_345)), StandardCharsets.UTF_8)).endsWith("\"version\":12345}");
            }
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(file -> file.toString().endsWith(".sst")).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static byte[] key(int i) {
        return String.format("user-%07d", i).getBytes(StandardCharsets.UTF_8);
    }
}

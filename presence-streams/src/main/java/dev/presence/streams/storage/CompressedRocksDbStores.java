package dev.presence.streams.storage;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

import java.util.Map;

/**
 * The RocksDB options of every store of the engine ({@code rocksdb.config.setter}): Kafka Streams'
 * own, with each block compressed by LZ4, where Kafka Streams leaves them uncompressed. A store's
 * records are small and alike (user ids, clients, platforms, status texts), so blocks of them
 * compress well (at 1M users, 144 bytes of local state per user became 46), and LZ4 costs little CPU
 * on a flush or a compaction and on a read that misses the block cache (docs/BENCHMARKS.md). The
 * changelogs in Kafka are not affected.
 */
public final class CompressedRocksDbStores implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing was allocated here: the compression type is a plain option.
    }
}

package dev.presence.streams.testing;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real byte-keyed stores outside any topology, for testing a key layout alone: RocksDB (what the
 * engine's persistent stores are) or the in-memory store, both ordering keys as unsigned bytes.
 * Registered as an extension ({@code @RegisterExtension final ByteStores stores = new ByteStores();}),
 * it closes the stores and deletes their files after each test.
 */
public final class ByteStores implements AfterEachCallback {

    /** The kinds of store a layout must sort the same in. */
    public enum Kind { ROCKSDB, IN_MEMORY }

    private final List<KeyValueStore<Bytes, byte[]>> opened = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    /** An open, empty store of {@code kind}. */
    public KeyValueStore<Bytes, byte[]> open(Kind kind) {
        KeyValueBytesStoreSupplier supplier = kind == Kind.ROCKSDB
                ? Stores.persistentKeyValueStore("layout-under-test")
                : Stores.inMemoryKeyValueStore("layout-under-test");
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        MockProcessorContext<Object, Object> context = MockContexts.forTask("layout-test", new TaskId(0, 0), folder().toFile());
        store.init(context.getStateStoreContext(), store);
        opened.add(store);
        return store;
    }

    private Path folder() {
        try {
            Path folder = Files.createTempDirectory("byte-store");
            folders.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        opened.forEach(KeyValueStore::close);
        opened.clear();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        folders.clear();
    }
}

package dev.presence.streams.fold;

import dev.presence.schema.ClientSession;
import dev.presence.schema.Platform;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What interactive queries read through the buffer at each isolation level. Under exactly-once a
 * task's store holds the writes of its open transaction; a query at read-committed must not see
 * them, not even through a heartbeat buffered on top of one: a crash would undo that version, and
 * the next owner would answer older.
 */
@UnitTest
class BufferedHeartbeatStatusStoreTest {

    private final CommittingStore persisted = new CommittingStore();
    private final BufferedHeartbeatStatusStore store = new BufferedHeartbeatStatusStore(persisted);

    @Test
    void aCommittedReadDoesNotShowAWriteThatIsNotCommitted() {
        store.put("alice", status(1, 1_000));

        assertThat(committedView().get("alice")).isNull();
        assertThat(uncommittedView().get("alice")).isEqualTo(status(1, 1_000));
        persisted.commit();
        assertThat(committedView().get("alice")).isEqualTo(status(1, 1_000));
    }

    @Test
    void aHeartbeatBufferedOnTheCommittedRecordIsShownWithItsExactTime() {
        store.put("alice", status(1, 1_000));
        persisted.commit();
        store.buffer("alice", status(1, 5_000), status(1, 1_000));

        assertThat(committedView().get("alice")).isEqualTo(status(1, 5_000));
        assertThat(committedView().all()).toIterable().containsExactly(KeyValue.pair("alice", status(1, 5_000)));
        assertThat(store.get("alice")).isEqualTo(status(1, 5_000));
    }

    @Test
    void aHeartbeatBufferedOnAnUncommittedVersionDoesNotCarryThatVersionIntoACommittedRead() {
        store.put("alice", status(1, 1_000));
        persisted.commit();
        store.put("alice", status(2, 2_000));
        store.buffer("alice", status(2, 3_000), status(2, 2_000));

        assertThat(committedView().get("alice")).isEqualTo(status(1, 1_000));
        assertThat(committedView().range("a", "z")).toIterable().containsExactly(KeyValue.pair("alice", status(1, 1_000)));
        assertThat(uncommittedView().get("alice")).isEqualTo(status(2, 3_000));
        assertThat(store.get("alice")).isEqualTo(status(2, 3_000));
    }

    @Test
    void aUserTheCommittedStoreDoesNotHoldStaysUnknownWhateverIsBuffered() {
        store.put("bob", status(1, 1_000));
        store.buffer("bob", status(1, 4_000), status(1, 1_000));

        assertThat(committedView().get("bob")).isNull();
        assertThat(committedView().all()).toIterable().isEmpty();
    }

    /**
     * Kafka Streams keeps a task's stores open when it turns the active task into a standby and back; the
     * standby writes another instance's changes straight into the store, around the buffer. A query never
     * shows the buffer from the earlier active time over them, and the fold discards it when it starts
     * again (StatusFoldProcessorTest): the next change would otherwise reuse a version.
     */
    @Test
    void aBufferLeftFromBeforeTheStoreWasWrittenAroundItIsNeverShownToAQueryAndGoesWhenDiscarded() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));
        persisted.put("alice", status(3, 2_000));
        persisted.commit();

        assertThat(committedView().get("alice")).isEqualTo(status(3, 2_000));
        assertThat(uncommittedView().all()).toIterable().containsExactly(KeyValue.pair("alice", status(3, 2_000)));
        store.discardBuffer();
        assertThat(store.get("alice")).isEqualTo(status(3, 2_000));
        assertThat(store.persistedUnderBuffer("alice")).isEmpty();
        assertThat(store.isBuffered("alice")).isFalse();
    }

    @Test
    void aDiscardedBufferIsNeverWrittenOverTheNewerRecord() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));
        persisted.put("alice", status(3, 2_000));

        store.discardBuffer();
        store.persistBuffered("alice");

        assertThat(persisted.get("alice")).isEqualTo(status(3, 2_000));
    }

    @Test
    void aBufferStillOnItsBaseIsShownAndWrittenWhenAsked() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));

        assertThat(store.get("alice")).isEqualTo(status(1, 5_000));
        assertThat(store.isBuffered("alice")).isTrue();
        store.persistBuffered("alice");

        assertThat(persisted.get("alice")).isEqualTo(status(1, 5_000));
        assertThat(store.isBuffered("alice")).isFalse();
    }

    @Test
    void aUserDeletedIsGoneWithItsBuffer() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));

        store.delete("alice");

        assertThat(store.get("alice")).isNull();
        assertThat(store.isBuffered("alice")).isFalse();
        assertThat(persisted.get("alice")).isNull();
    }

    @Test
    void theStoresOwnReadTakesTheBufferedRecordWithoutComparingItToThePersistedOne() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));

        assertThat(store.get("alice")).isEqualTo(status(1, 5_000));
        assertThat(persisted.reads).as("no read of the store underneath").isZero();
    }

    /** The engine goes on after a failed write (the record is refused), so the buffer must not outlive it. */
    @Test
    void aWriteThatFailsAfterReachingTheStoreLeavesNoBufferOverIt() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));
        persisted.failAfterNextWrite = true;

        assertThatThrownBy(() -> store.put("alice", status(2, 6_000))).isInstanceOf(IllegalStateException.class);

        assertThat(store.get("alice")).isEqualTo(status(2, 6_000));
        assertThat(store.isBuffered("alice")).isFalse();
    }

    @Test
    void aStoreOpenedAgainStartsWithNoBuffer() {
        store.put("alice", status(1, 1_000));
        store.buffer("alice", status(1, 5_000), status(1, 1_000));

        store.init(null, store);

        assertThat(store.isBuffered("alice")).isFalse();
        assertThat(store.get("alice")).isEqualTo(status(1, 1_000));
    }

    private ReadOnlyKeyValueStore<String, UserStatus> committedView() {
        return store.readOnly(IsolationLevel.READ_COMMITTED);
    }

    private ReadOnlyKeyValueStore<String, UserStatus> uncommittedView() {
        return store.readOnly(IsolationLevel.READ_UNCOMMITTED);
    }

    private static UserStatus status(long version, long lastHeartbeatAt) {
        ClientSession phone = ClientSession.newBuilder().setClientId("phone").setSessionId("s1").setPlatform(Platform.IOS)
                .setState(SessionState.CONNECTED).setLoggedInAt(0L).setLastHeartbeatAt(lastHeartbeatAt).build();
        return UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE).setCustomStatus(null)
                .setStatusChangedAt(0L).setLastSeenAt(lastHeartbeatAt).setLastOnlineAt(null).setVersion(version)
                .setClients(List.of(phone)).build();
    }

    /**
     * A store with a transaction, as Kafka's transactional RocksDB store under exactly-once: writes
     * are read back at once, and by a read-committed view only after {@link #commit}.
     */
    private static final class CommittingStore implements KeyValueStore<String, UserStatus> {

        private final TreeMap<String, UserStatus> written = new TreeMap<>();
        private final TreeMap<String, UserStatus> committed = new TreeMap<>();
        /** Reads of single records, by the buffer or by anyone. */
        private int reads;
        /** The next put writes, then fails, as a store whose changelog send is refused after its RocksDB write. */
        private boolean failAfterNextWrite;

        void commit() {
            committed.clear();
            committed.putAll(written);
        }

        @Override
        public ReadOnlyKeyValueStore<String, UserStatus> readOnly(IsolationLevel isolation) {
            return isolation == IsolationLevel.READ_COMMITTED ? new MapView(committed) : this;
        }

        @Override
        public UserStatus get(String key) {
            reads++;
            return written.get(key);
        }

        @Override
        public KeyValueIterator<String, UserStatus> range(String from, String to) {
            return iterator(written.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, UserStatus> all() {
            return iterator(written);
        }

        @Override
        public long approximateNumEntries() {
            return written.size();
        }

        @Override
        public void put(String key, UserStatus value) {
            written.put(key, value);
            if (failAfterNextWrite) {
                failAfterNextWrite = false;
                throw new IllegalStateException("changelog send refused");
            }
        }

        @Override
        public UserStatus putIfAbsent(String key, UserStatus value) {
            return written.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<String, UserStatus>> entries) {
            entries.forEach(entry -> written.put(entry.key, entry.value));
        }

        @Override
        public UserStatus delete(String key) {
            return written.remove(key);
        }

        @Override
        public String name() {
            return "user-status-store";
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    private record MapView(TreeMap<String, UserStatus> map) implements ReadOnlyKeyValueStore<String, UserStatus> {

        @Override
        public UserStatus get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, UserStatus> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, UserStatus> all() {
            return iterator(map);
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }

    private static KeyValueIterator<String, UserStatus> iterator(Map<String, UserStatus> entries) {
        List<KeyValue<String, UserStatus>> pairs = new ArrayList<>();
        entries.forEach((key, value) -> pairs.add(KeyValue.pair(key, value)));
        return new KeyValueIterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < pairs.size();
            }

            @Override
            public KeyValue<String, UserStatus> next() {
                return pairs.get(next++);
            }

            @Override
            public String peekNextKey() {
                return pairs.get(next).key;
            }

            @Override
            public void close() {
            }
        };
    }
}

package dev.presence.streams.notify;

import dev.presence.schema.Relation;
import dev.presence.streams.notify.WatcherIndex.Progress;
import dev.presence.streams.testing.ByteStores;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher layout alone: {@code watched | 0x00 | watcher} with one byte of relation flags. One
 * user's watchers are one contiguous range, walked in slices that resume where the last one stopped.
 */
@UnitTest
class WatcherIndexTest {

    private static final int SUBSCRIBER = WatcherIndex.flag(Relation.SUBSCRIBER);
    private static final int FRIEND = WatcherIndex.flag(Relation.FRIEND);

    @RegisterExtension
    final ByteStores stores = new ByteStores();

    private KeyValueStore<Bytes, byte[]> store;

    private WatcherIndex index(ByteStores.Kind kind) {
        store = stores.open(kind);
        return new WatcherIndex(store);
    }

    private static Map<String, Integer> all(WatcherIndex index, String watched) {
        Map<String, Integer> watchers = new LinkedHashMap<>();
        Progress progress = index.walk(watched, Optional.empty(), Integer.MAX_VALUE, watchers::put);
        assertThat(progress.finished()).isTrue();
        assertThat(progress.visited()).isEqualTo(watchers.size());
        return watchers;
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aFriendWhoIsAlsoASubscriberIsOneWatcherWithBothFlags(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        index.update("u1", "w", Relation.SUBSCRIBER, true);
        index.update("u1", "w", Relation.FRIEND, true);
        index.update("u1", "w", Relation.FRIEND, true);

        assertThat(SUBSCRIBER & FRIEND).as("distinct flags").isZero();
        assertThat(all(index, "u1")).containsExactly(Map.entry("w", SUBSCRIBER | FRIEND));

        index.update("u1", "w", Relation.SUBSCRIBER, false);
        assertThat(all(index, "u1")).containsExactly(Map.entry("w", FRIEND));

        index.update("u1", "w", Relation.FRIEND, false);
        assertThat(all(index, "u1")).isEmpty();
        try (var everything = store.all()) {
            assertThat(everything.hasNext()).as("the last relation removed deletes the key").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void removingARelationThatIsNotThereChangesNothing(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        index.update("u1", "w", Relation.FRIEND, false);
        index.update("u1", "v", Relation.SUBSCRIBER, true);
        index.update("u1", "v", Relation.FRIEND, false);

        assertThat(all(index, "u1")).containsExactly(Map.entry("v", SUBSCRIBER));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aWalkStaysWithinTheWatchedUserWhenIdsArePrefixesOfEachOther(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        index.update("u", "of-u", Relation.SUBSCRIBER, true);
        index.update("u1", "of-u1", Relation.SUBSCRIBER, true);
        index.update("u10", "of-u10", Relation.SUBSCRIBER, true);
        index.update("u1x", "of-u1x", Relation.SUBSCRIBER, true);

        assertThat(all(index, "u").keySet()).containsExactly("of-u");
        assertThat(all(index, "u1").keySet()).containsExactly("of-u1");
        assertThat(all(index, "u10").keySet()).containsExactly("of-u10");
        assertThat(all(index, "u2")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void watchersComeInUnsignedByteOrderWithMultiByteAndMaximumLengthIds(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        String watched = "é".repeat(64);
        String longest = "😀".repeat(32);
        for (String watcher : List.of(longest, "é", "b", "ab", "a")) {
            index.update(watched, watcher, Relation.FRIEND, true);
        }

        assertThat(all(index, watched).keySet()).containsExactly("a", "ab", "b", "é", longest);
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aWalkInSlicesResumesAfterTheLastWatcherAndVisitsEachOnce(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        // "w" is a prefix of "w1" and "w10": resuming after "w" must not skip them.
        for (String watcher : List.of("w", "w1", "w10", "w2", "x")) {
            index.update("u1", watcher, Relation.SUBSCRIBER, true);
        }

        List<String> visited = new ArrayList<>();
        List<Progress> slices = new ArrayList<>();
        Optional<String> resumeAfter = Optional.empty();
        do {
            Progress progress = index.walk("u1", resumeAfter, 2, (watcher, flags) -> visited.add(watcher));
            slices.add(progress);
            resumeAfter = progress.stoppedAfter();
        } while (resumeAfter.isPresent());

        assertThat(visited).containsExactly("w", "w1", "w10", "w2", "x");
        assertThat(slices).containsExactly(new Progress(Optional.of("w1"), 2), new Progress(Optional.of("w2"), 2),
                new Progress(Optional.empty(), 1));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aSliceThatEndsExactlyAtTheLastWatcherIsFinished(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        index.update("u1", "a", Relation.SUBSCRIBER, true);
        index.update("u1", "b", Relation.SUBSCRIBER, true);

        assertThat(index.walk("u1", Optional.empty(), 2, (watcher, flags) -> { })).isEqualTo(new Progress(Optional.empty(), 2));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void resumingAfterAWatcherRemovedMeanwhileGoesOnWithTheNextOne(ByteStores.Kind kind) {
        WatcherIndex index = index(kind);
        for (String watcher : List.of("a", "b", "c")) {
            index.update("u1", watcher, Relation.SUBSCRIBER, true);
        }
        Progress first = index.walk("u1", Optional.empty(), 2, (watcher, flags) -> { });
        index.update("u1", "b", Relation.SUBSCRIBER, false);

        List<String> rest = new ArrayList<>();
        index.walk("u1", first.stoppedAfter(), 2, (watcher, flags) -> rest.add(watcher));

        assertThat(first.stoppedAfter()).contains("b");
        assertThat(rest).containsExactly("c");
    }
}

package dev.presence.streams.index;

import dev.presence.streams.index.TimeOrderedIndex.Entry;
import dev.presence.streams.testing.ByteStores;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key layout {@code deadline (8 bytes, big-endian) | id} alone, in both kinds of store: due entries
 * come out in time order whatever the ids and whatever order they were filed in.
 */
@UnitTest
class TimeOrderedIndexTest {

    @RegisterExtension
    final ByteStores stores = new ByteStores();

    private TimeOrderedIndex index(ByteStores.Kind kind) {
        return new TimeOrderedIndex(stores.open(kind));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> deadlines(List<Entry> entries) {
        return entries.stream().map(Entry::deadline).toList();
    }

    private static List<String> ids(List<Entry> entries) {
        return entries.stream().map(e -> new String(e.id(), StandardCharsets.UTF_8)).toList();
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void dueEntriesComeOutEarliestFirstAcrossEveryByteOfTheDeadline(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        // Neighbours differ in a different byte of the big-endian long; filed latest first.
        List<Long> times = List.of(0L, 1L, 127L, 128L, 255L, 256L, 1L << 31, (1L << 32) - 1, 1L << 32,
                (1L << 56) - 1, 1L << 56, Long.MAX_VALUE - 1);
        for (int i = times.size() - 1; i >= 0; i--) {
            index.put(times.get(i), utf8("id"), new byte[0]);
        }

        assertThat(deadlines(index.peekDue(Long.MAX_VALUE - 1, 100))).isEqualTo(times);
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void anEntryIsDueAtItsDeadlineNotAMillisecondBefore(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        index.put(1_000, utf8("a"), new byte[0]);

        assertThat(index.peekDue(999, 10)).isEmpty();
        assertThat(deadlines(index.peekDue(1_000, 10))).containsExactly(1_000L);
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aSweepAtTheEndOfTimeFindsEveryEntryTheLastPossibleDeadlineToo(ByteStores.Kind kind) {
        // now + 1 overflows here: the scan bound must still be above every non-negative deadline.
        TimeOrderedIndex index = index(kind);
        index.put(Long.MAX_VALUE, utf8("last"), new byte[0]);
        index.put(0, utf8("first"), new byte[0]);

        assertThat(ids(index.peekDue(Long.MAX_VALUE, 10))).containsExactly("first", "last");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aNegativeDeadlineSortsAfterEveryOtherAndIsNeverDue(ByteStores.Kind kind) {
        // Deadlines are record times plus a positive duration, and a record time is never negative (the
        // engine's timestamp extractor refuses negative and absurd ones): a negative deadline is out of
        // the layout's range, its sign bit puts it past every real deadline.
        TimeOrderedIndex index = index(kind);
        index.put(-1, utf8("negative"), new byte[0]);
        index.put(Long.MIN_VALUE, utf8("min"), new byte[0]);
        index.put(5, utf8("five"), new byte[0]);

        assertThat(ids(index.peekDue(5, 10))).containsExactly("five");
        assertThat(ids(index.peekDue(Long.MAX_VALUE, 10))).containsExactly("five");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void atOneDeadlineIdsComeInUnsignedByteOrderAndPrefixesStayApart(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        // "é" is 0xC3 0xA9: after "z" as unsigned bytes (before everything if bytes were signed).
        for (String id : List.of("é", "z", "u10", "u1", "u", "😀")) {
            index.put(7, utf8(id), utf8("value of " + id));
        }

        List<Entry> due = index.peekDue(7, 10);

        assertThat(ids(due)).containsExactly("u", "u1", "u10", "z", "é", "😀");
        assertThat(due).allSatisfy(e -> assertThat(new String(e.value(), StandardCharsets.UTF_8))
                .isEqualTo("value of " + new String(e.id(), StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void removingAnIdLeavesTheIdsItIsAPrefixOfAndTheSameIdUnderOtherDeadlines(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        index.put(7, utf8("u1"), new byte[0]);
        index.put(7, utf8("u10"), new byte[0]);
        index.put(8, utf8("u1"), new byte[0]);

        index.remove(7, utf8("u1"));
        index.remove(9, utf8("u10"));

        assertThat(index.peekDue(10, 10)).extracting(e -> e.deadline() + ":" + new String(e.id(), StandardCharsets.UTF_8))
                .containsExactly("7:u10", "8:u1");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void theBudgetBoundsEachScanAndTakingLeavesTheRestForTheNext(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        for (int i = 5; i >= 1; i--) {
            index.put(i, utf8("e" + i), new byte[0]);
        }

        assertThat(deadlines(index.peekDue(10, 2))).containsExactly(1L, 2L);
        assertThat(deadlines(index.peekDue(10, 2))).as("a peek leaves them").containsExactly(1L, 2L);
        assertThat(deadlines(index.takeDue(10, 2))).containsExactly(1L, 2L);
        assertThat(deadlines(index.takeDue(10, 2))).containsExactly(3L, 4L);
        assertThat(deadlines(index.takeDue(4, 2))).as("5 is not due at 4").isEmpty();
        assertThat(deadlines(index.takeDue(10, 2))).containsExactly(5L);
        assertThat(index.takeDue(Long.MAX_VALUE, 2)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void filingTheSameIdAtTheSameDeadlineReplacesItsValue(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        index.put(3, utf8("a"), utf8("old"));
        index.put(3, utf8("a"), utf8("new"));

        List<Entry> due = index.peekDue(3, 10);

        assertThat(due).hasSize(1);
        assertThat(new String(due.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void longIdsOfMultiByteCharactersComeBackWhole(ByteStores.Kind kind) {
        TimeOrderedIndex index = index(kind);
        String longest = "😀".repeat(32) + "é".repeat(64);
        index.put(1, utf8(longest), new byte[0]);

        assertThat(ids(index.peekDue(1, 1))).containsExactly(longest);
    }
}

package dev.presence.streams.index;

import dev.presence.streams.index.SessionDeadlineIndex.Deadline;
import dev.presence.streams.testing.ByteStores;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session deadline layout alone: id {@code userId | 0x00 | clientId}, value
 * {@code lastHeartbeatAt | sessionId}. Every field must come back as filed, and one session's entry
 * must never be confused with another's, whatever the ids.
 */
@UnitTest
class SessionDeadlineIndexTest {

    @RegisterExtension
    final ByteStores stores = new ByteStores();

    private SessionDeadlineIndex index(ByteStores.Kind kind) {
        return new SessionDeadlineIndex(stores.open(kind));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void anEntryComesBackWithEveryFieldAsFiled(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        index.put(400_000, "u1", "c1", "s1", 1_234);

        assertThat(index.due(400_000, 10)).containsExactly(new Deadline(400_000, "u1", "c1", "s1", 1_234));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void idsThatWouldRunTogetherWithoutTheSeparatorStayApart(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        index.put(5, "ab", "c", "s1", 1);
        index.put(5, "a", "bc", "s2", 2);
        index.put(5, "u1", "c10", "s3", 3);
        index.put(5, "u1", "c1", "s4", 4);
        index.put(5, "u10", "c1", "s5", 5);

        assertThat(index.due(5, 10)).containsExactly(
                new Deadline(5, "a", "bc", "s2", 2),
                new Deadline(5, "ab", "c", "s1", 1),
                new Deadline(5, "u1", "c1", "s4", 4),
                new Deadline(5, "u1", "c10", "s3", 3),
                new Deadline(5, "u10", "c1", "s5", 5));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void multiByteAndMaximumLengthIdsComeBackWhole(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        // 128 UTF-8 bytes each: the longest id a reader accepts.
        String user = "😀".repeat(32);
        String client = "é".repeat(64);
        String session = "€".repeat(42) + "ab";
        index.put(9, user, client, session, Long.MAX_VALUE - 400_000);

        assertThat(index.due(9, 1)).containsExactly(new Deadline(9, user, client, session, Long.MAX_VALUE - 400_000));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void entriesComeOutByDeadlineThenByUserAndClient(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        index.put(300, "u1", "c1", "s", 0);
        index.put(100, "u2", "c1", "s", 0);
        index.put(200, "u1", "c2", "s", 0);
        index.put(100, "u1", "c9", "s", 0);

        assertThat(index.due(250, 10)).extracting(d -> d.deadline() + " " + d.userId() + "/" + d.clientId())
                .containsExactly("100 u1/c9", "100 u2/c1", "200 u1/c2");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void dueLeavesEntriesInPlaceUntilRemovedOrMoved(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        index.put(100, "u1", "c1", "s1", 10);
        index.put(100, "u1", "c2", "s1", 10);
        Deadline first = index.due(100, 1).get(0);

        assertThat(index.due(100, 10)).hasSize(2);
        index.move(first, 500, 100);
        index.remove(100, "u1", "c2");

        assertThat(index.due(499, 10)).isEmpty();
        assertThat(index.due(500, 10)).containsExactly(new Deadline(500, "u1", "c1", "s1", 100));
        index.remove(index.due(500, 10).get(0));
        assertThat(index.due(Long.MAX_VALUE, 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void removingUnderAnotherDeadlineOrAnotherClientLeavesTheEntry(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        index.put(100, "u1", "c1", "s1", 10);

        index.remove(101, "u1", "c1");
        index.remove(100, "u1", "c");
        index.remove(100, "u", "1c1");

        assertThat(index.due(100, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void theBudgetBoundsHowManyComeBack(ByteStores.Kind kind) {
        SessionDeadlineIndex index = index(kind);
        for (int i = 0; i < 5; i++) {
            index.put(i, "u" + i, "c", "s", 0);
        }

        List<Deadline> due = index.due(10, 3);

        assertThat(due).extracting(Deadline::userId).containsExactly("u0", "u1", "u2");
    }
}

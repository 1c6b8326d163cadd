package dev.presence.streams.subscribe;

import dev.presence.streams.testing.ByteStores;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription expiry layout alone: {@code deadline | subscriber}, taken earliest first. */
@UnitTest
class SubscriptionExpiryIndexTest {

    @RegisterExtension
    final ByteStores stores = new ByteStores();

    private SubscriptionExpiryIndex index(ByteStores.Kind kind) {
        return new SubscriptionExpiryIndex(stores.open(kind));
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void subscribersAreTakenByDeadlineAndOnlyOnce(ByteStores.Kind kind) {
        SubscriptionExpiryIndex index = index(kind);
        index.schedule(86_400_000L * 2, "late");
        index.schedule(86_400_000L, "early");
        index.schedule(1L << 40, "much later");

        assertThat(index.takeDue(86_400_000L * 2, 10)).containsExactly("early", "late");
        assertThat(index.takeDue(86_400_000L * 2, 10)).isEmpty();
        assertThat(index.takeDue(Long.MAX_VALUE, 10)).containsExactly("much later");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void subscribersWhoseIdsArePrefixesOfEachOtherAreTakenApart(ByteStores.Kind kind) {
        SubscriptionExpiryIndex index = index(kind);
        index.schedule(10, "u10");
        index.schedule(10, "u1");
        index.schedule(10, "u");

        assertThat(index.takeDue(10, 2)).containsExactly("u", "u1");
        assertThat(index.takeDue(10, 2)).containsExactly("u10");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void aSubscriberScheduledTwiceIsTwoHintsAndComesBackTwice(ByteStores.Kind kind) {
        // Entries are hints: the sweep checks the subscriber before deciding, so a duplicate costs a lookup only.
        SubscriptionExpiryIndex index = index(kind);
        index.schedule(10, "u1");
        index.schedule(20, "u1");
        index.schedule(20, "u1");

        assertThat(index.takeDue(30, 10)).containsExactly("u1", "u1");
    }

    @ParameterizedTest
    @EnumSource(ByteStores.Kind.class)
    void multiByteAndMaximumLengthSubscribersComeBackWhole(ByteStores.Kind kind) {
        SubscriptionExpiryIndex index = index(kind);
        String longest = "😀".repeat(32);
        index.schedule(1, longest);
        index.schedule(1, "é");
        index.schedule(1, "z");

        assertThat(index.takeDue(1, 10)).containsExactly("z", "é", longest);
    }
}

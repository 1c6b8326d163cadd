package dev.presence.api.notify;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** One reader stuck in a write must cost the others nothing, and the thread handing notifications in never waits. */
@UnitTest
class NotificationFanoutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int CAPACITY = 10;

    private final NotificationFanout fanout = new NotificationFanout(CAPACITY);
    private final CountDownLatch unstick = new CountDownLatch(1);

    @AfterEach
    void close() {
        unstick.countDown();
        fanout.close();
    }

    @Test
    void aReaderStuckInAWriteIsDroppedWhileTheOthersGetEverythingInOrder() {
        Recording stuck = new Recording(unstick);
        Recording reading = new Recording(null);
        fanout.register("alice", stuck);
        fanout.register("alice", reading);

        // Far more than the stuck reader's mailbox holds, at the pace the reading one takes them;
        // handing them in must never wait for the stuck one.
        assertTimeoutPreemptively(PATIENCE, () -> LongStream.rangeClosed(1, 100).forEach(version -> {
            fanout.deliver("alice", notification("alice", version));
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(PATIENCE)
                    .until(() -> reading.versions.size() == version);
        }));

        assertThat(reading.versions).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        await().atMost(PATIENCE).until(() -> stuck.disconnects.get() == 1);
        assertThat(fanout.readerCount()).as("the stuck reader is unregistered").isEqualTo(1);
        assertThat(stuck.versions).as("it got at most the first, where it stuck").hasSizeLessThanOrEqualTo(1);
        assertThat(reading.disconnects).hasValue(0);
    }

    @Test
    void readersOfOtherUsersAreNotTouchedAndKeepAlivesReachEveryone() {
        Recording alice = new Recording(null);
        Recording bob = new Recording(null);
        fanout.register("bob", bob);
        fanout.register("alice", alice);

        fanout.deliver("alice", notification("alice", 1));
        fanout.keepAlive();

        await().atMost(PATIENCE).until(() -> alice.keepAlives.get() == 1 && bob.keepAlives.get() == 1);
        assertThat(alice.versions).containsExactly(1L);
        assertThat(bob.versions).isEmpty();
        assertThat(fanout.hasReaders("bob")).isTrue();
        assertThat(fanout.hasReaders("carol")).isFalse();
    }

    @Test
    void disconnectAllEndsEveryStreamAndAClosedRegistrationGetsNothingMore() throws Exception {
        Recording alice = new Recording(null);
        Recording bob = new Recording(null);
        fanout.register("alice", alice);
        AutoCloseable bobs = fanout.register("bob", bob);

        bobs.close();
        fanout.deliver("bob", notification("bob", 1));
        fanout.disconnectAll();

        assertThat(alice.disconnects).hasValue(1);
        assertThat(bob.disconnects).as("already gone").hasValue(0);
        assertThat(bob.versions).isEmpty();
        assertThat(fanout.readerCount()).isZero();
    }

    @Test
    void aUserMayHoldOnlySoManyStreamsAndAClosedOneFreesItsPlace() throws Exception {
        NotificationFanout capped = new NotificationFanout(CAPACITY, new NotificationLimits(2, 100, 2));
        try {
            AutoCloseable first = capped.register("alice", new Recording(null));
            capped.register("alice", new Recording(null));

            assertThatThrownBy(() -> capped.register("alice", new Recording(null)))
                    .isInstanceOf(StreamLimitException.class).hasMessageContaining("notifications.max.streams.per.user");
            assertThatThrownBy(() -> capped.requireRoomFor("alice")).isInstanceOf(StreamLimitException.class);
            capped.register("bob", new Recording(null));
            assertThat(capped.readerCount()).isEqualTo(3);

            first.close();
            first.close();
            assertThat(capped.readerCount()).as("closing twice frees one place").isEqualTo(2);
            capped.requireRoomFor("alice");
            capped.register("alice", new Recording(null));
        } finally {
            capped.close();
        }
    }

    @Test
    void theInstanceHoldsOnlySoManyStreamsInAll() throws Exception {
        NotificationFanout capped = new NotificationFanout(CAPACITY, new NotificationLimits(8, 3, 2));
        try {
            AutoCloseable alice = capped.register("alice", new Recording(null));
            capped.register("bob", new Recording(null));
            capped.register("carol", new Recording(null));

            assertThatThrownBy(() -> capped.register("dave", new Recording(null)))
                    .isInstanceOf(StreamLimitException.class).hasMessageContaining("notifications.max.streams");
            assertThatThrownBy(() -> capped.requireRoomFor("dave")).isInstanceOf(StreamLimitException.class);
            assertThat(capped.readerCount()).isEqualTo(3);
            alice.close();
            capped.register("dave", new Recording(null));
        } finally {
            capped.close();
        }
    }

    @Test
    void aStreamRegisteredWhileTheUsersLastOneIsRemovedIsNeverLost() throws Exception {
        // The old code took the user's set, then added to it: a removal of the last stream in
        // between dropped that set from the map, and the new stream with it (it got nothing, ever).
        NotificationFanout fanout = new NotificationFanout(CAPACITY, new NotificationLimits(8, 100_000, 2));
        try {
            for (int round = 0; round < 2_000; round++) {
                AutoCloseable last = fanout.register("alice", new Recording(null));
                Recording newcomer = new Recording(null);
                CountDownLatch go = new CountDownLatch(1);
                Thread closer = new Thread(() -> {
                    awaitLatch(go);
                    closeQuietly(last);
                });
                closer.start();
                go.countDown();
                AutoCloseable registered = fanout.register("alice", newcomer);
                closer.join();

                assertThat(fanout.hasReaders("alice")).as("round %d", round).isTrue();
                assertThat(fanout.readerCount()).as("round %d", round).isEqualTo(1);
                registered.close();
                assertThat(fanout.hasReaders("alice")).isFalse();
            }
        } finally {
            fanout.close();
        }
    }

    @Test
    void aStreamEndsWhenItsCredentialExpiresAndNotBefore() throws Exception {
        Instant expiry = Instant.parse("2030-01-01T12:00:00Z");
        Recording expiring = new Recording(null);
        Recording forever = new Recording(null);
        Recording later = new Recording(null);
        fanout.register("alice", expiring, expiry);
        fanout.register("alice", forever, null);
        AutoCloseable closedEarly = fanout.register("bob", later, expiry.plusSeconds(60));
        assertThat(fanout.expiringCount()).isEqualTo(2);

        fanout.closeExpired(expiry.minusMillis(1));
        assertThat(fanout.readerCount()).isEqualTo(3);

        fanout.closeExpired(expiry);
        await().atMost(PATIENCE).until(() -> expiring.disconnects.get() == 1);
        assertThat(expiring.expiries).hasValue(1);
        assertThat(fanout.readerCount()).isEqualTo(2);
        assertThat(forever.disconnects).hasValue(0);
        assertThat(later.disconnects).hasValue(0);

        closedEarly.close();
        assertThat(fanout.expiringCount()).as("a stream closed by its client leaves the index").isZero();
        fanout.closeExpired(expiry.plus(Duration.ofDays(1)));
        assertThat(forever.disconnects).hasValue(0);
        assertThat(later.expiries).hasValue(0);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Notification notification(String userId, long version) {
        return Notification.newBuilder().setRecipient(userId).setChanges(List.of(StatusView.newBuilder()
                .setUserId(userId).setStatus(Status.ONLINE).setVersion(version).setChangedAt(version)
                .setReason(ChangeReason.CUSTOM_STATUS).build())).build();
    }

    /** Records what it is given; with a latch, the first write blocks on it, as a write to a stalled socket does. */
    private static final class Recording implements NotificationListener {

        final List<Long> versions = new CopyOnWriteArrayList<>();
        final AtomicInteger keepAlives = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();
        final AtomicInteger expiries = new AtomicInteger();
        private final CountDownLatch blockOn;

        Recording(CountDownLatch blockOn) {
            this.blockOn = blockOn;
        }

        @Override
        public void deliver(Notification notification) {
            versions.add(notification.getChanges().get(0).getVersion());
            if (blockOn != null) {
                try {
                    blockOn.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void keepAlive() {
            keepAlives.incrementAndGet();
        }

        @Override
        public void credentialExpired() {
            expiries.incrementAndGet();
        }

        @Override
        public void disconnect() {
            disconnects.incrementAndGet();
        }
    }
}

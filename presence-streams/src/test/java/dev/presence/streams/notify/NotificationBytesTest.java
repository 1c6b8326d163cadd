package dev.presence.streams.notify;

import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.testkit.UnitTest;
import dev.presence.testkit.property.Gen;
import dev.presence.testkit.property.PropertyRunner;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proof that splicing changes nothing on the wire: for every kind of change and recipient, the
 * spliced value is the plain serializer's bytes for the same notification, in both formats, and the
 * normal reader reads it back as that notification.
 */
@UnitTest
class NotificationBytesTest {

    /** Strings of every shape an id or a custom status can take, from empty to thousands of bytes. */
    private static final Gen<String> TEXT = Gen.oneOf(
            Gen.of("", "a", "alice", "x".repeat(63), "x".repeat(64), "é".repeat(32), "x".repeat(8191), "x".repeat(8192),
                    "\"", "\\", "a\"b\\c", "\n\r\t\b\f", "\u0000", "\u001f", "\u007f", "\u0080", "/", "</script>",
                    "\u2028\u2029", "日本語のユーザー", "😀", "a😀b", "e\u0301", "\uFEFF", "\uFFFF", "𝄞".repeat(40)),
            random -> {
                int length = random.nextInt(0, 300);
                StringBuilder text = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    text.appendCodePoint(codePoint(random));
                }
                return text.toString();
            });

    private static final Gen<StatusView> VIEWS = random -> StatusView.newBuilder()
            .setUserId(TEXT.next(random))
            .setStatus(Gen.of(Status.values()).next(random))
            .setCustomStatus(Gen.oneOf(Gen.<String>just(null), Gen.just(""), Gen.just("€".repeat(33) + "x"),
                    Gen.just("b".repeat(100)), TEXT).next(random))
            .setVersion(Gen.oneOf(Gen.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE),
                    RandomGenerator::nextLong).next(random))
            .setChangedAt(Gen.oneOf(Gen.of(0L, 1_767_225_600_000L, Long.MAX_VALUE, Long.MIN_VALUE),
                    RandomGenerator::nextLong).next(random))
            .setReason(Gen.of(ChangeReason.values()).next(random))
            .build();

    private record Case(StatusView view, List<String> recipients) {
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void splicedBytesAreThePlainSerializersBytesForEveryChangeAndRecipient(WireFormat format) {
        Gen<Case> cases = random -> new Case(VIEWS.next(random), TEXT.list(1, 6).next(random));
        PropertyRunner.forAll(cases).tries(2_000).named("spliced notification, " + format).check(c -> {
            // One encoding serves every recipient in turn: the shared part is never changed by a recipient.
            NotificationBytes change = NotificationBytes.of(c.view(), format);
            for (String recipient : c.recipients()) {
                assertSameAsPlain(change.to(recipient), recipient, c.view(), format);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyStatusAndReasonWithEveryKindOfCustomStatus(WireFormat format) {
        List<String> customStatuses = Arrays.asList(null, "", "In a meeting", "ünïcödé 日本 😀", "c".repeat(100),
                "€".repeat(33) + "x");
        for (Status status : Status.values()) {
            for (ChangeReason reason : ChangeReason.values()) {
                for (String customStatus : customStatuses) {
                    StatusView view = StatusView.newBuilder().setUserId("star").setStatus(status)
                            .setCustomStatus(customStatus).setVersion(7).setChangedAt(1_767_225_600_123L)
                            .setReason(reason).build();
                    NotificationBytes change = NotificationBytes.of(view, format);
                    for (String recipient : List.of("bob", "", "ß".repeat(128), "fan-99999", "用户")) {
                        assertSameAsPlain(change.to(recipient), recipient, view, format);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void recipientLengthsAcrossEveryVarintWidth(WireFormat format) {
        StatusView view = view("star");
        NotificationBytes change = NotificationBytes.of(view, format);
        // Avro lengths are zig-zag varints: one byte up to 63, two up to 8191, three up to 1,048,575, then four.
        for (int length : new int[]{0, 1, 63, 64, 65, 8191, 8192, 1_048_575, 1_048_576}) {
            String recipient = "r".repeat(length);
            assertSameAsPlain(change.to(recipient), recipient, view, format);
        }
    }

    @Test
    void theAvroValueIsTheHeaderTheRecipientAndTheChangesInThatOrder() {
        StatusView view = view("star");
        byte[] plainForEmpty = plain(WireFormat.AVRO, "", view);
        byte[] spliced = NotificationBytes.of(view, WireFormat.AVRO).to("bob");

        assertThat(Arrays.copyOf(spliced, 10)).isEqualTo(Arrays.copyOf(plainForEmpty, 10));
        assertThat(Arrays.copyOfRange(spliced, 10, 14)).containsExactly(6, 'b', 'o', 'b');
        assertThat(Arrays.copyOfRange(spliced, 14, spliced.length))
                .isEqualTo(Arrays.copyOfRange(plainForEmpty, 11, plainForEmpty.length));
    }

    @Test
    void theJsonValueIsTheRecipientThenTheChanges() {
        StatusView view = StatusView.newBuilder().setUserId("star").setStatus(Status.UNLOGINED).setCustomStatus(null)
                .setVersion(3).setChangedAt(5).setReason(ChangeReason.SNAPSHOT).build();

        assertThat(new String(NotificationBytes.of(view, WireFormat.JSON).to("b\"o\\b\n"), StandardCharsets.UTF_8))
                .isEqualTo("{\"recipient\":\"b\\\"o\\\\b\\n\",\"changes\":[{\"userId\":\"star\",\"status\":\"UNLOGINED\","
                        + "\"customStatus\":null,\"version\":3,\"changedAt\":5,\"reason\":\"SNAPSHOT\"}]}");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aLoneSurrogateInTheRecipientIsWrittenOrRefusedAsThePlainSerializerDoes(WireFormat format) {
        // A lone surrogate is no valid text; ids are read from valid UTF-8, so it cannot come from input, but
        // if one did, splicing must neither hide nor invent a failure.
        StatusView view = view("star");
        for (String recipient : List.of("\uD800", "a\uDC00b", "\uDBFF\uDBFF")) {
            Optional<Class<?>> plainFailure = failureOf(() -> plain(format, recipient, view));
            Optional<Class<?>> splicedFailure = failureOf(() -> NotificationBytes.of(view, format).to(recipient));
            assertThat(splicedFailure).as("failure for %s", recipient).isEqualTo(plainFailure);
            if (plainFailure.isEmpty()) {
                // Written, it reads back as whatever the writer made of the lone surrogate (Avro: '?'), both ways.
                byte[] spliced = NotificationBytes.of(view, format).to(recipient);
                assertThat(spliced).isEqualTo(plain(format, recipient, view));
                assertThat(read(spliced)).isEqualTo(read(plain(format, recipient, view)));
            }
        }
    }

    @Test
    void theChangeIsEncodedOnlyWhenARecipientAsksForIt() {
        // A view no writer can encode (a required field left null) fails on the first recipient, not before:
        // a change nobody else hears is never encoded for watchers.
        StatusView unwritable = view("star");
        unwritable.setStatus(null);
        NotificationBytes change = NotificationBytes.of(unwritable, WireFormat.AVRO);
        assertThatThrownBy(() -> change.to("bob")).isInstanceOf(RuntimeException.class);
    }

    private static void assertSameAsPlain(byte[] spliced, String recipient, StatusView view, WireFormat format) {
        assertThat(spliced).as("%s notification to %s", format, recipient).isEqualTo(plain(format, recipient, view));
        assertThat(read(spliced)).isEqualTo(Notifications.to(recipient, view));
    }

    /** As a consumer reads the notifications topic. */
    private static Notification read(byte[] value) {
        return PresenceTopics.NOTIFICATIONS.valueDeserializer().deserialize(Topics.NOTIFICATIONS, value);
    }

    private static byte[] plain(WireFormat format, String recipient, StatusView view) {
        Serializer<Notification> serializer = OutputSerde.serializer(format);
        return serializer.serialize(Topics.NOTIFICATIONS, Notifications.to(recipient, view));
    }

    private static Optional<Class<?>> failureOf(Runnable encoding) {
        try {
            encoding.run();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getClass());
        }
    }

    private static StatusView view(String userId) {
        return StatusView.newBuilder().setUserId(userId).setStatus(Status.ONLINE).setCustomStatus("here")
                .setVersion(42).setChangedAt(1_767_225_600_000L).setReason(ChangeReason.LOGIN).build();
    }

    /** Mostly ASCII (the common case and every character JSON escapes), then any plane, surrogate pairs included. */
    private static int codePoint(RandomGenerator random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0, 0x80);
            case 1 -> random.nextInt(0x20, 0x7F);
            case 2 -> random.nextInt(0x80, 0x800);
            default -> {
                int codePoint = random.nextInt(0x800, Character.MAX_CODE_POINT + 1);
                yield Character.isSurrogate((char) codePoint) && codePoint < 0x10000 ? 'x' : codePoint;
            }
        };
    }
}

package dev.presence.bench.fuzz;

import dev.presence.bench.fuzz.AvroLayout.Slot;
import dev.presence.bench.fuzz.AvroLayout.Varint;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Notification;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.EventType;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Status;
import dev.presence.core.codec.AvroCodec;
import org.apache.avro.specific.SpecificRecord;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of a seed's Avro single-object encoding: bit flips in the header and in the body,
 * truncations, a length, count or index set to an extreme zig-zag varint, a varint that never ends,
 * a foreign fingerprint (random, or another schema's record on the wrong topic), bytes appended.
 */
final class AvroMutations {

    /** Lengths and counts a hostile producer picks: past the record, past an int, negative. */
    private static final long[] EXTREMES = {Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE,
            1L << 31, -1, 1L << 40, Integer.MAX_VALUE - 8, 100_000_000, -100_000_000};
    private static final int OPERATORS = 9;

    private AvroMutations() {
    }

    static Mutation mutate(Seed seed, SplittableRandom random) {
        AvroLayout layout = AvroLayout.of(seed.record());
        byte[] bytes = layout.bytes();
        String where = "avro/" + seed.topic().replace("presence.", "") + " ";
        int body = bytes.length - AvroLayout.HEADER_BYTES;
        switch (random.nextInt(OPERATORS)) {
            case 0 -> {
                // Not c3 01 any more (read as JSON, and not JSON), or a fingerprint no schema has.
                flip(bytes, random.nextInt(AvroLayout.HEADER_BYTES), random);
                return Mutation.mustReject(where + "bit flip in the header", bytes);
            }
            case 1 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    flip(bytes, AvroLayout.HEADER_BYTES + random.nextInt(body), random);
                }
                return Mutation.either(where + "bit flips in the body", bytes);
            }
            case 2 -> {
                // Every field is read to its end, so a body missing its last bytes cannot be read.
                return Mutation.mustReject(where + "truncated",
                        Arrays.copyOf(bytes, AvroLayout.HEADER_BYTES + random.nextInt(body)));
            }
            case 3, 4 -> {
                return extremeVarint(layout, random, where);
            }
            case 5 -> {
                List<Varint> varints = layout.varints();
                Varint at = varints.get(random.nextInt(varints.size()));
                byte[] endless = new byte[11];
                Arrays.fill(endless, (byte) 0xFF);
                byte[] out = new byte[bytes.length - at.length() + endless.length];
                System.arraycopy(bytes, 0, out, 0, at.offset());
                System.arraycopy(endless, 0, out, at.offset(), endless.length);
                System.arraycopy(bytes, at.offset() + at.length(), out, at.offset() + endless.length,
                        bytes.length - at.offset() - at.length());
                return Mutation.mustReject(where + "varint that never ends", out);
            }
            case 6 -> {
                for (int i = 2; i < AvroLayout.HEADER_BYTES; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                return Mutation.mustReject(where + "random fingerprint", bytes);
            }
            case 7 -> {
                return Mutation.mustReject(where + "another schema's record", AvroCodec.encode(foreign(seed, random)));
            }
            default -> {
                byte[] out = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                for (int i = bytes.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                return Mutation.either(where + "bytes appended", out);
            }
        }
    }

    private static Mutation extremeVarint(AvroLayout layout, SplittableRandom random, String where) {
        List<Varint> varints = layout.varints();
        Varint at = varints.get(random.nextInt(varints.size()));
        long value = EXTREMES[random.nextInt(EXTREMES.length)];
        byte[] out = layout.withVarint(at, value);
        String name = where + "extreme " + at.slot().name().toLowerCase().replace('_', ' ');
        return switch (at.slot()) {
            // A string needs that many bytes after it, a union or enum has no such branch or symbol.
            case STRING_LENGTH, BYTES_LENGTH, UNION_INDEX, ENUM_INDEX -> Mutation.mustReject(name, out);
            // A positive count needs at least one byte per item; a negative one announces a block with a byte size, which may read.
            case ARRAY_COUNT -> Mutation.of(name + (value > 0 ? "" : " (negative)"), value > 0, out);
            // A timestamp of any value is a long: the engine rejects or clamps the absurd ones, both fine.
            case INT_VALUE, LONG_VALUE -> Mutation.either(name, out);
        };
    }

    /** A valid record of another schema: Avro of the wrong type on this topic. */
    private static SpecificRecord foreign(Seed seed, SplittableRandom random) {
        String user = seed.userId();
        List<SpecificRecord> others = List.of(
                PresenceEvent.newBuilder().setType(EventType.LOGOUT).setUserId(user).setClientId("c1").build(),
                SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.UNSUBSCRIBE_ALL).setUserId(user).build(),
                FriendshipEvent.newBuilder().setType(FriendshipEventType.FRIEND_ADDED).setUserId(user).setFriendId(user + "f").build(),
                UserStatus.newBuilder().setUserId(user).setStatus(Status.ONLINE).setVersion(1).setStatusChangedAt(0)
                        .setClients(List.of()).build(),
                Notification.newBuilder().setRecipient(user).setChanges(List.of()).build());
        SpecificRecord chosen;
        do {
            chosen = others.get(random.nextInt(others.size()));
        } while (chosen.getClass() == seed.record().getClass());
        return chosen;
    }

    private static void flip(byte[] bytes, int index, SplittableRandom random) {
        bytes[index] ^= (byte) (1 << random.nextInt(8));
    }
}

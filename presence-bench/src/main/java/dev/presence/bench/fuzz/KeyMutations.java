package dev.presence.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Record keys that are not the record's userId: none, empty, another user, with a control
 * character, not UTF-8, random bytes, longer than any id. On the user-keyed topics the key must be
 * the userId, so each of these is refused whatever the value holds.
 */
final class KeyMutations {

    /** A mutated key and what was done to it; {@code key} null means a record without a key. */
    record MutatedKey(String kind, byte[] key) {
    }

    private KeyMutations() {
    }

    static MutatedKey mutate(String userId, SplittableRandom random) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(7)) {
            case 0 -> {
                return new MutatedKey("no key", null);
            }
            case 1 -> {
                return new MutatedKey("empty key", new byte[0]);
            }
            case 2 -> {
                return new MutatedKey("key of another user", (userId + "-" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                byte[] key = Arrays.copyOf(user, user.length + 1);
                key[user.length] = (byte) random.nextInt(0x20);
                return new MutatedKey("key with a control character", key);
            }
            case 4 -> {
                byte[] key = Arrays.copyOf(user, user.length + 1);
                key[user.length] = (byte) (0xF8 | random.nextInt(8));
                return new MutatedKey("key not UTF-8", key);
            }
            case 5 -> {
                byte[] key = new byte[1 + random.nextInt(64)];
                random.nextBytes(key);
                return new MutatedKey("random key bytes", key);
            }
            default -> {
                return new MutatedKey("key of 129 bytes to 10 KB", repeatTo(user, 129 + random.nextInt(10_000)));
            }
        }
    }

    /** {@code pattern} repeated to exactly {@code length} bytes. */
    static byte[] repeatTo(byte[] pattern, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = pattern[i % pattern.length];
        }
        return out;
    }
}

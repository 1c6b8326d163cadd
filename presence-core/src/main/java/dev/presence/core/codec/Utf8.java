package dev.presence.core.codec;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * JSON from outside is checked with it before Jackson reads it: Jackson does not check every byte of
 * a field name once that name is in its symbol table, so {@code "occurred\xFFAt"} could be read as
 * {@code occurredAt}, a field the record does not really have.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The index of the first byte that is not valid UTF-8, or -1 when all of {@code bytes} is. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b == 0xE0) {
                length = 3;
                min = 0xA0;  // no overlong three-byte forms
            } else if (b == 0xED) {
                length = 3;
                min = 0x80;
                max = 0x9F;  // no surrogates
            } else if (b >= 0xE1 && b <= 0xEF) {
                length = 3;
                min = 0x80;
            } else if (b == 0xF0) {
                length = 4;
                min = 0x90;  // no overlong four-byte forms
            } else if (b >= 0xF1 && b <= 0xF3) {
                length = 4;
                min = 0x80;
            } else if (b == 0xF4) {
                length = 4;
                min = 0x80;
                max = 0x8F;  // nothing above U+10FFFF
            } else {
                return i;
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}

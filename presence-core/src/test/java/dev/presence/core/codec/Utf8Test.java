package dev.presence.core.codec;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class Utf8Test {

    @Test
    void validTextOfEveryLengthPasses() {
        assertThat(Utf8.firstInvalid("plain ascii".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid("é ✓ \uD83D\uDE00 \uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
    }

    @Test
    void malformedBytesAreFoundWhereTheyStart() {
        assertThat(Utf8.firstInvalid(new byte[]{'a', (byte) 0xFF, 'b'})).isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[]{(byte) 0xC0, (byte) 0x80})).as("overlong NUL").isZero();
        assertThat(Utf8.firstInvalid(new byte[]{(byte) 0xE0, (byte) 0x80, (byte) 0x80})).as("overlong").isZero();
        assertThat(Utf8.firstInvalid(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("a surrogate").isZero();
        assertThat(Utf8.firstInvalid(new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("> U+10FFFF").isZero();
        assertThat(Utf8.firstInvalid(new byte[]{'x', (byte) 0xE2, (byte) 0x9C})).as("cut short").isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[]{(byte) 0x80})).as("a lone continuation").isZero();
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextBoolean() ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            assertThat(Utf8.firstInvalid(bytes) < 0).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

package dev.presence.streams.codec;

import dev.presence.streams.testing.UnitTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class JsonFieldsTest {

    @Test
    void utf8LengthIsTheEncodedLength() {
        for (String text : List.of("", "alice", "é", "€", "😀", "a😀é€", "\uD800", "x\uDC00y", "😀".repeat(32))) {
            assertThat(JsonFields.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void anIdOfExactly128Utf8BytesIsValidAndOneMoreIsNot() {
        String multiByte128 = "é".repeat(64);
        assertThat(JsonFields.idProblem("userId", multiByte128)).isNull();
        assertThat(JsonFields.idProblem("userId", multiByte128 + "a")).contains("129 UTF-8 bytes");
        assertThat(JsonFields.idProblem("userId", "")).contains("empty");
        assertThat(JsonFields.idProblem("userId", "a\tb")).contains("control character");
    }
}

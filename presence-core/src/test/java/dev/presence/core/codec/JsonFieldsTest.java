package dev.presence.core.codec;

import dev.presence.testkit.UnitTest;
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
        assertThat(JsonFields.idProblem("userId", multiByte128)).isEmpty();
        assertThat(JsonFields.idProblem("userId", multiByte128 + "a").orElseThrow()).contains("129 UTF-8 bytes");
        assertThat(JsonFields.idProblem("userId", "").orElseThrow()).contains("empty");
        assertThat(JsonFields.idProblem("userId", "a\tb").orElseThrow()).contains("control character");
    }

    @Test
    void anIdThatDoesNotSurviveUtf8IsRefusedAndPairedSurrogatesAreFine() {
        for (String lone : List.of("\uD800", "a\uD800", "\uDC00b", "a\uDC00\uD800b", "😀\uD83D")) {
            assertThat(JsonFields.idProblem("userId", lone).orElseThrow()).as(lone).contains("unpaired surrogate");
            // What the rule protects: the id would not come back from the log as itself.
            assertThat(new String(lone.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEqualTo(lone);
        }
        for (String paired : List.of("😀", "a😀b", "😀😀")) {
            assertThat(JsonFields.idProblem("userId", paired)).as(paired).isEmpty();
        }
    }
}

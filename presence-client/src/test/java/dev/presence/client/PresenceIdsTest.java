package dev.presence.client;

import dev.presence.core.ErrorCode;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresenceIdsTest {

    @Test
    void idsOfOneTo128Utf8BytesAreValid() {
        assertThat(PresenceIds.problem("userId", "a")).isNull();
        assertThat(PresenceIds.problem("userId", "x".repeat(128))).isNull();
        assertThat(PresenceIds.problem("userId", "é".repeat(64))).isNull();
        assertThat(PresenceIds.problem("userId", "\uD83D\uDE00".repeat(32))).as("32 emoji, 4 bytes each").isNull();
    }

    @Test
    void oneByteOverTheLimitIsRefusedCountingUtf8NotChars() {
        assertThat(PresenceIds.problem("userId", "x".repeat(129))).contains("129 UTF-8 bytes");
        assertThat(PresenceIds.problem("userId", "é".repeat(64) + "x")).contains("129 UTF-8 bytes");
        assertThat(PresenceIds.problem("userId", "\uD83D\uDE00".repeat(32) + "x")).contains("129 UTF-8 bytes");
    }

    @Test
    void emptyControlCharactersAndUnpairedSurrogatesAreRefused() {
        assertThat(PresenceIds.problem("userId", "")).contains("empty");
        assertThat(PresenceIds.problem("userId", "a\nb")).contains("control character");
        assertThat(PresenceIds.problem("userId", "a\u0000")).contains("control character");
        assertThat(PresenceIds.problem("userId", "\u009F")).contains("control character");
        assertThat(PresenceIds.problem("userId", "a\uD800")).contains("unpaired surrogate");
        assertThat(PresenceIds.problem("userId", "\uDC00a")).contains("unpaired surrogate");
        assertThat(PresenceIds.problem("userId", "\uDE00\uD83D")).as("reversed pair").contains("unpaired surrogate");
    }

    @Test
    void refusalsCarryTheEngineCode() {
        assertThatThrownBy(() -> PresenceIds.requireValid("userId", (String) null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD.code()));
        assertThatThrownBy(() -> PresenceIds.requireValid("targets", List.of("ok", "")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errorCode()).contains(ErrorCode.INVALID_FIELD);
                    assertThat(e.getMessage()).startsWith("targets[1]");
                });
    }
}

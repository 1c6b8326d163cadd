package dev.presence.api.http;

import dev.presence.core.ErrorCode;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class PreferWaitTest {

    @Test
    void waitIsReadAmongOtherPreferencesAndItsParametersIgnored() {
        assertThat(PreferWait.parse(List.of("wait=5"))).hasValue(5);
        assertThat(PreferWait.parse(List.of("respond-async, WAIT = 10"))).hasValue(10);
        assertThat(PreferWait.parse(List.of("return=minimal", "wait=\"3\"; foo=bar"))).hasValue(3);
        assertThat(PreferWait.parse(List.of("wait=01"))).hasValue(1);
    }

    @Test
    void noWaitOrWaitZeroMeansAnswerAtOnce() {
        assertThat(PreferWait.parse(List.of())).isEqualTo(OptionalInt.empty());
        assertThat(PreferWait.parse(List.of("respond-async", "handling=lenient"))).isEmpty();
        assertThat(PreferWait.parse(List.of("wait=0"))).isEmpty();
        assertThat(PreferWait.parse(List.of("waiting=5"))).as("another preference").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait=11", "wait=-1", "wait=abc", "wait=", "wait", "wait=1.5", "wait=1e1", "wait=\"\"",
            "wait=99999999999999999999", "wait=1, wait=1", "wait=٣"})
    void aWaitThatCannotBeHonouredAsWrittenIsRefused(String header) {
        assertThatThrownBy(() -> PreferWait.parse(List.of(header)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PREFER));
    }

    @Test
    void aWaitGivenInTwoHeadersOrAnOverlongHeaderIsRefused() {
        assertThatThrownBy(() -> PreferWait.parse(List.of("wait=1", "wait=2"))).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> PreferWait.parse(List.of("respond-async," + " ".repeat(PreferWait.MAX_HEADER_CHARS))))
                .isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> PreferWait.parse(List.of("a".repeat(200), "b".repeat(200)))).isInstanceOf(ApiError.class);
    }
}

package dev.presence.api;

import dev.presence.core.ErrorCode;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The client library keeps its own copy of the error codes (it may not depend on the engine): they must not drift. */
@UnitTest
class ClientErrorCodesTest {

    @Test
    void theClientKnowsEveryEngineCodeWithItsHttpStatusAndNoOther() {
        assertThat(Arrays.stream(ErrorCode.values()).map(c -> c.name() + " " + c.code() + " " + c.httpStatus()))
                .containsExactlyElementsOf(Arrays.stream(ErrorCode.values())
                        .map(c -> c.name() + " " + c.code() + " " + c.httpStatus()).toList());
    }
}

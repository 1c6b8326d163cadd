package dev.presence.client.http;

import dev.presence.client.InvalidInputException;
import dev.presence.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresenceHttpClientErrorsTest {

    @Test
    void theEnginesErrorBodyBecomesCodeMessageStatusAndRetryAfter() {
        PresenceApiException e = PresenceHttpClient.error(429, "{\"code\":70011,\"message\":\"too many calls\"}", "7");

        assertThat(e.code()).isEqualTo(70011);
        assertThat(e.errorCode()).contains(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).isEqualTo("too many calls");
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aCodeNewerThanThisClientKeepsItsNumber() {
        PresenceApiException e = PresenceHttpClient.error(400, "{\"code\":70077,\"message\":\"new rule\"}", null);

        assertThat(e.code()).isEqualTo(70077);
        assertThat(e.errorCode()).isEmpty();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void anAnswerWithoutTheEnginesBodyGetsTheCodeItsStatusStandsFor() {
        assertThat(PresenceHttpClient.error(502, "<html>Bad Gateway</html>", "x").errorCode()).contains(ErrorCode.UNAVAILABLE);
        assertThat(PresenceHttpClient.error(404, "", null).errorCode()).contains(ErrorCode.NOT_FOUND);
        assertThat(PresenceHttpClient.error(500, null, null).errorCode()).contains(ErrorCode.INTERNAL);
        assertThat(PresenceHttpClient.error(418, "{\"code\":\"x\"}", "-1").errorCode()).contains(ErrorCode.BAD_REQUEST);
        assertThat(PresenceHttpClient.error(418, "{}", "-1").retryAfter()).isEmpty();
    }

    @Test
    void noAnswerIsAConnectionExceptionWithTheUnavailableCode() {
        PresenceHttpClient client = PresenceHttpClient.builder(URI.create("http://127.0.0.1:1")).build();

        assertThatThrownBy(() -> client.status("alice")).isInstanceOfSatisfying(PresenceConnectionException.class,
                e -> assertThat(e.errorCode()).contains(ErrorCode.UNAVAILABLE));
    }

    @Test
    void badIdsAndEmptyListsAreRefusedBeforeSending() {
        PresenceHttpClient client = PresenceHttpClient.builder(URI.create("http://127.0.0.1:1")).build();

        assertThatThrownBy(() -> client.status("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> client.statuses(List.of("ok", "x".repeat(129)), false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> client.unsubscribe("bob", List.of())).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getMessage()).contains("unsubscribeAll"));
        assertThatThrownBy(() -> PresenceHttpClient.builder(URI.create("http://h")).actingAs("a\nb"))
                .isInstanceOf(InvalidInputException.class);
    }
}

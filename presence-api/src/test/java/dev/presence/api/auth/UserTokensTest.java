package dev.presence.api.auth;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class UserTokensTest {

    private static final String SECRET = "a-secret-of-enough-length";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final UserTokens tokens = new UserTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenProvesItsUserUntilItExpires() {
        String token = tokens.mint("alice ü", Duration.ofMinutes(10));

        assertThat(tokens.verify(token)).contains("alice ü");
        assertThat(at(NOW.plusSeconds(599)).verify(token)).contains("alice ü");
        assertThat(at(NOW.plusSeconds(600)).verify(token)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherSecretOrAlteredIsRefused() {
        String token = tokens.mint("alice", Duration.ofMinutes(10));
        String forged = new UserTokens("another-secret-of-length", Clock.fixed(NOW, ZoneOffset.UTC))
                .mint("alice", Duration.ofMinutes(10));
        String otherUser = tokens.mint("bob", Duration.ofMinutes(10));
        String swapped = otherUser.substring(0, otherUser.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        String extended = token.replaceFirst("\\.(\\d+)\\.", "." + (NOW.getEpochSecond() + 999_999) + ".");

        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(tokens.verify(swapped)).isEmpty();
        assertThat(tokens.verify(extended)).isEmpty();
        assertThat(tokens.verify("not-a-token")).isEmpty();
        assertThat(tokens.verify("v1.x.y.%%%")).isEmpty();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new UserTokens("short", Clock.systemUTC())).hasMessageContaining("16");
    }

    private static UserTokens at(Instant instant) {
        return new UserTokens(SECRET, Clock.fixed(instant, ZoneOffset.UTC));
    }
}

package dev.presence.api.auth;

import dev.presence.api.http.ApiError;
import dev.presence.core.ErrorCode;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class AuthenticatorTest {

    private static final String ADMIN = "admin-token-of-enough-length";
    private final UserTokens tokens = new UserTokens("a-secret-of-enough-length", Clock.systemUTC());
    private final Authenticator enforcing = Authenticator.enforcing(tokens, Optional.of(ADMIN));

    @Test
    void withoutASecretTheHeaderNamesTheUserAndNoHeaderIsTheAdmin() {
        Authenticator open = Authenticator.open();

        assertThat(open.caller(null, "alice")).isEqualTo(Caller.user("alice"));
        assertThat(open.caller(null, null)).isEqualTo(Caller.admin());
        assertThat(open.caller("Bearer whatever", null)).isEqualTo(Caller.admin());
        assertThatThrownBy(() -> open.caller(null, "x".repeat(129)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void withASecretOnlyTokensCountAndTheHeaderIsIgnored() {
        assertThat(enforcing.caller("Bearer " + tokens.mint("alice", Duration.ofMinutes(1)), "bob"))
                .isEqualTo(Caller.user("alice"));
        assertThat(enforcing.caller("Bearer " + ADMIN, "bob")).isEqualTo(Caller.admin());
        for (String refused : new String[]{null, "alice", "Bearer ", "Bearer nonsense", "Basic " + ADMIN}) {
            assertThatThrownBy(() -> enforcing.caller(refused, "alice")).as(refused)
                    .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void v1TokensTheAdminTokenAndJwtsWorkSideBySideAndEachRefusalIsAnInvalidToken() {
        String secret = "a-secret-of-at-least-thirty-two-bytes";
        UserTokens v1 = new UserTokens(secret, Clock.systemUTC());
        JwtVerifier jwts = new JwtVerifier(secret.getBytes(StandardCharsets.UTF_8), Optional.empty(), JwtSettings.secretOnly(),
                Clock.systemUTC());
        Authenticator withJwts = Authenticator.enforcing(v1, Optional.of(ADMIN), jwts, Clock.systemUTC());
        String jwt = dev.presence.api.support.JwtMint.hs256(secret, new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .subject("carol").expirationTime(java.util.Date.from(Instant.now().plusSeconds(60))).build());

        assertThat(withJwts.caller("Bearer " + v1.mint("alice", Duration.ofMinutes(1)), null)).isEqualTo(Caller.user("alice"));
        assertThat(withJwts.caller("Bearer " + ADMIN, null)).isEqualTo(Caller.admin());
        assertThat(withJwts.caller("Bearer " + jwt, null)).isEqualTo(Caller.user("carol"));
        assertThatThrownBy(() -> enforcing.caller("Bearer " + jwt, null)).as("no JWTs configured")
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.isInvalidToken()).isTrue());
        for (String refused : new String[]{"Bearer v1.garbage", "Bearer " + jwt + "x", "Bearer eyJ", "Bearer x.y.z"}) {
            assertThatThrownBy(() -> withJwts.caller(refused, null)).as(refused)
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.isInvalidToken()).isTrue();
                    });
        }
        assertThatThrownBy(() -> withJwts.caller(null, null)).as("no token: a challenge without an error")
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.isInvalidToken()).isFalse());
    }

    @Test
    void peersProveThemselvesWithASignatureDerivedFromTheSecret() {
        byte[] body = "{\"userIds\":[\"alice\"]}".getBytes(StandardCharsets.UTF_8);
        String credential = enforcing.peerHeaders("POST", "/internal/v1/statuses", body).get(Authenticator.PEER_HEADER);

        assertThat(enforcing.isPeer(credential, "POST", "/internal/v1/statuses", body)).isTrue();
        assertThat(enforcing.isPeer(null, "POST", "/internal/v1/statuses", body)).isFalse();
        assertThat(enforcing.isPeer("open", "POST", "/internal/v1/statuses", body)).isFalse();
        Authenticator otherSecret = Authenticator.enforcing(new UserTokens("other-secret-of-length", Clock.systemUTC()),
                Optional.empty());
        assertThat(otherSecret.isPeer(credential, "POST", "/internal/v1/statuses", body)).isFalse();
        String open = Authenticator.open().peerHeaders("POST", "/internal/v1/statuses", body).get(Authenticator.PEER_HEADER);
        assertThat(enforcing.isPeer(open, "POST", "/internal/v1/statuses", body)).as("signed without the secret").isFalse();
    }

    @Test
    void aUserTokensCallerCarriesItsExpirySoAStreamCanEndWithIt() {
        String token = tokens.mint("alice", Duration.ofMinutes(5));
        long expiry = Long.parseLong(token.split("\\.")[2]);

        Caller alice = enforcing.caller("Bearer " + token, null);

        assertThat(alice.expiresAt()).contains(Instant.ofEpochSecond(expiry));
        assertThat(enforcing.caller("Bearer " + ADMIN, null).expiresAt()).isEmpty();
        assertThat(Authenticator.open().caller(null, "alice").expiresAt()).isEmpty();
    }

    @Test
    void aUserMayActOnlyForItselfAndTheAdminForAnyone() {
        assertThat(Caller.user("alice").mayActFor("alice")).isTrue();
        assertThat(Caller.user("alice").mayActFor("bob")).isFalse();
        assertThat(Caller.admin().mayActFor("bob")).isTrue();
        assertThat(Caller.user("alice").isOtherUser("bob")).isTrue();
        assertThat(Caller.admin().isOtherUser("bob")).isFalse();
    }
}

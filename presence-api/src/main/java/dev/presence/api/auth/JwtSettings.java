package dev.presence.api.auth;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a JWT must carry to be accepted, and where its keys come from.
 *
 * @param issuer the exact {@code iss} a token must carry; empty: any
 * @param audience a value the token's {@code aud} must contain; empty: any
 * @param userClaim the claim naming the user (a string that is a valid user id)
 * @param adminClaim the claim, top-level or nested ({@code realm_access.roles}), that makes the admin when it holds
 *                   {@code adminValue} (equal, one of an array, or one word of a space-separated string such as
 *                   {@code scope}); empty: no JWT makes the admin
 * @param adminValue the value of {@code adminClaim} that makes the admin
 * @param jwksUrl where RS256/ES256 keys are fetched from
 * @param jwksFile a file holding the RS256/ES256 keys (a JWK set), read again when it changes
 * @param jwksRefresh how long fetched keys are used before they are fetched again (an unknown key id fetches at once)
 */
public record JwtSettings(Optional<String> issuer, Optional<String> audience, String userClaim,
                          Optional<ClaimPath> adminClaim, Optional<String> adminValue,
                          Optional<URL> jwksUrl, Optional<Path> jwksFile, Duration jwksRefresh) {

    public static final String DEFAULT_USER_CLAIM = "sub";
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);

    public JwtSettings {
        Objects.requireNonNull(userClaim, "userClaim");
        if (adminClaim.isPresent() != adminValue.isPresent()) {
            throw new IllegalArgumentException("the admin claim and its value go together");
        }
        if (jwksUrl.isPresent() && jwksFile.isPresent()) {
            throw new IllegalArgumentException("keys come from a JWKS URL or a file, not both");
        }
    }

    /** Only HS256 with the secret, any issuer and audience, the user in {@code sub}, no JWT admin. */
    public static JwtSettings secretOnly() {
        return new JwtSettings(Optional.empty(), Optional.empty(), DEFAULT_USER_CLAIM, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_JWKS_REFRESH);
    }

    public boolean hasKeySet() {
        return jwksUrl.isPresent() || jwksFile.isPresent();
    }
}

package dev.presence.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.presence.core.codec.JsonFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies JWTs, so tokens an identity provider issues work as they are: HS256 signed with the
 * engine's secret, or RS256/ES256 signed by a key of the configured JWK set. The algorithm decides
 * the key source: an HS256 token is checked with the secret only, never with a public key of the
 * set (which anyone may know), and an RS256/ES256 token only against the set; no other algorithm,
 * and no unsigned token ({@code alg: none}), is accepted. Expiry is required and enforced, as is
 * not-before, each with {@link #CLOCK_SKEW} of tolerance for clocks that disagree a little.
 */
public final class JwtVerifier {

    /** How far the issuer's clock may be off from ours. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** nimbus refuses shorter HMAC keys for HS256 (RFC 7518: the key at least as long as the hash). */
    public static final int MIN_HS256_SECRET_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);
    private static final Duration KEY_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Clock clock;
    private final AtomicLong lastKeyWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final JwtSettings settings;
    private final boolean acceptsHs256;
    private final boolean acceptsKeySet;

    /**
     * @param secret the HS256 key, used only when at least {@link #MIN_HS256_SECRET_BYTES} long (else HS256 tokens are refused)
     * @param keySet the RS256/ES256 keys, if any
     */
    public JwtVerifier(byte[] secret, Optional<JWKSource<SecurityContext>> keySet, JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.acceptsHs256 = secret != null && secret.length >= MIN_HS256_SECRET_BYTES;
        this.acceptsKeySet = keySet.isPresent();
        JWSKeySelector<SecurityContext> hmac = acceptsHs256
                ? new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret.clone())) : null;
        JWSKeySelector<SecurityContext> published = keySet
                .<JWSKeySelector<SecurityContext>>map(source -> new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source))
                .orElse(null);
        processor.setJWSKeySelector((header, context) -> keysFor(header.getAlgorithm(), hmac, published, header, context));
        // Identity providers mark access tokens "at+jwt" (RFC 9068); others send "JWT" or nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        processor.setJWTClaimsSetVerifier(claimsVerifier(settings, clock));
    }

    /** Whether any JWT can pass: HS256 with a long enough secret, or a key set. */
    public boolean acceptsAny() {
        return acceptsHs256 || acceptsKeySet;
    }

    public boolean acceptsHs256() {
        return acceptsHs256;
    }

    /** What a JWT is: HS256, RS256 or ES256 header, payload, signature; base64url, so no other dots. */
    public static boolean looksLikeJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The caller a JWT proves.
     *
     * @throws InvalidTokenException when it is malformed, badly signed, expired, not yet valid, for
     *                               another issuer or audience, or names no valid user
     * @throws KeysUnavailableException when the key set cannot be fetched
     */
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            warnAtMostEveryMinute(e);
            throw new KeysUnavailableException("the keys to check this token cannot be fetched right now: " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is no well-formed JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("the JWT is refused: " + e.getMessage());
        }
        // Accepted until exp + the skew: a stream opened with it ends then, not while the token still works.
        Instant expiresAt = claims.getExpirationTime().toInstant().plus(CLOCK_SKEW);
        if (isAdmin(claims)) {
            return Caller.admin(expiresAt);
        }
        Object user = claims.getClaim(settings.userClaim());
        if (!(user instanceof String userId)) {
            throw new InvalidTokenException("the JWT's claim '" + settings.userClaim() + "' does not name a user");
        }
        Optional<String> problem = JsonFields.idProblem(settings.userClaim(), userId);
        if (problem.isPresent()) {
            throw new InvalidTokenException("the JWT's user is no valid user id: " + problem.get());
        }
        return Caller.user(userId, expiresAt);
    }

    /** Every call fails alike while the key set is out of reach: one line a minute says so, not one per call. */
    private void warnAtMostEveryMinute(KeySourceException e) {
        long now = clock.millis();
        long last = lastKeyWarning.get();
        if (now - last >= KEY_WARNING_INTERVAL.toMillis() && lastKeyWarning.compareAndSet(last, now)) {
            LOG.warn("JWTs cannot be checked: the key set cannot be fetched ({}); calls with them are answered 503", e.getMessage());
        }
    }

    private boolean isAdmin(JWTClaimsSet claims) {
        if (settings.adminClaim().isEmpty()) {
            return false;
        }
        String wanted = settings.adminValue().orElseThrow();
        Object value = settings.adminClaim().get().valueIn(claims.getClaims()).orElse(null);
        if (value instanceof String text) {
            // Equal, or one word of an OAuth-style space-separated list such as "scope".
            return text.equals(wanted) || List.of(text.split(" ")).contains(wanted);
        }
        if (value instanceof Collection<?> values) {
            // Only an element equal to the value: a number, an object or a nested array holding it is not it.
            return values.contains(wanted);
        }
        return false;
    }

    private static List<? extends Key> keysFor(JWSAlgorithm algorithm, JWSKeySelector<SecurityContext> hmac,
                                               JWSKeySelector<SecurityContext> published,
                                               JWSHeader header, SecurityContext context)
            throws KeySourceException {
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            return hmac == null ? List.of() : hmac.selectJWSKeys(header, context);
        }
        if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.ES256.equals(algorithm)) {
            return published == null ? List.of() : published.selectJWSKeys(header, context);
        }
        return List.of();
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtSettings settings, Clock clock) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(exact::issuer);
        Set<String> required = new HashSet<>(Set.of("exp"));
        settings.issuer().ifPresent(issuer -> required.add("iss"));
        settings.audience().ifPresent(audience -> required.add("aud"));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                settings.audience().map(Set::of).orElse(null), exact.build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        return verifier;
    }

    /** A token that proves nothing; the answer is 401 with {@code error="invalid_token"}. */
    public static final class InvalidTokenException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public InvalidTokenException(String message) {
            super(message);
        }
    }
}

package dev.presence.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * User tokens: {@code v1.<base64url(userId)>.<expiry epoch seconds>.<base64url(HMAC-SHA256)>}, the
 * MAC taken over everything before the last dot with the operator's secret. Stateless, so every
 * instance with the same secret accepts the tokens of every other; a token is good until its
 * expiry (there is no revocation list: keep lifetimes short, rotate the secret to revoke all).
 */
public final class UserTokens {

    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final HmacSha256 key;
    private final Clock clock;

    public UserTokens(String secret, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the auth secret must be at least 16 characters");
        }
        this.key = new HmacSha256(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /** A token proving {@code userId} until now + {@code ttl}. */
    public String mint(String userId, Duration ttl) {
        long expiresAt = clock.instant().plus(ttl).getEpochSecond();
        String payload = VERSION + "." + ENCODER.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt;
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** What a valid token proves: its user, until when. */
    public record Verified(String userId, Instant expiresAt) {
    }

    /** The user a token proves, or empty when it is malformed, badly signed or expired. */
    public Optional<String> verify(String token) {
        return verifyToken(token).map(Verified::userId);
    }

    /** The user a token proves and its expiry, or empty when it is malformed, badly signed or expired. */
    public Optional<Verified> verifyToken(String token) {
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, lastDot);
        byte[] signature;
        try {
            signature = DECODER.decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Constant time, so the answer's timing says nothing about how much of a forged MAC was right.
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            long expiresAt = Long.parseLong(parts[2]);
            if (clock.instant().getEpochSecond() >= expiresAt) {
                return Optional.empty();
            }
            return Optional.of(new Verified(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8),
                    Instant.ofEpochSecond(expiresAt)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The key instances sign their calls to each other with ({@link PeerSignature}): derived from
     * the same secret, so it needs no configuration of its own and changes when the secret does,
     * and never equal to a token's MAC, so no token opens the internal endpoints.
     */
    public byte[] peerKey() {
        return mac("presence-peer-key-" + VERSION);
    }

    private byte[] mac(String payload) {
        return key.of(payload);
    }
}

package dev.presence.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
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
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public UserTokens(String secret, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the auth secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    /** A token proving {@code userId} until now + {@code ttl}. */
    public String mint(String userId, Duration ttl) {
        long expiresAt = clock.instant().plus(ttl).getEpochSecond();
        String payload = VERSION + "." + ENCODER.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt;
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The user a token proves, or empty when it is malformed, badly signed or expired. */
    public Optional<String> verify(String token) {
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
            return Optional.of(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The credential instances use between themselves for forwarded calls: derived from the same
     * secret, so it needs no configuration of its own and changes when the secret does.
     */
    public String peerCredential() {
        return ENCODER.encodeToString(mac("presence-peer-" + VERSION));
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}

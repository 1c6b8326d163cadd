package dev.presence.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The credential of one call between instances: {@code <epoch seconds>.<base64url HMAC-SHA256>},
 * the MAC taken over the method, the path with its query, the SHA-256 of the body and that time.
 * A captured credential opens nothing else (another path, another body) and nothing later than
 * {@link #WINDOW} after it was made, so it cannot be replayed as a key to the internal endpoints.
 * The window also absorbs clock skew between machines; keep their clocks synchronised (NTP).
 */
public final class PeerSignature {

    /** How far a signature's time may lie from this instance's clock, either way. */
    public static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String CONTEXT = "presence-peer-v2";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final HmacSha256 key;
    private final Clock clock;

    public PeerSignature(byte[] key, Clock clock) {
        this.key = new HmacSha256(key);
        this.clock = clock;
    }

    /** The credential for a call made now. */
    public String sign(String method, String pathAndQuery, byte[] body) {
        long now = clock.instant().getEpochSecond();
        return now + "." + ENCODER.encodeToString(mac(method, pathAndQuery, body, now));
    }

    /** Whether {@code credential} was made with this key, for exactly this call, within the window of now. */
    public boolean verify(String credential, String method, String pathAndQuery, byte[] body) {
        if (credential == null) {
            return false;
        }
        int dot = credential.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long signedAt;
        byte[] signature;
        try {
            signedAt = Long.parseLong(credential.substring(0, dot));
            signature = DECODER.decode(credential.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (signedAt < now - WINDOW.toSeconds() || signedAt > now + WINDOW.toSeconds()) {
            return false;
        }
        // Constant time, so the answer's timing says nothing about how much of a forged MAC was right.
        return MessageDigest.isEqual(mac(method, pathAndQuery, body, signedAt), signature);
    }

    private byte[] mac(String method, String pathAndQuery, byte[] body, long signedAt) {
        String payload = CONTEXT + "\n" + method + "\n" + pathAndQuery + "\n" + HexFormat.of().formatHex(sha256(body))
                + "\n" + signedAt;
        return key.of(payload);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.presence.api.auth;

import dev.presence.api.http.ApiError;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.codec.JsonFields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a request's credential into a {@link Caller}.
 * <ul>
 *   <li>With no auth secret (the default, loopback only): every call is allowed. A call may name
 *       the user it acts as with {@code X-Presence-User: <userId>}; without it the caller is the
 *       admin (the backend).</li>
 *   <li>With a secret: {@code Authorization: Bearer <token>} is required; the admin token makes the
 *       admin, a valid user token that user. {@code X-Presence-User} is then ignored: a header
 *       anyone can set proves nothing.</li>
 * </ul>
 * Calls between instances carry {@code X-Presence-Peer} with a credential derived from the secret.
 */
public final class Authenticator {

    public static final String USER_HEADER = "X-Presence-User";
    public static final String PEER_HEADER = "X-Presence-Peer";
    private static final String BEARER = "Bearer ";
    /** What a peer sends when no secret exists: only loopback callers reach the API then anyway. */
    private static final String OPEN_PEER_CREDENTIAL = "open";

    private final UserTokens tokens;
    private final byte[] adminToken;

    private Authenticator(UserTokens tokens, String adminToken) {
        this.tokens = tokens;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /** No secret: everything allowed, the caller named by a header. */
    public static Authenticator open() {
        return new Authenticator(null, null);
    }

    /** A secret: tokens required; {@code adminToken} may be empty (then no caller is admin over REST). */
    public static Authenticator enforcing(UserTokens tokens, Optional<String> adminToken) {
        return new Authenticator(tokens, adminToken.orElse(null));
    }

    public boolean isEnforcing() {
        return tokens != null;
    }

    /**
     * The caller of a request.
     *
     * @param authorization the Authorization header, or null
     * @param userHeader the X-Presence-User header, or null
     * @throws ApiError UNAUTHENTICATED when a credential is required and missing, malformed, expired or forged
     */
    public Caller caller(String authorization, String userHeader) {
        if (tokens == null) {
            if (userHeader == null || userHeader.isEmpty()) {
                return Caller.admin();
            }
            String problem = JsonFields.idProblem(USER_HEADER, userHeader);
            if (problem != null) {
                throw new ApiError(ErrorCode.INVALID_FIELD, problem);
            }
            return Caller.user(userHeader);
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ApiError(ErrorCode.UNAUTHENTICATED, "this call needs 'Authorization: Bearer <token>'");
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (adminToken != null && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return Caller.admin();
        }
        return tokens.verify(token).map(Caller::user).orElseThrow(() -> new ApiError(ErrorCode.UNAUTHENTICATED,
                "the token is malformed, expired or not signed with this engine's secret"));
    }

    /** Whether a request comes from another instance of this engine. */
    public boolean isPeer(String peerHeader) {
        return peerHeader != null && MessageDigest.isEqual(peerCredential().getBytes(StandardCharsets.UTF_8),
                peerHeader.getBytes(StandardCharsets.UTF_8));
    }

    /** The headers this instance sends with a call to another instance. */
    public Map<String, String> peerHeaders() {
        return Map.of(PEER_HEADER, peerCredential());
    }

    /** The token service, present only when a secret is configured. */
    public Optional<UserTokens> tokens() {
        return Optional.ofNullable(tokens);
    }

    private String peerCredential() {
        return tokens == null ? OPEN_PEER_CREDENTIAL : tokens.peerCredential();
    }
}

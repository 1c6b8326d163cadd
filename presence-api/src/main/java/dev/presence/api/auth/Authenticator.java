package dev.presence.api.auth;

import dev.presence.api.http.ApiError;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.JsonFields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a request's credential into a {@link Caller}.
 * <ul>
 *   <li>With no auth secret (the default, loopback only): every call is allowed. A call may name
 *       the user it acts as with {@code X-Presence-User: <userId>}; without it the caller is the
 *       admin (the backend).</li>
 *   <li>With a secret: {@code Authorization: Bearer <token>} is required; the admin token makes the
 *       admin, a valid user token ({@code v1.}, see {@link UserTokens}) that user, and a valid JWT
 *       ({@link JwtVerifier}) the user its claim names, or the admin when it carries the admin
 *       claim. {@code X-Presence-User} is then ignored: a header anyone can set proves nothing.</li>
 * </ul>
 * Calls between instances carry {@code X-Presence-Peer}: a {@link PeerSignature} of that one call,
 * with a key derived from the secret.
 */
public final class Authenticator {

    public static final String USER_HEADER = "X-Presence-User";
    public static final String PEER_HEADER = "X-Presence-Peer";
    private static final String BEARER = "Bearer ";
    /**
     * The peer key when no secret exists: public, so a signature then proves nothing an open API
     * would not allow anyway (only loopback callers reach it); calls are signed the same way all
     * the same, so both modes run the same code.
     */
    private static final byte[] OPEN_PEER_KEY = PeerSignature.sha256("presence-peer-open".getBytes(StandardCharsets.UTF_8));

    private static final String V1_PREFIX = "v1.";

    private final UserTokens tokens;
    private final byte[] adminToken;
    private final JwtVerifier jwts;
    private final PeerSignature peers;

    private Authenticator(UserTokens tokens, String adminToken, JwtVerifier jwts, PeerSignature peers) {
        this.tokens = tokens;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.jwts = jwts;
        this.peers = peers;
    }

    /** No secret: everything allowed, the caller named by a header. */
    public static Authenticator open() {
        return open(Clock.systemUTC());
    }

    public static Authenticator open(Clock clock) {
        return new Authenticator(null, null, null, new PeerSignature(OPEN_PEER_KEY, clock));
    }

    /** A secret: tokens required; {@code adminToken} may be empty (then no caller is admin over REST). No JWTs. */
    public static Authenticator enforcing(UserTokens tokens, Optional<String> adminToken) {
        return enforcing(tokens, adminToken, Clock.systemUTC());
    }

    public static Authenticator enforcing(UserTokens tokens, Optional<String> adminToken, Clock clock) {
        return new Authenticator(tokens, adminToken.orElse(null), null, new PeerSignature(tokens.peerKey(), clock));
    }

    /** A secret: {@code v1.} tokens, the admin token and the JWTs {@code jwts} accepts. */
    public static Authenticator enforcing(UserTokens tokens, Optional<String> adminToken, JwtVerifier jwts, Clock clock) {
        return new Authenticator(tokens, adminToken.orElse(null), jwts, new PeerSignature(tokens.peerKey(), clock));
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
            JsonFields.idProblem(USER_HEADER, userHeader).ifPresent(problem -> {
                throw new ApiError(ErrorCode.INVALID_FIELD, problem);
            });
            return Caller.user(userHeader);
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ApiError(ErrorCode.UNAUTHENTICATED, "this call needs 'Authorization: Bearer <token>'");
        }
        return bearer(authorization.substring(BEARER.length()).trim());
    }

    /**
     * The caller a bearer token proves: the admin token, a {@code v1.} user token or a JWT.
     *
     * @throws ApiError UNAUTHENTICATED (an invalid token) when it proves nothing
     * @throws KeysUnavailableException when a JWT's keys cannot be fetched right now
     */
    public Caller bearer(String token) {
        if (tokens == null) {
            throw new IllegalStateException("no tokens without a secret");
        }
        if (adminToken != null && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return Caller.admin();
        }
        if (token.startsWith(V1_PREFIX)) {
            return tokens.verifyToken(token).map(valid -> Caller.user(valid.userId(), valid.expiresAt()))
                    .orElseThrow(() -> ApiError.invalidToken("the token is malformed, expired or not signed with this engine's secret"));
        }
        if (jwts != null && JwtVerifier.looksLikeJwt(token)) {
            try {
                return jwts.verify(token);
            } catch (JwtVerifier.InvalidTokenException e) {
                throw ApiError.invalidToken(e.getMessage());
            }
        }
        throw ApiError.invalidToken("the token is neither a user token of this engine (v1.), nor the admin token"
                + (jwts == null ? "" : ", nor a JWT"));
    }

    /** Whether a request comes from another instance of this engine, signed for exactly this call and recently. */
    public boolean isPeer(String peerHeader, String method, String pathAndQuery, byte[] body) {
        return peers.verify(peerHeader, method, pathAndQuery, body);
    }

    /** The headers this instance sends with one call to another instance. */
    public Map<String, String> peerHeaders(String method, String pathAndQuery, byte[] body) {
        return Map.of(PEER_HEADER, peers.sign(method, pathAndQuery, body));
    }

    /** The token service, present only when a secret is configured. */
    public Optional<UserTokens> tokens() {
        return Optional.ofNullable(tokens);
    }
}

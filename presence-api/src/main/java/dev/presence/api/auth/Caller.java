package dev.presence.api.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a call: the admin (a backend acting for anyone), or one user acting for itself. Filled
 * by {@link Authenticator} from the request's credential (or, with no auth secret configured, from
 * the {@code X-Presence-User} header).
 */
public final class Caller {

    private static final Caller ADMIN = new Caller(null, null);

    private final String userId;
    /** When the credential that made this caller stops being valid; null: never (the admin token, or no secret). */
    private final Instant expiresAt;

    private Caller(String userId, Instant expiresAt) {
        this.userId = userId;
        this.expiresAt = expiresAt;
    }

    public static Caller admin() {
        return ADMIN;
    }

    /** The admin proven by a token that expires at {@code expiresAt} (a JWT with the admin claim). */
    public static Caller admin(Instant expiresAt) {
        return new Caller(null, Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    public static Caller user(String userId) {
        return new Caller(Objects.requireNonNull(userId, "userId"), null);
    }

    /** A user proven by a token that expires at {@code expiresAt}. */
    public static Caller user(String userId, Instant expiresAt) {
        return new Caller(Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    /** When the caller's credential expires: what a long-lived call (a notification stream) must not outlive. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public boolean isAdmin() {
        return userId == null;
    }

    /** The user this caller is; only for a user caller. */
    public String userId() {
        if (userId == null) {
            throw new IllegalStateException("the admin caller is no user");
        }
        return userId;
    }

    /** The admin may act for anyone; a user only for itself. */
    public boolean mayActFor(String user) {
        return isAdmin() || userId.equals(user);
    }

    /** A user caller asking about someone else: what the feature switch and the rate limit govern. */
    public boolean isOtherUser(String user) {
        return !isAdmin() && !userId.equals(user);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Caller that && Objects.equals(userId, that.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(userId);
    }

    @Override
    public String toString() {
        return isAdmin() ? "admin" : "user " + userId;
    }
}

package dev.presence.api.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a value sits in a JWT's claims: a top-level claim's name ({@code role}), or a dotted path
 * into nested objects, as identity providers put roles there (Keycloak: {@code realm_access.roles}).
 * <p>
 * The whole text is first looked up as one top-level name, so a namespaced claim that holds dots
 * itself (Auth0: {@code https://example.com/roles}) keeps working; only when no such claim exists is
 * the text walked name by name. Both lookups are in the signed claims of one issuer, so neither can
 * be used to smuggle in a value the issuer did not sign. Only objects are walked into: a path through
 * a string, a number or an array finds nothing.
 */
public final class ClaimPath {

    /** Identity providers nest two or three levels; more than this is a mistyped setting, not a token layout. */
    public static final int MAX_NAMES = 8;
    /** The longest path accepted: far above any claim an identity provider names. */
    public static final int MAX_CHARS = 256;

    private final String text;
    private final List<String> names;

    private ClaimPath(String text, List<String> names) {
        this.text = text;
        this.names = names;
    }

    /**
     * @throws IllegalArgumentException saying what a valid path looks like, for a path that is empty,
     *                                  has an empty name ({@code a..b}, a leading or trailing dot), or is too long or deep
     */
    public static ClaimPath parse(String text) {
        Objects.requireNonNull(text, "text");
        String expected = "a claim name or a dotted path to a nested claim such as realm_access.roles (at most "
                + MAX_NAMES + " names and " + MAX_CHARS + " characters, no empty name)";
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            throw new IllegalArgumentException(expected);
        }
        // split(regex, -1) keeps trailing empty names, so "a." is refused rather than read as "a".
        List<String> names = List.of(text.split("\\.", -1));
        if (names.size() > MAX_NAMES || names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(expected);
        }
        return new ClaimPath(text, names);
    }

    /** The value at this path in {@code claims} (a JSON object as nimbus parses it: maps, lists, strings, numbers, booleans). */
    public Optional<Object> valueIn(Map<String, Object> claims) {
        Object exact = claims.get(text);
        if (exact != null || names.size() == 1) {
            return Optional.ofNullable(exact);
        }
        Object current = claims;
        for (String name : names) {
            if (!(current instanceof Map<?, ?> object)) {
                return Optional.empty();
            }
            current = object.get(name);
        }
        return Optional.ofNullable(current);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClaimPath path && path.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

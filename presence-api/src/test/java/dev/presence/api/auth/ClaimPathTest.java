package dev.presence.api.auth;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class ClaimPathTest {

    private static final List<String> ROLES = List.of("user", "presence-admin");

    @Test
    void aTopLevelNameFindsTheClaimAsBefore() {
        ClaimPath role = ClaimPath.parse("role");

        assertThat(role.valueIn(Map.of("role", "presence-admin"))).contains("presence-admin");
        assertThat(role.valueIn(Map.of("roles", "presence-admin"))).isEmpty();
    }

    @Test
    void aDottedPathWalksIntoNestedObjects() {
        assertThat(ClaimPath.parse("realm_access.roles").valueIn(Map.of("realm_access", Map.of("roles", ROLES))))
                .contains(ROLES);
        assertThat(ClaimPath.parse("resource_access.presence.roles")
                .valueIn(Map.of("resource_access", Map.of("presence", Map.of("roles", ROLES))))).contains(ROLES);
    }

    @Test
    void aTopLevelClaimNamedWithTheDotsComesFirst() {
        ClaimPath namespaced = ClaimPath.parse("https://example.com/roles");
        assertThat(namespaced.valueIn(Map.of("https://example.com/roles", ROLES))).contains(ROLES);

        ClaimPath both = ClaimPath.parse("realm_access.roles");
        assertThat(both.valueIn(Map.of("realm_access.roles", "top", "realm_access", Map.of("roles", "nested"))))
                .contains("top");
    }

    @Test
    void aPathThroughAnythingButAnObjectFindsNothing() {
        ClaimPath path = ClaimPath.parse("realm_access.roles");

        assertThat(path.valueIn(Map.of("realm_access", "roles"))).as("a string").isEmpty();
        assertThat(path.valueIn(Map.of("realm_access", 42L))).as("a number").isEmpty();
        assertThat(path.valueIn(Map.of("realm_access", true))).as("a boolean").isEmpty();
        assertThat(path.valueIn(Map.of("realm_access", List.of(Map.of("roles", ROLES))))).as("an array of objects").isEmpty();
        assertThat(ClaimPath.parse("realm_access.roles.0").valueIn(Map.of("realm_access", Map.of("roles", ROLES))))
                .as("an array is not indexed by name").isEmpty();
    }

    @Test
    void aMissingOrNullIntermediateFindsNothing() {
        ClaimPath path = ClaimPath.parse("realm_access.roles");
        Map<String, Object> nullObject = new HashMap<>();
        nullObject.put("realm_access", null);

        assertThat(path.valueIn(Map.of())).isEmpty();
        assertThat(path.valueIn(Map.of("realm_access", Map.of()))).isEmpty();
        assertThat(path.valueIn(nullObject)).isEmpty();
        assertThat(path.valueIn(Map.of("resource_access", Map.of("roles", ROLES)))).isEmpty();
    }

    @Test
    void aDeeplyNestedTokenIsWalkedOnlyAsFarAsThePath() {
        Map<String, Object> deep = Map.of("roles", ROLES);
        for (int i = 0; i < 10_000; i++) {
            deep = Map.of("a", deep);
        }

        assertThat(ClaimPath.parse("a.a.a").valueIn(deep)).get().isInstanceOf(Map.class);
        assertThat(ClaimPath.parse("a.roles").valueIn(deep)).isEmpty();
    }

    @Test
    void refusesAPathWithAnEmptyName() {
        for (String bad : new String[]{"", ".", "..", ".roles", "realm_access.", "realm_access..roles"}) {
            assertThatThrownBy(() -> ClaimPath.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("realm_access.roles");
        }
    }

    @Test
    void refusesAPathTooDeepOrTooLongAtItsLimitAndOnePast() {
        String[] names = new String[ClaimPath.MAX_NAMES + 1];
        Arrays.fill(names, "n");
        String atLimit = String.join(".", Arrays.copyOf(names, ClaimPath.MAX_NAMES));
        assertThat(ClaimPath.parse(atLimit).toString()).isEqualTo(atLimit);
        assertThatThrownBy(() -> ClaimPath.parse(String.join(".", names))).isInstanceOf(IllegalArgumentException.class);

        assertThat(ClaimPath.parse("x".repeat(ClaimPath.MAX_CHARS)).toString()).hasSize(ClaimPath.MAX_CHARS);
        assertThatThrownBy(() -> ClaimPath.parse("x".repeat(ClaimPath.MAX_CHARS + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClaimPath.parse("a.".repeat(1_000_000) + "a")).isInstanceOf(IllegalArgumentException.class);
    }
}

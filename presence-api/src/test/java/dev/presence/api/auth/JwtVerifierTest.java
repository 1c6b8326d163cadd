package dev.presence.api.auth;

import dev.presence.testkit.UnitTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.presence.testkit.FreePorts;
import dev.presence.api.support.JwksServer;
import dev.presence.api.support.JwtMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class JwtVerifierTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!";
    private static final String ISSUER = "https://id.example.com/";
    private static final String AUDIENCE = "presence";
    private static final RSAKey RSA = JwtMint.rsaKey("rsa-1");
    private static final ECKey EC = JwtMint.ecKey("ec-1");

    @TempDir
    Path dir;

    private static JwtSettings settings(Optional<URL> url, Optional<Path> file) {
        return new JwtSettings(Optional.of(ISSUER), Optional.of(AUDIENCE), "sub", Optional.of(ClaimPath.parse("role")),
                Optional.of("presence-admin"), url, file, Duration.ofMinutes(5));
    }

    private JwtVerifier withKeyFile() {
        JwtSettings settings = settings(Optional.empty(), Optional.of(JwtMint.writeKeySet(dir.resolve("jwks.json"), RSA, EC)));
        return new JwtVerifier(bytes(SECRET), JwksSources.of(settings), settings, CLOCK);
    }

    private static JWTClaimsSet.Builder valid(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(date(NOW.minusSeconds(10))).expirationTime(date(NOW.plusSeconds(300)));
    }

    @Test
    void acceptsHs256WithTheSecretAndRs256AndEs256FromTheKeySetWithTheExpiryOfTheToken() {
        JwtVerifier verifier = withKeyFile();

        Caller hmac = verifier.verify(JwtMint.hs256(SECRET, valid("alice").build()));
        Caller rsa = verifier.verify(JwtMint.rs256(RSA, valid("bob").build()));
        Caller ec = verifier.verify(JwtMint.es256(EC, valid("carol").build()));

        assertThat(hmac).isEqualTo(Caller.user("alice"));
        assertThat(hmac.expiresAt()).as("until it is no longer accepted").contains(NOW.plusSeconds(300).plus(JwtVerifier.CLOCK_SKEW));
        assertThat(rsa).isEqualTo(Caller.user("bob"));
        assertThat(ec).isEqualTo(Caller.user("carol"));
    }

    @Test
    void refusesASignatureByAnyOtherKey() {
        JwtVerifier verifier = withKeyFile();
        RSAKey impostor = JwtMint.rsaKey("rsa-1"); // same key id, another key
        ECKey unknown = JwtMint.ecKey("ec-2");

        assertRefused(verifier, JwtMint.hs256("another-secret-of-at-least-32-bytes", valid("alice").build()));
        assertRefused(verifier, JwtMint.rs256(impostor, valid("alice").build()));
        assertRefused(verifier, JwtMint.es256(unknown, valid("alice").build()));
        String genuine = JwtMint.rs256(RSA, valid("alice").build());
        String[] parts = genuine.split("\\.");
        String otherPayload = JwtMint.rs256(RSA, valid("mallory").build()).split("\\.")[1];
        assertRefused(verifier, parts[0] + "." + otherPayload + "." + parts[2]);
    }

    @Test
    void refusesAnotherIssuerOrAudienceAndTokensWithoutThem() {
        JwtVerifier verifier = withKeyFile();

        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").issuer("https://evil.example.com/").build()));
        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").audience("another-app").build()));
        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").issuer(null).build()));
        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").audience((String) null).build()));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").audience(List.of("other", AUDIENCE)).build())))
                .as("one of several audiences").isEqualTo(Caller.user("alice"));
    }

    @Test
    void enforcesExpiryAndNotBeforeWithASmallClockSkew() {
        JwtVerifier verifier = withKeyFile();
        long skew = JwtVerifier.CLOCK_SKEW.toSeconds();

        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").expirationTime(date(NOW.minusSeconds(skew + 1))).build()));
        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").notBeforeTime(date(NOW.plusSeconds(skew + 1))).build()));
        assertRefused(verifier, JwtMint.rs256(RSA, valid("alice").expirationTime(null).build()));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").expirationTime(date(NOW.minusSeconds(skew - 1))).build())))
                .as("expired, but within the skew").isEqualTo(Caller.user("alice"));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").notBeforeTime(date(NOW.plusSeconds(skew - 1))).build())))
                .as("not yet valid, but within the skew").isEqualTo(Caller.user("alice"));
    }

    @Test
    void refusesUnsignedTokensAndHs256SignedWithThePublicKey() throws Exception {
        JwtVerifier verifier = withKeyFile();

        assertRefused(verifier, new PlainJWT(valid("alice").build()).serialize());
        // Algorithm confusion: the public key (which anyone may have) used as an HMAC secret.
        JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build();
        assertRefused(verifier, JwtMint.sign(new MACSigner(RSA.toPublicJWK().toRSAPublicKey().getEncoded()), hs256, valid("alice").build()));
        assertRefused(verifier, JwtMint.sign(new MACSigner(RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)),
                hs256, valid("alice").build()));
        // A header naming an algorithm it was not signed with.
        String rs = JwtMint.rs256(RSA, valid("alice").build());
        String hsHeader = JwtMint.hs256(SECRET, valid("alice").build()).split("\\.")[0];
        assertRefused(verifier, hsHeader + rs.substring(rs.indexOf('.')));
    }

    @Test
    void refusesHs256WhenTheSecretIsTooShortForItAndPublicKeysWhenNoKeySetIsConfigured() {
        String shortSecret = "only-sixteen-ch!";
        JwtVerifier noKeySet = new JwtVerifier(bytes(shortSecret), Optional.empty(), JwtSettings.secretOnly(), CLOCK);

        assertThat(noKeySet.acceptsAny()).isFalse();
        assertRefused(noKeySet, JwtMint.hs256(shortSecret.repeat(2), valid("alice").build()));
        assertRefused(noKeySet, JwtMint.rs256(RSA, valid("alice").build()));
        JwtVerifier secretOnly = new JwtVerifier(bytes(SECRET), Optional.empty(), JwtSettings.secretOnly(), CLOCK);
        assertThat(secretOnly.verify(JwtMint.hs256(SECRET, new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(date(NOW.plusSeconds(60))).build()))).as("no issuer or audience required").isEqualTo(Caller.user("alice"));
        assertRefused(secretOnly, JwtMint.rs256(RSA, valid("alice").build()));
    }

    @Test
    void theConfiguredClaimMakesTheAdminAsAValueAnArrayElementOrAScopeWord() {
        JwtVerifier verifier = withKeyFile();

        Caller byRole = verifier.verify(JwtMint.rs256(RSA, valid("backend").claim("role", "presence-admin").build()));
        assertThat(byRole.isAdmin()).isTrue();
        assertThat(byRole.expiresAt()).contains(NOW.plusSeconds(300).plus(JwtVerifier.CLOCK_SKEW));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("backend").claim("role", List.of("x", "presence-admin")).build())).isAdmin()).isTrue();
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("backend").claim("role", "read presence-admin").build())).isAdmin()).isTrue();
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").claim("role", "presence-admins").build())))
                .isEqualTo(Caller.user("alice"));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").claim("role", 1).build()))).isEqualTo(Caller.user("alice"));
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").claim("admin", "presence-admin").build())).isAdmin())
                .as("another claim").isFalse();
    }

    @Test
    void aNestedClaimMakesTheAdminAsAnArrayElementOrAPlainValue() {
        JwtVerifier keycloak = adminAt("realm_access.roles");
        JwtVerifier deeper = adminAt("resource_access.presence.role");

        assertThat(keycloak.verify(JwtMint.hs256(SECRET, valid("backend")
                .claim("realm_access", Map.of("roles", List.of("offline_access", "presence-admin"))).build())).isAdmin()).isTrue();
        assertThat(keycloak.verify(JwtMint.hs256(SECRET, valid("backend")
                .claim("realm_access", Map.of("roles", "openid presence-admin")).build())).isAdmin()).as("a scope word").isTrue();
        assertThat(deeper.verify(JwtMint.hs256(SECRET, valid("backend")
                .claim("resource_access", Map.of("presence", Map.of("role", "presence-admin"))).build())).isAdmin()).isTrue();
        assertThat(keycloak.verify(JwtMint.hs256(SECRET, valid("alice")
                .claim("realm_access", Map.of("roles", List.of("offline_access"))).build()))).isEqualTo(Caller.user("alice"));
    }

    @Test
    void aNestedAdminClaimThatIsNotThereOrNotAnObjectMakesAUser() {
        JwtVerifier verifier = adminAt("realm_access.roles");
        List<Object> notStrings = new java.util.ArrayList<>(List.of(1, true, Map.of("name", "presence-admin"),
                List.of("presence-admin"), "presence-admins"));
        notStrings.add(null);
        Map<String, Object> deep = Map.of("roles", List.of("presence-admin"));
        for (int i = 0; i < 30; i++) {
            deep = Map.of("realm_access", deep);
        }
        List<JWTClaimsSet> hostile = List.of(
                valid("alice").build(),
                valid("alice").claim("realm_access", "presence-admin").build(),
                valid("alice").claim("realm_access", List.of(Map.of("roles", List.of("presence-admin")))).build(),
                valid("alice").claim("realm_access", 7).build(),
                valid("alice").claim("realm_access", Map.of()).build(),
                valid("alice").claim("realm_access", Map.of("roles", Map.of("presence-admin", true))).build(),
                valid("alice").claim("realm_access", Map.of("roles", notStrings)).build(),
                valid("alice").claim("roles", List.of("presence-admin")).build(),
                valid("alice").claim("realm_access", deep).build());

        for (JWTClaimsSet claims : hostile) {
            assertThat(verifier.verify(JwtMint.hs256(SECRET, claims))).as(claims.toString()).isEqualTo(Caller.user("alice"));
        }
    }

    private static JwtVerifier adminAt(String path) {
        JwtSettings settings = new JwtSettings(Optional.empty(), Optional.empty(), "sub", Optional.of(ClaimPath.parse(path)),
                Optional.of("presence-admin"), Optional.empty(), Optional.empty(), Duration.ofMinutes(5));
        return new JwtVerifier(bytes(SECRET), Optional.empty(), settings, CLOCK);
    }

    @Test
    void theUserComesFromTheConfiguredClaimAndMustBeAValidUserId() {
        JwtSettings byName = new JwtSettings(Optional.empty(), Optional.empty(), "preferred_username", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5));
        JwtVerifier verifier = new JwtVerifier(bytes(SECRET), Optional.empty(), byName, CLOCK);

        assertThat(verifier.verify(JwtMint.hs256(SECRET, valid("uuid-1").claim("preferred_username", "alice").build())))
                .isEqualTo(Caller.user("alice"));
        assertRefused(verifier, JwtMint.hs256(SECRET, valid("uuid-1").build()));
        assertRefused(verifier, JwtMint.hs256(SECRET, valid("uuid-1").claim("preferred_username", 42).build()));
        assertRefused(verifier, JwtMint.hs256(SECRET, valid("uuid-1").claim("preferred_username", "x".repeat(129)).build()));
        assertRefused(verifier, JwtMint.hs256(SECRET, valid("uuid-1").claim("preferred_username", "a\u0000b").build()));
    }

    @Test
    void acceptsTheAccessTokenTypeAndRefusesOthers() {
        JwtVerifier verifier = withKeyFile();
        JWSHeader atJwt = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();
        JWSHeader other = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("logout+jwt")).build();

        assertThat(verifier.verify(JwtMint.sign(macSigner(), atJwt, valid("alice").build()))).isEqualTo(Caller.user("alice"));
        assertRefused(verifier, JwtMint.sign(macSigner(), other, valid("alice").build()));
    }

    @Test
    void refusesGarbage() {
        JwtVerifier verifier = withKeyFile();
        for (String garbage : new String[]{"", "eyJ", "eyJ.eyJ.", "eyJhbGciOiJIUzI1NiJ9.e30.", "a.b.c",
                "eyJhbGciOiJIUzI1NiJ9." + "A".repeat(10_000) + ".x"}) {
            assertRefused(verifier, garbage);
        }
    }

    @Test
    void fetchesKeysFromAUrlOnceForManyTokensAndAgainForAKeyItHasNotSeen() {
        ECKey rotated = JwtMint.ecKey("ec-rotated");
        try (JwksServer server = new JwksServer(JwtMint.publicKeySet(RSA, EC))) {
            JwtSettings settings = settings(Optional.of(server.jwksUrl()), Optional.empty());
            JwtVerifier verifier = new JwtVerifier(bytes(SECRET), JwksSources.of(settings), settings, CLOCK);

            for (int i = 0; i < 5; i++) {
                assertThat(verifier.verify(JwtMint.es256(EC, valid("alice").build()))).isEqualTo(Caller.user("alice"));
            }
            assertThat(server.fetches()).as("cached").isEqualTo(1);
            server.serve(JwtMint.publicKeySet(RSA, rotated));
            assertThat(verifier.verify(JwtMint.es256(rotated, valid("alice").build())))
                    .as("a key id not in the cache fetches the set again").isEqualTo(Caller.user("alice"));
            assertThat(server.fetches()).isEqualTo(2);
        }
    }

    @Test
    void aKeyFileIsReadAgainForAKeyItDoesNotHold() {
        Path file = JwtMint.writeKeySet(dir.resolve("jwks.json"), RSA);
        JwtSettings settings = settings(Optional.empty(), Optional.of(file));
        JwtVerifier verifier = new JwtVerifier(bytes(SECRET), JwksSources.of(settings), settings, CLOCK);
        assertThat(verifier.verify(JwtMint.rs256(RSA, valid("alice").build()))).isEqualTo(Caller.user("alice"));
        assertRefused(verifier, JwtMint.es256(EC, valid("alice").build()));

        JwtMint.writeKeySet(file, RSA, EC);

        assertThat(verifier.verify(JwtMint.es256(EC, valid("alice").build()))).isEqualTo(Caller.user("alice"));
    }

    @Test
    void anUnreachableKeySetIsTheEnginesProblemNotAnInvalidToken() throws Exception {
        URL nobody = new URL("http://127.0.0.1:" + FreePorts.next() + "/jwks.json");
        JwtSettings settings = settings(Optional.of(nobody), Optional.empty());
        JwtVerifier verifier = new JwtVerifier(bytes(SECRET), JwksSources.of(settings), settings, CLOCK);

        assertThatThrownBy(() -> verifier.verify(JwtMint.rs256(RSA, valid("alice").build())))
                .isInstanceOf(KeysUnavailableException.class);
        assertThat(verifier.verify(JwtMint.hs256(SECRET, valid("alice").build()))).as("HS256 needs no key set")
                .isEqualTo(Caller.user("alice"));
    }

    private static MACSigner macSigner() {
        try {
            return new MACSigner(bytes(SECRET));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(JwtVerifier verifier, String token) {
        assertThatThrownBy(() -> verifier.verify(token)).as(token.length() > 80 ? token.substring(0, 80) : token)
                .isInstanceOf(JwtVerifier.InvalidTokenException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }
}

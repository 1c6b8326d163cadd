package dev.presence.api.auth;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code token.sh}: only the secret, the user id and the ttl must be right; the rest of the configuration is not its business. */
@UnitTest
class TokenCommandTest {

    private static final String SECRET = "token-secret-0123456789";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {
    }

    @Test
    void mintsATokenOfTheSecretWhateverElseIsWrongInTheConfiguration() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PRESENCE_AUTH_SECRET", SECRET,
                // Each of these stops the engine at start; none concerns a token.
                "PRESENCE_HTTP_PORT", "not-a-port",
                "PRESENCE_HTTP_HOST", "0.0.0.0",
                "PRESENCE_AUTH_ADMIN_TOKEN", "short",
                "PRESENCE_HEARTBEAT_TIMEOUT_MS", "-1",
                "KAFKA_PROCESSING_GUARANTEE", "exactly_once",
                "PRESENCE_QUERY_STANDBY_MAX_LAG", "lots"));

        Run run = run(environment, "alice", "120");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        UserTokens tokens = new UserTokens(SECRET, CLOCK);
        assertThat(tokens.verify(run.out().trim())).contains("alice");
        assertThat(new UserTokens(SECRET, Clock.offset(CLOCK, java.time.Duration.ofSeconds(120))).verify(run.out().trim()))
                .as("expired after its ttl").isEmpty();
    }

    @Test
    void readsTheSecretFromAConfigFileAndTheEnvironmentWinsOverIt() throws IOException {
        Path file = dir.resolve("engine.properties");
        Files.writeString(file, "auth.secret=" + SECRET + "\nhttp.port=99999\n");

        Run fromFile = run(Map.of(), "bob", "--config", file.toString());
        Run overridden = run(Map.of("PRESENCE_AUTH_SECRET", "another-secret-0123456789"), "bob", "--config", file.toString());

        assertThat(fromFile.status()).as(fromFile.err()).isZero();
        assertThat(new UserTokens(SECRET, CLOCK).verify(fromFile.out().trim())).contains("bob");
        assertThat(new UserTokens(SECRET, CLOCK).verify(overridden.out().trim())).isEmpty();
        assertThat(new UserTokens("another-secret-0123456789", CLOCK).verify(overridden.out().trim())).contains("bob");
    }

    @Test
    void refusesWhatATokenDependsOn() {
        Map<String, String> good = Map.of("PRESENCE_AUTH_SECRET", SECRET);

        assertRefused(run(Map.of(), "alice"), "auth.secret is not set");
        assertRefused(run(Map.of("PRESENCE_AUTH_SECRET", "too-short"), "alice"), "auth.secret");
        assertThat(run(Map.of("PRESENCE_AUTH_SECRET", "too-short"), "alice").err()).doesNotContain("too-short");
        assertRefused(run(good, "alice", "0"), "ttlSeconds");
        assertRefused(run(good, "alice", "soon"), "ttlSeconds");
        assertRefused(run(good, "alice", Long.toString(TokenCommand.MAX_TTL.toSeconds() + 1)), "ttlSeconds");
        assertRefused(run(good, "u".repeat(129)), "userId");
        assertRefused(run(good), "usage");
        assertRefused(run(good, "alice", "60", "extra"), "usage");
        assertRefused(run(good, "alice", "--config", dir.resolve("missing.properties").toString()), "no such file");
    }

    private static void assertRefused(Run run, String explanation) {
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(explanation);
    }

    private static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenCommand.run(args, environment, CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

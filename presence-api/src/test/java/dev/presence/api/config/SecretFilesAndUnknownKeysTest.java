package dev.presence.api.config;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets read from files named by {@code ..._FILE} variables, and {@code presence.*} keys nobody declares. */
@UnitTest
class SecretFilesAndUnknownKeysTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsReadFromTheFileItsFileVariableNamesWithoutTheTrailingLineBreak() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "from-a-file-0123456789\n");
        Path admin = Files.writeString(dir.resolve("admin"), "admin-from-a-file-0123\r\n");

        EngineConfig config = EngineConfig.load(new String[0], Map.of(
                "PRESENCE_AUTH_SECRET_FILE", secret.toString(), "PRESENCE_AUTH_ADMIN_TOKEN_FILE", admin.toString()));

        assertThat(config.authSecret()).contains("from-a-file-0123456789");
        assertThat(config.authAdminToken()).contains("admin-from-a-file-0123");
    }

    @Test
    void kafkasPasswordKeysMayComeFromFilesToo() throws IOException {
        Path password = Files.writeString(dir.resolve("keystore"), "changeit");

        assertThat(EnvironmentVariables.toConfig(Map.of("KAFKA_SSL_KEYSTORE_PASSWORD_FILE", password.toString(),
                "KAFKA_PRODUCER_SSL_KEY_PASSWORD_FILE", password.toString())))
                .containsEntry("ssl.keystore.password", "changeit")
                .containsEntry("producer.ssl.key.password", "changeit");
    }

    @Test
    void onlySecretsTakeAFileAndOtherFileVariablesKeepTheirOldMeaning() {
        // http.port is no secret: PRESENCE_HTTP_PORT_FILE is an (unknown) presence.* key, not a file to read.
        assertThat(EnvironmentVariables.toConfig(Map.of("PRESENCE_HTTP_PORT_FILE", "/nonexistent")))
                .containsEntry("presence.http.port.file", "/nonexistent");
        assertThat(EnvironmentVariables.toConfig(Map.of("KAFKA_BOOTSTRAP_SERVERS_FILE", "/nonexistent"))).isEmpty();
    }

    @Test
    void anUnreadableFileOrASecretSetTwiceIsRefusedByName() throws IOException {
        assertThatThrownBy(() -> EngineConfig.load(new String[0],
                Map.of("PRESENCE_AUTH_SECRET_FILE", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PRESENCE_AUTH_SECRET_FILE").hasMessageContaining("cannot be read");
        Path secret = Files.writeString(dir.resolve("secret"), "from-a-file-0123456789");
        assertThatThrownBy(() -> EngineConfig.load(new String[0], Map.of("PRESENCE_AUTH_SECRET_FILE", secret.toString(),
                "PRESENCE_AUTH_SECRET", "from-the-environment-01")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.secret is set twice")
                .hasMessageNotContaining("from-a-file").hasMessageNotContaining("from-the-environment");
    }

    @Test
    void aSecretFromAFileIsCheckedLikeAnyOtherAndNeverShown() throws IOException {
        Path tooShort = Files.writeString(dir.resolve("short"), "tiny");

        assertThatThrownBy(() -> EngineConfig.load(new String[0], Map.of("PRESENCE_AUTH_SECRET_FILE", tooShort.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.secret").hasMessageNotContaining("tiny");
    }

    @Test
    void unknownPresenceKeysAreListedWithWhereTheyWereSetAndTheKeyMeant() throws IOException {
        Path file = Files.writeString(dir.resolve("engine.properties"), "presence.heartbeat.timout.ms=1000\n");

        EngineConfig config = EngineConfig.load(new String[]{"--config", file.toString()},
                Map.of("PRESENCE_NO_SUCH_THING", "x", "PRESENCE_HEARTBEAT_TIMEOUT_MS", "2000"));

        assertThat(config.unknownPresenceKeys()).containsExactly(
                "presence.heartbeat.timout.ms (set by file " + file + "); did you mean presence.heartbeat.timeout.ms?",
                "presence.no.such.thing (set by environment variable PRESENCE_NO_SUCH_THING)");
    }

    @Test
    void theLogFormatIsTakenFromTheEnvironmentOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("engine.properties"), "log.format=json\n");

        assertThat(EngineConfig.load(new String[0], Map.of("PRESENCE_LOG_FORMAT", "json")).unknownPresenceKeys()).isEmpty();
        assertThatThrownBy(() -> EngineConfig.load(new String[]{"--config", file.toString()}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PRESENCE_LOG_FORMAT");
        assertThatThrownBy(() -> EngineConfig.load(new String[0], Map.of("PRESENCE_LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.format");
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertThat(EditDistance.between("timout", "timeout")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("same", "same")).isZero();
    }
}

package dev.presence.api;

import dev.presence.api.config.EnvironmentVariables;
import dev.presence.core.ErrorCode;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README is the configuration and error reference: a key or code added without a line there fails the build. */
@UnitTest
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theConfigurationTableIsTheSettingsCatalogue() throws Exception {
        String readme = Files.readString(README);
        String header = "| key | default | environment variable | meaning |\n| --- | --- | --- | --- |\n";
        int start = readme.indexOf(header) + header.length();
        int end = readme.indexOf("| any other Kafka key |", start);

        assertThat(readme.substring(start, end))
                .as("README's configuration table: generate it with SettingsCatalogue.readmeTable()")
                .isEqualTo(SettingsCatalogue.readmeTable());
        for (Setting<?> setting : SettingsCatalogue.all()) {
            assertThat(EnvironmentVariables.configKey(setting.environmentVariable())).as(setting.key())
                    .contains(setting.key());
        }
    }

    @Test
    void everyErrorCodeIsDocumented() throws IOException {
        String readme = Files.readString(README);

        for (ErrorCode code : ErrorCode.values()) {
            assertThat(readme).contains("| " + code.code() + " | " + code.httpStatus() + " | " + code.name() + " |");
        }
    }
}

package dev.presence.api;

import dev.presence.api.config.EngineConfig;
import dev.presence.api.config.EnvironmentVariables;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.PresenceSettings;
import dev.presence.streams.testing.UnitTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README is the configuration and error reference: a key or code added without a line there fails the build. */
@UnitTest
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyConfigurationKeyIsDocumentedWithItsEnvironmentVariable() throws Exception {
        String readme = Files.readString(README);
        List<String> keys = new ArrayList<>(keyConstants(EngineConfig.class));
        keys.addAll(keyConstants(PresenceSettings.class));

        assertThat(keys).hasSizeGreaterThan(20).allSatisfy(key -> assertThat(readme)
                .contains("| `" + key + "` |")
                .contains("`" + EnvironmentVariables.variableFor(key) + "`"));
    }

    @Test
    void everyErrorCodeIsDocumented() throws IOException {
        String readme = Files.readString(README);

        for (ErrorCode code : ErrorCode.values()) {
            assertThat(readme).contains("| " + code.code() + " | " + code.httpStatus() + " | " + code.name() + " |");
        }
    }

    /** The public String constants that name configuration keys (their values contain a dot). */
    private static List<String> keyConstants(Class<?> type) throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) field.get(null);
                if (value.contains(".") && !value.endsWith(".")) {
                    keys.add(value);
                }
            }
        }
        return keys;
    }
}

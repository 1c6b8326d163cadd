package dev.presence.api.config;

import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment layer of the configuration. One rule, documented in the README:
 * <ul>
 *   <li>{@code PRESENCE_<NAME>}: an engine key. NAME lower-cased with {@code _} as {@code .} is taken
 *       as is when it is one of the engine's own keys ({@code PRESENCE_HTTP_PORT -> http.port}),
 *       otherwise as a {@code presence.*} key ({@code PRESENCE_HEARTBEAT_TIMEOUT_MS ->
 *       presence.heartbeat.timeout.ms}).</li>
 *   <li>{@code KAFKA_<NAME>}: a Kafka or Kafka Streams key, NAME lower-cased with {@code _} as
 *       {@code .} ({@code KAFKA_BOOTSTRAP_SERVERS -> bootstrap.servers}), read only when Kafka knows
 *       the key, so the usual {@code KAFKA_HEAP_OPTS} and friends of Kafka's own scripts are left alone.</li>
 *   <li>{@code <VARIABLE>_FILE}: for a secret ({@code auth.secret}, {@code auth.admin.token}, and
 *       Kafka's password keys such as {@code ssl.keystore.password} or {@code sasl.jaas.config}), the
 *       path of a file holding it ({@code PRESENCE_AUTH_SECRET_FILE=/run/secrets/presence}), so the
 *       secret stays out of the process environment; one trailing line break is dropped. Setting
 *       both the variable and its {@code _FILE} is refused.</li>
 * </ul>
 */
public final class EnvironmentVariables {

    static final String ENGINE_PREFIX = "PRESENCE_";
    static final String KAFKA_PREFIX = "KAFKA_";

    /** Streams accepts client keys behind these prefixes ({@code producer.acks}); they are Kafka keys too. */
    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    private EnvironmentVariables() {
    }

    /** The suffix of a variable that names the file holding a secret. */
    static final String FILE_SUFFIX = "_FILE";

    /**
     * The configuration keys set by {@code environment}; variables outside the two prefixes are ignored.
     *
     * @throws ConfigException when a secret's file cannot be read, or a secret is set both directly and by file
     */
    public static Map<String, String> toConfig(Map<String, String> environment) {
        Map<String, String> config = new HashMap<>();
        environment.forEach((name, value) -> {
            Optional<String> secretKey = secretFileKey(name);
            if (secretKey.isPresent()) {
                String direct = name.substring(0, name.length() - FILE_SUFFIX.length());
                if (environment.containsKey(direct)) {
                    throw new ConfigException(secretKey.get() + " is set twice, by " + direct + " and by " + name
                            + " (a file); keep one");
                }
                config.put(secretKey.get(), readSecret(name, value));
            } else {
                configKey(name).ifPresent(key -> config.put(key, value));
            }
        });
        return config;
    }

    /** The secret a {@code ..._FILE} variable sets, if it names one. */
    static Optional<String> secretFileKey(String variable) {
        if (!variable.endsWith(FILE_SUFFIX)) {
            return Optional.empty();
        }
        return configKey(variable.substring(0, variable.length() - FILE_SUFFIX.length())).filter(EnvironmentVariables::isSecret);
    }

    /** A secret of the engine's catalogue, or a key Kafka declares as a password. */
    static boolean isSecret(String key) {
        Optional<Setting<?>> declared = SettingsCatalogue.byKey(key);
        if (declared.isPresent()) {
            return declared.get().secret();
        }
        String unprefixed = key;
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                unprefixed = key.substring(prefix.length());
            }
        }
        for (ConfigDef definitions : List.of(StreamsConfig.configDef(), ProducerConfig.configDef(),
                ConsumerConfig.configDef(), AdminClientConfig.configDef())) {
            ConfigDef.ConfigKey definition = definitions.configKeys().get(unprefixed);
            if (definition != null && definition.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    private static String readSecret(String variable, String path) {
        String text;
        try {
            text = Files.readString(Path.of(path.trim()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(variable + " names the file '" + path + "', which cannot be read (" + e.getMessage()
                    + "); it must hold the secret itself");
        }
        // Files written by editors and `echo` end with a line break that is not part of the secret.
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** The configuration key a variable sets, if any. */
    public static Optional<String> configKey(String variable) {
        if (variable.startsWith(ENGINE_PREFIX) && variable.length() > ENGINE_PREFIX.length()) {
            String key = dotted(variable.substring(ENGINE_PREFIX.length()));
            return Optional.of(EngineConfig.ENGINE_KEYS.contains(key) ? key : EngineConfig.PRESENCE_PREFIX + key);
        }
        if (variable.startsWith(KAFKA_PREFIX) && variable.length() > KAFKA_PREFIX.length()) {
            String key = dotted(variable.substring(KAFKA_PREFIX.length()));
            return isKafkaKey(key) ? Optional.of(key) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The variable that sets {@code key}: the inverse of {@link #configKey}, for the README and error messages. */
    public static String variableFor(String key) {
        Optional<Setting<?>> declared = SettingsCatalogue.byKey(key);
        if (declared.isPresent()) {
            return declared.get().environmentVariable();
        }
        if (EngineConfig.ENGINE_KEYS.contains(key)) {
            return ENGINE_PREFIX + underscored(key);
        }
        if (key.startsWith(EngineConfig.PRESENCE_PREFIX)) {
            return ENGINE_PREFIX + underscored(key.substring(EngineConfig.PRESENCE_PREFIX.length()));
        }
        return KAFKA_PREFIX + underscored(key);
    }

    static boolean isKafkaKey(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return isClientKey(key.substring(prefix.length())) || prefix.equals(StreamsConfig.TOPIC_PREFIX);
            }
        }
        return StreamsConfig.configDef().names().contains(key) || isClientKey(key);
    }

    private static boolean isClientKey(String key) {
        Set<String> producer = ProducerConfig.configNames();
        Set<String> consumer = ConsumerConfig.configNames();
        Set<String> admin = AdminClientConfig.configNames();
        return producer.contains(key) || consumer.contains(key) || admin.contains(key);
    }

    private static String dotted(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static String underscored(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

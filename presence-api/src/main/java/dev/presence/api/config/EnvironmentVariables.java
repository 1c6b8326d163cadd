package dev.presence.api.config;

import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

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

    /** The configuration keys set by {@code environment}; variables outside the two prefixes are ignored. */
    public static Map<String, String> toConfig(Map<String, String> environment) {
        Map<String, String> config = new HashMap<>();
        environment.forEach((name, value) -> configKey(name).ifPresent(key -> config.put(key, value)));
        return config;
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

package dev.presence.api.config;

import dev.presence.streams.PresenceSettings;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;

/**
 * The engine's configuration, in three layers where each later one wins: the defaults in this
 * class, a properties file given with {@code --config <file>}, then environment variables (see
 * {@link EnvironmentVariables} for the naming rule). Every value is checked when the configuration
 * is built, so a mistake stops the engine at once with the key, where it was set, and what to do.
 * Keys the engine does not own are handed to Kafka Streams (and to the engine's own Kafka clients
 * where they apply), so any Kafka setting can be tuned without a code change.
 */
public final class EngineConfig {

    public static final String PRESENCE_PREFIX = "presence.";

    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String COMMIT_INTERVAL_MS = StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;

    public static final String EMBEDDED_KAFKA_PORT = "embedded.kafka.port";
    public static final String EMBEDDED_KAFKA_CONTROLLER_PORT = "embedded.kafka.controller.port";
    public static final String EMBEDDED_KAFKA_DATA_DIR = "embedded.kafka.data.dir";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    /** This instance's REST address as other instances reach it (a Streams key: queries are routed by it). */
    public static final String APPLICATION_SERVER = StreamsConfig.APPLICATION_SERVER_CONFIG;
    public static final String AUTH_SECRET = "auth.secret";
    public static final String AUTH_ADMIN_TOKEN = "auth.admin.token";
    public static final String QUERY_STANDBY_MAX_LAG = "query.standby.max.lag";
    public static final String QUERY_FORWARD_TIMEOUT_MS = "query.forward.timeout.ms";

    /** The keys only the engine reads: never handed to Kafka. */
    static final Set<String> ENGINE_KEYS = Set.of(EMBEDDED_KAFKA_PORT, EMBEDDED_KAFKA_CONTROLLER_PORT,
            EMBEDDED_KAFKA_DATA_DIR, HTTP_HOST, HTTP_PORT, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR,
            AUTH_SECRET, AUTH_ADMIN_TOKEN, QUERY_STANDBY_MAX_LAG, QUERY_FORWARD_TIMEOUT_MS);

    /** Secrets are at least this long: a short HMAC key or admin token can be guessed. */
    static final int MIN_SECRET_LENGTH = 16;

    /**
     * The code defaults. {@code commit.interval.ms} is 100 ms: under exactly-once a commit closes a
     * transaction, and read_committed consumers see notifications only after it, so it bounds the
     * notification latency; 100 ms keeps that unnoticeable to people while a transaction per 100 ms
     * per thread costs the broker little (the Streams default under exactly-once is the same).
     */
    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private EngineConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** Reads {@code --config <file>} from the command line, then layers the environment over it. */
    public static EngineConfig load(String[] args, Map<String, String> environment) {
        EngineConfig config = unchecked(args, environment);
        config.validate();
        return config;
    }

    /**
     * The auth secret from the same layers as {@link #load}, checked alone: minting a token needs
     * nothing else, so a setting the engine would refuse (a bad port, a wildcard host...) does not
     * stand in the way.
     *
     * @throws ConfigException when the secret is missing or too short, or the command line or file cannot be read
     */
    public static String authSecretAlone(String[] args, Map<String, String> environment) {
        EngineConfig config = unchecked(args, environment);
        config.validateSecret();
        return config.authSecret().orElseThrow(() -> new ConfigException(AUTH_SECRET
                + " is not set: with no secret the API needs no tokens (it is open, on loopback only)"));
    }

    /** Defaults, then {@code settings}: for tests and embedding. */
    public static EngineConfig of(Map<String, String> settings) {
        return layered(settings, "settings", Map.of());
    }

    static EngineConfig layered(Map<String, String> file, String fileOrigin, Map<String, String> environment) {
        EngineConfig config = uncheckedLayers(file, fileOrigin, environment);
        config.validate();
        return config;
    }

    private static EngineConfig unchecked(String[] args, Map<String, String> environment) {
        Optional<Path> file = EngineArguments.parse(args).configFile();
        Map<String, String> fromFile = file.map(EngineConfig::readFile).orElse(Map.of());
        return uncheckedLayers(fromFile, file.map(f -> "file " + f).orElse("file"), EnvironmentVariables.toConfig(environment));
    }

    private static EngineConfig uncheckedLayers(Map<String, String> file, String fileOrigin, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Map<String, String> origins = new HashMap<>();
        DEFAULTS.keySet().forEach(key -> origins.put(key, "default"));
        file.forEach((key, value) -> {
            values.put(key, value.trim());
            origins.put(key, fileOrigin);
        });
        environment.forEach((key, value) -> {
            values.put(key, value.trim());
            origins.put(key, "environment variable " + EnvironmentVariables.variableFor(key));
        });
        return new EngineConfig(values, origins);
    }

    /** The cluster to join; empty means: start the embedded broker. */
    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(values.get(BOOTSTRAP_SERVERS)).filter(s -> !s.isBlank());
    }

    public int embeddedKafkaPort() {
        return port(EMBEDDED_KAFKA_PORT);
    }

    public int embeddedKafkaControllerPort() {
        return port(EMBEDDED_KAFKA_CONTROLLER_PORT);
    }

    public Path embeddedKafkaDataDir() {
        return Path.of(required(EMBEDDED_KAFKA_DATA_DIR));
    }

    public Path stateDir() {
        return Path.of(required(STATE_DIR));
    }

    public String applicationId() {
        return required(APPLICATION_ID);
    }

    public String httpHost() {
        return required(HTTP_HOST);
    }

    public int httpPort() {
        return port(HTTP_PORT);
    }

    public int topicPartitions() {
        return intValue(TOPIC_PARTITIONS, 1, 10_000);
    }

    /** Empty: min(3, brokers in the cluster). */
    public OptionalInt topicReplicationFactor() {
        String raw = values.get(TOPIC_REPLICATION_FACTOR);
        return raw == null || raw.isBlank() ? OptionalInt.empty() : OptionalInt.of(intValue(TOPIC_REPLICATION_FACTOR, 1, 32));
    }

    /** {@code host:port} other instances use to reach this one: as set, or http.host:http.port. */
    public String applicationServer() {
        String configured = values.get(APPLICATION_SERVER);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return httpHost() + ":" + httpPort();
    }

    /** The HMAC secret of user tokens; empty: no authentication, loopback only. */
    public Optional<String> authSecret() {
        return optional(AUTH_SECRET);
    }

    /** The admin (backend) credential; only meaningful with a secret. */
    public Optional<String> authAdminToken() {
        return optional(AUTH_ADMIN_TOKEN);
    }

    /** Empty: no standby reads (503 while a partition moves); N: a standby at most N records behind may answer. */
    public OptionalLong queryStandbyMaxLag() {
        String raw = values.get(QUERY_STANDBY_MAX_LAG);
        return raw == null || raw.isBlank() ? OptionalLong.empty() : OptionalLong.of(intValue(QUERY_STANDBY_MAX_LAG, 0, Integer.MAX_VALUE));
    }

    /** How long a forwarded query (or rate-limit count) waits for another instance. */
    public Duration queryForwardTimeout() {
        return Duration.ofMillis(intValue(QUERY_FORWARD_TIMEOUT_MS, 1, 600_000));
    }

    public String processingGuarantee() {
        return required(PROCESSING_GUARANTEE);
    }

    public PresenceSettings presenceSettings() {
        return PresenceSettings.fromConfig(values);
    }

    /**
     * What Kafka Streams gets: every key the engine does not own, with the cluster, the replication
     * of internal topics and this instance's REST address (interactive queries route by it) filled in.
     */
    public Properties streamsProperties(String bootstrapServers, int replicationFactor, String applicationServer) {
        Properties props = new Properties();
        kafkaKeys().forEach(props::setProperty);
        props.setProperty(BOOTSTRAP_SERVERS, bootstrapServers);
        props.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
        return props;
    }

    /** The Kafka keys a plain client ({@code knownKeys}: producer or admin names) understands, for the engine's own clients. */
    public Map<String, Object> clientProperties(String bootstrapServers, Set<String> knownKeys) {
        Map<String, Object> props = new HashMap<>();
        kafkaKeys().forEach((key, value) -> {
            if (knownKeys.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    /** Where a key's value came from: "default", "file ...", or "environment variable ...". */
    public String origin(String key) {
        return origins.getOrDefault(key, "nowhere (not set)");
    }

    private Map<String, String> kafkaKeys() {
        Map<String, String> kafka = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!ENGINE_KEYS.contains(key) && !key.startsWith(PRESENCE_PREFIX) && !key.equals(BOOTSTRAP_SERVERS)) {
                kafka.put(key, value);
            }
        });
        return kafka;
    }

    private void validate() {
        embeddedKafkaPort();
        embeddedKafkaControllerPort();
        embeddedKafkaDataDir();
        stateDir();
        applicationId();
        httpPort();
        topicPartitions();
        topicReplicationFactor();
        intValue(COMMIT_INTERVAL_MS, 1, Integer.MAX_VALUE);
        String guarantee = processingGuarantee();
        if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
            throw problem(PROCESSING_GUARANTEE, "must be " + StreamsConfig.EXACTLY_ONCE_V2 + " or "
                    + StreamsConfig.AT_LEAST_ONCE + " (Kafka 4 has no other)");
        }
        queryStandbyMaxLag();
        queryForwardTimeout();
        validateAuth();
        validateApplicationServer();
        try {
            presenceSettings();
        } catch (IllegalArgumentException e) {
            // PresenceSettings names the key first in its messages; add where it was set and what to do.
            throw new ConfigException(e.getMessage() + " (" + whereSet(e.getMessage())
                    + "): fix it, or remove it to use the default");
        }
    }

    /** With no auth secret every call is allowed, so only this machine may call. */
    private void validateAuth() {
        if (authSecret().isPresent()) {
            validateSecret();
            if (authAdminToken().isPresent() && authAdminToken().get().length() < MIN_SECRET_LENGTH) {
                throw problemHidingValue(AUTH_ADMIN_TOKEN, "is shorter than " + MIN_SECRET_LENGTH + " characters");
            }
            return;
        }
        if (authAdminToken().isPresent()) {
            throw problemHidingValue(AUTH_ADMIN_TOKEN, "is set but " + AUTH_SECRET + " is not: set the secret too,"
                    + " or the API stays open on loopback and the admin token means nothing");
        }
        if (!isLoopback(httpHost())) {
            throw problem(HTTP_HOST, "is not a loopback address: without " + AUTH_SECRET + " every call is allowed,"
                    + " so the API binds to loopback only; use 127.0.0.1, or set " + AUTH_SECRET);
        }
    }

    private void validateSecret() {
        if (authSecret().isPresent() && authSecret().get().length() < MIN_SECRET_LENGTH) {
            throw problemHidingValue(AUTH_SECRET, "is shorter than " + MIN_SECRET_LENGTH + " characters");
        }
    }

    /** Other instances must be able to reach this address: a wildcard bind address is no address. */
    private void validateApplicationServer() {
        String server = applicationServer();
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || colon == server.length() - 1) {
            throw problem(APPLICATION_SERVER, "must be host:port");
        }
        String host = server.substring(0, colon);
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            throw new ConfigException(APPLICATION_SERVER + " defaults to http.host:http.port, and http.host='" + httpHost()
                    + "' is a wildcard no other instance can call: set " + APPLICATION_SERVER
                    + " (environment variable " + EnvironmentVariables.variableFor(APPLICATION_SERVER)
                    + ") to this instance's reachable host:port");
        }
    }

    private boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw problem(HTTP_HOST, "is not a known host name");
        }
    }

    private Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(s -> !s.isBlank());
    }

    /** Like problem(), without echoing a secret into logs. */
    private ConfigException problemHidingValue(String key, String what) {
        return new ConfigException(key + " (set by " + origin(key) + ") " + what + ": use a long random value");
    }

    private String whereSet(String message) {
        for (String key : values.keySet()) {
            if (message.startsWith(key + " ")) {
                return "set by " + origin(key);
            }
        }
        return "a presence.* setting";
    }

    private String required(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw problem(key, "must be set");
        }
        return value;
    }

    private int port(String key) {
        return intValue(key, 1, 65_535);
    }

    private int intValue(String key, int min, int max) {
        String raw = required(key);
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw problem(key, "must be a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw problem(key, "must be from " + min + " to " + max);
        }
        return value;
    }

    private ConfigException problem(String key, String what) {
        String fallback = DEFAULTS.containsKey(key) ? "or remove it to use the default '" + DEFAULTS.get(key) + "'" : "or remove it";
        return new ConfigException(key + "='" + values.get(key) + "' (set by " + origin(key) + ") " + what
                + ": fix " + (origin(key).startsWith("environment") ? "the variable " : "the value ") + fallback);
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config " + file + ": no such file; give the path of a .properties file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config " + file + ": cannot be read as a properties file: " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(key -> map.put(key, props.getProperty(key)));
        return map;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(EMBEDDED_KAFKA_PORT, "9092");
        d.put(EMBEDDED_KAFKA_CONTROLLER_PORT, "9093");
        d.put(EMBEDDED_KAFKA_DATA_DIR, "engine-data/kafka");
        d.put(STATE_DIR, "engine-data/streams");
        d.put(APPLICATION_ID, "presence-engine");
        d.put(HTTP_HOST, "127.0.0.1");
        d.put(HTTP_PORT, "8080");
        d.put(TOPIC_PARTITIONS, "6");
        d.put(QUERY_FORWARD_TIMEOUT_MS, "5000");
        d.put(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        d.put(COMMIT_INTERVAL_MS, "100");
        // A killed instance is noticed after the session timeout: Kafka's 45 s would leave its users
        // unanswered (or answered from standbys) that long. 6 s is the brokers' lowest allowed
        // (group.min.session.timeout.ms); heartbeats every 1.5 s leave room for three to be lost.
        d.put("session.timeout.ms", "6000");
        d.put("heartbeat.interval.ms", "1500");
        // Kafka 5 turns it on anyway; on now so behaviour does not change under an upgrade (and Streams stops warning).
        d.put("processing.exception.handler.global.enabled", "true");
        return Collections.unmodifiableMap(d);
    }
}

package dev.presence.api.config;

import dev.presence.api.auth.ClaimPath;
import dev.presence.api.auth.JwtSettings;
import dev.presence.api.http.LoopbackNames;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.PresenceTopology;
import dev.presence.core.settings.InvalidSettingException;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.assignment.TaskAssignor;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

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

    // The keys by name, for callers that build configurations (tests, the bench): each is declared, with
    // its type, default and documentation, in SettingsCatalogue and nowhere else.
    public static final String BOOTSTRAP_SERVERS = SettingsCatalogue.BOOTSTRAP_SERVERS.key();
    public static final String APPLICATION_ID = SettingsCatalogue.APPLICATION_ID.key();
    public static final String STATE_DIR = SettingsCatalogue.STATE_DIR.key();
    public static final String PROCESSING_GUARANTEE = SettingsCatalogue.PROCESSING_GUARANTEE.key();
    public static final String COMMIT_INTERVAL_MS = SettingsCatalogue.COMMIT_INTERVAL_MS.key();
    public static final String EMBEDDED_KAFKA_PORT = SettingsCatalogue.EMBEDDED_KAFKA_PORT.key();
    public static final String EMBEDDED_KAFKA_CONTROLLER_PORT = SettingsCatalogue.EMBEDDED_KAFKA_CONTROLLER_PORT.key();
    public static final String EMBEDDED_KAFKA_DATA_DIR = SettingsCatalogue.EMBEDDED_KAFKA_DATA_DIR.key();
    public static final String HTTP_HOST = SettingsCatalogue.HTTP_HOST.key();
    public static final String HTTP_PORT = SettingsCatalogue.HTTP_PORT.key();
    public static final String TOPIC_PARTITIONS = SettingsCatalogue.TOPIC_PARTITIONS.key();
    public static final String TOPIC_REPLICATION_FACTOR = SettingsCatalogue.TOPIC_REPLICATION_FACTOR.key();
    public static final String APPLICATION_SERVER = SettingsCatalogue.APPLICATION_SERVER.key();
    public static final String AUTH_SECRET = SettingsCatalogue.AUTH_SECRET.key();
    public static final String AUTH_ADMIN_TOKEN = SettingsCatalogue.AUTH_ADMIN_TOKEN.key();
    public static final String QUERY_STANDBY_MAX_LAG = SettingsCatalogue.QUERY_STANDBY_MAX_LAG.key();
    public static final String QUERY_FORWARD_TIMEOUT_MS = SettingsCatalogue.QUERY_FORWARD_TIMEOUT_MS.key();
    public static final String HTTP_MAX_BODY_BYTES = SettingsCatalogue.HTTP_MAX_BODY_BYTES.key();
    public static final String HTTP_MAX_CONCURRENT_CALLS = SettingsCatalogue.HTTP_MAX_CONCURRENT_CALLS.key();
    public static final String NOTIFICATIONS_MAX_STREAMS_PER_USER = SettingsCatalogue.NOTIFICATIONS_MAX_STREAMS_PER_USER.key();
    public static final String NOTIFICATIONS_MAX_STREAMS = SettingsCatalogue.NOTIFICATIONS_MAX_STREAMS.key();
    public static final String NOTIFICATIONS_WRITER_THREADS = SettingsCatalogue.NOTIFICATIONS_WRITER_THREADS.key();
    public static final String AUTH_JWKS_URL = SettingsCatalogue.AUTH_JWKS_URL.key();
    public static final String AUTH_JWKS_FILE = SettingsCatalogue.AUTH_JWKS_FILE.key();
    public static final String AUTH_JWKS_REFRESH_MS = SettingsCatalogue.AUTH_JWKS_REFRESH_MS.key();
    public static final String AUTH_JWT_ISSUER = SettingsCatalogue.AUTH_JWT_ISSUER.key();
    public static final String AUTH_JWT_AUDIENCE = SettingsCatalogue.AUTH_JWT_AUDIENCE.key();
    public static final String AUTH_JWT_USER_CLAIM = SettingsCatalogue.AUTH_JWT_USER_CLAIM.key();
    public static final String AUTH_JWT_ADMIN_CLAIM = SettingsCatalogue.AUTH_JWT_ADMIN_CLAIM.key();
    public static final String AUTH_JWT_ADMIN_VALUE = SettingsCatalogue.AUTH_JWT_ADMIN_VALUE.key();
    public static final String HTTP_CORS_ORIGINS = SettingsCatalogue.HTTP_CORS_ORIGINS.key();

    /** The keys only the engine reads: never handed to Kafka. */
    static final Set<String> ENGINE_KEYS = SettingsCatalogue.all().stream()
            .filter(setting -> setting.owner() == Setting.Owner.ENGINE).map(Setting::key).collect(Collectors.toSet());

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
        return value(SettingsCatalogue.EMBEDDED_KAFKA_PORT);
    }

    public int embeddedKafkaControllerPort() {
        return value(SettingsCatalogue.EMBEDDED_KAFKA_CONTROLLER_PORT);
    }

    public Path embeddedKafkaDataDir() {
        return Path.of(value(SettingsCatalogue.EMBEDDED_KAFKA_DATA_DIR));
    }

    public Path stateDir() {
        return Path.of(value(SettingsCatalogue.STATE_DIR));
    }

    public String applicationId() {
        return value(SettingsCatalogue.APPLICATION_ID);
    }

    public String httpHost() {
        return value(SettingsCatalogue.HTTP_HOST);
    }

    public int httpPort() {
        return value(SettingsCatalogue.HTTP_PORT);
    }

    public int topicPartitions() {
        return value(SettingsCatalogue.TOPIC_PARTITIONS);
    }

    /** Empty: min(3, brokers in the cluster). */
    public OptionalInt topicReplicationFactor() {
        return optionalValue(SettingsCatalogue.TOPIC_REPLICATION_FACTOR).map(OptionalInt::of).orElse(OptionalInt.empty());
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
        return optionalValue(SettingsCatalogue.AUTH_SECRET);
    }

    /** The admin (backend) credential; only meaningful with a secret. */
    public Optional<String> authAdminToken() {
        return optionalValue(SettingsCatalogue.AUTH_ADMIN_TOKEN);
    }

    /** What a JWT must carry, and where RS256/ES256 keys come from; only meaningful with a secret. */
    public JwtSettings jwtSettings() {
        return new JwtSettings(optional(AUTH_JWT_ISSUER), optional(AUTH_JWT_AUDIENCE), required(AUTH_JWT_USER_CLAIM),
                optional(AUTH_JWT_ADMIN_CLAIM).map(ClaimPath::parse), optional(AUTH_JWT_ADMIN_VALUE), jwksUrl(), optional(AUTH_JWKS_FILE).map(Path::of),
                value(SettingsCatalogue.AUTH_JWKS_REFRESH_MS));
    }

    /**
     * The origins whose pages may call the API ({@code scheme://host[:port]}, comma-separated);
     * empty by default: no cross-origin page may read an answer.
     */
    public Set<String> httpCorsOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : optional(HTTP_CORS_ORIGINS).orElse("").split(",")) {
            String trimmed = origin.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!isOrigin(trimmed)) {
                throw problem(HTTP_CORS_ORIGINS, "holds '" + trimmed + "', which is no origin: list origins as a browser"
                        + " sends them, scheme://host[:port] (e.g. https://app.example.com), comma-separated; '*' is not allowed");
            }
            origins.add(trimmed);
        }
        return origins;
    }

    /** Empty: no standby reads (503 while a partition moves); N: a standby at most N records behind may answer. */
    public OptionalLong queryStandbyMaxLag() {
        return optionalValue(SettingsCatalogue.QUERY_STANDBY_MAX_LAG).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** How long a forwarded query (or rate-limit count) waits for another instance. */
    public Duration queryForwardTimeout() {
        return value(SettingsCatalogue.QUERY_FORWARD_TIMEOUT_MS);
    }

    /** The largest request body accepted (413 beyond): far above any valid call, far below what hurts a heap. */
    public int httpMaxBodyBytes() {
        return value(SettingsCatalogue.HTTP_MAX_BODY_BYTES);
    }

    /** Calls served at once (503 beyond); health and notification streams do not count, so probes always get a thread. */
    public int httpMaxConcurrentCalls() {
        return value(SettingsCatalogue.HTTP_MAX_CONCURRENT_CALLS);
    }

    /** Verdicts the calls on this instance may wait for at once ({@code Prefer: wait}). */
    public int httpWaitMaxPending() {
        return value(SettingsCatalogue.HTTP_WAIT_MAX_PENDING);
    }

    /** Live notification streams one user may hold on this instance (429 beyond). */
    public int notificationsMaxStreamsPerUser() {
        return value(SettingsCatalogue.NOTIFICATIONS_MAX_STREAMS_PER_USER);
    }

    /** Live notification streams on this instance in all (429 beyond). */
    public int notificationsMaxStreams() {
        return value(SettingsCatalogue.NOTIFICATIONS_MAX_STREAMS);
    }

    /** Threads writing to notification streams; a stream stuck in a write holds one until the connection times out. */
    public int notificationsWriterThreads() {
        return value(SettingsCatalogue.NOTIFICATIONS_WRITER_THREADS);
    }

    public String processingGuarantee() {
        return value(SettingsCatalogue.PROCESSING_GUARANTEE);
    }

    public PresenceSettings presenceSettings() {
        try {
            return PresenceSettings.fromConfig(values);
        } catch (InvalidSettingException e) {
            throw problem(e);
        }
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
        PresenceTopology.errorHandling(presenceSettings()).forEach(props::putIfAbsent);
        guaranteeDefaults(processingGuarantee()).forEach(props::putIfAbsent);
        return props;
    }

    /**
     * Defaults that depend on the processing guarantee. Under at_least_once a notification waits for
     * nothing but the producer's linger (Streams sets 100 ms), so the engine lingers 1 ms; under
     * exactly_once_v2 each commit flushes the producer anyway, so Streams' default stays.
     */
    public static Map<String, String> guaranteeDefaults(String guarantee) {
        if (StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            return Map.of(SettingsCatalogue.PRODUCER_LINGER_MS.key(), "1");
        }
        return Map.of();
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

    /**
     * Every {@code presence.*} key that is set but that no setting declares (a typo, or a key of
     * another version), each with where it was set and the declared key it most resembles, if any:
     * the engine warns of them at start, as it would otherwise ignore them silently.
     */
    public List<String> unknownPresenceKeys() {
        List<String> unknown = new ArrayList<>();
        values.keySet().stream().sorted().forEach(key -> {
            if (key.startsWith(PRESENCE_PREFIX) && SettingsCatalogue.byKey(key).isEmpty()) {
                String nearest = SettingsCatalogue.all().stream().map(Setting::key)
                        .min(java.util.Comparator.comparingInt(known -> EditDistance.between(key, known))).orElse(null);
                boolean close = nearest != null && EditDistance.between(key, nearest) <= 3;
                unknown.add(key + " (set by " + origin(key) + ")" + (close ? "; did you mean " + nearest + "?" : ""));
            }
        });
        return unknown;
    }

    /** Where a key's value came from: "default", "file ...", or "environment variable ...". */
    public String origin(String key) {
        return origins.getOrDefault(key, "nowhere (not set)");
    }

    private Map<String, String> kafkaKeys() {
        Map<String, String> kafka = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            boolean leftToKafkaStreams = key.equals(SettingsCatalogue.TASK_ASSIGNOR_CLASS.key()) && isKafkaStreamsAssignor(value);
            if (!ENGINE_KEYS.contains(key) && !key.startsWith(PRESENCE_PREFIX) && !key.equals(BOOTSTRAP_SERVERS) && !leftToKafkaStreams) {
                kafka.put(key, value);
            }
        });
        return kafka;
    }

    /** Every declared setting that is set must parse; then the rules that tie settings together. */
    private void validate() {
        for (Setting<?> setting : SettingsCatalogue.all()) {
            if (setting.owner() != Setting.Owner.PRESENCE) {
                optionalValue(setting);
            }
        }
        presenceSettings();
        validateAuth();
        validateJwt();
        validateCors();
        validateApplicationServer();
        validateLogFormat();
        validatePluginClasses();
    }

    /**
     * Kafka Streams loads these classes only when it needs them, on a stream thread, which a wrong
     * class would kill (the RocksDB setter when it opens the first store, the assignor at a
     * rebalance): checked here, so they are configuration errors before anything starts.
     */
    private void validatePluginClasses() {
        validatePluginClass(SettingsCatalogue.ROCKSDB_CONFIG_SETTER.key(), RocksDBConfigSetter.class);
        if (!isKafkaStreamsAssignor(values.get(SettingsCatalogue.TASK_ASSIGNOR_CLASS.key()))) {
            validatePluginClass(SettingsCatalogue.TASK_ASSIGNOR_CLASS.key(), TaskAssignor.class);
        }
    }

    /** Kafka Streams uses its own assignor when {@code task.assignor.class} is not set at all: this value unsets it. */
    private static boolean isKafkaStreamsAssignor(@Nullable String assignor) {
        return assignor != null && SettingsCatalogue.KAFKA_STREAMS_ASSIGNOR.equals(assignor.trim());
    }

    private void validatePluginClass(String key, Class<?> type) {
        String name = values.get(key);
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            throw problem(key, "is empty: name a " + type.getName());
        }
        Class<?> plugin;
        try {
            plugin = Class.forName(name.trim(), false, EngineConfig.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw problem(key, "names no class on the engine's class path");
        }
        if (!type.isAssignableFrom(plugin)) {
            throw problem(key, "is not a " + type.getName());
        }
        try {
            plugin.getConstructor();
        } catch (NoSuchMethodException e) {
            throw problem(key, "has no public constructor without arguments, which Kafka Streams needs to create it");
        }
    }

    /** The log's layout is chosen when logging starts, before this file is read: set anywhere else, it would do nothing. */
    private void validateLogFormat() {
        String key = SettingsCatalogue.LOG_FORMAT.key();
        if (values.containsKey(key) && !origin(key).equals("default") && !origin(key).startsWith("environment")) {
            throw new ConfigException(key + " (set by " + origin(key) + ") is read from the environment only, as logging"
                    + " starts before the configuration file is read: set PRESENCE_LOG_FORMAT instead");
        }
    }

    /** With no auth secret every call is allowed, so only this machine may call. */
    private void validateAuth() {
        if (authSecret().isPresent()) {
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

    /**
     * JWT settings need the secret (without it every call is allowed and no token is looked at),
     * and a key set of an identity provider needs the issuer: the same provider signs tokens for
     * other issuers' tenants, and only {@code iss} tells them apart.
     */
    private void validateJwt() {
        List<String> jwtKeys = List.of(AUTH_JWKS_URL, AUTH_JWKS_FILE, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE,
                AUTH_JWT_ADMIN_CLAIM, AUTH_JWT_ADMIN_VALUE);
        if (authSecret().isEmpty()) {
            for (String key : jwtKeys) {
                if (optional(key).isPresent()) {
                    throw problem(key, "is set but " + AUTH_SECRET + " is not: without it every call is allowed on loopback"
                            + " and no token is checked; set the secret too");
                }
            }
            return;
        }
        if (optional(AUTH_JWKS_URL).isPresent() && optional(AUTH_JWKS_FILE).isPresent()) {
            throw problem(AUTH_JWKS_FILE, "is set together with " + AUTH_JWKS_URL + ": keys come from one of them; remove one");
        }
        if (optional(AUTH_JWT_ADMIN_CLAIM).isPresent() != optional(AUTH_JWT_ADMIN_VALUE).isPresent()) {
            String missing = optional(AUTH_JWT_ADMIN_CLAIM).isPresent() ? AUTH_JWT_ADMIN_VALUE : AUTH_JWT_ADMIN_CLAIM;
            String set = missing.equals(AUTH_JWT_ADMIN_VALUE) ? AUTH_JWT_ADMIN_CLAIM : AUTH_JWT_ADMIN_VALUE;
            throw problem(set, "needs " + missing + " too: a JWT makes the admin when claim " + AUTH_JWT_ADMIN_CLAIM
                    + " holds the value " + AUTH_JWT_ADMIN_VALUE);
        }
        optional(AUTH_JWT_ADMIN_CLAIM).ifPresent(path -> {
            try {
                ClaimPath.parse(path);
            } catch (IllegalArgumentException e) {
                throw problem(AUTH_JWT_ADMIN_CLAIM, "must be " + e.getMessage());
            }
        });
        optional(AUTH_JWKS_FILE).ifPresent(file -> {
            if (!Files.isRegularFile(Path.of(file)) || !Files.isReadable(Path.of(file))) {
                throw problem(AUTH_JWKS_FILE, "is no readable file: give the path of a JWK set (JSON with \"keys\")");
            }
        });
        JwtSettings jwt = jwtSettings();
        if (jwt.hasKeySet() && jwt.issuer().isEmpty()) {
            String keys = optional(AUTH_JWKS_URL).isPresent() ? AUTH_JWKS_URL : AUTH_JWKS_FILE;
            throw problem(keys, "is set but " + AUTH_JWT_ISSUER + " is not: set the issuer the identity provider puts"
                    + " in 'iss', so tokens it signs for anyone else are refused");
        }
    }

    /** Without a secret only loopback pages are served at all, so a foreign origin could never be allowed. */
    private void validateCors() {
        Set<String> origins = httpCorsOrigins();
        if (authSecret().isEmpty()) {
            for (String origin : origins) {
                if (!LoopbackNames.isLoopbackOrigin(origin)) {
                    throw problem(HTTP_CORS_ORIGINS, "allows '" + origin + "', but without " + AUTH_SECRET
                            + " only loopback pages are served: set the secret, or allow only loopback origins");
                }
            }
        }
    }

    private Optional<URL> jwksUrl() {
        Optional<String> raw = optional(AUTH_JWKS_URL);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.get());
            boolean https = "https".equals(uri.getScheme());
            boolean loopbackHttp = "http".equals(uri.getScheme()) && uri.getHost() != null && LoopbackNames.isLoopbackHost(uri.getHost());
            if (uri.getHost() == null || !(https || loopbackHttp)) {
                throw problem(AUTH_JWKS_URL, "must be an https:// URL (plain http only on loopback): keys fetched"
                        + " in the clear could be swapped on the way");
            }
            return Optional.of(uri.toURL());
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw problem(AUTH_JWKS_URL, "is no URL");
        }
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null && !origin.endsWith("/");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void validateSecret() {
        authSecret();
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

    /** The raw text of a key, when set and not blank; a declared key's value is checked by {@link #validate}. */
    private Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(s -> !s.isBlank());
    }

    private String required(String key) {
        return optional(key).orElseThrow(() -> problem(key, "must be set"));
    }

    /** The setting's value: as set, else its default. @throws ConfigException when it has neither or is not valid */
    private <T> T value(Setting<T> setting) {
        return optionalValue(setting).orElseThrow(() -> problem(setting.key(), "must be set"));
    }

    /** The setting's value, empty when it is not set and has no default. @throws ConfigException when not valid */
    private <T> Optional<T> optionalValue(Setting<T> setting) {
        String raw = values.get(setting.key());
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.parse(raw));
        } catch (InvalidSettingException e) {
            throw problem(e);
        }
    }

    private ConfigException problem(InvalidSettingException e) {
        if (SettingsCatalogue.byKey(e.key()).map(Setting::secret).orElse(false)) {
            return new ConfigException(e.key() + " (set by " + origin(e.key()) + ") must be " + e.expected());
        }
        return problem(e.key(), "must be " + e.expected());
    }

    /** Like problem(), without echoing a secret into logs. */
    private ConfigException problemHidingValue(String key, String what) {
        return new ConfigException(key + " (set by " + origin(key) + ") " + what + ": use a long random value");
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
        Map<String, String> defaults = new LinkedHashMap<>();
        SettingsCatalogue.all().forEach(setting -> setting.defaultText().ifPresent(text -> defaults.put(setting.key(), text)));
        return Collections.unmodifiableMap(defaults);
    }
}

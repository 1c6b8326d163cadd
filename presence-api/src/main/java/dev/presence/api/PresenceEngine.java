package dev.presence.api;

import dev.presence.api.config.ConfigException;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.auth.Authenticator;
import dev.presence.api.auth.JwksSources;
import dev.presence.api.auth.JwtSettings;
import dev.presence.api.auth.JwtVerifier;
import dev.presence.api.auth.TokenCommand;
import dev.presence.api.auth.UserTokens;
import dev.presence.api.console.ConsoleFeed;
import dev.presence.api.http.ApiServer;
import dev.presence.api.http.CorsPolicy;
import dev.presence.api.notify.NotificationBroadcaster;
import dev.presence.api.notify.NotificationLimits;
import dev.presence.api.query.KeyOwners;
import dev.presence.api.query.PeerCallCounts;
import dev.presence.api.query.LocalStores;
import dev.presence.api.query.PeerClient;
import dev.presence.api.ratelimit.CallerRateLimits;
import dev.presence.api.ratelimit.SlidingWindowLimiter;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.kafka.TopicProvisioner;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.query.OccupancyQueries;
import dev.presence.api.verdict.PendingVerdicts;
import dev.presence.api.verdict.VerdictListener;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.streams.StreamsRunner;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.PresenceTopology;
import dev.presence.core.codec.PresenceEventReader;
import dev.presence.streams.tasks.RunningTasks;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runnable engine: an embedded Kafka broker when no cluster is configured, the topics, the
 * Kafka Streams topology and the REST API, started in that order and stopped in the reverse one
 * (HTTP first, so no call reaches a closing store; the broker last, so Streams can commit).
 */
public final class PresenceEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceEngine.class);

    /** The package of the generated Avro classes: Avro 1.12 decodes only classes of trusted packages. */
    public static final String AVRO_TRUSTED_PACKAGE = "dev.presence.schema";

    private final String bootstrapServers;
    private final KafkaStreams streams;
    private final ApiServer api;
    /** Everything started, newest first: closing pops in reverse start order. */
    private final Deque<AutoCloseable> started;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PresenceEngine(String bootstrapServers, KafkaStreams streams, ApiServer api, Deque<AutoCloseable> started) {
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.api = api;
        this.started = started;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(TokenCommand.NAME)) {
            System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), Clock.systemUTC(),
                    System.out, System.err));
            return;
        }
        formatNumbersAsUs();
        trustAvroPackage();
        EngineConfig config;
        try {
            config = EngineConfig.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("presence engine: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        PresenceEngine engine;
        try {
            engine = start(config, () -> System.exit(1));
        } catch (RuntimeException e) {
            LOG.error("The engine could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "presence-shutdown"));
    }

    /**
     * Starts everything and returns once the REST API listens; Streams may still be starting
     * (readiness tells). {@code onFatalError} runs if Streams dies.
     */
    public static PresenceEngine start(EngineConfig config, Runnable onFatalError) {
        trustAvroPackage();
        // A presence.* key no setting declares would otherwise be ignored without a word.
        config.unknownPresenceKeys().forEach(unknown -> LOG.warn("Unknown setting {} is ignored", unknown));
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            String bootstrapServers = config.bootstrapServers().orElseGet(() -> {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.embeddedKafkaPort(),
                        config.embeddedKafkaControllerPort(), config.embeddedKafkaDataDir());
                started.push(broker);
                return broker.bootstrapServers();
            });
            ProvisionedTopics topics = provisionTopics(config, bootstrapServers);
            int replicationFactor = topics.replicationFactor();

            PresenceSettings settings = config.presenceSettings().toBuilder()
                    .userTopicPartitions(topics.userKeyedPartitions()).build();
            RunningTasks running = new RunningTasks();
            StreamsRunner runner = new StreamsRunner(PresenceTopology.build(settings, running),
                    config.streamsProperties(bootstrapServers, replicationFactor, config.applicationServer()),
                    onFatalError);
            runner.alsoTellRestoresTo(running);
            started.push(runner);
            RecordPublisher publisher = new RecordPublisher(
                    config.clientProperties(bootstrapServers, ProducerConfig.configNames()));
            started.push(publisher);
            EngineMetrics metrics = new EngineMetrics(runner.streams(), publisher.producer());
            started.push(metrics);
            NotificationBroadcaster broadcaster = new NotificationBroadcaster(
                    config.clientProperties(bootstrapServers, ConsumerConfig.configNames()), notificationLimits(config),
                    Clock.systemUTC());
            started.push(broadcaster);
            broadcaster.start();

            ConsoleFeed consoleFeed = new ConsoleFeed(
                    config.clientProperties(bootstrapServers, ConsumerConfig.configNames()), Clock.systemUTC());
            started.push(consoleFeed);
            ApiServer.Parts parts = apiParts(config, settings, runner, running, publisher, broadcaster, metrics, consoleFeed);
            VerdictListener verdicts = new VerdictListener(config.clientProperties(bootstrapServers, ConsumerConfig.configNames()),
                    settings.verdictsTopic(), parts.verdicts());
            started.push(verdicts);
            verdicts.start();

            runner.start();
            ApiServer api = ApiServer.start(config.httpHost(), config.httpPort(), parts);
            started.push(api);
            // Popped first: live streams end while the HTTP server can still complete their requests.
            started.push(broadcaster::disconnectAll);
            LOG.info("Presence engine started: Kafka at {}, REST API at http://{}:{} (peers reach it at {})",
                    bootstrapServers, config.httpHost(), api.port(), config.applicationServer());
            return new PresenceEngine(bootstrapServers, runner.streams(), api, started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The REST routes this instance serves ({@link ApiServer#routes()}). */
    public java.util.List<String> httpRoutes() {
        return api.routes();
    }

    public int httpPort() {
        return api.port();
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    /** For tests that check where Kafka Streams placed a key. */
    KafkaStreams streams() {
        return streams;
    }

    /** HTTP, then Streams (with its timeout), then the producer and, if embedded, the broker. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.info("Presence engine stopping");
            closeAll(started);
            LOG.info("Presence engine stopped");
        }
    }

    /** The REST API's collaborators for one Streams client: shared by start() and the tests that build an API by hand. */
    static ApiServer.Parts apiParts(EngineConfig config, PresenceSettings settings, StreamsRunner runner, RunningTasks running,
                                    RecordPublisher publisher, NotificationBroadcaster broadcaster, EngineMetrics metrics,
                                    ConsoleFeed consoleFeed) {
        KafkaStreams streams = runner.streams();
        Authenticator authenticator = authenticator(config);
        KeyOwners owners = new KeyOwners(streams, HostInfo.buildFromEndpoint(config.applicationServer()));
        PeerCallCounts peerCalls = new PeerCallCounts();
        PeerClient peers = new PeerClient(authenticator, config.queryForwardTimeout(), peerCalls);
        LocalStores local = new LocalStores(streams, running, config.queryStandbyMaxLag());
        StatusQueries queries = new StatusQueries(streams, owners, local, peers);
        CurrentSettings current = new CurrentSettings(streams, settings);
        CallerRateLimits rateLimits = new CallerRateLimits(new SlidingWindowLimiter(Clock.systemUTC()), owners, peers, current);
        OccupancyQueries occupancy = new OccupancyQueries(streams, owners.self(), local, peers,
                settings.userTopicPartitions());
        metrics.occupancy(occupancy::total);
        metrics.bindApi(broadcaster, peerCalls);
        return new ApiServer.Parts(streams, queries, current, rateLimits, authenticator,
                new PresenceEventReader(settings.customStatusMaxBytes()), publisher, broadcaster, metrics, Clock.systemUTC(),
                new ApiServer.Limits(config.httpMaxBodyBytes(), config.httpMaxConcurrentCalls()),
                new CorsPolicy(config.httpCorsOrigins()), new PendingVerdicts(config.httpWaitMaxPending()), occupancy,
                consoleFeed, runner::restoreProgress);
    }

    static NotificationLimits notificationLimits(EngineConfig config) {
        return new NotificationLimits(config.notificationsMaxStreamsPerUser(), config.notificationsMaxStreams(),
                config.notificationsWriterThreads());
    }

    private static Authenticator authenticator(EngineConfig config) {
        if (config.authSecret().isEmpty()) {
            return Authenticator.open();
        }
        String secret = config.authSecret().get();
        JwtSettings jwt = config.jwtSettings();
        JwtVerifier jwts = new JwtVerifier(secret.getBytes(StandardCharsets.UTF_8), JwksSources.of(jwt), jwt, Clock.systemUTC());
        if (!jwts.acceptsHs256()) {
            LOG.info("HS256 JWTs are refused: {} is shorter than {} bytes, too short an HS256 key; v1. tokens work",
                    EngineConfig.AUTH_SECRET, JwtVerifier.MIN_HS256_SECRET_BYTES);
        }
        return Authenticator.enforcing(new UserTokens(secret, Clock.systemUTC()), config.authAdminToken(), jwts, Clock.systemUTC());
    }

    /** What the topics are like once provisioned: the settings the rest of the start-up depends on. */
    private record ProvisionedTopics(int replicationFactor, int userKeyedPartitions) {
    }

    private static ProvisionedTopics provisionTopics(EngineConfig config, String bootstrapServers) {
        try (Admin admin = Admin.create(config.clientProperties(bootstrapServers, AdminClientConfig.configNames()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, config.applicationId());
            int replicationFactor = provisioner.replicationFactor(config.topicReplicationFactor());
            provisioner.provision(config.topicPartitions(), replicationFactor);
            return new ProvisionedTopics(replicationFactor, provisioner.userKeyedPartitions());
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed; going on with the rest", next.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Kafka Streams (4.2 and later) formats a trace message with {@code String.format} for every
     * record of a task whose other input partitions are empty, even with tracing off: for the engine,
     * whose tasks read three topics, that is most records. Under any format locale but en-US, each
     * {@code %d} there builds a new {@code DecimalFormatSymbols} (JDK 17's {@code Formatter}); with
     * {@code LANG=C} or {@code C.UTF-8}, as in most containers, Java's locale is plain "en". Measured
     * on the throughput bench, that was 7.7 % of the stream thread (docs/BENCHMARKS.md, eighth round).
     * The engine formats its own text with {@code Locale.ROOT}: its output does not change.
     * It is process-wide: any library formatting with the default locale (log patterns with month
     * names, say) follows it too. Only the engine's own process does this: {@link #start} leaves an
     * embedding application's locale alone.
     */
    static void formatNumbersAsUs() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    /** Must run before any Avro decode; idempotent. The system property covers code that reads it directly. */
    static void trustAvroPackage() {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", AVRO_TRUSTED_PACKAGE);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.DEFAULT,
                type -> AVRO_TRUSTED_PACKAGE.equals(type.getPackageName())));
    }
}

package dev.presence.api.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM, for trying the
 * engine without a cluster and for the integration tests. Its log directory is formatted once and
 * then reused, so topics and offsets survive a restart of the engine.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path dataDir;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(int port, Path dataDir, KafkaRaftServer server) {
        this.port = port;
        this.dataDir = dataDir;
        this.server = server;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker on 127.0.0.1:{@code port} (its controller
     * on {@code controllerPort}) and returns once it answers an Admin call.
     */
    public static EmbeddedKafkaBroker start(int port, int controllerPort, Path dataDir) {
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        Properties props = serverProperties(port, controllerPort, logDir);
        try {
            Files.createDirectories(logDir);
            formatIfNew(props, dataDir.toAbsolutePath(), logDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the embedded Kafka data folder " + dataDir
                    + ": check that it is writable or set embedded.kafka.data.dir", e);
        }
        LOG.info("Starting the embedded Kafka broker on 127.0.0.1:{} with data in {}", port, logDir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dataDir, server);
        broker.awaitReady();
        LOG.info("Embedded Kafka broker ready at {}", broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        LOG.info("Stopping the embedded Kafka broker");
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * Combined mode with every replication setting at one: with the defaults (three) a single
     * broker never creates the offsets or transaction topics and Streams waits forever.
     */
    static Properties serverProperties(int port, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                // Fewer internal partitions than the default 50: a single node on a small machine starts faster.
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // An open transaction of an engine that died holds its partitions until aborted: look every second.
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Topics are made by the engine with the right settings; a typo must not make a new one.
                Map.entry("auto.create.topics.enable", "false")));
        return props;
    }

    /**
     * StorageTool wants a file; {@code --ignore-formatted} keeps an already formatted folder, but only
     * when given the cluster id it was formatted with, so that id is read back from meta.properties.
     */
    private static void formatIfNew(Properties props, Path dataDir, Path logDir) throws IOException {
        String clusterId = existingClusterId(logDir).orElseGet(() -> Uuid.randomUuid().toString());
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by the presence engine at every start; edit engine settings instead");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[]{"format", "--standalone", "--ignore-formatted",
                    "-t", clusterId, "-c", configFile.toString()}, printer);
        } catch (Exception e) {
            throw new IOException("formatting failed: " + e.getMessage(), e);
        }
        if (exitCode != 0) {
            throw new IOException("formatting failed (exit " + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
        }
        LOG.debug("Storage format: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the embedded Kafka broker did not answer within " + START_TIMEOUT
                    + " on " + bootstrapServers() + ": is the port in use? (set embedded.kafka.port)", e);
        }
    }

    private static Optional<String> existingClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }
}

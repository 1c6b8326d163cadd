package dev.presence.bench.cluster;

import dev.presence.api.kafka.EmbeddedKafkaBroker;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Optional;

/**
 * The Kafka a run measures against: a fresh embedded single-node broker (own temp folder, free
 * ports) by default, or an existing cluster given by its bootstrap servers. Only the embedded one
 * can be stopped and started again, which the broker drill needs.
 */
public final class KafkaTarget implements AutoCloseable {

    private final String externalBootstrap;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private EmbeddedKafkaBroker broker;
    /** The broker after a restart (see {@link #startBroker()}). */
    private KafkaRaftServer restarted;

    private KafkaTarget(String externalBootstrap, Path dataDir, int port, int controllerPort) {
        this.externalBootstrap = externalBootstrap;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** An external cluster when {@code bootstrapServers} is given, else an embedded broker under {@code workDir}. */
    public static KafkaTarget open(Optional<String> bootstrapServers, Path workDir) {
        if (bootstrapServers.isPresent()) {
            return new KafkaTarget(bootstrapServers.get(), null, 0, 0);
        }
        KafkaTarget target = new KafkaTarget(null, workDir.resolve("kafka"), freePort(), freePort());
        target.startBroker();
        return target;
    }

    public String bootstrapServers() {
        return externalBootstrap != null ? externalBootstrap : "127.0.0.1:" + port;
    }

    public boolean embedded() {
        return externalBootstrap == null;
    }

    public String describe() {
        return embedded() ? "embedded single-node KRaft broker (in the bench JVM) at " + bootstrapServers()
                : "external cluster at " + bootstrapServers();
    }

    /** Stops the embedded broker; its data stays for {@link #startBroker()}. */
    public void stopBroker() {
        requireEmbedded();
        close();
    }

    /**
     * Starts the embedded broker on its ports and data. The first start is the engine's own
     * EmbeddedKafkaBroker; a restart runs the server.properties it wrote, without formatting again:
     * EmbeddedKafkaBroker formats with a new random cluster id on every start, which Kafka refuses
     * on a folder already formatted (found by this drill; reported, presence-api is not ours to change).
     */
    public void startBroker() {
        requireEmbedded();
        Path serverProperties = dataDir.toAbsolutePath().resolve("server.properties");
        if (!Files.exists(serverProperties)) {
            broker = EmbeddedKafkaBroker.start(port, controllerPort, dataDir);
            return;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(serverProperties)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        restarted = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        restarted.startup();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (restarted != null) {
            restarted.shutdown();
            restarted.awaitShutdown();
            restarted = null;
        }
    }

    private void requireEmbedded() {
        if (!embedded()) {
            throw new IllegalStateException("only the embedded broker can be stopped and started by the bench");
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

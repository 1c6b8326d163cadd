package dev.presence.bench.cluster;

import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.testkit.FreePorts;

import java.nio.file.Path;
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
     * Starts the embedded broker on its ports and data: a new folder is formatted, an existing one
     * is started again with the cluster id it was formatted with.
     */
    public void startBroker() {
        requireEmbedded();
        broker = EmbeddedKafkaBroker.start(port, controllerPort, dataDir);
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    private void requireEmbedded() {
        if (!embedded()) {
            throw new IllegalStateException("only the embedded broker can be stopped and started by the bench");
        }
    }

    /** A free port, never one handed out before in this JVM ({@link FreePorts}). */
    public static int freePort() {
        return FreePorts.next();
    }
}

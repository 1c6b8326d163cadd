package dev.presence.api;

import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.testkit.FreePorts;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The engine suite on the in-process KRaft broker the engine itself uses when no cluster is configured. */
class EmbeddedBrokerEngineIT extends AbstractEngineIT {

    @TempDir
    static Path brokerDir;

    private EmbeddedKafkaBroker broker;

    @Override
    protected String startBroker() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), brokerDir);
        return broker.bootstrapServers();
    }

    @Override
    protected void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }
}

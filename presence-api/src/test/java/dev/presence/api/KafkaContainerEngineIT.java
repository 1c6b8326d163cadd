package dev.presence.api;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The engine suite on Testcontainers' Kafka (Apache's image, KRaft), where a Docker engine exists;
 * skipped where none does. The container is started by the Testcontainers extension before the suite.
 * The broker runs the version of the Kafka clients on the class path, so the two cannot drift apart.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerEngineIT extends AbstractEngineIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());

    @Override
    protected String startBroker() {
        return KAFKA.getBootstrapServers();
    }

    @Override
    protected void stopBroker() {
        // The extension stops the container after the class.
    }
}

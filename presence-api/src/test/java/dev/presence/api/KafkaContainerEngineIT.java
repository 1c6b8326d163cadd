package dev.presence.api;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The engine suite on Testcontainers' Kafka (Apache's image, KRaft), where a Docker engine exists;
 * skipped where none does. The container is started by the Testcontainers extension before the suite.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerEngineIT extends AbstractEngineIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    protected String startBroker() {
        return KAFKA.getBootstrapServers();
    }

    @Override
    protected void stopBroker() {
        // The extension stops the container after the class.
    }
}

package dev.presence.api;

import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.testkit.FreePorts;
import dev.presence.testkit.EngineTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `./scripts/engine.sh` run twice keeps its embedded broker's data: the second start reuses the folder. */
@EngineTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedBrokerRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aSecondStartOnTheSameFolderKeepsTheTopics() throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, controllerPort, dataDir);
             Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic("kept-topic", 1, (short) 1))).all().get();
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(port, controllerPort, dataDir);
             Admin admin = admin(again)) {
            assertThat(admin.listTopics().names().get()).contains("kept-topic");
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}

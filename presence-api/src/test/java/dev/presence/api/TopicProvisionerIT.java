package dev.presence.api;

import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.api.kafka.TopicProvisioner;
import dev.presence.testkit.FreePorts;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.testkit.EngineTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EngineTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TopicProvisionerIT {

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), brokerDir);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void createsEveryTopicOnceWithOnePartitionCountAndCompactsTheStatusTopic() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(admin, "presence-provisioner-it");
        int replicationFactor = provisioner.replicationFactor(OptionalInt.empty());

        List<String> created = provisioner.provision(3, replicationFactor);
        List<String> again = provisioner.provision(4, replicationFactor);

        assertThat(replicationFactor).isEqualTo(1);
        assertThat(created).containsAll(Topics.userKeyed("presence-provisioner-it")).contains(Topics.CONFIG);
        assertThat(again).isEmpty();
        assertThat(admin.describeTopics(Topics.userKeyed("presence-provisioner-it")).allTopicNames().get().values())
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        assertThat(cleanupPolicy(Topics.STATUS)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy(Topics.CONFIG)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy(Topics.EVENTS)).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        String verdicts = Topics.verdicts("presence-provisioner-it");
        assertThat(created).contains(verdicts);
        assertThat(cleanupPolicy(verdicts)).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        assertThat(topicConfig(verdicts, TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("3600000");
    }

    @Test
    void refusesAReplicationFactorTheClusterCannotHold() {
        TopicProvisioner provisioner = new TopicProvisioner(admin, "presence-provisioner-it");

        assertThatThrownBy(() -> provisioner.replicationFactor(OptionalInt.of(3)))
                .hasMessageContaining("topic.replication.factor").hasMessageContaining("1 broker");
    }

    private static String cleanupPolicy(String topic) throws Exception {
        return topicConfig(topic, TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    private static String topicConfig(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(key).value();
    }
}

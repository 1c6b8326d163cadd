package dev.presence.api.config;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class EngineConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsNeedNoSettings() {
        EngineConfig config = EngineConfig.load(new String[0], Map.of());

        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.embeddedKafkaPort()).isEqualTo(9092);
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.topicReplicationFactor()).isEmpty();
        assertThat(config.presenceSettings().maxUsersPerQuery()).isEqualTo(500);
        assertThat(config.presenceSettings().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(400));
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
        Path file = write("http.port=9000\ntopic.partitions=3\npresence.heartbeat.timeout.ms=1000\n");

        EngineConfig config = EngineConfig.load(new String[]{"--config", file.toString()},
                Map.of("PRESENCE_HTTP_PORT", "9100", "PRESENCE_HEARTBEAT_TIMEOUT_MS", "2000"));

        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.origin(EngineConfig.HTTP_PORT)).isEqualTo("environment variable PRESENCE_HTTP_PORT");
        assertThat(config.topicPartitions()).isEqualTo(3);
        assertThat(config.origin(EngineConfig.TOPIC_PARTITIONS)).isEqualTo("file " + file);
        assertThat(config.presenceSettings().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void environmentVariablesMapToKeysByOneRule() {
        assertThat(EnvironmentVariables.configKey("PRESENCE_HTTP_PORT")).contains("http.port");
        assertThat(EnvironmentVariables.configKey("PRESENCE_EMBEDDED_KAFKA_DATA_DIR")).contains("embedded.kafka.data.dir");
        assertThat(EnvironmentVariables.configKey("PRESENCE_OUTPUT_FORMAT")).contains("presence.output.format");
        assertThat(EnvironmentVariables.configKey("KAFKA_BOOTSTRAP_SERVERS")).contains("bootstrap.servers");
        assertThat(EnvironmentVariables.configKey("KAFKA_PROCESSING_GUARANTEE")).contains("processing.guarantee");
        assertThat(EnvironmentVariables.configKey("KAFKA_PRODUCER_LINGER_MS")).contains("producer.linger.ms");
        assertThat(EnvironmentVariables.configKey("KAFKA_HEAP_OPTS")).isEmpty();
        assertThat(EnvironmentVariables.configKey("HOME")).isEmpty();
        for (String key : new String[]{"http.port", "presence.output.format", "bootstrap.servers", "state.dir"}) {
            assertThat(EnvironmentVariables.configKey(EnvironmentVariables.variableFor(key))).contains(key);
        }
    }

    @Test
    void otherKafkaKeysReachStreamsAndTheEnginesOwnKeysDoNot() {
        EngineConfig config = EngineConfig.of(Map.of("num.stream.threads", "2", "producer.linger.ms", "7",
                "presence.output.format", "json"));

        Properties streams = config.streamsProperties("broker:9092", 3, "127.0.0.1:8080");

        assertThat(streams).containsEntry("num.stream.threads", "2").containsEntry("producer.linger.ms", "7")
                .containsEntry("bootstrap.servers", "broker:9092").containsEntry("application.server", "127.0.0.1:8080")
                .containsEntry("replication.factor", "3").containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", "100");
        assertThat(streams.stringPropertyNames()).doesNotContain("http.port", "presence.output.format", "topic.partitions");
    }

    @Test
    void theFailoverDefaultsReachStreamsAndAnExplicitValueWins() {
        Properties defaults = EngineConfig.of(Map.of()).streamsProperties("broker:9092", 3, "127.0.0.1:8080");
        Properties chosen = EngineConfig.of(Map.of("max.poll.interval.ms", "300000"))
                .streamsProperties("broker:9092", 3, "127.0.0.1:8080");

        // A survivor hears of a killed instance's rebalance after the session timeout, and then only
        // at its next poll, which Streams delays by at most half the poll interval.
        assertThat(defaults).containsEntry("session.timeout.ms", "6000").containsEntry("heartbeat.interval.ms", "1500")
                .containsEntry("max.poll.interval.ms", "10000");
        assertThat(chosen).containsEntry("max.poll.interval.ms", "300000");
        // Its open transaction holds its partitions' committed offsets until the brokers abort it:
        // no later than the group notices the death.
        assertThat(defaults).containsEntry("producer.transaction.timeout.ms", "6000");
    }

    @Test
    void theStoresAreCompressedByDefaultAndAWrongRocksDbSetterIsAConfigurationError() {
        assertThat(EngineConfig.of(Map.of()).streamsProperties("broker:9092", 3, "127.0.0.1:8080")
                .getProperty("rocksdb.config.setter")).isEqualTo("dev.presence.streams.storage.CompressedRocksDbStores");
        for (Map.Entry<String, String> wrong : Map.of(
                "no.such.Setter", "names no class",
                "java.lang.String", "is not a org.apache.kafka.streams.state.RocksDBConfigSetter",
                "dev.presence.api.config.EngineConfigTest$SetterWithArguments", "no public constructor without arguments",
                " ", "is empty").entrySet()) {
            assertThatThrownBy(() -> EngineConfig.of(Map.of("rocksdb.config.setter", wrong.getKey())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(wrong.getValue());
        }
    }

    @Test
    void theEnginesAssignorPlacesPartitionsUnlessKafkaStreamsOwnOrAnotherIsChosenAndAWrongOneIsAConfigurationError() {
        assertThat(EngineConfig.of(Map.of()).streamsProperties("broker:9092", 3, "127.0.0.1:8080")
                .getProperty("task.assignor.class")).isEqualTo("dev.presence.streams.assignment.StickyBalancedTaskAssignor");
        for (String kafkaStreams : List.of("kafka-streams", " kafka-streams ")) {
            assertThat(EngineConfig.of(Map.of("task.assignor.class", kafkaStreams)).streamsProperties("broker:9092", 3, "127.0.0.1:8080")
                    .stringPropertyNames()).doesNotContain("task.assignor.class");
        }
        String sticky = "org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor";
        assertThat(EngineConfig.of(Map.of("task.assignor.class", sticky)).streamsProperties("broker:9092", 3, "127.0.0.1:8080")
                .getProperty("task.assignor.class")).isEqualTo(sticky);
        for (Map.Entry<String, String> wrong : Map.of(
                "no.such.Assignor", "names no class",
                "java.lang.String", "is not a org.apache.kafka.streams.processor.assignment.TaskAssignor").entrySet()) {
            assertThatThrownBy(() -> EngineConfig.of(Map.of("task.assignor.class", wrong.getKey())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("task.assignor.class")
                    .hasMessageContaining(wrong.getValue());
        }
    }

    /** A setter Kafka Streams could not create. */
    public static final class SetterWithArguments implements org.apache.kafka.streams.state.RocksDBConfigSetter {

        public SetterWithArguments(String unused) {
        }

        @Override
        public void setConfig(String storeName, org.rocksdb.Options options, Map<String, Object> configs) {
        }

        @Override
        public void close(String storeName, org.rocksdb.Options options) {
        }
    }

    @Test
    void theProducersLingerDefaultsPerGuaranteeAndAnExplicitValueWins() {
        Properties atLeastOnce = EngineConfig.of(Map.of("processing.guarantee", "at_least_once"))
                .streamsProperties("broker:9092", 3, "127.0.0.1:8080");
        Properties exactlyOnce = EngineConfig.of(Map.of()).streamsProperties("broker:9092", 3, "127.0.0.1:8080");
        Properties chosen = EngineConfig.of(Map.of("processing.guarantee", "at_least_once", "producer.linger.ms", "20"))
                .streamsProperties("broker:9092", 3, "127.0.0.1:8080");

        assertThat(atLeastOnce).containsEntry("producer.linger.ms", "1");
        assertThat(exactlyOnce.stringPropertyNames()).as("Streams' own default stays").doesNotContain("producer.linger.ms");
        assertThat(chosen).containsEntry("producer.linger.ms", "20");
    }

    @Test
    void theEnginesClientsGetOnlyTheKeysTheyKnow() {
        EngineConfig config = EngineConfig.of(Map.of("security.protocol", "SSL", "num.stream.threads", "2"));

        Map<String, Object> producer = config.clientProperties("broker:9092",
                org.apache.kafka.clients.producer.ProducerConfig.configNames());

        assertThat(producer).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "broker:9092")
                .doesNotContainKey("num.stream.threads").doesNotContainKey("application.id");
    }

    @Test
    void aBadValueNamesItsKeyWhereItWasSetAndWhatToDo() {
        assertThatThrownBy(() -> EngineConfig.load(new String[0], Map.of("PRESENCE_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port='eighty'")
                .hasMessageContaining("environment variable PRESENCE_HTTP_PORT")
                .hasMessageContaining("whole number")
                .hasMessageContaining("default '8080'");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("processing.guarantee", "exactly_once")))
                .hasMessageContaining("processing.guarantee").hasMessageContaining("exactly_once_v2 or at_least_once");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("presence.heartbeat.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("presence.heartbeat.timeout.ms");
    }

    @Test
    void withoutAnAuthSecretTheApiOnlyBindsToLoopback() {
        assertThatThrownBy(() -> EngineConfig.of(Map.of("http.host", "0.0.0.0")))
                .hasMessageContaining("http.host").hasMessageContaining("loopback");
        assertThat(EngineConfig.of(Map.of("http.host", "localhost")).httpHost()).isEqualTo("localhost");
    }

    @Test
    void withAnAuthSecretTheApiMayBindAnywhereButPeersNeedAnAddressTheyCanReach() {
        String secret = "a-secret-of-enough-length";
        assertThatThrownBy(() -> EngineConfig.of(Map.of("http.host", "0.0.0.0", "auth.secret", secret)))
                .hasMessageContaining("application.server").hasMessageContaining("KAFKA_APPLICATION_SERVER");
        EngineConfig config = EngineConfig.of(Map.of("http.host", "0.0.0.0", "auth.secret", secret,
                "application.server", "engine-1:8080"));

        assertThat(config.applicationServer()).isEqualTo("engine-1:8080");
        assertThat(config.streamsProperties("k:9092", 3, config.applicationServer()))
                .containsEntry("application.server", "engine-1:8080").doesNotContainKey("auth.secret");
        assertThat(EngineConfig.of(Map.of()).applicationServer()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void jwtSettingsHaveSafeDefaultsAndNeedTheSecretAndAnIssuerWithAKeySet() throws IOException {
        String secret = "a-secret-of-enough-length";
        EngineConfig defaults = EngineConfig.of(Map.of("auth.secret", secret));
        assertThat(defaults.jwtSettings().userClaim()).isEqualTo("sub");
        assertThat(defaults.jwtSettings().hasKeySet()).isFalse();
        assertThat(defaults.jwtSettings().jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.httpCorsOrigins()).isEmpty();

        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.jwt.issuer", "https://id.example.com/")))
                .hasMessageContaining("auth.jwt.issuer").hasMessageContaining("auth.secret");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwks.url", "https://id.example.com/jwks")))
                .hasMessageContaining("auth.jwks.url").hasMessageContaining("auth.jwt.issuer");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.issuer", "i",
                "auth.jwks.url", "http://id.example.com/jwks"))).hasMessageContaining("https");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.issuer", "i",
                "auth.jwks.url", "not a url"))).hasMessageContaining("auth.jwks.url");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.issuer", "i",
                "auth.jwks.file", dir.resolve("missing.json").toString()))).hasMessageContaining("auth.jwks.file");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.admin.claim", "role")))
                .hasMessageContaining("auth.jwt.admin.value");
        assertThat(EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.admin.claim", "realm_access.roles",
                "auth.jwt.admin.value", "presence-admin")).jwtSettings().adminClaim().map(Object::toString))
                .contains("realm_access.roles");
        for (String badPath : new String[]{"realm_access..roles", "realm_access.", "a.b.c.d.e.f.g.h.i", "r".repeat(257)}) {
            assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.admin.claim", badPath,
                    "auth.jwt.admin.value", "presence-admin"))).as(badPath)
                    .hasMessageContaining("auth.jwt.admin.claim").hasMessageContaining("realm_access.roles");
        }
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "auth.jwks.refresh.ms", "10")))
                .hasMessageContaining("auth.jwks.refresh.ms");
        Path keys = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        EngineConfig withFile = EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.issuer", "https://id.example.com/",
                "auth.jwks.file", keys.toString(), "auth.jwt.admin.claim", "role", "auth.jwt.admin.value", "presence-admin"));
        assertThat(withFile.jwtSettings().jwksFile()).contains(keys);
        assertThat(withFile.jwtSettings().adminValue()).contains("presence-admin");
        assertThat(EngineConfig.of(Map.of("auth.secret", secret, "auth.jwt.issuer", "i",
                "auth.jwks.url", "http://127.0.0.1:8081/jwks")).jwtSettings().jwksUrl()).isPresent();
    }

    @Test
    void corsOriginsAreExactOriginsAndOnlyLoopbackOnesWithoutASecret() {
        String secret = "a-secret-of-enough-length";
        assertThat(EngineConfig.of(Map.of("auth.secret", secret, "http.cors.origins",
                "https://chat.example.com, http://localhost:5173")).httpCorsOrigins())
                .containsExactly("https://chat.example.com", "http://localhost:5173");
        for (String bad : new String[]{"*", "chat.example.com", "https://chat.example.com/", "https://chat.example.com/app",
                "ftp://chat.example.com", "https://user@chat.example.com"}) {
            assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", secret, "http.cors.origins", bad))).as(bad)
                    .hasMessageContaining("http.cors.origins");
        }
        assertThatThrownBy(() -> EngineConfig.of(Map.of("http.cors.origins", "https://chat.example.com")))
                .hasMessageContaining("auth.secret");
        assertThat(EngineConfig.of(Map.of("http.cors.origins", "http://localhost:5173")).httpCorsOrigins())
                .containsExactly("http://localhost:5173");
    }

    @Test
    void secretsAreCheckedWithoutBeingEchoed() {
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.secret", "short-secret")))
                .hasMessageContaining("auth.secret").hasMessageContaining("16").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> EngineConfig.of(Map.of("auth.admin.token", "admin-token-of-enough-length")))
                .hasMessageContaining("auth.admin.token").hasMessageContaining("auth.secret")
                .hasMessageNotContaining("admin-token-of-enough-length");
        assertThat(EngineConfig.load(new String[0], Map.of("PRESENCE_AUTH_SECRET", "a-secret-of-enough-length",
                "PRESENCE_AUTH_ADMIN_TOKEN", "admin-token-of-enough-length")).authAdminToken())
                .contains("admin-token-of-enough-length");
    }

    @Test
    void kafkaSecuritySettingsReachStreamsAndEveryClientOfTheEngine() {
        Map<String, String> security = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "ssl.truststore.password", "changeit");
        EngineConfig config = EngineConfig.load(new String[0], Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", security.get("sasl.jaas.config"),
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.jks",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit"));

        assertThat(config.streamsProperties("k:9093", 3, "127.0.0.1:8080")).containsAllEntriesOf(security);
        for (java.util.Set<String> client : java.util.List.of(org.apache.kafka.clients.producer.ProducerConfig.configNames(),
                org.apache.kafka.clients.consumer.ConsumerConfig.configNames(),
                org.apache.kafka.clients.admin.AdminClientConfig.configNames())) {
            assertThat(config.clientProperties("k:9093", client)).containsAllEntriesOf(security);
        }
    }

    @Test
    void queryRoutingSettingsHaveSafeDefaults() {
        EngineConfig defaults = EngineConfig.of(Map.of());
        assertThat(defaults.queryStandbyMaxLag()).isEmpty();
        assertThat(defaults.queryForwardTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(EngineConfig.of(Map.of("query.standby.max.lag", "100")).queryStandbyMaxLag()).hasValue(100);
        assertThatThrownBy(() -> EngineConfig.of(Map.of("query.standby.max.lag", "-1")))
                .hasMessageContaining("query.standby.max.lag");
    }

    @Test
    void theCommandLineTakesOnlyAConfigFile() throws IOException {
        Path file = write("http.port=9001\n");

        assertThat(EngineArguments.parse(new String[]{"--config=" + file}).configFile()).contains(file);
        assertThat(EngineArguments.parse(new String[0]).configFile()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> EngineArguments.parse(new String[]{"--port", "1"}))
                .hasMessageContaining("--port").hasMessageContaining("usage");
        assertThatThrownBy(() -> EngineConfig.load(new String[]{"--config", dir.resolve("missing").toString()}, Map.of()))
                .hasMessageContaining("no such file");
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("engine.properties"), properties);
    }
}

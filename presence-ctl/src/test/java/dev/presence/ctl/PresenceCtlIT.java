package dev.presence.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.api.PresenceEngine;
import dev.presence.api.config.EngineConfig;
import dev.presence.api.kafka.EmbeddedKafkaBroker;
import dev.presence.core.codec.AvroJson;
import dev.presence.testkit.EngineTest;
import dev.presence.testkit.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** presencectl against a real engine (with a secret, so tokens matter): every command, its output and exit status. */
@EngineTest
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresenceCtlIT {

    private static final String ADMIN = "ctl-it-admin-token-0123";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private PresenceEngine engine;
    private String url;

    /** One run of the tool: its exit status and what it printed. */
    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return AvroJson.MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    @BeforeAll
    void start() throws IOException {
        broker = EmbeddedKafkaBroker.start(FreePorts.next(), FreePorts.next(), dir.resolve("broker"));
        engine = PresenceEngine.start(EngineConfig.of(Map.of(
                EngineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                EngineConfig.APPLICATION_ID, "presence-it-ctl",
                EngineConfig.STATE_DIR, dir.resolve("state").toString(),
                EngineConfig.HTTP_PORT, Integer.toString(FreePorts.next()),
                EngineConfig.TOPIC_PARTITIONS, "2",
                EngineConfig.COMMIT_INTERVAL_MS, "50",
                EngineConfig.AUTH_SECRET, "ctl-it-secret-0123456789abcdef",
                EngineConfig.AUTH_ADMIN_TOKEN, ADMIN)), () -> { });
        url = "http://127.0.0.1:" + engine.httpPort();
        await().atMost(PATIENCE).until(() -> ctl("status", "nobody").status() == ExitCodes.OK);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void publishThroughKafkaAndTheApiThenReadTheStatusAsTextAndJson() {
        Run viaKafka = ctl("publish", "LOGIN", "ctl-alice", "--client", "phone", "--session", "s1", "--platform", "IOS",
                "--kafka", engine.bootstrapServers());
        assertThat(viaKafka.status()).as(viaKafka.err()).isZero();
        assertThat(viaKafka.out()).startsWith("written: LOGIN of ctl-alice at presence.events-");
        Run viaApi = ctl("publish", "SET_CUSTOM_STATUS", "ctl-alice", "--custom-status", "on a call");

        await().atMost(PATIENCE).until(() -> ctl("status", "ctl-alice").out().contains("\"on a call\""));
        assertThat(viaApi.status()).isZero();
        Run detail = ctl("status", "ctl-alice", "--detail");
        assertThat(detail.out()).startsWith("ctl-alice ONLINE \"on a call\"").contains("  phone IOS ONLINE");
        JsonNode json = ctl("status", "ctl-alice", "--detail", "--json").json();
        assertThat(json.path("status").asText()).isEqualTo("ONLINE");
        assertThat(json.path("clients").get(0).path("clientId").asText()).isEqualTo("phone");

        Run batch = ctl("query", "ctl-alice", "ctl-nobody", "--json");
        assertThat(batch.json().size()).isEqualTo(2);
        assertThat(batch.json().get(1).path("status").asText()).isEqualTo("UNLOGINED");
    }

    @Test
    void subscribeTailAndUnsubscribe() throws Exception {
        // The stream opens first, so it hears both what subscribing sends (carol's snapshot) and carol's login,
        // in that order: a stream opened after subscribing could open before or after the snapshot is committed.
        CompletableFuture<Run> tail = CompletableFuture.supplyAsync(() -> ctl("tail", "ctl-bob", "--count", "2"));
        await().atMost(PATIENCE).until(() -> engineText("/metrics").contains("presence_notification_streams_open 1.0"));
        Run subscribed = ctl("subscribe", "ctl-bob", "ctl-carol");
        assertThat(subscribed.status()).as(subscribed.err()).isZero();
        await().atMost(PATIENCE).until(() -> ctl("subscriptions", "ctl-bob").out().startsWith("ctl-carol since "));

        ctl("publish", "LOGIN", "ctl-carol", "--client", "web", "--session", "s1", "--platform", "WEB");
        Run heard = tail.get(60, TimeUnit.SECONDS);
        assertThat(heard.status()).as(heard.err()).isZero();
        assertThat(heard.out().trim().split("\n"))
                .containsExactly("ctl-bob: ctl-carol UNLOGINED (SNAPSHOT)", "ctl-bob: ctl-carol ONLINE (LOGIN)");

        assertThat(ctl("unsubscribe", "ctl-bob", "--all").status()).isZero();
        await().atMost(PATIENCE).until(() -> ctl("subscriptions", "ctl-bob").out().equals("ctl-bob has no subscriptions\n"));
    }

    @Test
    void settingsAreListedChangedAndResetAndATokenIsMinted() {
        assertThat(ctl("settings").out()).contains("statusQueryAndNotify = true");
        Run changed = ctl("settings", "set", "maxUsersPerQuery", "42");
        assertThat(changed.out()).isEqualTo("accepted: maxUsersPerQuery = 42\n");
        await().atMost(PATIENCE).until(() -> ctl("settings", "--json").json().path("settings").path("maxUsersPerQuery")
                .asText().equals("42"));
        assertThat(ctl("settings", "reset", "maxUsersPerQuery").status()).isZero();

        Run token = ctl("token", "ctl-dave", "--ttl", "600");
        assertThat(token.status()).isZero();
        Run asDave = ctl("--token", token.out().trim(), "status", "ctl-dave");
        assertThat(asDave.status()).as(asDave.err()).isZero();
        assertThat(asDave.out()).startsWith("ctl-dave UNLOGINED");
    }

    @Test
    void everyKindOfFailureHasItsExitStatus() {
        Run refused = ctl("settings", "set", "noSuchSetting", "1");
        assertThat(refused.status()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("no live setting 'noSuchSetting'").contains("(code 70012)");
        assertThat(ctl("--json", "settings", "set", "maxUsersPerQuery", "many").err()).contains("\"code\":70006");

        assertThat(PresenceCtl.run(new String[]{"--url", url, "status", "ctl-alice"}, Map.of(), writer(), writer()))
                .as("no token at all").isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(ctl("--token", "v1.forged.token", "status", "ctl-alice").status()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(ctl("--url", "http://127.0.0.1:1", "status", "ctl-alice").status()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(ctl("status").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(ctl("publish", "LOGIN", "ctl-erin").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(ctl("publish", "SESSION_TIMED_OUT", "ctl-erin").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(ctl("status", "x".repeat(129)).status()).isEqualTo(ExitCodes.REFUSED);
        assertThat(ctl("unsubscribe", "ctl-bob").status()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("status", "query", "subscribe", "unsubscribe", "subscriptions", "tail", "publish",
                "settings", "token")) {
            Run help = ctl(command, "--help");
            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: presencectl " + command).contains("Exit status:");
        }
        assertThat(ctl("settings", "set", "--help").out()).contains("Usage: presencectl settings set");
    }

    private Run ctl(String... args) {
        List<String> line = new ArrayList<>();
        if (!List.of(args).contains("--url")) {
            line.addAll(List.of("--url", url));
        }
        if (!List.of(args).contains("--token")) {
            line.addAll(List.of("--token", ADMIN));
        }
        line.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PresenceCtl.run(line.toArray(String[]::new), Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** Raw: the client library has no call for {@code /metrics} (Prometheus text, for scrapers rather than applications). */
    private String engineText(String path) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static PrintWriter writer() {
        return new PrintWriter(new StringWriter(), true);
    }
}

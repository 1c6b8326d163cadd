package dev.presence.ctl;

import dev.presence.client.PresenceProducer;
import dev.presence.client.http.Answers.EventsAccepted;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish one presence event: through the REST API (admin; POST /v1/events), "
                + "or with --kafka straight to presence.events, as a gateway would.",
                "LOGIN needs --client, --session and --platform; HEARTBEAT and DISCONNECT --client and --session; "
                        + "LOGOUT --client; SET_CUSTOM_STATUS --custom-status (omit it to clear)."},
        footer = ExitCodes.HELP)
final class PublishCommand implements Callable<Integer> {

    private static final List<EventType> PUBLISHABLE = List.of(EventType.LOGIN, EventType.HEARTBEAT, EventType.LOGOUT,
            EventType.DISCONNECT, EventType.SET_CUSTOM_STATUS);

    @ParentCommand
    PresenceCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TYPE", description = "LOGIN, HEARTBEAT, LOGOUT, DISCONNECT or SET_CUSTOM_STATUS")
    EventType type;

    @Parameters(index = "1", paramLabel = "USER", description = "whose event")
    String userId;

    @Option(names = "--client", paramLabel = "ID", description = "the client (device)")
    String clientId;

    @Option(names = "--session", paramLabel = "ID", description = "the session of the client")
    String sessionId;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "IOS, ANDROID, IPAD, WEB, WINDOWS, MAC, LINUX...")
    Platform platform;

    @Option(names = "--custom-status", paramLabel = "TEXT", description = "SET_CUSTOM_STATUS: the text")
    String customStatus;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "write to presence.events on these brokers (host:port,...) instead of calling the API")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (!PUBLISHABLE.contains(type)) {
            throw new ParameterException(spec.commandLine(), type + " is the engine's own event; publish one of " + PUBLISHABLE);
        }
        requireFieldsOfType();
        if (bootstrapServers != null) {
            RecordMetadata written = viaKafka();
            ctl.print(Map.of("userId", userId, "topic", written.topic(), "partition", written.partition(),
                    "offset", written.offset()), "written: " + type + " of " + userId + " at " + written.topic() + "-"
                    + written.partition() + "@" + written.offset());
        } else {
            EventsAccepted accepted = ctl.client().publishEvents(List.of(event()));
            ctl.print(accepted, "accepted: " + type + " of " + userId + " at partition "
                    + accepted.events().get(0).partition() + " offset " + accepted.events().get(0).offset());
        }
        return ExitCodes.OK;
    }

    private PresenceEvent event() {
        return PresenceEvent.newBuilder().setType(type).setUserId(userId).setClientId(clientId).setSessionId(sessionId)
                .setPlatform(platform).setCustomStatus(customStatus).setEventId(UUID.randomUUID().toString())
                .setOccurredAt(System.currentTimeMillis()).build();
    }

    private RecordMetadata viaKafka() throws InterruptedException, ExecutionException, TimeoutException {
        try (PresenceProducer producer = PresenceProducer.builder(bootstrapServers).build()) {
            CompletableFuture<RecordMetadata> sent = switch (type) {
                case LOGIN -> producer.login(userId, required(clientId, "--client"), required(sessionId, "--session"),
                        required(platform, "--platform"));
                case HEARTBEAT -> producer.heartbeat(userId, required(clientId, "--client"), required(sessionId, "--session"));
                case LOGOUT -> producer.logout(userId, required(clientId, "--client"));
                case DISCONNECT -> producer.disconnect(userId, required(clientId, "--client"), required(sessionId, "--session"));
                default -> customStatus == null ? producer.clearCustomStatus(userId)
                        : producer.setCustomStatus(userId, customStatus);
            };
            producer.flush();
            return sent.get(ctl.timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    /** Checked before anything is sent or any connection opened. */
    private void requireFieldsOfType() {
        switch (type) {
            case LOGIN -> {
                required(clientId, "--client");
                required(sessionId, "--session");
                required(platform, "--platform");
            }
            case HEARTBEAT, DISCONNECT -> {
                required(clientId, "--client");
                required(sessionId, "--session");
            }
            case LOGOUT -> required(clientId, "--client");
            default -> { }
        }
    }

    private <T> T required(T value, String option) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), type + " needs " + option);
        }
        return value;
    }
}

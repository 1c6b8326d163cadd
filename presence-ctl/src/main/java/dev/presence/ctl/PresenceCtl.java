package dev.presence.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.client.PresenceException;
import dev.presence.core.codec.AvroJson;
import dev.presence.client.http.PresenceHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code presencectl}: the everyday tasks of an operator against a running engine, over its REST
 * API (and, for publishing, optionally straight to Kafka). Every command answers as text, or as
 * JSON with {@code --json}; the exit status says what a script should do next ({@link ExitCodes}).
 */
@Command(name = "presencectl", mixinStandardHelpOptions = true, version = "presencectl 0.1.0",
        description = "Operate a presence engine: statuses, subscriptions, notifications, events, live settings, tokens.",
        footer = ExitCodes.HELP,
        subcommands = {StatusCommand.class, QueryCommand.class, SubscribeCommand.class, UnsubscribeCommand.class,
                SubscriptionsCommand.class, TailCommand.class, PublishCommand.class, SettingsCommand.class,
                TokenCommand.class, CommandLine.HelpCommand.class})
public final class PresenceCtl implements Runnable {

    /** The environment variables the options fall back to. */
    static final String URL_VARIABLE = "PRESENCECTL_URL";
    static final String TOKEN_VARIABLE = "PRESENCECTL_TOKEN";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "the engine's REST address (default: $" + URL_VARIABLE + ", else http://127.0.0.1:8080)")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "a bearer token: the admin token, or a user's (default: $" + TOKEN_VARIABLE + ")")
    String token;

    @Option(names = "--as-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "on an engine without auth.secret, act as this user (X-Presence-User); with a secret, "
                    + "pass the user's token instead")
    String actingAs;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON instead of text")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "30",
            description = "how long to wait for an answer (default: ${DEFAULT-VALUE} s)")
    int timeoutSeconds;

    private final Map<String, String> environment;
    PrintWriter out;
    PrintWriter err;

    PresenceCtl(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit status. */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        PresenceCtl ctl = new PresenceCtl(environment);
        ctl.out = out;
        ctl.err = err;
        CommandLine line = new CommandLine(ctl);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            ctl.reportFailure(failure);
            return ExitCodes.of(failure);
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    PresenceHttpClient client() {
        String base = url != null ? url : environment.getOrDefault(URL_VARIABLE, "http://127.0.0.1:8080");
        PresenceHttpClient.Builder builder = PresenceHttpClient.builder(URI.create(base))
                .timeout(Duration.ofSeconds(timeoutSeconds));
        String bearer = token != null ? token : environment.get(TOKEN_VARIABLE);
        if (bearer != null && !bearer.isBlank()) {
            builder.bearerToken(bearer);
        }
        if (actingAs != null) {
            builder.actingAs(actingAs);
        }
        return builder.build();
    }

    /** Prints an answer: its JSON form, or {@code text}. */
    void print(Object answer, String text) {
        out.println(json ? toJson(answer) : text);
        out.flush();
    }

    static String toJson(Object answer) {
        try {
            return AvroJson.MAPPER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    private void reportFailure(Exception failure) {
        if (json && failure instanceof PresenceException presence) {
            ObjectNode error = AvroJson.MAPPER.createObjectNode().put("code", presence.code())
                    .put("message", presence.getMessage());
            err.println(error);
        } else if (failure instanceof PresenceException presence) {
            err.println("presencectl: " + presence.getMessage() + " (code " + presence.code() + ")");
        } else {
            err.println("presencectl: " + failure);
        }
        err.flush();
    }
}

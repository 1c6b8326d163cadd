package dev.presence.api.auth;

import dev.presence.api.config.ConfigException;
import dev.presence.api.config.EngineConfig;
import dev.presence.core.codec.JsonFields;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code engine.sh token <userId> [ttlSeconds] [--config <file>]} (or {@code scripts/token.sh}):
 * prints a user token signed with the configured {@code auth.secret}, read from the same layers as
 * the engine's configuration. Only the secret, the user id and the ttl are checked: the rest of the
 * configuration is the engine's business, not the token's. For operators and scripts; backends use
 * {@code POST /v1/admin/tokens}.
 */
public final class TokenCommand {

    public static final String NAME = "token";
    /** The same bound as {@code POST /v1/admin/tokens}: a token cannot be revoked alone, so none lives long. */
    public static final Duration MAX_TTL = Duration.ofDays(30);
    static final String USAGE = "usage: token.sh <userId> [ttlSeconds] [--config <file.properties>]";

    private TokenCommand() {
    }

    /** Returns the exit status: 0 printed a token, 2 a usage or configuration mistake (explained on {@code err}). */
    public static int run(String[] args, Map<String, String> environment, Clock clock, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        List<String> configArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configArgs.add(args[i]);
                configArgs.add(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                configArgs.add(args[i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.isEmpty() || positional.size() > 2 || positional.get(0).startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        Duration ttl;
        try {
            ttl = positional.size() == 2 ? Duration.ofSeconds(Long.parseLong(positional.get(1))) : Duration.ofHours(1);
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            err.println("ttlSeconds must be a whole number from 1 to " + MAX_TTL.toSeconds() + "; " + USAGE);
            return 2;
        }
        Optional<String> problem = JsonFields.idProblem("userId", positional.get(0));
        if (problem.isPresent()) {
            err.println("token: " + problem.get());
            return 2;
        }
        try {
            String secret = EngineConfig.authSecretAlone(configArgs.toArray(String[]::new), environment);
            out.println(new UserTokens(secret, clock).mint(positional.get(0), ttl));
            return 0;
        } catch (ConfigException e) {
            err.println("token: " + e.getMessage());
            return 2;
        }
    }
}

package dev.presence.api.auth;

import dev.presence.api.config.ConfigException;
import dev.presence.api.config.EngineConfig;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code engine.sh token <userId> [ttlSeconds] [--config <file>]} (or {@code scripts/token.sh}):
 * prints a user token signed with the configured {@code auth.secret}, read from the same layers as
 * the engine's configuration. For operators and scripts; backends use {@code POST /v1/admin/tokens}.
 */
public final class TokenCommand {

    public static final String NAME = "token";
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
        if (positional.isEmpty() || positional.size() > 2) {
            err.println(USAGE);
            return 2;
        }
        Duration ttl;
        try {
            ttl = positional.size() == 2 ? Duration.ofSeconds(Long.parseLong(positional.get(1))) : Duration.ofHours(1);
            if (ttl.isNegative() || ttl.isZero()) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            err.println("ttlSeconds must be a whole number of seconds above zero; " + USAGE);
            return 2;
        }
        try {
            EngineConfig config = EngineConfig.load(configArgs.toArray(String[]::new), environment);
            String secret = config.authSecret().orElseThrow(() -> new ConfigException(EngineConfig.AUTH_SECRET
                    + " is not set: with no secret the API needs no tokens (it is open, on loopback only)"));
            out.println(new UserTokens(secret, clock).mint(positional.get(0), ttl));
            return 0;
        } catch (ConfigException e) {
            err.println("token: " + e.getMessage());
            return 2;
        }
    }
}

package dev.presence.api.config;

import java.nio.file.Path;
import java.util.Optional;

/** The command line: {@code [--config <file>]}, nothing else, so a typo is refused rather than ignored. */
public record EngineArguments(Optional<Path> configFile) {

    public static final String USAGE = "usage: engine.sh [--config <file.properties>]";

    public static EngineArguments parse(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") && i + 1 < args.length && file == null) {
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--config=") && file == null) {
                file = Path.of(arg.substring("--config=".length()));
            } else {
                throw new ConfigException("unexpected argument '" + arg + "'; " + USAGE);
            }
        }
        return new EngineArguments(Optional.ofNullable(file));
    }
}

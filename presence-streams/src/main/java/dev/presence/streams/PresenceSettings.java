package dev.presence.streams;

import dev.presence.streams.codec.OutputFormat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The rules and limits the topology applies (SPEC sections 2, 3 and 6), with the spec's defaults.
 * Built from configuration keys by {@link #fromConfig(Map)}; every key is listed in the README.
 */
public record PresenceSettings(
        Duration heartbeatTimeout,
        int customStatusMaxBytes,
        int maxClientsPerUser,
        Duration timeoutCheckInterval,
        int timeoutsPerCheck,
        OutputFormat outputFormat) {

    public static final String HEARTBEAT_TIMEOUT_MS = "presence.heartbeat.timeout.ms";
    public static final String CUSTOM_STATUS_MAX_BYTES = "presence.custom.status.max.bytes";
    public static final String MAX_CLIENTS_PER_USER = "presence.max.clients.per.user";
    public static final String TIMEOUT_CHECK_INTERVAL_MS = "presence.timeout.check.interval.ms";
    public static final String TIMEOUTS_PER_CHECK = "presence.timeouts.per.check";
    public static final String OUTPUT_FORMAT = "presence.output.format";

    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(400);
    public static final int DEFAULT_CUSTOM_STATUS_MAX_BYTES = 100;
    public static final int DEFAULT_MAX_CLIENTS_PER_USER = 16;
    public static final Duration DEFAULT_TIMEOUT_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_TIMEOUTS_PER_CHECK = 10_000;

    public PresenceSettings {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(timeoutCheckInterval, "timeoutCheckInterval");
        Objects.requireNonNull(outputFormat, "outputFormat");
        requirePositive(HEARTBEAT_TIMEOUT_MS, heartbeatTimeout.toMillis());
        requirePositive(CUSTOM_STATUS_MAX_BYTES, customStatusMaxBytes);
        requirePositive(MAX_CLIENTS_PER_USER, maxClientsPerUser);
        requirePositive(TIMEOUT_CHECK_INTERVAL_MS, timeoutCheckInterval.toMillis());
        requirePositive(TIMEOUTS_PER_CHECK, timeoutsPerCheck);
    }

    /** The spec's defaults. */
    public static PresenceSettings defaults() {
        return new PresenceSettings(DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_CUSTOM_STATUS_MAX_BYTES,
                DEFAULT_MAX_CLIENTS_PER_USER, DEFAULT_TIMEOUT_CHECK_INTERVAL, DEFAULT_TIMEOUTS_PER_CHECK,
                OutputFormat.AVRO);
    }

    /** Reads the {@code presence.*} keys; a missing key keeps its default, a bad value is refused with its key named. */
    public static PresenceSettings fromConfig(Map<?, ?> config) {
        PresenceSettings d = defaults();
        return new PresenceSettings(
                Duration.ofMillis(longValue(config, HEARTBEAT_TIMEOUT_MS, d.heartbeatTimeout.toMillis())),
                (int) longValue(config, CUSTOM_STATUS_MAX_BYTES, d.customStatusMaxBytes),
                (int) longValue(config, MAX_CLIENTS_PER_USER, d.maxClientsPerUser),
                Duration.ofMillis(longValue(config, TIMEOUT_CHECK_INTERVAL_MS, d.timeoutCheckInterval.toMillis())),
                (int) longValue(config, TIMEOUTS_PER_CHECK, d.timeoutsPerCheck),
                outputFormat(config, d.outputFormat));
    }

    public PresenceSettings withHeartbeatTimeout(Duration timeout) {
        return new PresenceSettings(timeout, customStatusMaxBytes, maxClientsPerUser, timeoutCheckInterval,
                timeoutsPerCheck, outputFormat);
    }

    public PresenceSettings withOutputFormat(OutputFormat format) {
        return new PresenceSettings(heartbeatTimeout, customStatusMaxBytes, maxClientsPerUser, timeoutCheckInterval,
                timeoutsPerCheck, format);
    }

    public PresenceSettings withTimeoutsPerCheck(int budget) {
        return new PresenceSettings(heartbeatTimeout, customStatusMaxBytes, maxClientsPerUser, timeoutCheckInterval,
                budget, outputFormat);
    }

    private static long longValue(Map<?, ?> config, String key, long fallback) {
        Object raw = config.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + raw + "'");
        }
    }

    private static OutputFormat outputFormat(Map<?, ?> config, OutputFormat fallback) {
        Object raw = config.get(OUTPUT_FORMAT);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        try {
            return OutputFormat.valueOf(raw.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(OUTPUT_FORMAT + " must be avro or json, got '" + raw + "'");
        }
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be greater than zero, got " + value);
        }
    }
}

package dev.presence.streams;

import dev.presence.streams.codec.OutputFormat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The rules' limits and switches, with their defaults (400 s heartbeat timeout, 100-byte custom
 * status, 16 clients and 200 subscriptions per user, ...), as the engine starts with them. Built from configuration keys by {@link #fromConfig(Map)}; every key is in the README.
 * The switches and subscription limits can also be changed while running (see {@link LiveSetting}).
 */
public record PresenceSettings(
        Duration heartbeatTimeout,
        int customStatusMaxBytes,
        int maxClientsPerUser,
        Duration timeoutCheckInterval,
        int timeoutsPerCheck,
        OutputFormat outputFormat,
        boolean statusQueryAndNotify,
        boolean friendAutoNotify,
        int maxSubscriptionsPerUser,
        int maxTargetsPerCall,
        Duration subscriptionExpiry,
        int maxUsersPerQuery,
        int rateLimitCalls,
        Duration rateLimitWindow,
        int fanoutPerTurn,
        Duration fanoutInterval,
        int userTopicPartitions,
        String applicationId) {

    public static final String HEARTBEAT_TIMEOUT_MS = "presence.heartbeat.timeout.ms";
    public static final String CUSTOM_STATUS_MAX_BYTES = "presence.custom.status.max.bytes";
    public static final String MAX_CLIENTS_PER_USER = "presence.max.clients.per.user";
    public static final String TIMEOUT_CHECK_INTERVAL_MS = "presence.timeout.check.interval.ms";
    public static final String TIMEOUTS_PER_CHECK = "presence.timeouts.per.check";
    public static final String OUTPUT_FORMAT = "presence.output.format";
    public static final String STATUS_QUERY_AND_NOTIFY = "presence.status.query.and.notify";
    public static final String FRIEND_AUTO_NOTIFY = "presence.friend.auto.notify";
    public static final String MAX_SUBSCRIPTIONS_PER_USER = "presence.max.subscriptions.per.user";
    public static final String MAX_TARGETS_PER_CALL = "presence.max.targets.per.call";
    public static final String SUBSCRIPTION_EXPIRY_MS = "presence.subscription.expiry.ms";
    public static final String MAX_USERS_PER_QUERY = "presence.max.users.per.query";
    public static final String RATE_LIMIT_CALLS = "presence.rate.limit.calls";
    public static final String RATE_LIMIT_WINDOW_MS = "presence.rate.limit.window.ms";
    public static final String FANOUT_PER_TURN = "presence.fanout.per.turn";
    public static final String FANOUT_INTERVAL_MS = "presence.fanout.interval.ms";

    /** The Kafka Streams key: the application id also names the engine's own internal topic. */
    public static final String APPLICATION_ID = "application.id";
    public static final String DEFAULT_APPLICATION_ID = "presence-engine";

    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(400);
    public static final Duration DEFAULT_SUBSCRIPTION_EXPIRY = Duration.ofHours(24);

    public PresenceSettings {
        Objects.requireNonNull(outputFormat, "outputFormat");
        Objects.requireNonNull(applicationId, "applicationId");
        requirePositive(HEARTBEAT_TIMEOUT_MS, heartbeatTimeout.toMillis());
        requirePositive(CUSTOM_STATUS_MAX_BYTES, customStatusMaxBytes);
        requirePositive(MAX_CLIENTS_PER_USER, maxClientsPerUser);
        requirePositive(TIMEOUT_CHECK_INTERVAL_MS, timeoutCheckInterval.toMillis());
        requirePositive(TIMEOUTS_PER_CHECK, timeoutsPerCheck);
        requirePositive(MAX_SUBSCRIPTIONS_PER_USER, maxSubscriptionsPerUser);
        requirePositive(MAX_TARGETS_PER_CALL, maxTargetsPerCall);
        requirePositive(SUBSCRIPTION_EXPIRY_MS, subscriptionExpiry.toMillis());
        requirePositive(MAX_USERS_PER_QUERY, maxUsersPerQuery);
        requirePositive(RATE_LIMIT_CALLS, rateLimitCalls);
        requirePositive(RATE_LIMIT_WINDOW_MS, rateLimitWindow.toMillis());
        requirePositive(FANOUT_PER_TURN, fanoutPerTurn);
        requirePositive(FANOUT_INTERVAL_MS, fanoutInterval.toMillis());
        if (userTopicPartitions < 0) {
            throw new IllegalArgumentException("userTopicPartitions must be 0 (unknown) or more, got " + userTopicPartitions);
        }
    }

    /** The spec's defaults. */
    public static PresenceSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads the {@code presence.*} keys; a missing key keeps its default, a bad value is refused with its key named. */
    public static PresenceSettings fromConfig(Map<?, ?> config) {
        PresenceSettings d = defaults();
        return new PresenceSettings(
                millis(config, HEARTBEAT_TIMEOUT_MS, d.heartbeatTimeout),
                intValue(config, CUSTOM_STATUS_MAX_BYTES, d.customStatusMaxBytes),
                intValue(config, MAX_CLIENTS_PER_USER, d.maxClientsPerUser),
                millis(config, TIMEOUT_CHECK_INTERVAL_MS, d.timeoutCheckInterval),
                intValue(config, TIMEOUTS_PER_CHECK, d.timeoutsPerCheck),
                outputFormat(config, d.outputFormat),
                booleanValue(config, STATUS_QUERY_AND_NOTIFY, d.statusQueryAndNotify),
                booleanValue(config, FRIEND_AUTO_NOTIFY, d.friendAutoNotify),
                intValue(config, MAX_SUBSCRIPTIONS_PER_USER, d.maxSubscriptionsPerUser),
                intValue(config, MAX_TARGETS_PER_CALL, d.maxTargetsPerCall),
                millis(config, SUBSCRIPTION_EXPIRY_MS, d.subscriptionExpiry),
                intValue(config, MAX_USERS_PER_QUERY, d.maxUsersPerQuery),
                intValue(config, RATE_LIMIT_CALLS, d.rateLimitCalls),
                millis(config, RATE_LIMIT_WINDOW_MS, d.rateLimitWindow),
                intValue(config, FANOUT_PER_TURN, d.fanoutPerTurn),
                millis(config, FANOUT_INTERVAL_MS, d.fanoutInterval),
                d.userTopicPartitions,
                config.get(APPLICATION_ID) == null ? d.applicationId : config.get(APPLICATION_ID).toString().trim());
    }

    /** Builds settings from the defaults, for tests and for {@link #toBuilder()}. */
    public static final class Builder {
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private int customStatusMaxBytes = 100;
        private int maxClientsPerUser = 16;
        private Duration timeoutCheckInterval = Duration.ofSeconds(1);
        private int timeoutsPerCheck = 10_000;
        private OutputFormat outputFormat = OutputFormat.AVRO;
        private boolean statusQueryAndNotify = true;
        private boolean friendAutoNotify = false;
        private int maxSubscriptionsPerUser = 200;
        private int maxTargetsPerCall = 100;
        private Duration subscriptionExpiry = DEFAULT_SUBSCRIPTION_EXPIRY;
        private int maxUsersPerQuery = 500;
        private int rateLimitCalls = 20;
        private Duration rateLimitWindow = Duration.ofSeconds(5);
        private int fanoutPerTurn = 1_000;
        private Duration fanoutInterval = Duration.ofMillis(100);
        private int userTopicPartitions = 0;
        private String applicationId = DEFAULT_APPLICATION_ID;

        private Builder() {
        }

        private Builder(PresenceSettings s) {
            heartbeatTimeout = s.heartbeatTimeout;
            customStatusMaxBytes = s.customStatusMaxBytes;
            maxClientsPerUser = s.maxClientsPerUser;
            timeoutCheckInterval = s.timeoutCheckInterval;
            timeoutsPerCheck = s.timeoutsPerCheck;
            outputFormat = s.outputFormat;
            statusQueryAndNotify = s.statusQueryAndNotify;
            friendAutoNotify = s.friendAutoNotify;
            maxSubscriptionsPerUser = s.maxSubscriptionsPerUser;
            maxTargetsPerCall = s.maxTargetsPerCall;
            subscriptionExpiry = s.subscriptionExpiry;
            maxUsersPerQuery = s.maxUsersPerQuery;
            rateLimitCalls = s.rateLimitCalls;
            rateLimitWindow = s.rateLimitWindow;
            fanoutPerTurn = s.fanoutPerTurn;
            fanoutInterval = s.fanoutInterval;
            userTopicPartitions = s.userTopicPartitions;
            applicationId = s.applicationId;
        }

        public Builder heartbeatTimeout(Duration value) {
            heartbeatTimeout = value;
            return this;
        }

        public Builder timeoutsPerCheck(int value) {
            timeoutsPerCheck = value;
            return this;
        }

        public Builder outputFormat(OutputFormat value) {
            outputFormat = value;
            return this;
        }

        public Builder statusQueryAndNotify(boolean value) {
            statusQueryAndNotify = value;
            return this;
        }

        public Builder friendAutoNotify(boolean value) {
            friendAutoNotify = value;
            return this;
        }

        public Builder maxSubscriptionsPerUser(int value) {
            maxSubscriptionsPerUser = value;
            return this;
        }

        public Builder maxTargetsPerCall(int value) {
            maxTargetsPerCall = value;
            return this;
        }

        public Builder maxUsersPerQuery(int value) {
            maxUsersPerQuery = value;
            return this;
        }

        public Builder subscriptionExpiry(Duration value) {
            subscriptionExpiry = value;
            return this;
        }

        public Builder fanoutPerTurn(int value) {
            fanoutPerTurn = value;
            return this;
        }

        public Builder rateLimit(int calls, Duration window) {
            rateLimitCalls = calls;
            rateLimitWindow = window;
            return this;
        }

        /**
         * The partition count of the user-keyed topics, as found at start (0: unknown, no check). Lets the
         * engine re-route records that a producer put in a partition their key does not hash to.
         */
        public Builder userTopicPartitions(int value) {
            userTopicPartitions = value;
            return this;
        }

        public Builder applicationId(String value) {
            applicationId = value;
            return this;
        }

        public PresenceSettings build() {
            return new PresenceSettings(heartbeatTimeout, customStatusMaxBytes, maxClientsPerUser,
                    timeoutCheckInterval, timeoutsPerCheck, outputFormat, statusQueryAndNotify, friendAutoNotify,
                    maxSubscriptionsPerUser, maxTargetsPerCall, subscriptionExpiry, maxUsersPerQuery, rateLimitCalls,
                    rateLimitWindow, fanoutPerTurn, fanoutInterval, userTopicPartitions, applicationId);
        }
    }

    /** This application's own watch-edges topic. */
    public String watchEdgesTopic() {
        return PresenceNames.Topics.watchEdges(applicationId);
    }

    public PresenceSettings withOutputFormat(OutputFormat format) {
        return toBuilder().outputFormat(format).build();
    }

    public PresenceSettings withTimeoutsPerCheck(int budget) {
        return toBuilder().timeoutsPerCheck(budget).build();
    }

    private static Duration millis(Map<?, ?> config, String key, Duration fallback) {
        return Duration.ofMillis(longValue(config, key, fallback.toMillis()));
    }

    private static int intValue(Map<?, ?> config, String key, int fallback) {
        long value = longValue(config, key, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return (int) value;
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

    private static boolean booleanValue(Map<?, ?> config, String key, boolean fallback) {
        Object raw = config.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + raw + "'");
        }
        return Boolean.parseBoolean(text);
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

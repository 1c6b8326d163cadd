package dev.presence.streams.config;

import dev.presence.streams.PresenceSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The switches and limits an operator may change while the engine runs, by writing
 * {@code name -> value} to the compacted {@code presence.config} topic (or through the admin REST
 * call, which does that). A deleted key (tombstone) goes back to the start-up value.
 * Settings on the per-event hot path (heartbeat timeout, custom status size, clients per user)
 * are start-up settings only.
 */
public enum LiveSetting {
    STATUS_QUERY_AND_NOTIFY("statusQueryAndNotify"),
    FRIEND_AUTO_NOTIFY("friendAutoNotify"),
    MAX_SUBSCRIPTIONS_PER_USER("maxSubscriptionsPerUser"),
    MAX_TARGETS_PER_CALL("maxTargetsPerCall"),
    SUBSCRIPTION_EXPIRY_MS("subscriptionExpiryMs"),
    MAX_USERS_PER_QUERY("maxUsersPerQuery"),
    RATE_LIMIT_CALLS("rateLimitCalls"),
    RATE_LIMIT_WINDOW_MS("rateLimitWindowMs");

    private final String key;

    LiveSetting(String key) {
        this.key = key;
    }

    /** The record key in presence.config. */
    public String key() {
        return key;
    }

    public static Optional<LiveSetting> byKey(String key) {
        for (LiveSetting setting : values()) {
            if (setting.key.equals(key)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /** What is wrong with {@code value} for this setting; empty when it is valid. */
    public Optional<String> problem(String value) {
        try {
            applyTo(PresenceSettings.defaults(), value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Returns {@code base} with this setting set to {@code value}.
     *
     * @throws IllegalArgumentException naming the setting and the expected form when the value is not valid
     */
    public PresenceSettings applyTo(PresenceSettings base, String value) {
        PresenceSettings.Builder builder = base.toBuilder();
        switch (this) {
            case STATUS_QUERY_AND_NOTIFY -> builder.statusQueryAndNotify(bool(value));
            case FRIEND_AUTO_NOTIFY -> builder.friendAutoNotify(bool(value));
            case MAX_SUBSCRIPTIONS_PER_USER -> builder.maxSubscriptionsPerUser(positiveInt(value));
            case MAX_TARGETS_PER_CALL -> builder.maxTargetsPerCall(positiveInt(value));
            case SUBSCRIPTION_EXPIRY_MS -> builder.subscriptionExpiry(Duration.ofMillis(positiveInt(value)));
            case MAX_USERS_PER_QUERY -> builder.maxUsersPerQuery(positiveInt(value));
            case RATE_LIMIT_CALLS -> builder.rateLimit(positiveInt(value), base.rateLimitWindow());
            case RATE_LIMIT_WINDOW_MS -> builder.rateLimit(base.rateLimitCalls(), Duration.ofMillis(positiveInt(value)));
            default -> throw new IllegalStateException("unhandled setting " + this);
        }
        return builder.build();
    }

    private boolean bool(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + shortened(value) + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private int positiveInt(String value) {
        try {
            int number = Integer.parseInt(value == null ? "" : value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number greater than zero, got '" + shortened(value) + "'");
    }

    private static String shortened(String value) {
        return value != null && value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}

package dev.presence.core;

import dev.presence.core.codec.WireFormat;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static dev.presence.core.settings.SettingsCatalogue.CUSTOM_STATUS_MAX_BYTES;
import static dev.presence.core.settings.SettingsCatalogue.FANOUT_INTERVAL;
import static dev.presence.core.settings.SettingsCatalogue.FANOUT_PER_TURN;
import static dev.presence.core.settings.SettingsCatalogue.FRIEND_AUTO_NOTIFY;
import static dev.presence.core.settings.SettingsCatalogue.HEARTBEAT_TIMEOUT;
import static dev.presence.core.settings.SettingsCatalogue.MAX_CLIENTS_PER_USER;
import static dev.presence.core.settings.SettingsCatalogue.MAX_SUBSCRIPTIONS_PER_USER;
import static dev.presence.core.settings.SettingsCatalogue.MAX_TARGETS_PER_CALL;
import static dev.presence.core.settings.SettingsCatalogue.MAX_USERS_PER_QUERY;
import static dev.presence.core.settings.SettingsCatalogue.OUTPUT_FORMAT;
import static dev.presence.core.settings.SettingsCatalogue.STATUS_QUERY_AND_NOTIFY;
import static dev.presence.core.settings.SettingsCatalogue.SUBSCRIPTION_EXPIRY;
import static dev.presence.core.settings.SettingsCatalogue.TIMEOUTS_PER_CHECK;
import static dev.presence.core.settings.SettingsCatalogue.TIMEOUT_CHECK_INTERVAL;
import static dev.presence.core.settings.SettingsCatalogue.HISTORY_RETENTION;
import static dev.presence.core.settings.SettingsCatalogue.FANOUT_TURN_BUDGET;

/**
 * The values of the topology's {@code presence.*} settings (declared, with their defaults and rules,
 * in {@link SettingsCatalogue}), plus two facts found at start: the application id and the partition
 * count of the user-keyed topics. Immutable; {@link #with} gives a copy with one setting changed,
 * which is how live overrides apply. The typed accessors are the names the rules read.
 */
public final class PresenceSettings {

    public static final String DEFAULT_APPLICATION_ID = SettingsCatalogue.APPLICATION_ID.defaultText().orElseThrow();

    private final Map<Setting<?>, Object> values;
    private final int userTopicPartitions;
    private final String applicationId;

    private PresenceSettings(Map<Setting<?>, Object> values, int userTopicPartitions, String applicationId) {
        this.values = Map.copyOf(values);
        this.userTopicPartitions = userTopicPartitions;
        this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
        if (userTopicPartitions < 0) {
            throw new IllegalArgumentException("userTopicPartitions must be 0 (unknown) or more, got " + userTopicPartitions);
        }
    }

    /** Every {@code presence.*} setting at its default. */
    public static PresenceSettings defaults() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : SettingsCatalogue.all()) {
            if (setting.owner() == Setting.Owner.PRESENCE) {
                values.put(setting, setting.defaultValue().orElseThrow());
            }
        }
        return new PresenceSettings(values, 0, DEFAULT_APPLICATION_ID);
    }

    /**
     * Reads the {@code presence.*} keys and {@code application.id} from {@code config}; a missing key keeps
     * its default.
     *
     * @throws dev.presence.core.settings.InvalidSettingException naming the first key whose value is not valid
     */
    public static PresenceSettings fromConfig(Map<?, ?> config) {
        PresenceSettings settings = defaults();
        for (Setting<?> setting : settings.values.keySet()) {
            Object raw = config.get(setting.key());
            if (raw != null && !raw.toString().isBlank()) {
                settings = settings.withText(setting, raw.toString());
            }
        }
        Object applicationId = config.get(SettingsCatalogue.APPLICATION_ID.key());
        return applicationId == null ? settings : settings.withApplicationId(applicationId.toString().trim());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException(setting.key() + " is not a presence.* setting");
        }
        return (T) value;
    }

    /** A copy with {@code setting} set to {@code value}, which must meet the setting's rule. */
    public <T> PresenceSettings with(Setting<T> setting, T value) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not a presence.* setting");
        }
        setting.parse(setting.format(value));  // the declared rule, and only that one, decides
        return put(setting, value);
    }

    /**
     * A copy with {@code setting} set from its text, as a file, a variable or {@code presence.config} gives it.
     *
     * @throws dev.presence.core.settings.InvalidSettingException when the text is not a valid value
     */
    public <T> PresenceSettings withText(Setting<T> setting, String text) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not a presence.* setting");
        }
        return put(setting, setting.parse(text));  // parsed by the declared rule: nothing left to check
    }

    private <T> PresenceSettings put(Setting<T> setting, T value) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, value);
        return new PresenceSettings(copy, userTopicPartitions, applicationId);
    }

    /** The value of {@code setting} as text, in the form {@link #withText} takes. */
    public <T> String text(Setting<T> setting) {
        return setting.format(get(setting));
    }

    public PresenceSettings withApplicationId(String id) {
        return new PresenceSettings(values, userTopicPartitions, id);
    }

    /**
     * The partition count of the user-keyed topics, as found at start (0: unknown, no check). Lets the
     * engine re-route records that a producer put in a partition their key does not hash to.
     */
    public PresenceSettings withUserTopicPartitions(int partitions) {
        return new PresenceSettings(values, partitions, applicationId);
    }

    public PresenceSettings withOutputFormat(WireFormat format) {
        return with(OUTPUT_FORMAT, format);
    }

    public PresenceSettings withTimeoutsPerCheck(int budget) {
        return with(TIMEOUTS_PER_CHECK, budget);
    }

    public Duration heartbeatTimeout() {
        return get(HEARTBEAT_TIMEOUT);
    }

    public int customStatusMaxBytes() {
        return get(CUSTOM_STATUS_MAX_BYTES);
    }

    public int maxClientsPerUser() {
        return get(MAX_CLIENTS_PER_USER);
    }

    public Duration timeoutCheckInterval() {
        return get(TIMEOUT_CHECK_INTERVAL);
    }

    public int timeoutsPerCheck() {
        return get(TIMEOUTS_PER_CHECK);
    }

    public WireFormat outputFormat() {
        return get(OUTPUT_FORMAT);
    }

    public boolean statusQueryAndNotify() {
        return get(STATUS_QUERY_AND_NOTIFY);
    }

    public boolean friendAutoNotify() {
        return get(FRIEND_AUTO_NOTIFY);
    }

    public int maxSubscriptionsPerUser() {
        return get(MAX_SUBSCRIPTIONS_PER_USER);
    }

    public int maxTargetsPerCall() {
        return get(MAX_TARGETS_PER_CALL);
    }

    public Duration subscriptionExpiry() {
        return get(SUBSCRIPTION_EXPIRY);
    }

    public int maxUsersPerQuery() {
        return get(MAX_USERS_PER_QUERY);
    }

    /** The calls a user may make in {@code budget}'s window. */
    public int rateLimitCalls(RateBudget budget) {
        return get(budget.calls());
    }

    /** The sliding window of {@code budget}. */
    public Duration rateLimitWindow(RateBudget budget) {
        return get(budget.window());
    }

    public Duration historyRetention() {
        return get(HISTORY_RETENTION);
    }

    public int fanoutPerTurn() {
        return get(FANOUT_PER_TURN);
    }

    public Duration fanoutInterval() {
        return get(FANOUT_INTERVAL);
    }

    public Duration fanoutTurnBudget() {
        return get(FANOUT_TURN_BUDGET);
    }

    public int userTopicPartitions() {
        return userTopicPartitions;
    }

    public String applicationId() {
        return applicationId;
    }

    /** This application's own watch-edges topic. */
    public String watchEdgesTopic() {
        return PresenceNames.Topics.watchEdges(applicationId);
    }

    /** This application's own verdicts topic. */
    public String verdictsTopic() {
        return PresenceNames.Topics.verdicts(applicationId);
    }

    public static Builder builder() {
        return new Builder(defaults());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PresenceSettings that && values.equals(that.values)
                && userTopicPartitions == that.userTopicPartitions && applicationId.equals(that.applicationId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, userTopicPartitions, applicationId);
    }

    @Override
    public String toString() {
        return "PresenceSettings" + values + " partitions=" + userTopicPartitions + " applicationId=" + applicationId;
    }

    /** For tests: any setting by {@link #set}, and shorthands for the ones tests change most. */
    public static final class Builder {
        private PresenceSettings settings;

        private Builder(PresenceSettings start) {
            settings = start;
        }

        public <T> Builder set(Setting<T> setting, T value) {
            settings = settings.with(setting, value);
            return this;
        }

        public Builder heartbeatTimeout(Duration value) {
            return set(HEARTBEAT_TIMEOUT, value);
        }

        public Builder timeoutsPerCheck(int value) {
            return set(TIMEOUTS_PER_CHECK, value);
        }

        public Builder outputFormat(WireFormat value) {
            return set(OUTPUT_FORMAT, value);
        }

        public Builder statusQueryAndNotify(boolean value) {
            return set(STATUS_QUERY_AND_NOTIFY, value);
        }

        public Builder friendAutoNotify(boolean value) {
            return set(FRIEND_AUTO_NOTIFY, value);
        }

        public Builder maxSubscriptionsPerUser(int value) {
            return set(MAX_SUBSCRIPTIONS_PER_USER, value);
        }

        public Builder maxTargetsPerCall(int value) {
            return set(MAX_TARGETS_PER_CALL, value);
        }

        public Builder maxUsersPerQuery(int value) {
            return set(MAX_USERS_PER_QUERY, value);
        }

        public Builder subscriptionExpiry(Duration value) {
            return set(SUBSCRIPTION_EXPIRY, value);
        }

        public Builder historyRetention(Duration value) {
            return set(HISTORY_RETENTION, value);
        }

        public Builder fanoutPerTurn(int value) {
            return set(FANOUT_PER_TURN, value);
        }

        public Builder fanoutTurnBudget(Duration value) {
            return set(FANOUT_TURN_BUDGET, value);
        }

        public Builder rateLimit(RateBudget budget, int calls, Duration window) {
            return set(budget.calls(), calls).set(budget.window(), window);
        }

        public Builder userTopicPartitions(int value) {
            settings = settings.withUserTopicPartitions(value);
            return this;
        }

        public Builder applicationId(String value) {
            settings = settings.withApplicationId(value);
            return this;
        }

        public PresenceSettings build() {
            return settings;
        }
    }
}

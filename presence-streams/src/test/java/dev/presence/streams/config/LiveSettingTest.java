package dev.presence.streams.config;

import dev.presence.streams.PresenceSettings;
import dev.presence.streams.testing.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live settings alone: each key, what each value sets, and every value refused with the key named.
 * Start-up settings (heartbeat timeout, custom status size, clients per user) are not live.
 */
@UnitTest
class LiveSettingTest {

    private static final PresenceSettings BASE = PresenceSettings.defaults();

    private static final Set<LiveSetting> SWITCHES =
            EnumSet.of(LiveSetting.STATUS_QUERY_AND_NOTIFY, LiveSetting.FRIEND_AUTO_NOTIFY);

    @Test
    void eachSettingIsFoundByItsKeyAndOnlyByItsExactKey() {
        for (LiveSetting setting : LiveSetting.values()) {
            assertThat(LiveSetting.byKey(setting.key())).contains(setting);
            assertThat(LiveSetting.byKey(setting.key().toUpperCase())).isEmpty();
            assertThat(LiveSetting.byKey(" " + setting.key())).isEmpty();
        }
        assertThat(Arrays.stream(LiveSetting.values()).map(LiveSetting::key).collect(Collectors.toSet()))
                .hasSize(LiveSetting.values().length);
        assertThat(LiveSetting.byKey("")).isEmpty();
        assertThat(LiveSetting.byKey(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeatTimeoutMs", "customStatusMaxBytes", "maxClientsPerUser",
            "presence.status.query.and.notify", "applicationId"})
    void startUpSettingsAndConfigurationKeysAreNotLiveSettings(String key) {
        assertThat(LiveSetting.byKey(key)).isEmpty();
    }

    @Test
    void theKeysAreTheNamesPresenceConfigRecordsUse() {
        assertThat(Arrays.stream(LiveSetting.values()).map(LiveSetting::key)).containsExactly(
                "statusQueryAndNotify", "friendAutoNotify", "maxSubscriptionsPerUser", "maxTargetsPerCall",
                "subscriptionExpiryMs", "maxUsersPerQuery", "rateLimitCalls", "rateLimitWindowMs");
    }

    @Test
    void eachNumberSetsItsOwnFieldAndNothingElse() {
        assertSets(LiveSetting.MAX_SUBSCRIPTIONS_PER_USER, "7", b -> b.maxSubscriptionsPerUser(7));
        assertSets(LiveSetting.MAX_TARGETS_PER_CALL, "8", b -> b.maxTargetsPerCall(8));
        assertSets(LiveSetting.SUBSCRIPTION_EXPIRY_MS, "9000", b -> b.subscriptionExpiry(Duration.ofMillis(9_000)));
        assertSets(LiveSetting.MAX_USERS_PER_QUERY, "10", b -> b.maxUsersPerQuery(10));
        assertSets(LiveSetting.RATE_LIMIT_CALLS, "11", b -> b.rateLimit(11, BASE.rateLimitWindow()));
        assertSets(LiveSetting.RATE_LIMIT_WINDOW_MS, "12000", b -> b.rateLimit(BASE.rateLimitCalls(), Duration.ofMillis(12_000)));
    }

    @Test
    void eachSwitchSetsItsOwnFieldAndNothingElse() {
        assertSets(LiveSetting.STATUS_QUERY_AND_NOTIFY, "false", b -> b.statusQueryAndNotify(false));
        assertSets(LiveSetting.FRIEND_AUTO_NOTIFY, "true", b -> b.friendAutoNotify(true));
    }

    private static void assertSets(LiveSetting setting, String value,
                                   Function<PresenceSettings.Builder, PresenceSettings.Builder> expected) {
        assertThat(setting.applyTo(BASE, value)).as(setting + "=" + value).isEqualTo(expected.apply(BASE.toBuilder()).build());
    }

    @Test
    void theRateLimitsChangeOneHalfOfThePairEachOnTopOfTheOther() {
        PresenceSettings both = LiveSetting.RATE_LIMIT_WINDOW_MS.applyTo(
                LiveSetting.RATE_LIMIT_CALLS.applyTo(BASE, "3"), "60000");

        assertThat(both.rateLimitCalls()).isEqualTo(3);
        assertThat(both.rateLimitWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True ", "false", "FALSE", "\tfalse\n"})
    void switchesTakeTrueOrFalseInAnyCaseAroundWhitespace(String value) {
        boolean expected = value.trim().equalsIgnoreCase("true");

        assertThat(LiveSetting.FRIEND_AUTO_NOTIFY.applyTo(BASE, value).friendAutoNotify()).isEqualTo(expected);
        assertThat(LiveSetting.STATUS_QUERY_AND_NOTIFY.applyTo(BASE, value).statusQueryAndNotify()).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "yes", "no", "1", "0", "on", "tru", "true false", "truee"})
    void anythingElseIsRefusedForASwitchNamingTheKeyAndTheValue(String value) {
        for (LiveSetting setting : SWITCHES) {
            assertThatThrownBy(() -> setting.applyTo(BASE, value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(setting.key() + " must be true or false, got '" + value + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", " 42 ", "2147483647", "+5", "007"})
    void numbersTakeAnyWholeNumberFromOneToTheLargestInt(String value) {
        long expected = Integer.parseInt(value.trim());
        for (LiveSetting setting : EnumSet.complementOf(EnumSet.copyOf(SWITCHES))) {
            assertThat(numberOf(setting, setting.applyTo(BASE, value))).as(setting.key()).isEqualTo(expected);
        }
    }

    /** The field a numeric setting sets, in its unit (milliseconds for durations). */
    private static long numberOf(LiveSetting setting, PresenceSettings settings) {
        return switch (setting) {
            case MAX_SUBSCRIPTIONS_PER_USER -> settings.maxSubscriptionsPerUser();
            case MAX_TARGETS_PER_CALL -> settings.maxTargetsPerCall();
            case SUBSCRIPTION_EXPIRY_MS -> settings.subscriptionExpiry().toMillis();
            case MAX_USERS_PER_QUERY -> settings.maxUsersPerQuery();
            case RATE_LIMIT_CALLS -> settings.rateLimitCalls();
            case RATE_LIMIT_WINDOW_MS -> settings.rateLimitWindow().toMillis();
            default -> throw new IllegalArgumentException(setting + " is not a number");
        };
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "0", "-1", "-2147483648", "2147483648", "99999999999", "1.5", "1e3", "0x10",
            "12ms", "ten", "1 000"})
    void anythingElseIsRefusedForANumberNamingTheKeyAndTheValue(String value) {
        for (LiveSetting setting : EnumSet.complementOf(EnumSet.copyOf(SWITCHES))) {
            assertThatThrownBy(() -> setting.applyTo(BASE, value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(setting.key() + " must be a whole number greater than zero, got '" + value + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(LiveSetting.class)
    void applyingLeavesTheBaseSettingsAsTheyWere(LiveSetting setting) {
        PresenceSettings before = BASE.toBuilder().build();

        setting.applyTo(BASE, SWITCHES.contains(setting) ? "true" : "3");

        assertThat(BASE).isEqualTo(before);
    }

    @Test
    void aProblemIsTheRefusalMessageAndNoneForAValidValue() {
        assertThat(LiveSetting.MAX_TARGETS_PER_CALL.problem("50")).isEmpty();
        assertThat(LiveSetting.FRIEND_AUTO_NOTIFY.problem("true")).isEmpty();
        assertThat(LiveSetting.MAX_TARGETS_PER_CALL.problem("0"))
                .contains("maxTargetsPerCall must be a whole number greater than zero, got '0'");
        assertThat(LiveSetting.FRIEND_AUTO_NOTIFY.problem(null)).contains("friendAutoNotify must be true or false, got 'null'");
    }

    @Test
    void anAbsurdlyLongValueIsQuotedShortenedInTheRefusal() {
        String huge = "9".repeat(100_000);

        assertThatThrownBy(() -> LiveSetting.MAX_USERS_PER_QUERY.applyTo(BASE, huge))
                .hasMessage("maxUsersPerQuery must be a whole number greater than zero, got '" + "9".repeat(64) + "...'");
        assertThatThrownBy(() -> LiveSetting.STATUS_QUERY_AND_NOTIFY.applyTo(BASE, huge))
                .hasMessage("statusQueryAndNotify must be true or false, got '" + "9".repeat(64) + "...'");
    }
}

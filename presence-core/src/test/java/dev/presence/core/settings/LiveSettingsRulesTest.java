package dev.presence.core.settings;

import dev.presence.core.PresenceSettings;
import dev.presence.testkit.UnitTest;
import dev.presence.core.RateBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live settings as {@code presence.config} and the admin calls give them: found by their live name
 * only, each value setting its own setting and nothing else, and every other value refused with the
 * key and the value as data. Start-up settings (heartbeat timeout, custom status size, clients per
 * user) are not live.
 */
@UnitTest
class LiveSettingsRulesTest {

    private static final PresenceSettings BASE = PresenceSettings.defaults();
    private static final Set<Setting<?>> SWITCHES =
            Set.of(SettingsCatalogue.STATUS_QUERY_AND_NOTIFY, SettingsCatalogue.FRIEND_AUTO_NOTIFY);

    private static List<Setting<?>> numbers() {
        return SettingsCatalogue.live().stream().filter(setting -> !SWITCHES.contains(setting)).toList();
    }

    @Test
    void eachSettingIsFoundByItsLiveNameAndOnlyByItsExactName() {
        for (Setting<?> setting : SettingsCatalogue.live()) {
            String name = setting.liveName().orElseThrow();
            assertThat(SettingsCatalogue.byLiveName(name)).contains(setting);
            assertThat(SettingsCatalogue.byLiveName(name.toUpperCase())).isEmpty();
            assertThat(SettingsCatalogue.byLiveName(" " + name)).isEmpty();
            assertThat(SettingsCatalogue.byLiveName(setting.key())).as("the configuration key is not the live name").isEmpty();
        }
        assertThat(SettingsCatalogue.byLiveName("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeatTimeoutMs", "customStatusMaxBytes", "maxClientsPerUser", "http.port",
            "presence.heartbeat.timeout.ms"})
    void startUpSettingsAndConfigurationKeysAreNotLiveSettings(String name) {
        assertThat(SettingsCatalogue.byLiveName(name)).isEmpty();
    }

    @Test
    void eachValueSetsItsOwnSettingAndNothingElse() {
        assertThat(BASE.withText(SettingsCatalogue.MAX_SUBSCRIPTIONS_PER_USER, "7"))
                .isEqualTo(BASE.toBuilder().maxSubscriptionsPerUser(7).build());
        assertThat(BASE.withText(SettingsCatalogue.SUBSCRIPTION_EXPIRY, "9000"))
                .isEqualTo(BASE.toBuilder().subscriptionExpiry(Duration.ofMillis(9_000)).build());
        assertThat(BASE.withText(SettingsCatalogue.RATE_LIMIT_SUBSCRIBE_WINDOW, "12000"))
                .isEqualTo(BASE.toBuilder().rateLimit(RateBudget.SUBSCRIBE, BASE.rateLimitCalls(RateBudget.SUBSCRIBE),
                        Duration.ofMillis(12_000)).build());
        assertThat(BASE.withText(SettingsCatalogue.RATE_LIMIT_QUERY_CALLS, "3").rateLimitCalls(RateBudget.UNSUBSCRIBE))
                .as("each budget its own setting").isEqualTo(20);
        assertThat(BASE.withText(SettingsCatalogue.STATUS_QUERY_AND_NOTIFY, "false"))
                .isEqualTo(BASE.toBuilder().statusQueryAndNotify(false).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True ", "false", "FALSE", "\tfalse\n"})
    void switchesTakeTrueOrFalseInAnyCaseAroundWhitespace(String value) {
        boolean expected = value.trim().equalsIgnoreCase("true");
        for (Setting<?> setting : SWITCHES) {
            assertThat(BASE.withText(setting, value).text(setting)).isEqualTo(Boolean.toString(expected));
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "yes", "no", "1", "0", "on", "tru", "true false", "truee"})
    void anythingElseIsRefusedForASwitch(String value) {
        for (Setting<?> setting : SWITCHES) {
            assertThatThrownBy(() -> setting.parse(value))
                    .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                        assertThat(e.key()).isEqualTo(setting.key());
                        assertThat(e.expected()).isEqualTo("true or false");
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", " 42 ", "2147483647", "+5", "007"})
    void numbersTakeAnyWholeNumberFromOneToTheLargestInt(String value) {
        for (Setting<?> setting : numbers()) {
            assertThat(Long.parseLong(BASE.withText(setting, value).text(setting)))
                    .as(setting.key()).isEqualTo(Long.parseLong(value.trim()));
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "0", "-1", "-2147483648", "2147483648", "99999999999", "1.5", "1e3", "0x10",
            "12ms", "ten", "1 000", "\u0661\u0662"})
    void anythingElseIsRefusedForANumber(String value) {
        for (Setting<?> setting : numbers()) {
            assertThatThrownBy(() -> setting.parse(value)).as(setting.key() + " <- " + value)
                    .isInstanceOfSatisfying(InvalidSettingException.class,
                            e -> assertThat(e.key()).isEqualTo(setting.key()));
        }
    }

    @Test
    void settingAValueLeavesTheBaseSettingsAsTheyWere() {
        PresenceSettings before = BASE.toBuilder().build();
        for (Setting<?> setting : SettingsCatalogue.live()) {
            BASE.withText(setting, SWITCHES.contains(setting) ? "false" : "3");
        }
        assertThat(BASE).isEqualTo(before);
    }

    @Test
    void anAbsurdlyLongValueIsShownShortened() {
        String huge = "9".repeat(100_000);

        assertThatThrownBy(() -> SettingsCatalogue.MAX_USERS_PER_QUERY.parse(huge))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.shownValue()).isEqualTo("9".repeat(64) + "..."));
    }
}

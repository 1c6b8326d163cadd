package dev.presence.core.settings;

import dev.presence.core.PresenceSettings;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue alone: one declaration per setting, and every rule derived from it. */
@UnitTest
class SettingsCatalogueTest {

    @Test
    void keysLiveNamesAndVariablesAreUnique() {
        Set<String> keys = new HashSet<>();
        Set<String> liveNames = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (Setting<?> setting : SettingsCatalogue.all()) {
            assertThat(keys.add(setting.key())).as(setting.key()).isTrue();
            assertThat(variables.add(setting.environmentVariable())).as(setting.environmentVariable()).isTrue();
            setting.liveName().ifPresent(name -> assertThat(liveNames.add(name)).as(name).isTrue());
            assertThat(setting.doc()).as(setting.key()).isNotBlank();
        }
        assertThat(liveNames).containsExactlyInAnyOrder("statusQueryAndNotify", "friendAutoNotify",
                "maxSubscriptionsPerUser", "maxTargetsPerCall", "subscriptionExpiryMs", "maxUsersPerQuery",
                "rateLimitQueryCalls", "rateLimitQueryWindowMs", "rateLimitSubscribeCalls",
                "rateLimitSubscribeWindowMs", "rateLimitUnsubscribeCalls", "rateLimitUnsubscribeWindowMs");
    }

    @Test
    void onlyTopologySettingsAreLiveAndEveryOneHasADefault() {
        for (Setting<?> setting : SettingsCatalogue.live()) {
            assertThat(setting.owner()).isEqualTo(Setting.Owner.PRESENCE);
            assertThat(setting.defaultValue()).as(setting.key()).isPresent();
        }
    }

    @Test
    void valuesRoundTripThroughTheirText() {
        PresenceSettings defaults = PresenceSettings.defaults();
        for (Setting<?> setting : SettingsCatalogue.all()) {
            if (setting.owner() == Setting.Owner.PRESENCE) {
                String text = defaults.text(setting);
                assertThat(defaults.withText(setting, text)).as(setting.key()).isEqualTo(defaults);
            }
        }
    }

    @Test
    void aValueOutsideItsRuleIsRefusedWithItsKeyAsData() {
        assertThatThrownBy(() -> SettingsCatalogue.HTTP_PORT.parse("70000"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.key()).isEqualTo("http.port");
                    assertThat(e.shownValue()).isEqualTo("70000");
                    assertThat(e.expected()).isEqualTo("a whole number from 1 to 65535");
                });
        assertThatThrownBy(() -> SettingsCatalogue.AUTH_SECRET.parse("short"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.shownValue()).isEqualTo("***"));
        assertThatThrownBy(() -> PresenceSettings.defaults().with(SettingsCatalogue.MAX_TARGETS_PER_CALL, 0))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> PresenceSettings.fromConfig(Map.of("presence.heartbeat.timeout.ms", "soon")))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.key()).isEqualTo("presence.heartbeat.timeout.ms"));
    }

    @Test
    void aConfigurationSetsTheTopologySettingsAndKeepsTheRestAtTheirDefaults() {
        PresenceSettings settings = PresenceSettings.fromConfig(Map.of("presence.heartbeat.timeout.ms", " 5000 ",
                "presence.output.format", "JSON", "application.id", "other-app"));

        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.text(SettingsCatalogue.OUTPUT_FORMAT)).isEqualTo("json");
        assertThat(settings.applicationId()).isEqualTo("other-app");
        assertThat(settings.maxUsersPerQuery()).isEqualTo(500);
    }

    @Test
    void environmentVariablesFollowTheOwner() {
        assertThat(SettingsCatalogue.HEARTBEAT_TIMEOUT.environmentVariable()).isEqualTo("PRESENCE_HEARTBEAT_TIMEOUT_MS");
        assertThat(SettingsCatalogue.HTTP_PORT.environmentVariable()).isEqualTo("PRESENCE_HTTP_PORT");
        assertThat(SettingsCatalogue.COMMIT_INTERVAL_MS.environmentVariable()).isEqualTo("KAFKA_COMMIT_INTERVAL_MS");
    }
}

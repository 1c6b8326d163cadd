package dev.presence.streams.config;

import dev.presence.core.PresenceSettings;
import dev.presence.streams.notify.FanoutSettings;
import dev.presence.streams.subscribe.SubscriptionSettings;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor's view of the live settings, over a real in-memory store standing for the global config
 * store: overrides apply to the view, deleting one brings the start-up value back, and the view is
 * rebuilt only when an override changed (it is read on every status change).
 */
@UnitTest
class LiveSettingsTest {

    private static final PresenceSettings STARTUP = PresenceSettings.builder()
            .maxTargetsPerCall(7)
            .subscriptionExpiry(Duration.ofMillis(5_000))
            .fanoutPerTurn(11)
            .build();

    private final KeyValueStore<String, String> overrides = configStore();
    private final AtomicInteger builds = new AtomicInteger();
    private final Function<PresenceSettings, SubscriptionSettings> countingView = settings -> {
        builds.incrementAndGet();
        return SubscriptionSettings.of(settings);
    };

    @AfterEach
    void close() {
        overrides.close();
    }

    @Test
    void withoutOverridesTheViewIsTheStartUpSettingsSeenThroughIt() {
        LiveSettings<SubscriptionSettings> live = new LiveSettings<>(STARTUP, overrides, SubscriptionSettings::of);

        assertThat(live.current()).isEqualTo(SubscriptionSettings.of(STARTUP));
        assertThat(live.current().maxTargetsPerCall()).isEqualTo(7);
        assertThat(LiveView.of(STARTUP, FanoutSettings::of).atStartup().fanoutPerTurn()).isEqualTo(11);
    }

    @Test
    void anOverrideAppliesToTheViewUntilItIsDeleted() {
        LiveSettings<SubscriptionSettings> live = LiveView.of(STARTUP, SubscriptionSettings::of).following(overrides);

        overrides.put("maxTargetsPerCall", "3");
        overrides.put("statusQueryAndNotify", "false");
        assertThat(live.current().maxTargetsPerCall()).isEqualTo(3);
        assertThat(live.current().statusQueryAndNotify()).isFalse();
        assertThat(live.current().subscriptionExpiry()).as("not overridden").isEqualTo(Duration.ofMillis(5_000));

        overrides.delete("maxTargetsPerCall");
        assertThat(live.current().maxTargetsPerCall()).isEqualTo(7);
        assertThat(live.current().statusQueryAndNotify()).isFalse();
    }

    @Test
    void theViewIsRebuiltOnlyWhenAnOverrideChanged() {
        LiveSettings<SubscriptionSettings> live = new LiveSettings<>(STARTUP, overrides, countingView);
        SubscriptionSettings first = live.current();
        live.current();
        assertThat(builds).as("built once, at start").hasValue(1);
        assertThat(live.current()).isSameAs(first);

        overrides.put("maxSubscriptionsPerUser", "2");
        SubscriptionSettings changed = live.current();
        live.current();
        assertThat(builds).hasValue(2);
        assertThat(changed.maxSubscriptionsPerUser()).isEqualTo(2);

        overrides.put("maxSubscriptionsPerUser", "2");
        live.current();
        assertThat(builds).as("the same value written again changes nothing").hasValue(2);
    }

    @Test
    void aValueTheSettingDoesNotAcceptKeepsTheStartUpValue() {
        // The config store's updater never stores such a value; if one got there, calls still go on.
        LiveSettings<SubscriptionSettings> live = new LiveSettings<>(STARTUP, overrides, SubscriptionSettings::of);

        overrides.put("maxTargetsPerCall", "many");
        overrides.put("subscriptionExpiryMs", "-1");
        overrides.put("friendAutoNotify", "true");

        assertThat(live.current().maxTargetsPerCall()).isEqualTo(7);
        assertThat(live.current().subscriptionExpiry()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(new LiveSettings<>(STARTUP, overrides, FanoutSettings::of).current().friendAutoNotify())
                .as("the valid override next to them applies").isTrue();
    }

    private static KeyValueStore<String, String> configStore() {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("config-under-test"),
                Serdes.String(), Serdes.String()).withLoggingDisabled().withCachingDisabled().build();
        Properties config = new Properties();
        config.put("application.id", "live-settings-test");
        config.put("bootstrap.servers", "unused:9092");
        config.put("processing.exception.handler.global.enabled", "true");  // else StreamsConfig warns
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config);
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}

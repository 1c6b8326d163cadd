package dev.presence.streams;

import dev.presence.core.PresenceNames;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.WireFormat;
import dev.presence.streams.config.LiveView;
import dev.presence.streams.index.SweepSettings;
import dev.presence.streams.notify.FanoutProcessor;
import dev.presence.streams.notify.FanoutSettings;
import dev.presence.streams.subscribe.SubscriptionRegistryProcessor;
import dev.presence.streams.subscribe.SubscriptionSettings;
import dev.presence.streams.testing.MockContexts;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka Streams 4.4 starts the same processor objects again when it resumes or revives a task, and
 * does not clear the task's punctuations: a processor that did not cancel its own in {@code close}
 * would run its punctuator once more per interval after every such start. (The fold's sweep is
 * covered in StatusFoldProcessorTest.) Their {@code init} reads only the live settings' store, so
 * that is the one registered here.
 */
@UnitTest
class PunctuationsAcrossRestartsTest {

    private static final PresenceSettings SETTINGS = PresenceSettings.defaults();

    @Test
    void theFanoutClosedAndStartedAgainHasOneTurnScheduledNotTwo() {
        assertOnePunctuationLeftAfterARestart(new FanoutProcessor(LiveView.of(SETTINGS, FanoutSettings::of), WireFormat.AVRO));
    }

    @Test
    void theSubscriptionRegistryClosedAndStartedAgainHasOneExpirySweepScheduledNotTwo() {
        assertOnePunctuationLeftAfterARestart(new SubscriptionRegistryProcessor(
                LiveView.of(SETTINGS, SubscriptionSettings::of), SweepSettings.of(SETTINGS)));
    }

    private static <K, V> void assertOnePunctuationLeftAfterARestart(Processor<?, ?, K, V> processor) {
        MockProcessorContext<K, V> context = MockContexts.forTask("punctuation-test", new TaskId(0, 0), null);
        KeyValueStore<String, String> overrides = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PresenceNames.Stores.CONFIG), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        overrides.init(context.getStateStoreContext(), overrides);
        context.addStateStore(overrides);

        processor.init(context);
        processor.close();
        processor.init(context);
        overrides.close();

        assertThat(context.scheduledPunctuators()).hasSize(2)
                .filteredOn(punctuator -> !punctuator.cancelled()).hasSize(1);
    }
}

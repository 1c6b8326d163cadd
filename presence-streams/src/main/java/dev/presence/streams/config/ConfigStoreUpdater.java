package dev.presence.streams.config;

import dev.presence.core.PresenceNames;
import dev.presence.core.settings.InvalidSettingException;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the global config store equal to what presence.config says is in force. Each record is
 * checked once, here, as it arrives (not on every call that reads the settings): the latest record of
 * a setting wins, so a valid value overrides, while a tombstone or a value that is not valid puts the
 * start-up value back, with one log line saying so. Only known settings are stored, so a producer
 * writing garbage keys cannot grow the store; an unknown key is warned about once.
 */
public final class ConfigStoreUpdater implements Processor<String, String, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ConfigStoreUpdater.class);
    private static final String KNOWN = SettingsCatalogue.live().stream()
            .map(setting -> setting.liveName().orElseThrow()).collect(Collectors.joining(", "));
    /** Unknown keys already warned about, bounded so that a flood of distinct keys costs nothing. */
    private static final int MAX_REMEMBERED_UNKNOWN = 1000;

    private final Set<String> unknownReported = new HashSet<>();
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PresenceNames.Stores.CONFIG);
    }

    @Override
    public void process(Record<String, String> record) {
        String key = record.key();
        Optional<Setting<?>> setting = key == null ? Optional.empty() : SettingsCatalogue.byLiveName(key);
        if (setting.isEmpty()) {
            reportUnknown(key);
            return;
        }
        String value = record.value();
        if (value == null) {
            store.delete(key);
            log.info("Live setting {} reset: the start-up value is in force", key);
            return;
        }
        try {
            setting.get().parse(value);
        } catch (InvalidSettingException e) {
            store.delete(key);
            log.warn("presence.config: {} must be {}, got '{}'; its start-up value is in force until a valid value "
                    + "is written", key, e.expected(), e.shownValue());
            return;
        }
        store.put(key, value);
        log.info("Live setting {} = {}", key, value);
    }

    private void reportUnknown(String key) {
        if (unknownReported.size() < MAX_REMEMBERED_UNKNOWN && unknownReported.add(String.valueOf(key))) {
            String shown = key == null ? "(no key)" : key.length() > 64 ? key.substring(0, 64) + "..." : key;
            log.warn("presence.config has a record for an unknown setting '{}', ignored; known: {}", shown, KNOWN);
        }
    }
}

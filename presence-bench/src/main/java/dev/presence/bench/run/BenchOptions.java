package dev.presence.bench.run;

import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Options every benchmark and drill shares (picocli mixin). */
public final class BenchOptions {

    @Option(names = "--bootstrap-servers", description = "an existing Kafka cluster (default: a fresh embedded broker)")
    String bootstrapServers;

    @Option(names = "--work-dir", description = "where the broker data, engine state and logs go (default: a new temp folder)")
    Path workDir;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions of the user-keyed topics (default ${DEFAULT-VALUE})")
    public int partitions;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2", description = "exactly_once_v2 or at_least_once")
    public String guarantee;

    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "commit.interval.ms of the engine and the Streams baseline")
    public int commitIntervalMs;

    @Option(names = "--engine-heap", defaultValue = "2g", description = "-Xmx of the engine JVM")
    String engineHeap;

    @Option(names = "--engine-jvm-opt", description = "extra JVM option for the engine (repeatable), e.g. -XX:+FlightRecorder")
    List<String> engineJvmOptions = new ArrayList<>();

    @Option(names = "--engine-setting", description = "extra engine setting KEY=VALUE (repeatable), e.g. "
            + "main.consumer.fetch.max.wait.ms=10; a benchmark's own settings win")
    Map<String, String> engineExtraSettings = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the generated load")
    public long seed;

    public Optional<String> bootstrap() {
        return Optional.ofNullable(bootstrapServers);
    }

    public Path workDir(String name) {
        try {
            Path dir = workDir != null ? workDir.resolve(name)
                    : java.nio.file.Files.createTempDirectory("presence-bench-" + name + "-");
            java.nio.file.Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<String> engineJvm() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + engineHeap);
        options.addAll(engineJvmOptions);
        return options;
    }

    /** The engine's configuration for a run; {@code overrides} win. */
    public Map<String, String> engineSettings(String bootstrapServers, String applicationId, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("application.id", applicationId);
        settings.put("topic.partitions", Integer.toString(partitions));
        settings.put("processing.guarantee", guarantee);
        settings.put("commit.interval.ms", Integer.toString(commitIntervalMs));
        settings.putAll(engineExtraSettings);
        settings.putAll(overrides);
        return settings;
    }

    /**
     * The {@code --engine-setting}s that Kafka Streams takes, for a Streams baseline too: the catalogue's
     * Kafka settings and every key the catalogue does not know (which the engine passes to Streams).
     */
    public Map<String, String> kafkaSettings() {
        Map<String, String> kafka = new LinkedHashMap<>();
        engineExtraSettings.forEach((key, value) -> {
            boolean toStreams = SettingsCatalogue.byKey(key).map(setting -> setting.owner() == Setting.Owner.KAFKA).orElse(true);
            if (toStreams) {
                kafka.put(key, value);
            }
        });
        return kafka;
    }

    /** What the report header shows about the run's settings. */
    public Map<String, Object> describe() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("partitions", partitions);
        shown.put("processing.guarantee", guarantee);
        shown.put("commit.interval.ms", commitIntervalMs);
        shown.put("engine JVM", String.join(" ", engineJvm()));
        if (!engineExtraSettings.isEmpty()) {
            shown.put("engine settings", engineExtraSettings);
        }
        shown.put("seed", seed);
        return shown;
    }
}

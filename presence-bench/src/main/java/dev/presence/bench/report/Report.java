package dev.presence.bench.report;

import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.internals.AppInfoParser;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Prints a benchmark's figures as aligned "name: value" lines, headed by what it ran on. */
public final class Report {

    private final String title;

    public Report(String title) {
        this.title = title;
    }

    /** The machine, the versions and the settings: printed first, so a figure is never quoted without them. */
    public void header(Map<String, ?> settings) {
        System.out.println();
        System.out.println("=== " + title + " ===");
        line("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        line("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + mib(totalMemory()) + " MiB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        line("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        line("kafka", AppInfoParser.getVersion());
        settings.forEach((key, value) -> line(key, String.valueOf(value)));
    }

    public void line(String name, String value) {
        System.out.printf(Locale.ROOT, "  %-44s %s%n", name + ":", value);
    }

    public void rate(String name, long count, double seconds) {
        line(name, String.format(Locale.ROOT, "%,.0f/s (%,d in %.2f s)", count / seconds, count, seconds));
    }

    /** p50 / p99 / p99.9 / max of a histogram recorded in microseconds, shown in milliseconds. */
    public void latency(String name, Histogram micros) {
        line(name, String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (n=%,d)",
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0, micros.getTotalCount()));
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f", bytes / 1024.0 / 1024.0);
    }

    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}

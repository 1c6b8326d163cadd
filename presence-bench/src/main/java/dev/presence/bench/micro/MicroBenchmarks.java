package dev.presence.bench.micro;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench.sh micro [JMH options]}: the JMH benchmarks of this package, with JMH's own command line
 * ({@code micro -h} lists it; e.g. {@code micro Codec -f 1 -wi 3 -i 5}). Without options: every
 * benchmark, 2 forks, average time per operation in nanoseconds.
 */
@Command(name = "micro", description = "JMH micro-benchmarks: codec, fold, notification encoding (JMH options pass through)")
public final class MicroBenchmarks implements Callable<Integer> {

    /** Short runs that still give stable figures on a quiet 2-core machine (about 40 s per benchmark). */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("-bm", "avgt");
        DEFAULTS.put("-tu", "ns");
        DEFAULTS.put("-f", "2");
        DEFAULTS.put("-wi", "3");
        DEFAULTS.put("-w", "2s");
        DEFAULTS.put("-i", "5");
        DEFAULTS.put("-r", "2s");
    }

    @Unmatched
    List<String> jmhOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws RunnerException, java.io.IOException {
        List<String> args = new ArrayList<>(jmhOptions);
        DEFAULTS.forEach((option, value) -> {
            if (!jmhOptions.contains(option)) {
                args.addAll(List.of(option, value));
            }
        });
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new ParameterException(spec.commandLine(), "JMH does not take these options: " + e.getMessage()
                    + " (micro -h lists JMH's options)", e);
        }
        Runner runner = new Runner(options);
        if (options.shouldHelp()) {
            options.showHelp();
        } else if (options.shouldList()) {
            runner.list();
        } else {
            runner.run();
        }
        return 0;
    }
}

package dev.presence.bench.fuzz;

import dev.presence.bench.run.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The fuzz drills as commands of bench.sh; exit code 0 only when every check of the drill holds. */
public final class FuzzCommands {

    private FuzzCommands() {
    }

    @Command(name = "drill-fuzz", mixinStandardHelpOptions = true,
            description = "mutants of every input topic (JSON and Avro, keys up to 900 KB, values up to the broker's limit) "
                    + "among valid traffic: the engine stays up, applies every valid event, rejects every broken record")
    public static final class Records implements Callable<Integer> {
        @Mixin
        BenchOptions options;

        @Option(names = "--records", defaultValue = "1000000", description = "mutants written (default ${DEFAULT-VALUE})")
        long records;

        @Option(names = "--users", defaultValue = "20000", description = "users of the valid load (default ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--events", defaultValue = "400000", description = "valid events after the first logins (default ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", defaultValue = "10000", description = "records written per second, valid and mutant (default ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--fuzz-users", defaultValue = "5000", description = "size of the mutants' own id space fz-N (default ${DEFAULT-VALUE})")
        int fuzzUsers;

        @Option(names = "--exclude", description = "leave out mutant kinds whose name contains this text (repeatable), "
                + "e.g. to look past a known crash: --exclude 'big/'")
        List<String> exclude = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return new FuzzDrill(options).run(new FuzzDrill.Plan(users, events, records, rate, fuzzUsers, exclude)) ? 0 : 1;
        }
    }

    @Command(name = "drill-http-fuzz", mixinStandardHelpOptions = true,
            description = "random calls on every REST route (methods, paths, ids, parameters, headers, content types, bodies): "
                    + "never a 5xx but 503 while not ready, never a stopped engine")
    public static final class Http implements Callable<Integer> {
        @Mixin
        BenchOptions options;

        @Option(names = "--calls", defaultValue = "5000", description = "calls made (default ${DEFAULT-VALUE})")
        int calls;

        @Option(names = "--users", defaultValue = "200", description = "users logged in first, so queries find some (default ${DEFAULT-VALUE})")
        int users;

        @Override
        public Integer call() throws Exception {
            return new HttpFuzzDrill(options).run(calls, users) ? 0 : 1;
        }
    }
}

package dev.presence.bench.fuzz;

import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP fuzz drill: random calls on every REST route of an engine in its own JVM (no
 * auth.secret, as engine.sh runs by default). Every answer must be below 500, or 503 while the
 * engine is not ready; every call must be answered; the engine must stay up throughout.
 */
public final class HttpFuzzDrill {

    /** How long one call may wait for its status line before it counts as not answered. */
    private static final int CALL_TIMEOUT_MS = 15_000;

    private final BenchOptions options;

    public HttpFuzzDrill(BenchOptions options) {
        this.options = options;
    }

    public boolean run(int calls, int users) throws Exception {
        Path work = options.workDir("http-fuzz");
        Report report = new Report("drill: http-fuzz");
        String applicationId = "drill-http-fuzz-" + System.currentTimeMillis();
        List<String> problems = new ArrayList<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Map<Integer, Long>> perRoute = new TreeMap<>();
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId, Map.of()),
                     options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("calls", String.format(Locale.ROOT, "%,d random calls (seed %d) after %,d users logged in", calls,
                    options.seed + 2, users));
            shown.putAll(options.describe());
            shown.put("work dir", work);
            report.header(shown);

            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            try (LoadProducer producer = new LoadProducer(kafka.bootstrapServers())) {
                producer.sendAll(new WorkloadGenerator(users, WireFormat.AVRO, options.seed, false).loginsOnly().records());
            }
            HttpFuzzCalls generator = new HttpFuzzCalls(options.seed + 2, users, engine.httpPort());
            long start = System.nanoTime();
            try (EngineWatch watch = new EngineWatch(engine)) {
                for (int i = 0; i < calls && !watch.exited(); i++) {
                    HttpFuzzCalls.Aimed aimed = generator.next();
                    int status = RawHttp.send(engine.httpPort(), aimed.call(), CALL_TIMEOUT_MS);
                    statuses.merge(status, 1L, Long::sum);
                    perRoute.computeIfAbsent(aimed.route(), r -> new TreeMap<>()).merge(status, 1L, Long::sum);
                    String problem = judge(status, aimed.call(), engine);
                    if (problem != null && problems.size() < 30) {
                        problems.add(problem + ": " + aimed.call().describe());
                    }
                }
                report.line("calls made in", String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
                int live = -1;
                for (int attempt = 0; attempt < 10 && live == -1; attempt++) {
                    live = watch.check();
                }
                report.line("answers by HTTP status", statuses + " (-1: none in 15 s, -2: connection closed without one)");
                perRoute.forEach((route, answers) -> report.line("  " + route, answers.toString()));
                report.line("/health/live looks", watch.answers() + " (status: looks; -1 no answer in 5 s, 0 process gone)");
                report.line("/health/live at the end", Integer.toString(live));
                if (watch.exited()) {
                    problems.add("the engine process exited; its log: " + engine.log());
                } else if (!watch.neverFailed() || live != 200) {
                    problems.add("/health/live answered other than 200 during or after the run: " + watch.answers());
                }
            }
        }
        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        report.line("5xx answers", String.format(Locale.ROOT, "%,d", serverErrors));
        problems.forEach(problem -> report.line("PROBLEM", problem));
        report.line("VERDICT", problems.isEmpty() ? "PASSED: every call answered below 500, the engine stayed up" : "FAILED");
        return problems.isEmpty();
    }

    /**
     * Null when the answer is acceptable; otherwise what is wrong with it. One 5xx is HTTP's own answer,
     * not a failure: a target with a raw CR or LF ends the request line before its version, which makes it
     * an HTTP/0.9 request, and the HTTP server (Jetty) answers those 505 HTTP Version Not Supported
     * before any route of the engine runs (RFC 9110, section 15.6.6).
     */
    private static String judge(int status, RawHttp.Call call, EngineProcess engine) {
        if (status == 505 && endsRequestLineEarly(call.target())) {
            return null;
        }
        if (status == RawHttp.NO_ANSWER) {
            return "no answer within " + CALL_TIMEOUT_MS / 1000 + " s";
        }
        if (status == 503) {
            return engine.get("/health/ready") == 200 ? "503 while the engine is ready" : null;
        }
        return status >= 500 ? "HTTP " + status : null;
    }

    private static boolean endsRequestLineEarly(byte[] target) {
        for (byte b : target) {
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }
}

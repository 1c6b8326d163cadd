package dev.presence.bench.cluster;

import dev.presence.bench.run.Pause;
import dev.presence.client.http.PresenceHttpClient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as its own JVM ({@code dev.presence.api.PresenceEngine} on this JVM's class path), so
 * that it can be killed with SIGKILL, its heap measured alone, and its state folder deleted between
 * runs. Configured through a properties file (the engine's {@code --config}), logs to a file.
 */
public final class EngineProcess implements AutoCloseable {

    private static final String MAIN = "dev.presence.api.PresenceEngine";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private final Path workDir;
    private final int httpPort;
    private Process process;
    private int starts;

    /**
     * @param settings   engine configuration keys (README's table); bootstrap servers included
     * @param jvmOptions e.g. -Xmx2g, or JFR options when profiling
     */
    public EngineProcess(Map<String, String> settings, List<String> jvmOptions, Path workDir) {
        this.workDir = workDir;
        this.jvmOptions = jvmOptions;
        this.httpPort = KafkaTarget.freePort();
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("http.port", Integer.toString(httpPort));
        props.putIfAbsent("state.dir", workDir.resolve("state").toString());
        this.settings = Map.copyOf(castToStrings(props));
    }

    public Path stateDir() {
        return Path.of(settings.get("state.dir"));
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** True while the engine's JVM runs. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The log file of the latest start. */
    public Path log() {
        return workDir.resolve("engine-" + starts + ".log");
    }

    /** Starts the JVM and returns at once; {@link #awaitReady(Duration)} waits for RUNNING. */
    public void start() {
        try {
            Files.createDirectories(workDir);
            Path config = workDir.resolve("engine.properties");
            Properties props = new Properties();
            props.putAll(settings);
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by presence-bench");
            }
            List<String> jvm = new ArrayList<>(jvmOptions);
            // The engine's own logging (INFO for the engine), not the test fixtures' quiet one also on the class path.
            jvm.add("-Dlog4j2.configurationFile=log4j2.xml");
            process = ChildJvm.launch(MAIN, List.of("--config", config.toString()), jvm,
                    workDir.resolve("engine-" + (++starts) + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine process", e);
        }
    }

    /** Waits until /health/ready answers 200 (Streams RUNNING and the store queryable); returns how long it took. */
    public Duration awaitReady(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + "; see " + workDir);
            }
            if (get("/health/ready") == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Pause.millis(50);
        }
        throw new IllegalStateException("the engine was not ready within " + timeout + "; see " + workDir);
    }

    /**
     * HTTP status of a GET on the engine's REST API, or -1 when it does not answer. Raw on purpose: the
     * drills count the health routes' answers by status (and any route's, 500s included), which a typed
     * client turns into values and exceptions.
     */
    public int get(String path) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The engine's REST API through the client library, as an application calls it; without
     * credentials, which an engine without {@code auth.secret} (every engine the drills start) takes
     * from loopback as the admin.
     */
    public PresenceHttpClient client() {
        return PresenceHttpClient.builder(URI.create("http://127.0.0.1:" + httpPort)).httpClient(HTTP)
                .timeout(Duration.ofSeconds(10)).build();
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the engine's shutdown hook closes Streams cleanly. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** Heap in use after a full GC, in bytes, read with jcmd from the JDK running the bench. */
    public long heapUsedAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("cannot read the heap from jcmd: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Runs a jcmd command against the engine (e.g. JFR.start / JFR.dump when profiling). */
    public String jcmd(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(arguments));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> castToStrings(Properties props) {
        Map<String, String> map = new java.util.HashMap<>();
        props.stringPropertyNames().forEach(key -> map.put(key, props.getProperty(key)));
        return map;
    }

}

package dev.presence.bench.clusterdrill;

import dev.presence.bench.run.Pause;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The cluster {@code scripts/cluster.sh} runs (broker and engine JVMs of their own, pids in its
 * data folder), driven from the bench: nodes are started through the script, so the drills run
 * exactly what a person runs, and struck with signals sent straight to their pids.
 */
public final class LocalCluster implements AutoCloseable {

    /** How long a strike waits for a node that is not running (an engine its supervisor is starting again). */
    private static final Duration RESTARTED_WITHIN = Duration.ofMinutes(3);

    /** The two kinds of node cluster.sh starts; the names are its own. */
    public enum Kind {
        BROKER("broker"), ENGINE("engine");

        private final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private final Path script;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final List<String> engineUrls = new CopyOnWriteArrayList<>();
    private String bootstrapServers;

    private LocalCluster(Path script, Path dataDir, Map<String, String> environment) {
        this.script = script;
        this.dataDir = dataDir;
        this.environment = environment;
    }

    /**
     * {@code cluster.sh up} on a new data folder; returns once every engine is ready.
     *
     * @param engineSettings KEY=VALUE settings of every engine
     * @param engineJavaOpts the engines' JVM options (ENGINE_JAVA_OPTS)
     */
    public static LocalCluster up(Path dataDir, int brokers, int engines, List<String> engineSettings,
                                  String engineJavaOpts) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CLUSTER_DATA_DIR", dataDir.toString());
        environment.put("ENGINE_JAVA_OPTS", engineJavaOpts);
        LocalCluster cluster = new LocalCluster(findScript(), dataDir, environment);
        // A fresh cluster each time: cluster.sh would otherwise start the last run's data again (and
        // refuses, naming it, when that cluster still runs).
        cluster.run(List.of("clean"));
        List<String> arguments = new ArrayList<>(List.of("up", "--brokers", Integer.toString(brokers),
                "--engines", Integer.toString(engines)));
        engineSettings.forEach(setting -> arguments.addAll(List.of("--engine-setting", setting)));
        for (String line : cluster.run(arguments)) {
            if (line.startsWith("bootstrap ")) {
                cluster.bootstrapServers = line.substring("bootstrap ".length()).trim();
            } else if (line.startsWith("engine ")) {
                cluster.engineUrls.add(line.substring("engine ".length()).trim());
            }
        }
        if (cluster.bootstrapServers == null || cluster.engineUrls.size() != engines) {
            throw new IllegalStateException("cluster.sh up did not print the bootstrap servers and " + engines + " engines");
        }
        return cluster;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The engines started so far (an engine that is down stays listed: its clients would still call it). */
    public List<String> engineUrls() {
        return engineUrls;
    }

    public int engineCount() {
        return engineUrls.size();
    }

    /** {@code cluster.sh start KIND N}: returns once it has started (a broker) or is ready (an engine). */
    public void start(Kind kind, int number) {
        for (String line : run(List.of("start", kind.word, Integer.toString(number)))) {
            if (kind == Kind.ENGINE && line.startsWith("engine ")) {
                String url = line.substring("engine ".length()).trim();
                if (!engineUrls.contains(url)) {
                    engineUrls.add(url);
                }
            }
        }
    }

    /** SIGKILL: no shutdown hook, no leaving the group, no flush. Waits until the process is gone. */
    public void kill(Kind kind, int number) {
        ProcessHandle process = runningProcess(kind, number);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** SIGTERM, waiting until it has exited (the engine closes Streams and leaves the group). */
    public void stop(Kind kind, int number) {
        ProcessHandle process = runningProcess(kind, number);
        process.destroy();
        process.onExit().join();
    }

    /** SIGSTOP: the process is frozen, its connections stay open and silent. */
    public void freeze(Kind kind, int number) {
        signal("-STOP", process(kind, number).pid());
    }

    /** SIGCONT after {@link #freeze}. */
    public void resume(Kind kind, int number) {
        signal("-CONT", process(kind, number).pid());
    }

    /** Times an engine exited by itself (status 1: Streams failed) and cluster.sh's supervisor started it again. */
    public long selfRestarts() {
        try (var dirs = Files.list(dataDir)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("engine-"))
                    .map(dir -> dir.resolve("engine.log")).filter(Files::exists)
                    .mapToLong(LocalCluster::countSelfRestarts).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long countSelfRestarts(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains("restarted by its supervisor")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code cluster.sh down}: every engine, then every broker; the data folder stays for a look afterwards. */
    @Override
    public void close() {
        run(List.of("down"));
    }

    /**
     * The node's process; an engine that exited by itself and is being started again by its supervisor
     * (the drill reports those) is waited for, so that the drill's next strike still lands.
     */
    private ProcessHandle runningProcess(Kind kind, int number) {
        long deadline = System.nanoTime() + RESTARTED_WITHIN.toNanos();
        while (true) {
            try {
                return process(kind, number);
            } catch (IllegalStateException | UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Pause.millis(500);
            }
        }
    }

    private ProcessHandle process(Kind kind, int number) {
        Path pidFile = dataDir.resolve(kind.word + "-" + number).resolve("pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .orElseThrow(() -> new IllegalStateException(kind.word + " " + number + " is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException("no pid for " + kind.word + " " + number + " (" + pidFile + ")", e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs cluster.sh, its errors to this process's stderr; returns its output lines. */
    private List<String> run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " failed: " + output);
            }
            return output.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** scripts/cluster.sh of the checkout this bench was built in: found upwards from its classes or jar. */
    static Path findScript() {
        try {
            Path here = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("scripts").resolve("cluster.sh");
                if (Files.isExecutable(script)) {
                    return script;
                }
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("scripts/cluster.sh not found above " + LocalCluster.class
                .getProtectionDomain().getCodeSource().getLocation());
    }
}

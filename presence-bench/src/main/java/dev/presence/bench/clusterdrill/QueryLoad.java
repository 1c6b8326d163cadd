package dev.presence.bench.clusterdrill;

import dev.presence.client.PresenceException;
import dev.presence.client.http.Answers.UserPresence;
import dev.presence.client.http.PresenceApiException;
import dev.presence.client.http.PresenceConnectionException;
import dev.presence.client.http.PresenceHttpClient;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Status queries at a steady rate while a drill runs, as an application's clients send them (through
 * the client library, which keeps an answer's {@code X-Presence-Stale} mark): each
 * to a random user, spread round-robin over every engine; a query whose engine does not answer at
 * all (its process is gone) is sent to the next engine, as a load balancer would. Every answer is
 * classified (fresh 200, stale-marked 200, 503, other) and checked: a fresh answer must never show
 * an older version than a fresh answer already received before the query was sent (a stale read
 * passed off as current), and no answer may show a version the user never reaches.
 */
public final class QueryLoad implements AutoCloseable {

    /** How one query ended. */
    enum Outcome { FRESH, STALE, UNAVAILABLE, OTHER, NO_ANSWER }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newFixedThreadPool(4, daemon("query-http"))).build();
    private final Map<String, PresenceHttpClient> clients = new ConcurrentHashMap<>();
    private final Supplier<List<String>> engines;
    private final List<String> users;
    private final Map<String, Long> finalVersions;
    private final ExecutorService workers = Executors.newFixedThreadPool(32, daemon("query"));
    private final Thread pacer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger nextEngine = new AtomicInteger();
    private final Map<String, AtomicLong> freshVersionSeen = new ConcurrentHashMap<>();
    private final Map<Outcome, AtomicLong> counts = new ConcurrentHashMap<>();
    /** Why the engines answered 503, by the answer's message with its user ids, addresses and numbers blanked. */
    private final Map<String, AtomicLong> unavailableWhy = new ConcurrentHashMap<>();
    private final AtomicLong redirected = new AtomicLong();
    private final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    /** Wall-clock ms of every answer that was not fresh: where the service was degraded, and for how long. */
    private final ConcurrentLinkedQueue<Long> degradedAt = new ConcurrentLinkedQueue<>();
    private final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong wrongCount = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> wrongAt = new ConcurrentLinkedQueue<>();
    /** Every query not answered 200 within 1 s: where the target of 99.9 % is lost. */
    private final ConcurrentLinkedQueue<Miss> misses = new ConcurrentLinkedQueue<>();

    /**
     * A query not answered 200 within 1 s: when it was sent (wall clock), the engine asked first, how
     * many engines were asked, how it ended, and how long it took.
     */
    public record Miss(long sentAtMillis, String firstEngine, int enginesAsked, Outcome outcome, long millis) {
    }

    /**
     * @param engines       the engine URLs to spread over (read per query: a joining engine gets queries at once)
     * @param finalVersions each queried user's version at the end of the load (from the reference model)
     */
    public QueryLoad(Supplier<List<String>> engines, Map<String, Long> finalVersions, int perSecond, long seed) {
        this.engines = engines;
        this.finalVersions = finalVersions;
        this.users = List.copyOf(finalVersions.keySet());
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new AtomicLong());
        }
        SplittableRandom random = new SplittableRandom(seed);
        this.pacer = new Thread(() -> pace(perSecond, random), "query-pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    private void pace(int perSecond, SplittableRandom random) {
        long start = System.nanoTime();
        for (long i = 0; running.get(); i++) {
            long due = start + (long) (i * (1e9 / perSecond));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            String user = users.get(random.nextInt(users.size()));
            workers.execute(() -> query(user));
        }
    }

    private void query(String user) {
        long floor = freshVersionSeen.computeIfAbsent(user, u -> new AtomicLong()).get();
        long sentAt = System.currentTimeMillis();
        long start = System.nanoTime();
        List<String> urls = engines.get();
        int first = Math.floorMod(nextEngine.getAndIncrement(), urls.size());
        Answer answer = null;
        int asked = 0;
        for (; asked < urls.size() && answer == null; asked++) {
            if (asked > 0) {
                redirected.incrementAndGet();
            }
            answer = ask(urls.get((first + asked) % urls.size()), user);
        }
        long micros = (System.nanoTime() - start) / 1000;
        latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
        Outcome outcome = answer == null ? Outcome.NO_ANSWER : answer.outcome();
        counts.get(outcome).incrementAndGet();
        if (micros > 1_000_000 || (outcome != Outcome.FRESH && outcome != Outcome.STALE)) {
            misses.add(new Miss(sentAt, URI.create(urls.get(first)).getAuthority(), asked, outcome, micros / 1000));
        }
        if (outcome != Outcome.FRESH) {
            degradedAt.add(System.currentTimeMillis());
        }
        if (outcome == Outcome.FRESH || outcome == Outcome.STALE) {
            check(user, answer, floor);
        }
    }

    /** One engine's answer, classified; null when it did not answer at all (its process is gone). */
    private Answer ask(String engine, String user) {
        PresenceHttpClient client = clients.computeIfAbsent(engine, url -> PresenceHttpClient.builder(URI.create(url))
                .httpClient(http).timeout(Duration.ofSeconds(10)).build());
        try {
            UserPresence status = client.status(user);
            return new Answer(engine, status.isStale() ? Outcome.STALE : Outcome.FRESH, status);
        } catch (PresenceConnectionException e) {
            return null;
        } catch (PresenceApiException e) {
            if (e.httpStatus() / 100 == 2) {
                wrong(user + ": unreadable answer from " + URI.create(engine).getAuthority() + " (" + e.getMessage() + ")");
            }
            if (e.httpStatus() == 503) {
                unavailableWhy.computeIfAbsent(reasonOf(e.getMessage()), why -> new AtomicLong()).incrementAndGet();
                return new Answer(engine, Outcome.UNAVAILABLE, null);
            }
            return new Answer(engine, Outcome.OTHER, null);
        } catch (PresenceException e) {
            return new Answer(engine, Outcome.OTHER, null);
        }
    }

    /** A 503's message as a kind of reason: what varies from answer to answer (users, hosts, counts) blanked. */
    static String reasonOf(String message) {
        String reason = String.valueOf(message).replaceAll("'[^']*'", "'…'")
                .replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+", "HOST").replaceAll("\\d+", "N");
        // Long reasons chain several instances' answers; their ends say what was tried last.
        return reason.length() > 320 ? reason.substring(0, 200) + " … " + reason.substring(reason.length() - 120) : reason;
    }

    /** The reasons of the 503 answers, most frequent first. */
    public List<Map.Entry<String, Long>> unavailableReasons() {
        return unavailableWhy.entrySet().stream().map(entry -> Map.entry(entry.getKey(), entry.getValue().get()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /** An answer: which engine was asked, how it ended, and the status when it was a 200. */
    private record Answer(String engine, Outcome outcome, UserPresence status) {
    }

    private void check(String user, Answer answer, long floor) {
        long version = answer.status().version();
        long last = finalVersions.getOrDefault(user, 0L);
        String engine = URI.create(answer.engine()).getAuthority();
        if (version < 0 || version > last) {
            wrong(user + ": version " + version + " answered by " + engine + ", but the user only reaches " + last);
        } else if (answer.outcome() == Outcome.FRESH && version < floor) {
            wrong(user + ": unmarked answer with version " + version + " from " + engine
                    + " (or the owner it asked) after version " + floor + " had been answered");
        }
        if (answer.outcome() == Outcome.FRESH) {
            freshVersionSeen.get(user).accumulateAndGet(version, Math::max);
        }
    }

    private void wrong(String what) {
        long at = System.currentTimeMillis();
        wrongAt.add(at);
        if (wrongCount.incrementAndGet() <= 20) {
            wrong.add(String.format(java.util.Locale.ROOT, "%tT.%<tL %s", at, what));
        }
    }

    /** Every query not answered 200 within 1 s. */
    public List<Miss> misses() {
        return List.copyOf(misses);
    }

    /** Wall-clock ms of every wrong answer. */
    public List<Long> wrongTimes() {
        return List.copyOf(wrongAt);
    }

    /** Stops sending and waits for the queries under way. */
    @Override
    public void close() {
        running.set(false);
        pacer.interrupt();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long redirected() {
        return redirected.get();
    }

    public Histogram latencyMicros() {
        return latencyMicros;
    }

    public long wrongCount() {
        return wrongCount.get();
    }

    public List<String> wrongExamples() {
        synchronized (wrong) {
            return List.copyOf(wrong);
        }
    }

    /** The last not-fresh answer within [fromMillis, toMillis), if any. */
    public java.util.OptionalLong lastDegradedBetween(long fromMillis, long toMillis) {
        return degradedAt.stream().mapToLong(Long::longValue).filter(t -> t >= fromMillis && t < toMillis).max();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.presence.api.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A server-sent-events client as a browser's EventSource would be: collects the events of one stream. */
public final class SseReader implements AutoCloseable {

    /** One event: its name, id and data lines joined. */
    public record Event(String name, String id, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Void>> response;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private String name;
    private String id;
    private final StringBuilder data = new StringBuilder();

    /** Opens {@code path} on {@code api} (with its headers) and waits until the stream is open. */
    public SseReader(ApiClient api, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUri() + path))
                .header("Accept", "text/event-stream").GET();
        api.headers().forEach(request::header);
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(
                new LineSubscriber(this::line), s -> null, "\n"));
        connected.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Waits for the next event that {@code wanted} accepts, skipping others; fails after {@code timeout}. */
    public Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout + "; saw " + skipped);
            }
            if (wanted.test(event)) {
                return event;
            }
            skipped.add(event);
        }
    }

    @Override
    public void close() {
        response.cancel(true);
    }

    private synchronized void line(String line) {
        if (line.startsWith(":")) {
            connected.complete(null); // the engine's first comment: the stream is open
        } else if (line.isEmpty()) {
            if (data.length() > 0) {
                events.add(new Event(name, id, data.toString()));
            }
            name = null;
            id = null;
            data.setLength(0);
        } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
            data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
        }
    }

    private static final class LineSubscriber implements java.util.concurrent.Flow.Subscriber<String> {

        private final java.util.function.Consumer<String> lines;

        LineSubscriber(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            lines.accept(item);
        }

        @Override
        public void onError(Throwable throwable) {
            // closed by the test or the engine: nothing more will come
        }

        @Override
        public void onComplete() {
        }
    }
}

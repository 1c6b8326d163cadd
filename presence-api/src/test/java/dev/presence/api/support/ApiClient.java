package dev.presence.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.core.codec.AvroJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A plain HTTP client for the engine's REST API, as any caller would use it; optionally with fixed headers (a token, a caller). */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers;

    public ApiClient(int port) {
        this(port, Map.of());
    }

    private ApiClient(int port, Map<String, String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = headers;
    }

    /** The same client, sending {@code name: value} with every call. */
    public ApiClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), more);
    }

    /** Acting as a user, as the API allows while no auth secret is configured. */
    public ApiClient asUser(String userId) {
        return withHeader("X-Presence-User", userId);
    }

    public ApiClient withToken(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    public String baseUri() {
        return base;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** One answer: status, body as JSON (text when it is not JSON), the Retry-After header and the others. */
    public record Answer(int status, String text, Optional<String> retryAfter, HttpHeaders headers) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            try {
                return AvroJson.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }

        public int code() {
            return json().path("code").asInt();
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer delete(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method("DELETE", body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends any request (with this client's headers), for calls the methods above do not cover. */
    public Answer send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

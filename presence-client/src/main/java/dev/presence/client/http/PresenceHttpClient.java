package dev.presence.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.client.InputJson;
import dev.presence.client.InvalidInputException;
import dev.presence.core.ErrorCode;
import dev.presence.client.PresenceIds;
import dev.presence.core.codec.AvroJson;
import dev.presence.client.http.Answers.CustomStatusAccepted;
import dev.presence.client.http.Answers.EventsAccepted;
import dev.presence.client.http.Answers.Health;
import dev.presence.client.http.Answers.History;
import dev.presence.client.http.Answers.LiveSettings;
import dev.presence.client.http.Answers.Occupancy;
import dev.presence.client.http.Answers.OnlineTime;
import dev.presence.client.http.Answers.SettingChange;
import dev.presence.client.http.Answers.SubscriptionChange;
import dev.presence.client.http.Answers.Subscriptions;
import dev.presence.client.http.Answers.UserPresence;
import dev.presence.client.http.Answers.UserToken;
import dev.presence.client.http.Answers.VisibilityAccepted;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Visibility;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine's REST API over {@link java.net.http.HttpClient}: one method per call, typed answers
 * ({@link Answers}), and every refusal a {@link PresenceApiException} with the engine's code,
 * message, HTTP status and Retry-After; no answer at all is a {@link PresenceConnectionException}.
 * Ids are checked before sending ({@link InvalidInputException}, nothing sent). Thread-safe.
 */
public final class PresenceHttpClient {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final String JSON = "application/json";
    private static final String STALE_HEADER = "X-Presence-Stale";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Supplier<Map<String, String>> credentials;
    /** {@code Prefer: wait=N} on the calls that can wait for their verdict, or empty. */
    private final Optional<String> verdictWait;

    private PresenceHttpClient(Builder builder) {
        String uri = builder.baseUri.toString();
        this.base = URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
        this.timeout = builder.timeout;
        this.credentials = builder.credentials;
        this.verdictWait = builder.verdictWait.map(wait -> "wait=" + wait.toSeconds());
    }

    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** {@code GET /v1/users/{userId}/status}, with each client when {@code detail}. */
    public UserPresence status(String userId, boolean detail) {
        HttpResponse<String> response = succeeded(send("GET", userPath(userId, "status") + (detail ? "?detail=true" : ""), null));
        UserPresence presence = parse(response, UserPresence.class);
        return staleBy(response).map(presence::readFromCopy).orElse(presence);
    }

    public UserPresence status(String userId) {
        return status(userId, false);
    }

    /** {@code POST /v1/statuses/query}: the statuses in the order asked for. */
    public List<UserPresence> statuses(List<String> userIds, boolean detail) {
        PresenceIds.requireValid("userIds", userIds);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("detail", detail);
        userIds.forEach(body.putArray("userIds")::add);
        HttpResponse<String> response = succeeded(send("POST", "/v1/statuses/query", body));
        List<UserPresence> statuses = parse(response, StatusList.class).statuses();
        return staleBy(response).map(behind -> statuses.stream().map(presence -> presence.readFromCopy(behind)).toList())
                .orElse(statuses);
    }

    /** The engine's {@code X-Presence-Stale: <records behind>}; a value that is not a count is taken as 0 behind. */
    private static Optional<Long> staleBy(HttpResponse<String> response) {
        return response.headers().firstValue(STALE_HEADER).map(value -> {
            try {
                return Math.max(0L, Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return 0L;
            }
        });
    }

    /** {@code PUT .../custom-status}: accepted only while the user is ONLINE (else 409, 70008). */
    public CustomStatusAccepted setCustomStatus(String userId, String customStatus) {
        return callJudged("PUT", userPath(userId, "custom-status"), customStatusBody(customStatus), CustomStatusAccepted.class);
    }

    /**
     * As {@link #setCustomStatus(String, String)}, cleared by the engine at {@code expiresAt} (after
     * now, at most 30 days ahead; else 70030) with a logged event.
     */
    public CustomStatusAccepted setCustomStatusUntil(String userId, String customStatus, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        return callJudged("PUT", userPath(userId, "custom-status"), customStatusBody(customStatus)
                .put("expiresAt", expiresAt.toEpochMilli()), CustomStatusAccepted.class);
    }

    /** As {@link #setCustomStatus(String, String)}, cleared {@code ttl} (whole seconds, 1 s to 30 days) after it is set. */
    public CustomStatusAccepted setCustomStatusFor(String userId, String customStatus, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        return callJudged("PUT", userPath(userId, "custom-status"), customStatusBody(customStatus)
                .put("ttlSeconds", ttl.toSeconds()), CustomStatusAccepted.class);
    }

    private static ObjectNode customStatusBody(String customStatus) {
        if (customStatus == null || customStatus.isEmpty()) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD, "customStatus is empty; clearCustomStatus clears it");
        }
        return JsonNodeFactory.instance.objectNode().put("customStatus", customStatus);
    }

    /** {@code PUT .../visibility}: INVISIBLE shows the user OFFLINE to everyone but itself and the admin. */
    public VisibilityAccepted setVisibility(String userId, Visibility visibility) {
        if (visibility != Visibility.VISIBLE && visibility != Visibility.INVISIBLE) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be VISIBLE or INVISIBLE, not " + visibility);
        }
        return call("PUT", userPath(userId, "visibility"),
                JsonNodeFactory.instance.objectNode().put("visibility", visibility.name()), VisibilityAccepted.class);
    }

    /** {@code GET /v1/occupancy}: the whole engine's counts, from any instance. */
    public Occupancy occupancy() {
        return call("GET", "/v1/occupancy", null, Occupancy.class);
    }

    /**
     * {@code GET .../history} over {@code [from, to)}; a null bound takes the engine's default (to: now;
     * from: one retention before to). A window longer than the retention is refused (70033).
     */
    public History history(String userId, Instant from, Instant to) {
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("from=").append(from.toEpochMilli());
        }
        if (to != null) {
            query.append(query.length() > 0 ? "&" : "").append("to=").append(to.toEpochMilli());
        }
        return call("GET", userPath(userId, "history") + (query.length() > 0 ? "?" + query : ""), null, History.class);
    }

    /** {@code GET .../online-time?days=N}: time ONLINE on each of the last {@code days} UTC days, today included. */
    public OnlineTime onlineTime(String userId, int days) {
        if (days < 1) {
            throw new InvalidInputException(ErrorCode.DAYS_OUT_OF_RANGE, "days must be at least 1, not " + days);
        }
        return call("GET", userPath(userId, "online-time") + "?days=" + days, null, OnlineTime.class);
    }

    /** Clearing is accepted in any status. */
    public CustomStatusAccepted clearCustomStatus(String userId) {
        return callJudged("PUT", userPath(userId, "custom-status"),
                JsonNodeFactory.instance.objectNode().putNull("customStatus"), CustomStatusAccepted.class);
    }

    /** {@code POST .../subscriptions}: a SNAPSHOT notification of each target follows. */
    public SubscriptionChange subscribe(String subscriber, Collection<String> targets) {
        return callJudged("POST", userPath(subscriber, "subscriptions"), targets(targets), SubscriptionChange.class);
    }

    /** {@code DELETE .../subscriptions} naming at least one target. */
    public SubscriptionChange unsubscribe(String subscriber, Collection<String> targets) {
        return callJudged("DELETE", userPath(subscriber, "subscriptions"), targets(targets), SubscriptionChange.class);
    }

    /** {@code DELETE .../subscriptions?all=true}: every subscription of {@code subscriber}. */
    public SubscriptionChange unsubscribeAll(String subscriber) {
        return callJudged("DELETE", userPath(subscriber, "subscriptions") + "?all=true", null, SubscriptionChange.class);
    }

    public Subscriptions subscriptions(String subscriber) {
        return call("GET", userPath(subscriber, "subscriptions"), null, Subscriptions.class);
    }

    /** {@code POST /v1/events} (admin): all written, or none if any is refused (the error names its index). */
    public EventsAccepted publishEvents(List<PresenceEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new InvalidInputException(ErrorCode.BAD_REQUEST, "no events to publish");
        }
        var array = JsonNodeFactory.instance.arrayNode();
        for (PresenceEvent event : events) {
            array.add(InputJson.tree(event));
        }
        return callJudged("POST", "/v1/events", array, EventsAccepted.class);
    }

    public LiveSettings settings() {
        return call("GET", "/v1/admin/settings", null, LiveSettings.class);
    }

    /** Writes an override of a live setting; every instance applies it within moments. */
    public SettingChange putSetting(String name, String value) {
        Objects.requireNonNull(value, "value");
        return call("PUT", "/v1/admin/settings/" + segment(name), JsonNodeFactory.instance.objectNode().put("value", value),
                SettingChange.class);
    }

    /** Back to the start-up value. */
    public SettingChange resetSetting(String name) {
        return call("DELETE", "/v1/admin/settings/" + segment(name), null, SettingChange.class);
    }

    /** {@code POST /v1/admin/tokens}: a user token for {@code ttl} (whole seconds, 1 s to 30 days). */
    public UserToken mintToken(String userId, Duration ttl) {
        PresenceIds.requireValid("userId", userId);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("userId", userId);
        if (ttl != null) {
            body.put("ttlSeconds", ttl.toSeconds());
        }
        return call("POST", "/v1/admin/tokens", body, UserToken.class);
    }

    /** {@code /health/live}: answers DOWN (HTTP 503) as a value, not an error, since that is what it reports. */
    public Health live() {
        HttpResponse<String> response = send("GET", "/health/live", null);
        if (response.statusCode() == 200 || response.statusCode() == 503) {
            return parse(response, Health.class);
        }
        throw error(response);
    }

    /** {@code /health/ready}: READY, or a {@link PresenceApiException} 70013 while not ready. */
    public Health ready() {
        return call("GET", "/health/ready", null, Health.class);
    }

    /**
     * Follows the user's notification stream ({@code GET /v1/users/{userId}/notifications}) on a thread
     * of its own until closed: reconnects with backoff, drops what it has seen, delivers to {@code listener}.
     */
    public NotificationStream notifications(String userId, NotificationListener listener) {
        return notifications(userId, listener, NotificationStream.Backoff.DEFAULT);
    }

    public NotificationStream notifications(String userId, NotificationListener listener, NotificationStream.Backoff backoff) {
        String path = userPath(userId, "notifications");
        return NotificationStream.open(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Accept", "text/event-stream")
                    .timeout(timeout)
                    .GET();
            credentials.get().forEach(request::header);
            return request.build();
        }, http, listener, backoff);
    }

    private record StatusList(List<UserPresence> statuses) {
    }

    private static ObjectNode targets(Collection<String> targets) {
        PresenceIds.requireValid("userIds", targets);
        if (targets.isEmpty()) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD,
                    "userIds must name at least one user (unsubscribeAll cancels every subscription)");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        targets.forEach(body.putArray("userIds")::add);
        return body;
    }

    private static String userPath(String userId, String rest) {
        PresenceIds.requireValid("userId", userId);
        return "/v1/users/" + segment(userId) + "/" + rest;
    }

    /** One path segment: an id may hold '/', '?', spaces or any other character. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T call(String method, String path, JsonNode body, Class<T> answer) {
        return parse(succeeded(send(method, path, body, Map.of())), answer);
    }

    /** A write that may wait for the topology's verdict, when this client was built to. */
    private <T> T callJudged(String method, String path, JsonNode body, Class<T> answer) {
        Map<String, String> headers = verdictWait.map(wait -> Map.of("Prefer", wait)).orElse(Map.of());
        return parse(succeeded(send(method, path, body, headers)), answer);
    }

    private static HttpResponse<String> succeeded(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw error(response);
        }
        return response;
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        return send(method, path, body, Map.of());
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Accept", JSON);
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", JSON);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        }
        credentials.get().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PresenceConnectionException(method + " " + path + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresenceConnectionException(method + " " + path + " was interrupted", e);
        }
    }

    private static byte[] write(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static <T> T parse(HttpResponse<String> response, Class<T> type) {
        try {
            return MAPPER.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new PresenceApiException(ErrorCode.INTERNAL.code(), "the answer (HTTP " + response.statusCode()
                    + ") is not the expected " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    response.statusCode(), null);
        }
    }

    static PresenceApiException error(HttpResponse<String> response) {
        return error(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * The engine's error body; anything else (a proxy's page) gets the code the HTTP status stands for,
     * with the start of the body as its message.
     */
    static PresenceApiException error(int status, String body, String retryAfterHeader) {
        Duration retryAfter = retryAfter(retryAfterHeader);
        try {
            JsonNode json = MAPPER.readTree(body == null ? "" : body);
            if (json != null && json.path("code").isInt() && json.path("message").isTextual()) {
                return new PresenceApiException(json.get("code").intValue(), json.get("message").textValue(), status, retryAfter);
            }
        } catch (JsonProcessingException e) {
            // not the engine's error form: described below
        }
        String excerpt = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return new PresenceApiException(codeForStatus(status).code(), "HTTP " + status + " without the engine's error body: "
                + excerpt, status, retryAfter);
    }

    private static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    /** Whole seconds, as the engine sends it; anything else is no advice. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static final class Builder {

        private final URI baseUri;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Supplier<Map<String, String>> credentials = Map::of;
        private Optional<Duration> verdictWait = Optional.empty();

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /**
         * Custom status, subscription and event calls wait up to {@code wait} (whole seconds, 1 to 10) for the
         * topology's verdict ({@code Prefer: wait=N}): they answer it, with the resulting status or
         * subscriptions, or throw the refusal the topology decided (e.g. 70008 when the user left ONLINE
         * first); none within the wait answers as without it (in the log, {@code judged()} false).
         */
        public Builder waitForVerdicts(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.toSeconds() < 1 || wait.toSeconds() > 10) {
                throw new InvalidInputException(ErrorCode.INVALID_PREFER, "wait must be 1 to 10 whole seconds, not " + wait);
            }
            verdictWait = Optional.of(wait);
            if (timeout.compareTo(wait.plusSeconds(5)) < 0) {
                timeout = wait.plusSeconds(5);
            }
            return this;
        }

        /** {@code Authorization: Bearer <token>}: a user token, or the admin token. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return bearerToken(() -> token);
        }

        /** A token asked for on every call and every reconnect, so a refreshed token is picked up. */
        public Builder bearerToken(Supplier<String> tokens) {
            Objects.requireNonNull(tokens, "tokens");
            credentials = () -> Map.of("Authorization", "Bearer " + tokens.get());
            return this;
        }

        /**
         * {@code X-Presence-User: <userId>}: acting as that user on an engine without {@code auth.secret}
         * (loopback only). Without this or a token, calls act as the admin there.
         */
        public Builder actingAs(String userId) {
            PresenceIds.requireValid("userId", userId);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Presence-User", userId);
            credentials = () -> headers;
            return this;
        }

        /** How long one call may take (and a stream may take to open). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** An HttpClient of the application's own (proxy, TLS, executor). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        public PresenceHttpClient build() {
            return new PresenceHttpClient(this);
        }
    }
}

package dev.presence.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.auth.Authenticator;
import dev.presence.api.ratelimit.RateDecision;
import dev.presence.schema.OccupancyCount;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.RateBudget;
import dev.presence.streams.history.HistoryInterval;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls another instance of the engine over HTTP ({@link PeerPaths}), asynchronously so a batch can
 * ask several instances at once. Every call has a connect and a request timeout: a peer that hangs
 * costs a bounded wait, then the query answers 503 (or from a standby). Each call is signed for
 * itself ({@link dev.presence.api.auth.PeerSignature}), and an answer is read up to
 * {@link #MAX_ANSWER_BYTES}.
 */
public final class PeerClient {

    /**
     * The longest answer read from a peer: a batch of the default 500 detailed statuses is about
     * 2 MB at worst (16 clients each, every id at its 128-byte limit); longer is a broken peer.
     */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final Authenticator authenticator;
    private final PeerCallCounts counts;

    public PeerClient(Authenticator authenticator, Duration timeout) {
        this(authenticator, timeout, new PeerCallCounts());
    }

    public PeerClient(Authenticator authenticator, Duration timeout, PeerCallCounts counts) {
        this.authenticator = authenticator;
        this.counts = counts;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public CompletableFuture<List<UserStatus>> statuses(HostInfo peer, List<String> userIds) {
        return call(peer, PeerPaths.STATUSES, userIdsBody(userIds)).thenApply(answer -> statusList(peer, answer, userIds.size()));
    }

    private static ObjectNode userIdsBody(List<String> userIds) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        userIds.forEach(body.putArray("userIds")::add);
        return body;
    }

    private static List<UserStatus> statusList(HostInfo peer, JsonNode answer, int asked) {
        List<UserStatus> statuses = new ArrayList<>(asked);
        answer.path("statuses").forEach(node -> statuses.add(AvroJson.fromTree(node, UserStatus.class)));
        if (statuses.size() != asked) {
            throw new PeerFailedException(peer + " answered " + statuses.size() + " statuses for " + asked + " ids");
        }
        return statuses;
    }

    /** The statuses from another instance's own copies (a standby, or its restoring active store), and how far behind the most behind was. */
    public CompletableFuture<Found<List<UserStatus>>> standbyStatuses(HostInfo peer, List<String> userIds) {
        return call(peer, PeerPaths.STANDBY_STATUSES, userIdsBody(userIds)).thenApply(answer -> {
            List<UserStatus> statuses = statusList(peer, answer, userIds.size());
            JsonNode lag = answer.path("staleLag");
            if (!lag.isNull() && !lag.isMissingNode() && !(lag.canConvertToLong() && lag.longValue() >= 0)) {
                throw new PeerFailedException(peer + " answered a staleLag that is not a whole number of records: " + lag);
            }
            return new Found<>(statuses, lag.canConvertToLong() ? OptionalLong.of(lag.longValue()) : OptionalLong.empty());
        });
    }

    public CompletableFuture<SubscriptionList> subscriptions(HostInfo peer, String subscriber) {
        return call(peer, PeerPaths.SUBSCRIPTIONS, AvroJson.MAPPER.createObjectNode().put("userId", subscriber))
                .thenApply(answer -> {
                    JsonNode list = answer.path("subscriptions");
                    return list.isObject() ? AvroJson.fromTree(list, SubscriptionList.class) : null;
                });
    }

    public CompletableFuture<List<HistoryInterval>> history(HostInfo peer, String userId, long from, long to) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode().put("userId", userId).put("from", from).put("to", to);
        return call(peer, PeerPaths.HISTORY, body).thenApply(answer -> {
            List<HistoryInterval> intervals = new ArrayList<>();
            for (JsonNode node : answer.path("intervals")) {
                try {
                    intervals.add(HistoryJson.interval(node));
                } catch (IllegalArgumentException e) {
                    throw new PeerFailedException(peer + " answered a history interval that cannot be read: " + e.getMessage());
                }
            }
            return intervals;
        });
    }

    public CompletableFuture<Watchers> watchers(HostInfo peer, String userId, int limit) {
        return call(peer, PeerPaths.WATCHERS, AvroJson.MAPPER.createObjectNode().put("userId", userId).put("limit", limit))
                .thenApply(Watchers::fromJson);
    }

    public CompletableFuture<RateDecision> countCall(HostInfo peer, String userId, RateBudget budget) {
        return call(peer, PeerPaths.RATE_LIMIT, AvroJson.MAPPER.createObjectNode().put("userId", userId)
                .put("budget", budget.wireName()))
                .thenApply(answer -> answer.path("allowed").asBoolean()
                        ? RateDecision.ALLOWED
                        : RateDecision.refused(Duration.ofMillis(answer.path("retryAfterMs").asLong(1))));
    }

    public CompletableFuture<OccupancyCount> occupancy(HostInfo peer, List<Integer> partitions) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        partitions.forEach(body.putArray("partitions")::add);
        return call(peer, PeerPaths.OCCUPANCY, body).thenApply(answer -> {
            for (String field : List.of("online", "offline", "unlogined")) {
                if (!answer.path(field).canConvertToLong()) {
                    throw new PeerFailedException(peer + " answered occupancy without a whole number " + field);
                }
            }
            return OccupancyCount.newBuilder()
                    .setOnline(answer.path("online").asLong())
                    .setOffline(answer.path("offline").asLong())
                    .setUnlogined(answer.path("unlogined").asLong())
                    .build();
        });
    }

    private CompletableFuture<JsonNode> call(HostInfo peer, String path, JsonNode body) {
        byte[] bytes = toBytes(body);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":" + peer.port() + path));
        } catch (IllegalArgumentException e) {
            // An address no request can go to (an application.server without a host or port, Streams'
            // "unavailable" host) is that peer failing, not this call.
            counts.forwarded(path);
            counts.failed(path);
            return CompletableFuture.failedFuture(new PeerFailedException(peer + " cannot be addressed (" + e.getMessage() + ")"));
        }
        request.timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        authenticator.peerHeaders("POST", path, bytes).forEach(request::header);
        counts.forwarded(path);
        // The request timeout ends at the answer's headers; orTimeout bounds the whole call, a trickled body too.
        return http.sendAsync(request.build(), BoundedBody.upTo(MAX_ANSWER_BYTES))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(response -> {
            if (response.statusCode() != 200) {
                String text = errorMessageOf(response.body());
                throw new PeerFailedException(peer + " answered " + response.statusCode() + " to " + path + ": "
                        + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
            }
            try {
                return AvroJson.MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new PeerFailedException(peer + " answered " + path + " with something that is not JSON");
            }
        }).whenComplete((answer, failure) -> {
            if (failure != null) {
                counts.failed(path);
            }
        });
    }

    /** The message of a peer's error answer ({@code {"code":N,"message":"..."}}), or its raw text when it is not one. */
    private static String errorMessageOf(byte[] body) {
        try {
            JsonNode message = AvroJson.MAPPER.readTree(body).path("message");
            if (message.isTextual()) {
                return message.textValue();
            }
        } catch (IOException notJson) {
            // shown as it came
        }
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] toBytes(JsonNode body) {
        try {
            return AvroJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The peer did not answer in time, refused, or answered something unusable. */
    public static final class PeerFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PeerFailedException(String message) {
            super(message);
        }
    }
}

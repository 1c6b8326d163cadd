package dev.presence.bench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.bench.load.WorkloadGenerator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random calls on every REST route of the README (and the internal peer routes, and paths that are
 * none): the route's own method or another, path ids from plain to hostile (huge, unicode, a lone
 * surrogate percent-encoded, control characters, slashes, dots), parameters, caller, origin and host
 * headers, content types, and bodies from the route's own form through mutated, random, deeply
 * nested, to larger than any limit. The same calls for the same seed.
 */
final class HttpFuzzCalls {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get"};
    private static final String[] SETTINGS = {"statusQueryAndNotify", "friendAutoNotify", "maxSubscriptionsPerUser",
            "maxTargetsPerCall", "subscriptionExpiryMs", "maxUsersPerQuery", "rateLimitQueryCalls", "rateLimitQueryWindowMs", "rateLimitSubscribeCalls", "rateLimitSubscribeWindowMs", "rateLimitUnsubscribeCalls", "rateLimitUnsubscribeWindowMs", "nope"};

    private final SplittableRandom random;
    private final int users;
    private final int port;

    HttpFuzzCalls(long seed, int users, int port) {
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.port = port;
    }

    /** A call and the route it aims at (its row in the report). */
    record Aimed(String route, RawHttp.Call call) {
    }

    Aimed next() {
        String id = id();
        String name = random.nextInt(5) == 0 ? id : SETTINGS[random.nextInt(SETTINGS.length)];
        String[][] routes = {
                {"GET", "/v1/users/" + id + "/status", "GET /v1/users/{id}/status"},
                {"POST", "/v1/statuses/query", "POST /v1/statuses/query"},
                {"PUT", "/v1/users/" + id + "/custom-status", "PUT /v1/users/{id}/custom-status"},
                {"POST", "/v1/users/" + id + "/subscriptions", "POST /v1/users/{id}/subscriptions"},
                {"DELETE", "/v1/users/" + id + "/subscriptions", "DELETE /v1/users/{id}/subscriptions"},
                {"GET", "/v1/users/" + id + "/subscriptions", "GET /v1/users/{id}/subscriptions"},
                {"GET", "/v1/users/" + id + "/notifications", "GET /v1/users/{id}/notifications"},
                {"POST", "/v1/events", "POST /v1/events"},
                {"GET", "/v1/admin/settings", "GET /v1/admin/settings"},
                {"PUT", "/v1/admin/settings/" + name, "PUT /v1/admin/settings/{name}"},
                {"DELETE", "/v1/admin/settings/" + name, "DELETE /v1/admin/settings/{name}"},
                {"POST", "/v1/admin/tokens", "POST /v1/admin/tokens"},
                {"GET", "/health/live", "GET /health/live"},
                {"GET", "/health/ready", "GET /health/ready"},
                {"GET", "/metrics", "GET /metrics"},
                {"POST", "/internal/v1/statuses", "POST /internal/v1/*"},
                {"POST", "/internal/v1/standby-statuses", "POST /internal/v1/*"},
                {"POST", "/internal/v1/subscriptions", "POST /internal/v1/*"},
                {"POST", "/internal/v1/rate-limit", "POST /internal/v1/*"},
                {"GET", "/" + id, "no such route"}};
        String[] route = routes[random.nextInt(routes.length)];
        String method = random.nextInt(10) < 7 ? route[0] : METHODS[random.nextInt(METHODS.length)];
        byte[] target = withQuery(route[1]);
        List<String[]> headers = headers(route[2], id);
        byte[] body = body(route[2], method);
        return new Aimed(route[2], new RawHttp.Call(method, target, host(), headers, body));
    }

    private String id() {
        return switch (random.nextInt(16)) {
            case 0, 1, 2, 3, 4 -> WorkloadGenerator.userId(random.nextInt(users));
            case 5 -> FuzzIds.user(random.nextInt(1000));
            case 6 -> "x".repeat(129 + random.nextInt(20_000));
            case 7 -> "%C3%BC%F0%9F%98%80-" + random.nextInt(100);
            case 8 -> "a%ED%A0%80b";
            case 9 -> "a%00b";
            case 10 -> "a%0Ab%0D";
            case 11 -> "a%2Fb";
            case 12 -> random.nextBoolean() ? ".." : ".";
            case 13 -> random.nextBoolean() ? "%" : "%zz";
            case 14 -> "ü😀" + (char) (1 + random.nextInt(0x1F));
            default -> "";
        };
    }

    private byte[] withQuery(String path) {
        String query = switch (random.nextInt(8)) {
            case 0 -> "?detail=true";
            case 1 -> "?detail=maybe";
            case 2 -> "?detail=";
            case 3 -> "?a=%ff&&=&detail=true&detail=false";
            case 4 -> "?" + "q=".repeat(random.nextInt(3_000));
            default -> "";
        };
        return (path + query).getBytes(StandardCharsets.UTF_8);
    }

    private List<String[]> headers(String route, String id) {
        List<String[]> headers = new ArrayList<>();
        switch (random.nextInt(8)) {
            case 0, 1 -> headers.add(new String[]{"X-Presence-User", id});
            case 2 -> headers.add(new String[]{"X-Presence-User", WorkloadGenerator.userId(random.nextInt(users))});
            case 3 -> headers.add(new String[]{"X-Presence-User", random.nextBoolean() ? "" : "x".repeat(5_000)});
            case 4 -> headers.add(new String[]{"X-Presence-User", "ü\u0001😀"});
            default -> {
                // the admin: no caller header
            }
        }
        String[] types = {"application/json", "application/json", "application/json", "application/json; charset=utf-8",
                "application/json; charset=utf-16", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                "\u00ff/\u00fe", ""};
        int type = random.nextInt(types.length + 2);
        if (type < types.length) {
            headers.add(new String[]{"Content-Type", types[type]});
        }
        if (route.contains("notifications") ? random.nextInt(4) != 0 : random.nextInt(8) == 0) {
            headers.add(new String[]{"Accept", "text/event-stream"});
        } else if (random.nextInt(6) == 0) {
            headers.add(new String[]{"Accept", random.nextBoolean() ? "application/xml" : "*/*;q=x"});
        }
        switch (random.nextInt(10)) {
            case 0 -> headers.add(new String[]{"Origin", "http://evil.example"});
            case 1 -> headers.add(new String[]{"Origin", "http://127.0.0.1:" + port});
            case 2 -> headers.add(new String[]{"Origin", "null"});
            case 3 -> headers.add(new String[]{"Authorization", "Bearer v1.\u00ff.1.x"});
            case 4 -> headers.add(new String[]{"Authorization", "Basic " + "A".repeat(random.nextInt(3_000))});
            case 5 -> headers.add(new String[]{"X-" + "y".repeat(random.nextInt(50)), "\t z"});
            default -> {
                // nothing more
            }
        }
        return headers;
    }

    private String host() {
        return switch (random.nextInt(12)) {
            case 0 -> "evil.example";
            case 1 -> "localhost:" + port;
            case 2 -> "[::1]:" + port;
            case 3 -> "";
            case 4 -> "127.0.0.1:" + port + ", evil.example";
            default -> null;
        };
    }

    private byte[] body(String route, String method) {
        int roll = random.nextInt(100);
        if (roll < 8 || (method.equals("GET") && roll < 60)) {
            return null;
        }
        if (roll < 12) {
            return new byte[0];
        }
        if (roll < 16) {
            byte[] garbage = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(garbage);
            return garbage;
        }
        if (roll < 18) {
            int depth = random.nextBoolean() ? 2_000 : 100_000;
            return ("{\"userIds\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
        }
        if (roll < 19) {
            // Past any sane body limit: must be refused (413 or 400), never a 5xx.
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            big.writeBytes("{\"customStatus\":\"".getBytes(StandardCharsets.UTF_8));
            big.writeBytes("x".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8));
            big.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return big.toByteArray();
        }
        JsonNode node = form(route);
        if (roll < 55 && node instanceof ObjectNode object) {
            mutate(object);
        }
        if (roll >= 95) {
            String text = node.toString();
            return text.substring(0, random.nextInt(Math.max(1, text.length()))).getBytes(StandardCharsets.UTF_8);
        }
        return JsonMutations.bytes(node);
    }

    /** The body the route expects, with plausible values. */
    private JsonNode form(String route) {
        ObjectNode node = NODES.objectNode();
        if (route.contains("statuses") || route.contains("subscriptions") || route.contains("internal")) {
            ArrayNode ids = node.putArray("userIds");
            for (int i = random.nextInt(random.nextInt(10) == 0 ? 700 : 5); i >= 0; i--) {
                ids.add(random.nextInt(10) == 0 ? id() : WorkloadGenerator.userId(random.nextInt(users)));
            }
            if (random.nextBoolean()) {
                node.put("detail", random.nextBoolean());
            }
        } else if (route.contains("custom-status")) {
            node.put("customStatus", random.nextBoolean() ? "busy" : JsonMutations.longText(random.nextInt(300), random));
        } else if (route.contains("events")) {
            ObjectNode event = Seed.random("presence.events", random, 1000).json();
            event.put("userId", WorkloadGenerator.userId(random.nextInt(users)));
            if (random.nextBoolean()) {
                ArrayNode array = NODES.arrayNode();
                array.add(event);
                array.add(Seed.random("presence.events", random, 1000).json());
                return array;
            }
            return event;
        } else if (route.contains("settings")) {
            node.set("value", random.nextBoolean() ? NODES.textNode(random.nextBoolean() ? "true" : "50")
                    : JsonMutations.randomValue(random, 1));
        } else if (route.contains("tokens")) {
            node.put("userId", id());
            node.put("ttlSeconds", random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(100_000) - 10);
        } else {
            node.set("x", JsonMutations.randomValue(random, 2));
        }
        return node;
    }

    private void mutate(ObjectNode node) {
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(4)) {
            case 0 -> node.remove(field);
            case 1 -> node.putNull(field);
            case 2 -> node.set(field, JsonMutations.randomValue(random, 2));
            default -> node.set("zz" + random.nextInt(10), JsonMutations.randomValue(random, 2));
        }
    }
}

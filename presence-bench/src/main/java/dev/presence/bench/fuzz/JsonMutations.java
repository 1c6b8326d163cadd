package dev.presence.bench.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.core.codec.AvroJson;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of a seed's JSON: fields dropped, nulled, retyped, duplicated, oversized, unknown,
 * control characters and lone surrogates in ids, wrong enum names; and of its text: truncated,
 * invalid UTF-8, another top-level value, nesting far deeper than any record needs, trailing
 * garbage, a byte-order mark, an Avro header in front. Each result says whether the contract
 * refuses it for certain, judged from the seed's rules, never by asking the engine's own readers.
 */
final class JsonMutations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int OPERATORS = 17;
    /** Jackson will not write a lone surrogate; it goes in as the JSON escape, in place of this mark. */
    private static final String LONE_SURROGATE_MARK = "LONE-SURROGATE-MARK";

    private JsonMutations() {
    }

    static Mutation mutate(Seed seed, SplittableRandom random) {
        ObjectNode node = seed.json();
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        String where = seed.topic().replace("presence.", "") + " ";
        switch (random.nextInt(OPERATORS)) {
            case 0 -> {
                node.remove(field);
                return Mutation.of("json/" + where + "drop " + role(seed, field), seed.requires(field), bytes(node));
            }
            case 1 -> {
                node.putNull(field);
                return Mutation.of("json/" + where + "null " + role(seed, field), seed.requires(field), bytes(node));
            }
            case 2 -> {
                node.set(field, wrongType(field, random));
                return Mutation.mustReject("json/" + where + "retype a field", bytes(node));
            }
            case 3 -> {
                // Jackson keeps the last of duplicate names unless told to refuse them: either is a fair reading.
                String text = new String(bytes(node), StandardCharsets.UTF_8);
                String duplicate = "{\"" + field + "\":" + wrongType(field, random) + "," + text.substring(1);
                return Mutation.either("json/" + where + "duplicate a field", duplicate.getBytes(StandardCharsets.UTF_8));
            }
            case 4 -> {
                return oversize(seed, node, field, random, where);
            }
            case 5 -> {
                node.set("zz" + random.nextInt(1000), randomValue(random, 3));
                return Mutation.either("json/" + where + "unknown field", bytes(node));
            }
            case 6 -> {
                String id = idField(seed, node, random);
                node.put(id, node.get(id).asText() + (char) random.nextInt(0x20));
                return Mutation.of("json/" + where + "control character in " + role(seed, id),
                        seed.checksId(id) || id.equals("type") || id.equals("platform"), bytes(node));
            }
            case 7 -> {
                // A lone surrogate survives JSON but not UTF-8; whether an id may hold one is the engine's call.
                String id = idField(seed, node, random);
                node.put(id, node.get(id).asText() + LONE_SURROGATE_MARK);
                boolean certain = id.equals("type") || id.equals("platform");
                String text = new String(bytes(node), StandardCharsets.UTF_8).replace(LONE_SURROGATE_MARK, "\\ud800");
                return Mutation.of("json/" + where + "lone surrogate in " + (certain ? "an enum" : "an id"), certain,
                        text.getBytes(StandardCharsets.UTF_8));
            }
            case 8 -> {
                String[] wrong = {"", "login", "LOGIN ", "FRIEND_ADDED", "SUBSCRIBE", "SESSION_TIMED_OUT_", "AMIGA", "null"};
                String target = node.has("platform") && random.nextBoolean() ? "platform" : "type";
                String value = wrong[random.nextInt(wrong.length)];
                if (target.equals("type") && typesOf(seed.topic()).contains(value)) {
                    value = value + "?";
                }
                node.put(target, value);
                return Mutation.mustReject("json/" + where + "unknown enum name", bytes(node));
            }
            case 9 -> {
                byte[] text = bytes(node);
                return Mutation.mustReject("json/" + where + "truncated text", Arrays.copyOf(text, random.nextInt(text.length)));
            }
            case 10 -> {
                byte[] text = bytes(node);
                byte[] out = new byte[text.length + 1];
                int at = 1 + random.nextInt(text.length - 1);
                System.arraycopy(text, 0, out, 0, at);
                out[at] = (byte) (0xF8 | random.nextInt(8));
                System.arraycopy(text, at, out, at + 1, text.length - at);
                return Mutation.mustReject("json/" + where + "invalid UTF-8 byte", out);
            }
            case 11 -> {
                String[] others = {"[" + node + "]", "\"" + seed.userId() + "\"", "42", "null", "true", "{}", "[]", "   "};
                return Mutation.mustReject("json/" + where + "not an object of the form",
                        others[random.nextInt(others.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 12 -> {
                boolean deep = random.nextInt(4) == 0;
                int depth = !deep ? 50 : random.nextInt(100) == 0 ? 100_000 : 2_000;
                String text = new String(bytes(node), StandardCharsets.UTF_8);
                String nested = "{\"zz\":" + "[".repeat(depth) + "]".repeat(depth) + "," + text.substring(1);
                // Nesting past any bound a reader can keep must be refused; a little is just an unknown field.
                return Mutation.of("json/" + where + (deep ? "nested 2,000+ deep" : "nested 50 deep"), deep,
                        nested.getBytes(StandardCharsets.UTF_8));
            }
            case 13 -> {
                String[] tails = {" x", "}", " {\"type\":1}", "\u0000", " ]"};
                return Mutation.either("json/" + where + "trailing garbage",
                        (node + tails[random.nextInt(tails.length)]).getBytes(StandardCharsets.UTF_8));
            }
            case 14 -> {
                byte[] text = bytes(node);
                byte[] out = new byte[text.length + 3];
                out[0] = (byte) 0xEF;
                out[1] = (byte) 0xBB;
                out[2] = (byte) 0xBF;
                System.arraycopy(text, 0, out, 3, text.length);
                return Mutation.either("json/" + where + "byte-order mark", out);
            }
            case 15 -> {
                byte[] text = bytes(node);
                byte[] out = new byte[text.length + 2];
                out[0] = (byte) 0xC3;
                out[1] = 0x01;
                System.arraycopy(text, 0, out, 2, text.length);
                return Mutation.mustReject("json/" + where + "Avro magic in front", out);
            }
            default -> {
                // A number field of the record's own schema, or, where it has none, an unknown one.
                String numberField = switch (seed.topic()) {
                    case "presence.events" -> "occurredAt";
                    case "presence.subscriptions" -> "notOnlineSince";
                    default -> "zzNumber";
                };
                node.put(numberField, new BigInteger("9".repeat(20 + random.nextInt(2000))));
                return Mutation.of("json/" + where + "number beyond a long" + (numberField.startsWith("zz") ? " (unknown field)" : ""),
                        !numberField.startsWith("zz"), bytes(node));
            }
        }
    }

    private static Mutation oversize(Seed seed, ObjectNode node, String field, SplittableRandom random, String where) {
        if (field.equals("targets")) {
            ArrayNode targets = node.putArray("targets");
            int count = 101 + random.nextInt(3000);
            for (int i = 0; i < count; i++) {
                targets.add(FuzzIds.user(random.nextInt(1_000_000)));
            }
            // The limit of targets per call (100 by default) holds for SUBSCRIBE and UNSUBSCRIBE alike.
            return Mutation.of("json/" + where + "too many targets", !seed.type().equals("UNSUBSCRIBE_ALL"), bytes(node));
        }
        if (Seed.isNumberField(field)) {
            node.put(field, new BigInteger("1" + "0".repeat(19 + random.nextInt(500))));
            return Mutation.mustReject("json/" + where + "number beyond a long", bytes(node));
        }
        int length = random.nextInt(4) == 0 ? 1_000 + random.nextInt(9_000) : 129 + random.nextInt(400);
        node.put(field, longText(length, random));
        boolean certain = seed.checksId(field) || field.equals("type") || field.equals("platform")
                || (field.equals("customStatus") && seed.checksCustomStatus());
        return Mutation.of("json/" + where + "oversize " + role(seed, field), certain, bytes(node));
    }

    /** "required field", "checked id" or "optional field": the report's rows say which rules were tried. */
    private static String role(Seed seed, String field) {
        if (seed.requires(field)) {
            return "required field";
        }
        return seed.checksId(field) ? "optional id" : "optional field";
    }

    /** Every type name the topic's readers know, engine-written ones included. */
    private static List<String> typesOf(String topic) {
        return switch (topic) {
            case "presence.events" -> List.of("LOGIN", "HEARTBEAT", "LOGOUT", "DISCONNECT", "SET_CUSTOM_STATUS",
                    "SESSION_TIMED_OUT");
            case "presence.subscriptions" -> List.of("SUBSCRIBE", "UNSUBSCRIBE", "UNSUBSCRIBE_ALL", "SUBSCRIPTIONS_EXPIRED");
            default -> List.of("FRIEND_ADDED", "FRIEND_REMOVED");
        };
    }

    private static String idField(Seed seed, ObjectNode node, SplittableRandom random) {
        List<String> ids = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (node.get(name).isTextual()) {
                ids.add(name);
            }
        });
        return ids.get(random.nextInt(ids.size()));
    }

    static JsonNode wrongType(String field, SplittableRandom random) {
        JsonNode[] forStrings = {NODES.numberNode(42), NODES.numberNode(-1.5), NODES.booleanNode(true),
                NODES.objectNode().put("a", 1), NODES.arrayNode().add(7), NODES.numberNode(new BigInteger("1" + "0".repeat(30)))};
        JsonNode[] forNumbers = {NODES.textNode("1780000000000"), NODES.numberNode(1.5), NODES.booleanNode(false),
                NODES.objectNode(), NODES.arrayNode().add(1)};
        JsonNode[] forTargets = {NODES.textNode("fz-1"), NODES.numberNode(3), NODES.objectNode().put("fz-1", true),
                NODES.arrayNode().add(1).add(2), NODES.arrayNode().add(NODES.nullNode())};
        JsonNode[] pool = field.equals("targets") ? forTargets : Seed.isNumberField(field) ? forNumbers : forStrings;
        return pool[random.nextInt(pool.length)];
    }

    static JsonNode randomValue(SplittableRandom random, int depth) {
        return switch (depth <= 0 ? random.nextInt(4) : random.nextInt(6)) {
            case 0 -> NODES.textNode(longText(random.nextInt(40), random));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set("k" + random.nextInt(100), randomValue(random, depth - 1));
                }
                yield object;
            }
        };
    }

    /** {@code length} characters mixing ASCII, accented letters and characters outside the BMP. */
    static String longText(int length, SplittableRandom random) {
        StringBuilder text = new StringBuilder(length + 2);
        while (text.length() < length) {
            switch (random.nextInt(8)) {
                case 0 -> text.append('é');
                case 1 -> text.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return AvroJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.presence.bench.fuzz;

import dev.presence.bench.load.Outgoing;
import dev.presence.core.PresenceNames.Topics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Records on presence.config that must not change a setting in force: values for setting names the
 * engine does not know (any value, or a tombstone), and, for the names it knows, values the setting
 * must refuse (not true/false, not a whole number above zero), or a tombstone, which restores the
 * start-up value the drill runs with anyway. A mutation that would give a known setting a valid
 * value is never written: the valid load must run under the settings the model assumes.
 */
final class ConfigMutations {

    static final List<String> BOOLEAN_SETTINGS = List.of("statusQueryAndNotify", "friendAutoNotify");
    static final List<String> NUMBER_SETTINGS = List.of("maxSubscriptionsPerUser", "maxTargetsPerCall",
            "subscriptionExpiryMs", "maxUsersPerQuery", "rateLimitQueryCalls", "rateLimitQueryWindowMs", "rateLimitSubscribeCalls", "rateLimitSubscribeWindowMs", "rateLimitUnsubscribeCalls", "rateLimitUnsubscribeWindowMs");
    private static final Set<String> KNOWN = Set.copyOf(concat(BOOLEAN_SETTINGS, NUMBER_SETTINGS));
    private static final String[] GARBAGE = {"", " ", "yes", "on", "1", "0", "-1", "tru", "falsee", "null", "NaN",
            "2147483648", "-2147483648", "99999999999999999999", "1e3", "0x10", "1.5", "\u0000", "true\u0000",
            "\uFFFD\uFFFD", "{\"value\":true}", "[1]", "-0"};

    private ConfigMutations() {
    }

    static Mutant mutate(SplittableRandom random) {
        List<String> known = concat(BOOLEAN_SETTINGS, NUMBER_SETTINGS);
        String name = known.get(random.nextInt(known.size()));
        if (random.nextBoolean()) {
            String value = random.nextInt(10) == 0 ? null : garbage(random);
            if (value != null && valid(name, value)) {
                value = value + "#";
            }
            return mutant("config/known setting, " + (value == null ? "tombstone" : "value it must refuse"),
                    name.getBytes(StandardCharsets.UTF_8), value);
        }
        byte[] key = unknownName(name, random);
        String value = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> JsonMutations.longText(random.nextInt(2_000), random);
            default -> garbage(random);
        };
        return mutant("config/unknown setting name", key, value);
    }

    /** A big record: a key of about 900 KB for an unknown name with a 100 KB value. */
    static Mutant huge(SplittableRandom random, int maxBytes) {
        byte[] key = KeyMutations.repeatTo("unknownSetting".getBytes(StandardCharsets.UTF_8),
                Math.min(900 * 1024, maxBytes - 101 * 1024));
        // Up to 4 UTF-8 bytes per two characters: half as many characters as bytes stays inside the limit.
        return mutant("config/unknown setting name, 900 KB key", key,
                JsonMutations.longText(Math.min(100 * 1024, maxBytes - key.length) / 2, random));
    }

    private static byte[] unknownName(String known, SplittableRandom random) {
        byte[] key = switch (random.nextInt(6)) {
            case 0 -> (known + "X").getBytes(StandardCharsets.UTF_8);
            case 1 -> known.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[0];
            case 3 -> {
                byte[] bytes = known.getBytes(StandardCharsets.UTF_8);
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                yield bytes;
            }
            case 4 -> {
                byte[] bytes = new byte[1 + random.nextInt(40)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> JsonMutations.longText(129 + random.nextInt(5_000), random).getBytes(StandardCharsets.UTF_8);
        };
        // The engine reads config keys as UTF-8 text; what decodes to a known name is not unknown.
        return KNOWN.contains(new String(key, StandardCharsets.UTF_8)) ? (known + "?").getBytes(StandardCharsets.UTF_8) : key;
    }

    private static String garbage(SplittableRandom random) {
        String base = GARBAGE[random.nextInt(GARBAGE.length)];
        return random.nextInt(4) == 0 ? base + JsonMutations.longText(random.nextInt(30), random) : base;
    }

    /**
     * Whether {@code value} is one the setting accepts, judged as README states the forms: true or
     * false for a switch, a whole number above zero for a limit (surrounding blanks and case aside).
     */
    static boolean valid(String name, String value) {
        String text = value.trim();
        if (BOOLEAN_SETTINGS.contains(name)) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("false");
        }
        try {
            return Integer.parseInt(text) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Mutant mutant(String kind, byte[] key, String value) {
        return new Mutant(kind, Expectation.CONFIG, new Outgoing(Topics.CONFIG, key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}

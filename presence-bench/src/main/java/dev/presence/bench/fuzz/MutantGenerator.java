package dev.presence.bench.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.bench.load.Outgoing;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.AvroCodec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutants of one run, one after another, the same for the same seed: each a valid record of an
 * input topic (events, subscriptions, friendships; config on its own terms) mutated once, in JSON or
 * Avro, or given a key that is not its userId. Every {@code bigPeriod}-th mutant is a big one, in
 * turn: a 600 KB key, a custom status, a target list and a value near the broker's record limit, a
 * 900 KB key on each topic, and the 18-byte Avro list bomb.
 * <p>
 * Bytes are made by hand here, with the engine's codecs, and not by the client library: the library
 * writes only well-formed records under valid keys, and every record here is meant to be neither.
 */
public final class MutantGenerator {

    private static final List<String> USER_TOPICS = List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS, Topics.FRIENDSHIPS);
    private static final int BIG_KINDS = 7;

    private final SplittableRandom random;
    private final int users;
    private final int maxRecordBytes;
    private final long bigPeriod;
    private long made;

    /**
     * @param count          how many mutants the run writes (sets how often a big one comes)
     * @param users          size of the mutants' id space
     * @param maxRecordBytes the most key + value bytes the broker takes in one record
     */
    public MutantGenerator(long seed, long count, int users, int maxRecordBytes) {
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.maxRecordBytes = maxRecordBytes;
        this.bigPeriod = Math.max(200, Math.min(25_000, count / 10));
    }

    public Mutant next() {
        long index = made++;
        if (index % bigPeriod == bigPeriod / 2) {
            return big((int) ((index / bigPeriod) % BIG_KINDS));
        }
        int roll = random.nextInt(100);
        if (roll < 4) {
            return ConfigMutations.mutate(random);
        }
        String topic = roll < 50 ? Topics.EVENTS : roll < 75 ? Topics.SUBSCRIPTIONS : Topics.FRIENDSHIPS;
        Seed seed = Seed.random(topic, random, users);
        byte[] userKey = seed.userId().getBytes(StandardCharsets.UTF_8);
        boolean json = random.nextBoolean();
        if (random.nextInt(10) == 0) {
            KeyMutations.MutatedKey key = KeyMutations.mutate(seed.userId(), random);
            byte[] value = json ? JsonMutations.bytes(seed.json()) : AvroCodec.encode(seed.record());
            return new Mutant((json ? "json/" : "avro/") + shortName(topic) + " " + key.kind(), Expectation.MUST_REJECT,
                    new Outgoing(topic, key.key(), value));
        }
        Mutation mutation = json ? JsonMutations.mutate(seed, random) : AvroMutations.mutate(seed, random);
        return new Mutant(mutation.kind(), mutation.expectation(), new Outgoing(topic, userKey, mutation.value()));
    }

    private Mutant big(int kind) {
        String user = FuzzIds.user(random.nextInt(users));
        byte[] userKey = user.getBytes(StandardCharsets.UTF_8);
        // A batch of one record is key + value + 72 bytes of framing (61 for the batch, about 11 for the record).
        int room = maxRecordBytes - 100;
        return switch (kind) {
            case 0 -> new Mutant("big/events valid login with a 600 KB key", Expectation.MUST_REJECT,
                    new Outgoing(Topics.EVENTS, KeyMutations.repeatTo(userKey, 600 * 1024), login(user)));
            case 1 -> {
                String status = "x".repeat(room - userKey.length - 60 - user.length());
                byte[] value = ("{\"type\":\"SET_CUSTOM_STATUS\",\"userId\":\"" + user + "\",\"customStatus\":\"" + status + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                yield new Mutant("big/events custom status near the record limit", Expectation.MUST_REJECT,
                        new Outgoing(Topics.EVENTS, userKey, value));
            }
            case 2 -> {
                ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("type", "SUBSCRIBE").put("userId", user);
                ArrayNode targets = node.putArray("targets");
                int count = (room - 100) / 16;
                for (int i = 0; i < count; i++) {
                    targets.add(String.format("fz-%09d", i));
                }
                yield new Mutant("big/subscriptions targets near the record limit", Expectation.MUST_REJECT,
                        new Outgoing(Topics.SUBSCRIPTIONS, userKey, JsonMutations.bytes(node)));
            }
            case 3 -> new Mutant("big/friendships valid Avro with a 900 KB key", Expectation.MUST_REJECT,
                    new Outgoing(Topics.FRIENDSHIPS, KeyMutations.repeatTo(userKey, 900 * 1024),
                            AvroCodec.encode(Seed.random(Topics.FRIENDSHIPS, random, users).record())));
            case 4 -> {
                byte[] key = KeyMutations.repeatTo(userKey, 900 * 1024);
                byte[] value = ("{\"type\":\"LOGIN\",\"userId\":\"" + user + "\",\"clientId\":\"" + "c".repeat(room - key.length - 200))
                        .getBytes(StandardCharsets.UTF_8);
                yield new Mutant("big/events broken JSON with a 900 KB key", Expectation.MUST_REJECT,
                        new Outgoing(Topics.EVENTS, key, value));
            }
            case 5 -> ConfigMutations.huge(random, room);
            default -> new Mutant("avro/subscriptions list bomb: 2^31-1 targets announced, none sent", Expectation.MUST_REJECT,
                    new Outgoing(Topics.SUBSCRIPTIONS, userKey, listBomb(user)));
        };
    }

    /** A valid header and a SUBSCRIBE body whose target list claims Integer.MAX_VALUE items: 18 bytes or so. */
    private static byte[] listBomb(String user) {
        AvroLayout layout = AvroLayout.of(SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.SUBSCRIBE)
                .setUserId(user).setTargets(List.of()).build());
        AvroLayout.Varint count = layout.varints().stream().filter(v -> v.slot() == AvroLayout.Slot.ARRAY_COUNT)
                .findFirst().orElseThrow();
        byte[] withCount = layout.withVarint(count, Integer.MAX_VALUE);
        // Cut right after the count: the list's items are announced, never sent.
        return java.util.Arrays.copyOf(withCount, count.offset() + AvroLayout.zigZagVarint(Integer.MAX_VALUE).length);
    }

    private static byte[] login(String user) {
        return AvroCodec.encode(PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId(user).setClientId("c0")
                .setSessionId("s1").setPlatform(Platform.WEB).build());
    }

    static String shortName(String topic) {
        return topic.replace("presence.", "");
    }
}

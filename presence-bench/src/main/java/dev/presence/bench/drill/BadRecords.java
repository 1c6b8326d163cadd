package dev.presence.bench.drill;

import dev.presence.bench.load.Outgoing;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.testkit.Events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Records a careless or hostile producer writes, one kind after another, each with the error code
 * the engine must give it: garbage bytes, broken JSON, an oversize id, an oversize custom status,
 * a key that is not the userId, an unknown type. Keys are real users', so they land among valid traffic.
 * Written as raw bytes, not with the client library: it cannot write garbage, broken JSON, a key other
 * than the userId or an unknown type at all, and refuses an oversize id before it sends.
 */
public final class BadRecords {

    private final List<Outgoing> records = new ArrayList<>();
    private final Map<Integer, Long> expectedCodes = new HashMap<>();
    private final Map<ByteBuffer, Integer> valuesLeft = new HashMap<>();

    public BadRecords(int count, int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            String user = WorkloadGenerator.userId(random.nextInt(users));
            String other = WorkloadGenerator.userId(random.nextInt(users)) + "-other";
            String value;
            String key = user;
            ErrorCode code;
            switch (i % 6) {
                case 0 -> {
                    byte[] garbage = new byte[8 + random.nextInt(56)];
                    random.nextBytes(garbage);
                    garbage[0] = (byte) 0xFF;
                    add(user, garbage, ErrorCode.UNREADABLE_RECORD);
                    continue;
                }
                case 1 -> {
                    value = "{\"type\":\"HEARTBEAT\",\"userId\":\"" + user + "\",\"clientId\":\"c" + i;
                    code = ErrorCode.MALFORMED_JSON;
                }
                case 2 -> {
                    value = Events.login(user, "c".repeat(129 + i % 100), "s" + i, dev.presence.schema.Platform.WEB);
                    code = ErrorCode.INVALID_FIELD;
                }
                case 3 -> {
                    value = Events.customStatus(user, "x".repeat(101 + i % 50) + i);
                    code = ErrorCode.CUSTOM_STATUS_TOO_LONG;
                }
                case 4 -> {
                    value = Events.login(other, "c0", "s" + i, dev.presence.schema.Platform.WEB);
                    code = ErrorCode.KEY_MISMATCH;
                }
                default -> {
                    value = "{\"type\":\"TELEPORT\",\"userId\":\"" + user + "\",\"n\":" + i + "}";
                    code = ErrorCode.UNKNOWN_TYPE;
                }
            }
            add(key, value.getBytes(StandardCharsets.UTF_8), code);
        }
    }

    private void add(String key, byte[] value, ErrorCode code) {
        records.add(new Outgoing(Topics.EVENTS, key.getBytes(StandardCharsets.UTF_8), value));
        expectedCodes.merge(code.code(), 1L, Long::sum);
        valuesLeft.merge(ByteBuffer.wrap(value), 1, Integer::sum);
    }

    public List<Outgoing> records() {
        return records;
    }

    public Map<Integer, Long> expectedCodes() {
        return expectedCodes;
    }

    /** Bad records (by exact bytes) that presence.rejected does not hold, given what it holds. */
    public long missingFrom(List<dev.presence.schema.RejectedRecord> rejected) {
        Map<ByteBuffer, Integer> left = new HashMap<>(valuesLeft);
        synchronized (rejected) {
            for (dev.presence.schema.RejectedRecord record : rejected) {
                if (record.getValue() != null) {
                    left.computeIfPresent(record.getValue().duplicate(), (k, n) -> n == 1 ? null : n - 1);
                }
            }
        }
        return left.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Valid and bad records interleaved evenly, the valid ones in their own order. */
    public static List<Outgoing> interleave(List<Outgoing> valid, List<Outgoing> bad) {
        List<Outgoing> mixed = new ArrayList<>(valid.size() + bad.size());
        int v = 0;
        int b = 0;
        while (v < valid.size() || b < bad.size()) {
            boolean takeBad = b < bad.size() && (v >= valid.size()
                    || (long) b * valid.size() <= (long) v * bad.size());
            mixed.add(takeBad ? bad.get(b++) : valid.get(v++));
        }
        return mixed;
    }
}

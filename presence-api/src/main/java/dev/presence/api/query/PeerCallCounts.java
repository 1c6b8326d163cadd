package dev.presence.api.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many calls this instance forwarded to others, and how many of them failed, per peer endpoint. */
public final class PeerCallCounts {

    private final Map<String, LongAdder> forwarded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    void forwarded(String path) {
        forwarded.computeIfAbsent(path, any -> new LongAdder()).increment();
    }

    void failed(String path) {
        failed.computeIfAbsent(path, any -> new LongAdder()).increment();
    }

    public long forwarded(String path, boolean failedOnly) {
        LongAdder count = (failedOnly ? failed : forwarded).get(path);
        return count == null ? 0 : count.sum();
    }
}

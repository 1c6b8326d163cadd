package dev.presence.client.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest status version seen per changed user. A user's versions only grow, so a change at or
 * below it was seen already (a notification delivered twice, or the same change heard as a friend
 * and as a subscriber). Bounded: the users heard of least recently are forgotten first.
 */
final class SeenVersions {

    private final Map<String, Long> highest;

    SeenVersions(int maxUsers) {
        highest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxUsers;
            }
        };
    }

    /** True, and remembered, when {@code version} of {@code userId} is newer than any seen. */
    boolean firstSight(String userId, long version) {
        Long seen = highest.get(userId);
        if (seen != null && seen >= version) {
            return false;
        }
        highest.put(userId, version);
        return true;
    }
}

package dev.presence.api.http;

import dev.presence.api.query.Found;
import io.javalin.http.Context;

/**
 * The {@code X-Presence-Stale} header: set when some of an answer was read from a local copy that
 * may be behind the owner's (a standby while the owner cannot answer); its value is the most
 * records that copy was behind when read. Absent: the answer came from the owners' current stores.
 */
final class StaleAnswers {

    static final String HEADER = "X-Presence-Stale";

    private StaleAnswers() {
    }

    /** Marks the answer when {@code found} is stale; returns what was found. */
    static <T> T mark(Context ctx, Found<T> found) {
        found.staleLag().ifPresent(lag -> ctx.header(HEADER, Long.toString(lag)));
        return found.value();
    }
}

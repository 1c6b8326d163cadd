package dev.presence.api.http;

import dev.presence.core.ErrorCode;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The {@code wait} preference of RFC 7240's {@code Prefer} header ({@code Prefer: wait=5}): how many
 * seconds a write call may wait for the topology's verdict. Other preferences ({@code respond-async},
 * {@code return=...}, anything unknown) are ignored, as the RFC asks. A {@code wait} this engine cannot
 * honour as written is refused with 400 (70024) rather than silently ignored, so a client learns of its
 * mistake: a value that is not a whole number of seconds from 0 to {@value #MAX_SECONDS}, a
 * {@code wait} given twice, or a header longer than {@value #MAX_HEADER_CHARS} characters.
 * {@code wait=0} asks for no wait: the call answers 202 at once.
 */
final class PreferWait {

    static final String HEADER = "Prefer";
    static final String APPLIED_HEADER = "Preference-Applied";
    static final int MAX_SECONDS = 10;
    static final int MAX_HEADER_CHARS = 256;

    private PreferWait() {
    }

    /** The seconds asked for, if the call asked to wait at all (more than 0 s). */
    static OptionalInt of(Context ctx) {
        List<String> headers = java.util.Collections.list(ctx.req().getHeaders(HEADER));
        return parse(headers);
    }

    static OptionalInt parse(List<String> headers) {
        int total = 0;
        Integer seconds = null;
        for (String header : headers) {
            total += header.length();
            if (total > MAX_HEADER_CHARS) {
                throw refused("the Prefer header is longer than " + MAX_HEADER_CHARS + " characters");
            }
            for (String preference : header.split(",")) {
                // A preference's parameters (after ';') qualify it; wait takes none, and they are ignored.
                String token = preference.split(";", 2)[0].trim();
                int equals = token.indexOf('=');
                String name = (equals < 0 ? token : token.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("wait")) {
                    continue;
                }
                if (seconds != null) {
                    throw refused("wait is given more than once");
                }
                seconds = seconds(equals < 0 ? "" : token.substring(equals + 1).trim());
            }
        }
        return seconds == null || seconds == 0 ? OptionalInt.empty() : OptionalInt.of(seconds);
    }

    private static int seconds(String value) {
        String unquoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (unquoted.isEmpty() || unquoted.length() > 2 || !unquoted.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw refused("wait must be a whole number of seconds from 0 to " + MAX_SECONDS + ", got '"
                    + (unquoted.length() > 16 ? unquoted.substring(0, 16) + "..." : unquoted) + "'");
        }
        int seconds = Integer.parseInt(unquoted);
        if (seconds > MAX_SECONDS) {
            throw refused("wait must be at most " + MAX_SECONDS + " seconds, got " + seconds);
        }
        return seconds;
    }

    private static ApiError refused(String message) {
        return new ApiError(ErrorCode.INVALID_PREFER, message);
    }
}

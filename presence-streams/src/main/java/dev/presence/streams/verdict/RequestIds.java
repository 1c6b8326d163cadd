package dev.presence.streams.verdict;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The request id a producer puts on an input record (header {@value #HEADER}) to hear the topology's
 * verdict on it in the verdicts topic. Any producer may write any header, so an id is taken only in a
 * small, plain form (1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : -}): anything
 * else is ignored, as if absent, and the record is processed as usual. A hostile header can thus
 * neither enlarge a verdict nor stop anything; it only goes without a verdict.
 */
public final class RequestIds {

    /** The record header naming the request. */
    public static final String HEADER = "presence-request-id";
    public static final int MAX_LENGTH = 64;

    private RequestIds() {
    }

    /** The last {@value #HEADER} header of {@code headers}, when it is a valid id. */
    public static Optional<String> of(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null || header.value().length == 0 || header.value().length > MAX_LENGTH) {
            return Optional.empty();
        }
        String id = new String(header.value(), StandardCharsets.US_ASCII);
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }

    /** 1 to {@value #MAX_LENGTH} characters, each a letter, a digit or one of {@code . _ : -}. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}

package dev.presence.client;

import dev.presence.core.ErrorCode;

import java.util.Collection;

/**
 * The engine's rule for every id (userId, clientId, sessionId, targets, friendId, eventId):
 * 1 to 128 UTF-8 bytes, no control characters, no unpaired surrogates (Java strings can hold one,
 * UTF-8 cannot carry it: the engine would read another id). Checked here so a bad id is an
 * exception at the call, not a record rejected later on {@code presence.rejected}.
 */
public final class PresenceIds {

    public static final int MAX_ID_BYTES = 128;

    private PresenceIds() {
    }

    /** @throws InvalidInputException with MISSING_FIELD for null, INVALID_FIELD for a malformed id */
    public static String requireValid(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD, field + " is missing");
        }
        String problem = problem(field, value);
        if (problem != null) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, problem);
        }
        return value;
    }

    /** Every id of {@code values}, named {@code field[i]} in the message. */
    public static void requireValid(String field, Collection<String> values) {
        if (values == null) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD, field + " is missing");
        }
        int i = 0;
        for (String value : values) {
            requireValid(field + "[" + i++ + "]", value);
        }
    }

    /** Null when {@code value} is a valid id, else what is wrong with it. */
    public static String problem(String field, String value) {
        if (value == null) {
            return field + " is missing";
        }
        if (value.isEmpty()) {
            return field + " is empty";
        }
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return field + " contains a control character";
            }
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return field + " contains an unpaired surrogate (at char " + i + "), which UTF-8 cannot carry";
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_ID_BYTES) {
            return field + " is " + bytes + " UTF-8 bytes, at most " + MAX_ID_BYTES + " are allowed";
        }
        return null;
    }
}

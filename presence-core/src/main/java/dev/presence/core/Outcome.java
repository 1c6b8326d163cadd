package dev.presence.core;

/**
 * What a rule made of one input: accepted with its result, refused with an error code the caller
 * is told, or ignored because it changes nothing (never an error). The readers of the input topics,
 * the status fold and the subscription rules all answer with one, so a processor or a REST route
 * treats every rule's answer the same way.
 *
 * @param <T> what an accepted input gives: the record read, the status update, the subscription change
 */
public sealed interface Outcome<T> {

    record Accepted<T>(T value) implements Outcome<T> {
    }

    record Refused<T>(ErrorCode code, String reason) implements Outcome<T> {
    }

    /** Changes nothing (an unknown or closed session, a duplicate, a stale decision): counted, never an error. */
    record Ignored<T>(String why) implements Outcome<T> {
    }

    static <T> Outcome<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Outcome<T> refused(ErrorCode code, String reason) {
        return new Refused<>(code, reason);
    }

    static <T> Outcome<T> ignored(String why) {
        return new Ignored<>(why);
    }
}

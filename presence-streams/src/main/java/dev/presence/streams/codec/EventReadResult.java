package dev.presence.streams.codec;

import dev.presence.schema.PresenceEvent;
import dev.presence.streams.ErrorCode;

/** What reading one input record gave: a valid event, or the reason it was refused. */
public sealed interface EventReadResult {

    record Accepted(PresenceEvent event) implements EventReadResult {
    }

    record Refused(ErrorCode code, String reason) implements EventReadResult {
    }
}

package dev.presence.streams.ingest;

import dev.presence.schema.PresenceEvent;

/** A valid event with the bytes it was read from, kept for a rejection the fold may still make. */
public record DecodedEvent(PresenceEvent event, byte[] rawKey, byte[] rawValue) {
}

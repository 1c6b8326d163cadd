package dev.presence.streams.ingest;

import org.jspecify.annotations.Nullable;

/**
 * A valid input record with the bytes it was read from, kept for a rejection a later node may still make
 * (a Kafka record's key or value bytes may be absent).
 */
public record Decoded<T>(T value, byte @Nullable [] rawKey, byte @Nullable [] rawValue) {
}

package dev.presence.streams.ingest;

/** A valid input record with the bytes it was read from, kept for a rejection a later node may still make. */
public record Decoded<T>(T value, byte[] rawKey, byte[] rawValue) {
}

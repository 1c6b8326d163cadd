package dev.presence.core.codec;

/**
 * How a record's value is written: Avro single-object encoding or the engine's JSON form. The engine
 * reads both on every input topic and tells them apart per record (Avro starts {@code c3 01}, which
 * JSON never does); it writes its output topics in the one its {@code presence.output.format} names.
 */
public enum WireFormat {
    /** Avro single-object encoding: {@code c3 01}, the 8-byte schema fingerprint, the Avro binary body; no schema registry needed. */
    AVRO,
    /** One JSON object per record, field names as in the Avro schemas, enums as names, bytes as base64. */
    JSON
}

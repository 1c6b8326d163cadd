package dev.presence.streams.codec;

/** How the engine writes its output topics. Input is accepted in both, told apart per record. */
public enum OutputFormat {
    /** Avro single-object encoding: {@code c3 01}, the 8-byte schema fingerprint, the Avro binary body. */
    AVRO,
    /** One JSON object per record, field names as in the Avro schemas. */
    JSON
}

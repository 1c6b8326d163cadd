package dev.presence.client;

/**
 * How a record's value is written: Avro single-object encoding ({@code c3 01}, the 8-byte schema
 * fingerprint, the Avro binary body; no schema registry needed) or the engine's JSON form (plain
 * objects with the schema's field names, enums as names, bytes as base64). The engine reads both
 * on every input topic and tells them apart per record, as this library's deserializers do.
 */
public enum WireFormat {
    AVRO,
    JSON
}

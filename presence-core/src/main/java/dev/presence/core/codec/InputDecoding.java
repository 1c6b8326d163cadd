package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/** The steps every input reader shares: Avro or JSON told apart per record, and the key rule. */
final class InputDecoding {

    private InputDecoding() {
    }

    /** Decodes {@code value} as single-object Avro of {@code type}, or as JSON through {@code fromJson}. */
    static <T extends SpecificRecord> Outcome<T> decode(byte @Nullable [] value, Class<T> type,
                                                        Function<JsonNode, Outcome<T>> fromJson) {
        if (value == null || value.length == 0) {
            return Outcome.refused(ErrorCode.UNREADABLE_RECORD, "the record has no value");
        }
        if (AvroCodec.looksLikeAvro(value)) {
            try {
                return Outcome.accepted(AvroCodec.decodeUntrusted(value, type));
            } catch (MissingSchemaException e) {
                return Outcome.refused(ErrorCode.UNKNOWN_SCHEMA, "unknown Avro schema fingerprint: " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                return Outcome.refused(ErrorCode.UNREADABLE_RECORD,
                        "not a valid Avro " + type.getSimpleName() + ": " + e.getMessage());
            }
        }
        JsonNode node;
        try {
            node = AvroJson.readUntrusted(value);
        } catch (JsonProcessingException e) {
            return Outcome.refused(JsonFields.startsLikeJson(value) ? ErrorCode.MALFORMED_JSON
                    : ErrorCode.UNREADABLE_RECORD, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Outcome.refused(ErrorCode.UNREADABLE_RECORD, "not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return Outcome.refused(ErrorCode.MALFORMED_JSON, "a JSON record must be an object");
        }
        return fromJson.apply(node);
    }

    /** The refusal of a record whose key is not its userId; empty when it is. */
    static <T> Optional<Outcome<T>> keyRefusal(byte @Nullable [] key, String userId) {
        if (key == null) {
            return Optional.of(missingKey());
        }
        if (!userId.equals(new String(key, StandardCharsets.UTF_8))) {
            return Optional.of(Outcome.refused(ErrorCode.KEY_MISMATCH, "record key '" + JsonFields.printable(key)
                    + "' differs from userId '" + userId + "'"));
        }
        return Optional.empty();
    }

    static <T> Outcome<T> missingKey() {
        return Outcome.refused(ErrorCode.KEY_MISMATCH, "the record has no key; the key must be the userId");
    }
}

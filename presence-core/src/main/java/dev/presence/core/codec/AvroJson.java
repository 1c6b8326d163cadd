package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of the engine's Avro records: plain objects with the schema's field names, enums
 * as their names, optional fields as the value or null, bytes as base64. (Avro's own JSON encoding
 * wraps unions as {@code {"string":"..."}}, which no JSON consumer wants to read.)
 */
public final class AvroJson {

    /**
     * Reads input from anyone, so it is bounded: nesting, string and number lengths are capped below
     * Jackson's generous defaults (a record is at most a megabyte or so, but a million nested arrays
     * cost a deep stack), and a field named twice is an error rather than "the last one wins", so the
     * userId that was checked is the userId that is used, and anything after the one value is an error.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(1 << 20)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // One object per record: "{...} garbage" is malformed, not the object with its tail ignored.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    /**
     * Reads JSON that came from outside the engine: valid UTF-8 first (see {@link Utf8}), then the bounded
     * {@link #MAPPER}.
     *
     * @throws JsonProcessingException when the bytes are not valid UTF-8 or not valid JSON
     */
    public static JsonNode readUntrusted(byte[] json) throws IOException {
        int invalid = Utf8.firstInvalid(json);
        if (invalid >= 0) {
            throw new JsonParseException(null, "the JSON is not valid UTF-8 (byte " + invalid + ")");
        }
        return MAPPER.readTree(json);
    }

    public static ObjectNode toTree(SpecificRecord record) {
        return (ObjectNode) toNode(record, record.getSchema());
    }

    public static byte[] toBytes(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toTree(record));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON for " + record.getSchema().getFullName(), e);
        }
    }

    /** Reads the JSON form back into a generated class; a field of the wrong form is refused with its name. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T fromTree(JsonNode node, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        // A record's node is never null here: fromNode refuses a missing required value.
        return (T) java.util.Objects.requireNonNull(fromNode(node, schema, schema.getName()));
    }

    public static <T extends SpecificRecord> T fromBytes(byte[] json, Class<T> type) throws IOException {
        return fromTree(MAPPER.readTree(json), type);
    }

    private static JsonNode toNode(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD: {
                SpecificRecord record = (SpecificRecord) value;
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), toNode(record.get(field.pos()), field.schema()));
                }
                return object;
            }
            case UNION:
                return toNode(value, nonNullBranch(schema));
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(toNode(item, schema.getElementType()));
                }
                return array;
            }
            case ENUM:
            case STRING:
                return NODES.textNode(value.toString());
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case INT:
                return NODES.numberNode((Integer) value);
            case LONG:
                return NODES.numberNode((Long) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            default:
                throw new IllegalStateException("schema type not used by the engine: " + schema.getType());
        }
    }

    private static @Nullable Object fromNode(@Nullable JsonNode node, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            return node == null || node.isNull() ? null : fromNode(node, nonNullBranch(schema), path);
        }
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(path + " is required");
        }
        switch (schema.getType()) {
            case RECORD: {
                require(node.isObject(), path, "an object");
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode child = node.get(field.name());
                    if ((child == null || child.isNull()) && field.hasDefaultValue()) {
                        record.put(field.pos(), SpecificData.get().getDefaultValue(field));
                    } else {
                        record.put(field.pos(), fromNode(child, field.schema(), path + "." + field.name()));
                    }
                }
                return record;
            }
            case ARRAY: {
                require(node.isArray(), path, "an array");
                List<Object> items = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    items.add(fromNode(item, schema.getElementType(), path + "[]"));
                }
                return items;
            }
            case ENUM: {
                // A symbol a later version added reads as the enum's default (UNKNOWN), as Avro's own
                // schema resolution does for binary records: a reader built today keeps working.
                require(node.isTextual(), path, "one of " + schema.getEnumSymbols());
                String symbol = node.asText();
                if (!schema.hasEnumSymbol(symbol)) {
                    require(schema.getEnumDefault() != null, path, "one of " + schema.getEnumSymbols());
                    symbol = schema.getEnumDefault();
                }
                return SpecificData.get().createEnum(symbol, schema);
            }
            case STRING:
                require(node.isTextual(), path, "a string");
                return node.asText();
            case BYTES:
                require(node.isTextual(), path, "a base64 string");
                return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
            case INT:
                require(node.canConvertToInt() && node.isIntegralNumber(), path, "a whole number");
                return node.intValue();
            case LONG:
                require(node.canConvertToLong() && node.isIntegralNumber(), path, "a whole number");
                return node.longValue();
            case BOOLEAN:
                require(node.isBoolean(), path, "true or false");
                return node.booleanValue();
            case DOUBLE:
                require(node.isNumber(), path, "a number");
                return node.doubleValue();
            default:
                throw new IllegalStateException("schema type not used by the engine: " + schema.getType());
        }
    }

    private static Schema nonNullBranch(Schema union) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new IllegalStateException("union without a non-null branch: " + union);
    }

    private static void require(boolean condition, String path, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(path + " must be " + expected);
        }
    }
}

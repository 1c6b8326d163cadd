package dev.presence.client.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * The engine's JSON form of its Avro records: plain objects with the schema's field names, enums as
 * their names, optional fields as the value or null, bytes as base64 (not Avro's own JSON encoding,
 * which wraps unions as {@code {"string":"..."}}). Fields this client does not know (a later engine)
 * are ignored; an enum symbol it does not know reads as the enum's default where the schema has one.
 */
public final class JsonForm {

    /** Bounded like the engine's reader: a field named twice is an error, not "the last one wins". */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(1 << 20)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonForm() {
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

    /**
     * @throws IOException when the bytes are not JSON
     * @throws IllegalArgumentException naming the field when the JSON is not a {@code type}
     */
    public static <T extends SpecificRecord> T fromBytes(byte[] json, Class<T> type) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return fromTree(node, type);
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T fromTree(JsonNode node, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        return (T) fromNode(node, schema, schema.getName());
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

    private static Object fromNode(JsonNode node, Schema schema, String path) {
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
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(path + " must be a base64 string", e);
                }
            case INT:
                require(node.isIntegralNumber() && node.canConvertToInt(), path, "a whole number");
                return node.intValue();
            case LONG:
                require(node.isIntegralNumber() && node.canConvertToLong(), path, "a whole number");
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

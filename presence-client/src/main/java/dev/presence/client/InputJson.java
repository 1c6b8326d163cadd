package dev.presence.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.core.codec.AvroJson;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form in which the client writes an input record, to Kafka or in a REST body: the engine's
 * JSON form (field names of the Avro schema, enums by name) without the fields left unset. The engine
 * reads an absent field as it reads a null one, and a producer in another language writes only the
 * fields a record type uses, so this is what it sends too: a login is about 90 bytes, not 230.
 */
public final class InputJson {

    private InputJson() {
    }

    public static ObjectNode tree(SpecificRecord record) {
        ObjectNode json = AvroJson.toTree(record);
        json.properties().removeIf(field -> field.getValue().isNull());
        return json;
    }

    public static byte[] bytes(SpecificRecord record) {
        try {
            return AvroJson.MAPPER.writeValueAsBytes(tree(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON for " + record.getSchema().getFullName(), e);
        }
    }
}

package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.codec.JsonFields;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Iterator;
import java.util.function.Predicate;

/** Reading request bodies and path ids: anything malformed becomes the matching {@link ApiError}. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonNode read(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the request needs a JSON body");
        }
        try {
            JsonNode node = AvroJson.readUntrusted(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiError(ErrorCode.BAD_REQUEST, "the request needs a JSON body");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static JsonNode readObject(Context ctx) {
        JsonNode node = read(ctx);
        if (!node.isObject()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
        }
        return node;
    }

    /** Refuses a field that {@code known} does not accept, so a typo is an error rather than silently ignored. */
    static void requireKnownFields(JsonNode object, Predicate<String> known, ErrorCode code, String context) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.test(name)) {
                throw new ApiError(code, context + "unknown field '" + name + "'");
            }
        }
    }

    /** The {@code {userId}} path parameter, checked like every id. */
    static String userId(Context ctx) {
        String userId = ctx.pathParam("userId");
        requireValidId("userId", userId);
        return userId;
    }

    static void requireValidId(String field, String value) {
        JsonFields.idProblem(field, value).ifPresent(problem -> {
            throw new ApiError(ErrorCode.INVALID_FIELD, problem);
        });
    }
}

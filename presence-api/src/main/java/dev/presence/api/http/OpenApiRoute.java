package dev.presence.api.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of this API. Its one source is
 * {@code docs/openapi.json}, copied into the jar by the build, so the file in the repository and the
 * document served can never differ.
 */
final class OpenApiRoute {

    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/dev/presence/api/http/openapi.json";

    private final byte[] document;

    private OpenApiRoute(byte[] document) {
        this.document = document;
    }

    static OpenApiRoute load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the build copies it from docs/openapi.json");
            }
            return new OpenApiRoute(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    void serve(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}

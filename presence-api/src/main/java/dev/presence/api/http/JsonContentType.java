package dev.presence.api.http;

import java.util.Locale;

/**
 * Write calls take JSON and say so. A browser sends a cross-site form or a "simple" fetch
 * ({@code text/plain}, {@code application/x-www-form-urlencoded}, {@code multipart/form-data})
 * without asking the server first; {@code application/json} needs a CORS preflight, which this API
 * never grants. So insisting on it keeps other sites' pages from writing.
 */
final class JsonContentType {

    private JsonContentType() {
    }

    /** {@code application/json}, in any case, optionally with parameters such as {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }
}

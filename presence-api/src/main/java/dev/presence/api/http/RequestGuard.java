package dev.presence.api.http;

import dev.presence.core.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * What every matched request must satisfy before anything reads its body or its credential:
 * <ul>
 *   <li>With no auth secret, a loopback {@code Host}, and a loopback {@code Origin} when one is sent
 *       (else 403, 70023). The probes ({@code /health/live}, {@code /health/ready}) are exempt: they
 *       say UP or DOWN, which a rebinding page may learn without harm, and a probe may name the host
 *       as it likes. {@code /metrics} is not exempt.</li>
 *   <li>A write call with a body, or a declared content type, sends {@code application/json}
 *       (else 415, 70021).</li>
 *   <li>A declared body length within the limit (else 413, 70022); a chunked body is cut off at the
 *       limit as it is read.</li>
 * </ul>
 */
final class RequestGuard {

    private static final long DISCARDED_MULTIPLE = 8;

    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE,
            HandlerType.PATCH);

    private final boolean loopbackOnly;
    private final long maxBodyBytes;

    RequestGuard(boolean loopbackOnly, long maxBodyBytes) {
        this.loopbackOnly = loopbackOnly;
        this.maxBodyBytes = maxBodyBytes;
    }

    void check(Context ctx) {
        if (loopbackOnly && !isProbe(ctx.path())) {
            requireLoopback(ctx.header("Host"), ctx.header("Origin"));
        }
        if (WRITES.contains(ctx.method())) {
            String contentType = ctx.header("Content-Type");
            if ((contentType != null || hasBody(ctx)) && !JsonContentType.isJson(contentType)) {
                throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a request body must be JSON, sent with"
                        + " 'Content-Type: application/json'" + (contentType == null ? "" : ", not '" + contentType + "'"));
            }
        }
        if (ctx.contentLength() > maxBodyBytes) {
            discardIfModest(ctx);
            throw tooLarge(maxBodyBytes);
        }
    }

    /**
     * A client still sending the body it announced does not read an early 413: it sees a broken connection
     * instead. So a body up to {@value #DISCARDED_MULTIPLE} times the limit is read and dropped first, and the
     * client gets the answer; a larger one is refused at once, its connection closed, rather than read.
     */
    private void discardIfModest(Context ctx) {
        if (ctx.contentLength() > maxBodyBytes * DISCARDED_MULTIPLE) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException gone) {
            // The client stopped sending: there is nobody left to answer, and nothing to keep.
        }
    }

    static ApiError tooLarge(long maxBodyBytes) {
        return new ApiError(ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + maxBodyBytes + " bytes");
    }

    static boolean isProbe(String path) {
        return path.equals("/health/live") || path.equals("/health/ready");
    }

    static void requireLoopback(String host, String origin) {
        if (!LoopbackNames.isLoopbackHost(host)) {
            throw new ApiError(ErrorCode.FOREIGN_ORIGIN, "without auth.secret this API answers only requests addressed"
                    + " to a loopback host (localhost, 127.0.0.1, [::1]), not to '" + host + "'");
        }
        if (origin != null && !LoopbackNames.isLoopbackOrigin(origin)) {
            throw new ApiError(ErrorCode.FOREIGN_ORIGIN, "without auth.secret this API answers no page of another"
                    + " origin than a loopback one, not '" + origin + "'");
        }
    }

    private static boolean hasBody(Context ctx) {
        long length = ctx.contentLength();
        return length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
    }
}

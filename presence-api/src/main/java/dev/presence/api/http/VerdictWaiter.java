package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.verdict.PendingVerdicts;
import dev.presence.schema.Verdict;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lets a write call wait for the topology's verdict ({@code Prefer: wait=N}): each record it writes
 * carries a fresh request id, and the call answers when the verdicts of all of them have come back
 * through the verdicts topic, or, after N seconds without them all, as it would have without the
 * header (202). The wait holds no HTTP thread (the call is completed asynchronously) and no place
 * among the calls served at once; the waits of an instance are bounded by {@link PendingVerdicts}.
 */
final class VerdictWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(VerdictWaiter.class);

    private final PendingVerdicts pending;

    VerdictWaiter(PendingVerdicts pending) {
        this.pending = pending;
    }

    /**
     * A wait for {@code records} verdicts, if the call asked for one ({@code seconds}, see
     * {@link PreferWait}) and there is room; else the call answers as without the header.
     */
    Optional<Wait> begin(OptionalInt seconds, int records) {
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        String call = UUID.randomUUID().toString();
        List<String> requestIds = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            requestIds.add(records == 1 ? call : call + "." + i);
        }
        return pending.register(requestIds).map(verdicts -> new Wait(seconds.getAsInt(), requestIds, verdicts));
    }

    /** One call's wait. Either {@link #answer} or {@link #abandon} ends it. */
    final class Wait {

        private final int seconds;
        private final List<String> requestIds;
        private final List<CompletableFuture<Verdict>> verdicts;

        private Wait(int seconds, List<String> requestIds, List<CompletableFuture<Verdict>> verdicts) {
            this.seconds = seconds;
            this.requestIds = requestIds;
            this.verdicts = verdicts;
        }

        /** The request id of each record, in order, for its {@code presence-request-id} header. */
        List<String> requestIds() {
            return requestIds;
        }

        /** The records were not written: nothing to wait for. */
        void abandon() {
            pending.forget(requestIds);
        }

        /**
         * Answers the call once every verdict is in ({@code onVerdicts}, given them in record order) or
         * the wait ran out ({@code onTimeout}, the answer without the header). Either way the answer
         * says {@code Preference-Applied: wait=N}: the call did wait.
         */
        void answer(Context ctx, Consumer<List<Verdict>> onVerdicts, Runnable onTimeout) {
            CompletableFuture<Void> all = CompletableFuture.allOf(verdicts.toArray(CompletableFuture[]::new))
                    .orTimeout(seconds, TimeUnit.SECONDS);
            ctx.future(() -> all.handle((done, timedOut) -> {
                try {
                    ctx.header(PreferWait.APPLIED_HEADER, "wait=" + seconds);
                    if (timedOut == null) {
                        onVerdicts.accept(verdicts.stream().map(CompletableFuture::join).toList());
                    } else {
                        onTimeout.run();
                    }
                } catch (ApiError e) {
                    ctx.status(e.code().httpStatus()).json(error(e.code().code(), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.error("Answering {} {} after its wait failed", ctx.method(), ctx.path(), e);
                    ctx.status(ErrorCode.INTERNAL.httpStatus()).json(error(ErrorCode.INTERNAL.code(),
                            "internal error; see the engine log"));
                } finally {
                    pending.forget(requestIds);
                }
                return null;
            }));
        }
    }

    /** The answer to a refused record: the code of its rejection, with its HTTP status (409 for a code this version does not know). */
    static void refusal(Context ctx, Verdict verdict) {
        int code = verdict.getErrorCode() != null ? verdict.getErrorCode() : ErrorCode.INTERNAL.code();
        int status = ErrorCode.of(code).map(ErrorCode::httpStatus).orElse(409);
        ctx.status(status).json(error(code, verdict.getReason() != null ? verdict.getReason() : "refused"));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode error(int code, String message) {
        return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
    }
}

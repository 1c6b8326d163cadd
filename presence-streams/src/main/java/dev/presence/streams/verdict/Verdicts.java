package dev.presence.streams.verdict;

import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Nodes;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes the verdict on the input record being processed to the verdicts topic, when that record
 * carries a request id ({@link RequestIds}); untagged records, the vast majority, cost nothing.
 * Called by each node that decides a record's fate: the decoders and rules that refuse (through
 * {@link dev.presence.streams.ingest.Rejections}), the status fold and the subscription registry.
 * The verdict is keyed by the request id and carries no headers, so it is small whatever the input carried.
 */
public final class Verdicts {

    /** The longest reason a verdict repeats: enough for every reason the engine writes. */
    static final int REASON_CHARS = 500;
    /** A user id longer than this is not one (ids are at most 128 UTF-8 bytes); the verdict then names none. */
    private static final int USER_ID_BYTES = 128;

    private Verdicts() {
    }

    /** An event was applied: {@code after} is the user's status with its new version. */
    public static void applied(ProcessorContext<Object, Object> context, Record<?, ?> cause, String userId, UserStatus after) {
        write(context, cause, userId, VerdictOutcome.APPLIED, null, null, after, null);
    }

    /** An event changed nothing: {@code current} is the user's status as it stays. */
    public static void ignored(ProcessorContext<Object, Object> context, Record<?, ?> cause, String userId,
                               UserStatus current, String why) {
        write(context, cause, userId, VerdictOutcome.IGNORED, null, why, current, null);
    }

    /** A subscription command was applied ({@code after} empty: the subscriber has none left). */
    public static void appliedSubscriptions(ProcessorContext<Object, Object> context, Record<?, ?> cause,
                                            String subscriber, Optional<SubscriptionList> after) {
        write(context, cause, subscriber, VerdictOutcome.APPLIED, null, null, null, after.orElse(null));
    }

    /** A subscription command changed nothing ({@code current} empty: the subscriber holds none). */
    public static void ignoredSubscriptions(ProcessorContext<Object, Object> context, Record<?, ?> cause,
                                            String subscriber, Optional<SubscriptionList> current, String why) {
        write(context, cause, subscriber, VerdictOutcome.IGNORED, null, why, null, current.orElse(null));
    }

    /** A record was refused: the same code and reason as its presence.rejected record. */
    public static void refused(ProcessorContext<Object, Object> context, Record<?, ?> cause, ErrorCode code, String reason) {
        write(context, cause, userIdOf(cause.key()), VerdictOutcome.REFUSED, code.code(), reason, null, null);
    }

    /** The code, reason, status and subscriptions are optional fields of a verdict: null where the outcome has none. */
    private static void write(ProcessorContext<Object, Object> context, Record<?, ?> cause, String userId,
                              VerdictOutcome outcome, @Nullable Integer code, @Nullable String reason,
                              @Nullable UserStatus status, @Nullable SubscriptionList subscriptions) {
        Optional<String> requestId = RequestIds.of(cause.headers());
        if (requestId.isEmpty()) {
            return;
        }
        RecordMetadata origin = context.recordMetadata().orElse(null);
        Verdict verdict = verdict(requestId.get(), userId, outcome, code, reason, status, subscriptions,
                origin != null ? origin.topic() : "", origin != null ? origin.partition() : -1,
                origin != null ? origin.offset() : -1L, cause.timestamp());
        context.forward(new Record<>((Object) requestId.get(), (Object) verdict, cause.timestamp(), new RecordHeaders()),
                Nodes.VERDICTS_SINK);
    }

    /**
     * The verdict on a record that hit an engine bug (70099), for the last-resort exception handler,
     * which sees the record's raw key and headers only; empty for a record that asked for none.
     */
    public static Optional<Verdict> internalError(Headers headers, byte[] rawKey, String reason, String topic,
                                                  int partition, long offset, long decidedAt) {
        return RequestIds.of(headers).map(requestId -> verdict(requestId, userIdOf(rawKey), VerdictOutcome.REFUSED,
                ErrorCode.INTERNAL.code(), reason, null, null, topic, partition, offset, decidedAt));
    }

    private static Verdict verdict(String requestId, String userId, VerdictOutcome outcome, @Nullable Integer code,
                                   @Nullable String reason, @Nullable UserStatus status,
                                   @Nullable SubscriptionList subscriptions, String topic, int partition,
                                   long offset, long decidedAt) {
        return Verdict.newBuilder()
                .setRequestId(requestId)
                .setUserId(userId)
                .setOutcome(outcome)
                .setErrorCode(code)
                .setReason(reason == null || reason.length() <= REASON_CHARS ? reason : reason.substring(0, REASON_CHARS) + "...")
                .setStatus(status)
                .setSubscriptions(subscriptions)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setDecidedAt(decidedAt)
                .build();
    }

    /** The user a refused record was about, as far as its key tells: the key itself when it can be an id, else none. */
    private static String userIdOf(Object key) {
        if (key instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8).length <= USER_ID_BYTES ? text : "";
        }
        if (key instanceof byte[] bytes && bytes.length <= USER_ID_BYTES) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return "";
    }
}

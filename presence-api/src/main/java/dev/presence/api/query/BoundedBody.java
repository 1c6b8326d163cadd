package dev.presence.api.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: an answer that announces more, or turns out to
 * be longer, fails the call as soon as it passes the limit, without holding more than the limit.
 * A peer is another instance of this engine, but a broken or impersonated one must not be able to
 * exhaust this instance's heap.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static HttpResponse.BodyHandler<byte[]> upTo(int maxBytes) {
        return info -> {
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Limited(maxBytes, announced > maxBytes ? announced : -1);
        };
    }

    /** The answer was longer than allowed. */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

        private final int maxBytes;
        private final long announcedTooLarge;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int maxBytes, long announcedTooLarge) {
            this.maxBytes = maxBytes;
            this.announcedTooLarge = announcedTooLarge;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (announcedTooLarge >= 0) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException("the answer announces " + announcedTooLarge
                        + " bytes, more than the " + maxBytes + " accepted"));
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException("the answer is longer than the " + maxBytes
                            + " bytes accepted"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}

package dev.presence.api.http;

import io.javalin.http.Handler;

import java.util.concurrent.Semaphore;

/**
 * Bounds the calls served at once, below the HTTP server's thread count: a call may wait on a
 * slow body, a peer or the broker (each for a bounded time), and however many do, threads are
 * left for the health probes, which do not pass through here. A call beyond the bound is not
 * queued: it answers 503 (70013) with Retry-After at once.
 */
final class CallGate {

    /** Threads the HTTP server keeps beyond the gated calls: its acceptor and selector, and the probes. */
    static final int RESERVED_THREADS = 16;

    private final Semaphore permits;
    private final int maxCalls;

    CallGate(int maxCalls) {
        this.maxCalls = maxCalls;
        this.permits = new Semaphore(maxCalls);
    }

    Handler around(Handler handler) {
        return ctx -> {
            if (!permits.tryAcquire()) {
                throw new BusyException("this instance is serving " + maxCalls + " calls at once"
                        + " (http.max.concurrent.calls); retry shortly");
            }
            try {
                handler.handle(ctx);
            } finally {
                permits.release();
            }
        };
    }

    /** Every permit taken: the answer is 503 UNAVAILABLE with Retry-After. */
    static final class BusyException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }
}

package dev.presence.api.ratelimit;

import dev.presence.api.auth.Caller;
import dev.presence.api.query.KeyOwner;
import dev.presence.api.query.KeyOwners;
import dev.presence.api.query.PeerClient;
import dev.presence.api.query.StatusUnavailableException;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;

/**
 * The per-user limit (rateLimitCalls per rateLimitWindow, live settings, 20 per 5 s by default) on
 * querying others, subscribing and unsubscribing, each with a budget of its own. Each user's calls are counted at one place: the instance
 * that owns the user's partition, so the limit holds however many instances the calls arrive at.
 * While that owner is unknown (a partition moving) or does not answer, the call is counted here:
 * briefly a little looser, never a refusal caused by the engine's own state. The admin (backend)
 * is not limited.
 */
public final class CallerRateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(CallerRateLimits.class);

    private final SlidingWindowLimiter limiter;
    private final KeyOwners owners;
    private final PeerClient peers;
    private final CurrentSettings settings;

    public CallerRateLimits(SlidingWindowLimiter limiter, KeyOwners owners, PeerClient peers, CurrentSettings settings) {
        this.limiter = limiter;
        this.owners = owners;
        this.peers = peers;
        this.settings = settings;
    }

    /** Counts one limited call of {@code caller}. @throws RateLimitedException when over the limit */
    public void check(Caller caller) {
        if (caller.isAdmin()) {
            return;
        }
        String userId = caller.userId();
        RateDecision decision = countAtOwner(userId);
        if (!decision.allowed()) {
            PresenceSettings current = settings.current();
            throw new RateLimitedException("user " + userId + " made " + current.rateLimitCalls() + " calls in "
                    + current.rateLimitWindow().toMillis() + " ms; retry after the time given", decision.retryAfter());
        }
    }

    /** Counts a call of {@code userId} on this instance: for calls forwarded by a peer, and when this instance owns the user. */
    public RateDecision countHere(String userId) {
        PresenceSettings current = settings.current();
        return limiter.tryAcquire(userId, current.rateLimitCalls(), current.rateLimitWindow());
    }

    private RateDecision countAtOwner(String userId) {
        KeyOwner owner;
        try {
            owner = owners.of(Stores.USER_STATUS, userId);
        } catch (StatusUnavailableException e) {
            LOG.debug("Counting a call of {} here: its owner is unknown ({})", userId, e.getMessage());
            return countHere(userId);
        }
        if (owner.isSelf()) {
            return countHere(userId);
        }
        try {
            return peers.countCall(owner.active(), userId).get();
        } catch (ExecutionException e) {
            LOG.debug("Counting a call of {} here: its owner {} did not answer ({})", userId, owner.active(),
                    e.getCause().getMessage());
            return countHere(userId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusUnavailableException("interrupted while counting a call at " + owner.active(), e);
        }
    }
}

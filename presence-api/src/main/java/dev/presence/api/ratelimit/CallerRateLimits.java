package dev.presence.api.ratelimit;

import dev.presence.api.auth.Caller;
import dev.presence.api.query.KeyOwner;
import dev.presence.api.query.KeyOwners;
import dev.presence.api.query.PeerClient;
import dev.presence.api.query.StatusUnavailableException;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.core.RateBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;

/**
 * The per-user limits on querying others, subscribing and unsubscribing: each a {@link RateBudget} of
 * its own (calls per sliding window, live settings, 20 per 5 s by default), so using up one leaves
 * the others whole, as the reference limits its three calls. Each user's calls are counted at one place: the instance
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

    /** Counts one call of {@code caller} in {@code budget}. @throws RateLimitedException when that budget is used up */
    public void check(Caller caller, RateBudget budget) {
        if (caller.isAdmin()) {
            return;
        }
        String userId = caller.userId();
        RateDecision decision = countAtOwner(userId, budget);
        if (!decision.allowed()) {
            PresenceSettings current = settings.current();
            throw new RateLimitedException("user " + userId + " made " + current.rateLimitCalls(budget) + " "
                    + budget.wireName() + " calls in " + current.rateLimitWindow(budget).toMillis()
                    + " ms; retry after the time given", decision.retryAfter());
        }
    }

    /** Counts a call of {@code userId} on this instance: for calls forwarded by a peer, and when this instance owns the user. */
    public RateDecision countHere(String userId, RateBudget budget) {
        PresenceSettings current = settings.current();
        // One limiter, one key per budget and user: a NUL cannot occur in a user id, so keys never collide.
        return limiter.tryAcquire(budget.wireName() + '\u0000' + userId, current.rateLimitCalls(budget),
                current.rateLimitWindow(budget));
    }

    private RateDecision countAtOwner(String userId, RateBudget budget) {
        KeyOwner owner;
        try {
            owner = owners.of(Stores.USER_STATUS, userId);
        } catch (StatusUnavailableException e) {
            LOG.debug("Counting a call of {} here: its owner is unknown ({})", userId, e.getMessage());
            return countHere(userId, budget);
        }
        if (owner.isSelf()) {
            return countHere(userId, budget);
        }
        try {
            return peers.countCall(owner.active(), userId, budget).get();
        } catch (ExecutionException e) {
            LOG.debug("Counting a call of {} here: its owner {} did not answer ({})", userId, owner.active(),
                    e.getCause().getMessage());
            return countHere(userId, budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusUnavailableException("interrupted while counting a call at " + owner.active(), e);
        }
    }
}

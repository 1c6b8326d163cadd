package dev.presence.api.http;

import dev.presence.api.auth.Caller;
import dev.presence.api.ratelimit.CallerRateLimits;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.core.ErrorCode;
import dev.presence.core.RateBudget;

import java.util.Collection;

/**
 * The switch and the rate limit on calls that concern other users: with statusQueryAndNotify off (live), a user
 * may not query others' statuses nor subscribe or unsubscribe (72001); when on, those calls count
 * toward the user's rate limits (one budget for queries, one for subscribing, one for unsubscribing). A user's own status is never limited. The admin caller is the
 * backend: its status queries are neither switched off nor limited (the switch governs what end
 * users see of each other, and a backend answering its own support or ops tools must keep
 * working); its subscription calls are refused when the switch is off, as the topology refuses
 * them from any producer.
 */
final class OtherUsersPolicy {

    private final CurrentSettings settings;
    private final CallerRateLimits rateLimits;

    OtherUsersPolicy(CurrentSettings settings, CallerRateLimits rateLimits) {
        this.settings = settings;
        this.rateLimits = rateLimits;
    }

    /** Before a status query of {@code userIds}: nothing to check unless a user asks about someone else. */
    void beforeStatusQuery(Caller caller, Collection<String> userIds) {
        if (userIds.stream().noneMatch(caller::isOtherUser)) {
            return;
        }
        requireSwitchOn("querying another user's status");
        rateLimits.check(caller, RateBudget.QUERY);
    }

    /** First of all on a subscribe or unsubscribe call. */
    void requireSubscriptionsOn() {
        requireSwitchOn("subscribing and unsubscribing");
    }

    /**
     * Once a subscribe or unsubscribe call is known to be valid, just before it is written: a refused
     * call costs nothing. Subscribing and unsubscribing (one, several or all) each have their own budget.
     */
    void countSubscriptionChange(Caller caller, RateBudget budget) {
        rateLimits.check(caller, budget);
    }

    private void requireSwitchOn(String what) {
        if (!settings.current().statusQueryAndNotify()) {
            throw new ApiError(ErrorCode.FEATURE_DISABLED, what + " is switched off (statusQueryAndNotify=false)");
        }
    }
}

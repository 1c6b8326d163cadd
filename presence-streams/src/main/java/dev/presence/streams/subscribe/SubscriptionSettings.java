package dev.presence.streams.subscribe;

import dev.presence.core.PresenceSettings;

import java.time.Duration;

/**
 * What the subscription rules read, all of it live: the switch that allows subscribing at all, the limits
 * of a call and of a list, and how long a subscriber keeps its list without being ONLINE. The registry,
 * the rules and the expiry scheduler read them together, so an admin's change reaches all three alike.
 */
public record SubscriptionSettings(boolean statusQueryAndNotify, int maxSubscriptionsPerUser, int maxTargetsPerCall,
                                   Duration subscriptionExpiry) {

    public static SubscriptionSettings of(PresenceSettings settings) {
        return new SubscriptionSettings(settings.statusQueryAndNotify(), settings.maxSubscriptionsPerUser(),
                settings.maxTargetsPerCall(), settings.subscriptionExpiry());
    }
}

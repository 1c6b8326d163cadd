package dev.presence.testkit.model;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated sequence of steps, with the limits both the model and the engine run it under; printed one
 * numbered step per line so a shrunk failure reads as a story.
 */
public record Script(List<Step> steps, PresenceModel.Limits limits) {

    public Script {
        steps = List.copyOf(steps);
    }

    /** A script under the spec's limits. */
    public Script(List<Step> steps) {
        this(steps, PresenceModel.Limits.spec());
    }

    /** Runs the script through a fresh reference model. */
    public PresenceModel runModel() {
        return runModel(limits);
    }

    /** Runs the script through a fresh reference model under other limits. */
    public PresenceModel runModel(PresenceModel.Limits limits) {
        PresenceModel model = new PresenceModel(limits);
        steps.forEach(step -> step.applyTo(model));
        return model;
    }

    /** Whether the script writes to presence.config (whose global store a replay does not read by position). */
    public boolean flipsSwitches() {
        return steps.stream().anyMatch(Step.SetLive.class::isInstance);
    }

    /** Every user id the script names: as a user, a subscriber, a target or a friend. */
    public Set<String> users() {
        Set<String> users = new TreeSet<>();
        for (Step step : steps) {
            if (step instanceof Step.Login s) {
                users.add(s.userId());
            } else if (step instanceof Step.Heartbeat s) {
                users.add(s.userId());
            } else if (step instanceof Step.Logout s) {
                users.add(s.userId());
            } else if (step instanceof Step.Disconnect s) {
                users.add(s.userId());
            } else if (step instanceof Step.SetCustomStatus s) {
                users.add(s.userId());
            } else if (step instanceof Step.TimedOut s) {
                users.add(s.userId());
            } else if (step instanceof Step.Subscribe s) {
                users.add(s.subscriber());
                users.addAll(s.targets());
            } else if (step instanceof Step.Unsubscribe s) {
                users.add(s.subscriber());
                users.addAll(s.targets());
            } else if (step instanceof Step.UnsubscribeAll s) {
                users.add(s.subscriber());
            } else if (step instanceof Step.SubscriptionsExpired s) {
                users.add(s.subscriber());
            } else if (step instanceof Step.FriendAdded s) {
                users.add(s.userId());
                users.add(s.friendId());
            } else if (step instanceof Step.FriendRemoved s) {
                users.add(s.userId());
                users.add(s.friendId());
            }
        }
        return users;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Script of ").append(steps.size()).append(" steps");
        if (!limits.equals(PresenceModel.Limits.spec())) {
            text.append(" under ").append(limits);
        }
        text.append(':');
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("%n  %3d  %s", i + 1, steps.get(i)));
        }
        return text.toString();
    }
}

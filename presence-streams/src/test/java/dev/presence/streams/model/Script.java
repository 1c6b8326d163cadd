package dev.presence.streams.model;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A generated sequence of steps; printed one numbered step per line so a shrunk failure reads as a story. */
public record Script(List<Step> steps) {

    public Script {
        steps = List.copyOf(steps);
    }

    /** Runs the script through a fresh reference model. */
    public PresenceModel runModel(PresenceModel.Limits limits) {
        PresenceModel model = new PresenceModel(limits);
        steps.forEach(step -> step.applyTo(model));
        return model;
    }

    /** Every user id the script names. */
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
            }
        }
        return users;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Script of ").append(steps.size()).append(" steps:");
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("%n  %3d  %s", i + 1, steps.get(i)));
        }
        return text.toString();
    }
}

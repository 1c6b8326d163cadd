package dev.presence.bench.drill;

import dev.presence.schema.PresenceEvent;
import dev.presence.testkit.model.PresenceModel;
import dev.presence.testkit.model.PresenceModel.UserView;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the engine must end with, from the generated input alone: the spec's reference model
 * (presence-streams' test model) fed the same events in the same order. The drills run far shorter
 * than the heartbeat timeout, so the model's clock never moves and no timeout is expected.
 */
public final class ExpectedOutcome {

    /** A user's final general status, custom status and version, as presence.status must show them. */
    public record FinalStatus(String status, String customStatus, long version) {
    }

    private final Map<String, FinalStatus> statuses = new TreeMap<>();
    private final int predictedRejections;

    private ExpectedOutcome(PresenceModel model, Iterable<String> users) {
        for (String user : users) {
            UserView view = model.view(user);
            statuses.put(user, new FinalStatus(view.status().name(), view.customStatus(), view.version()));
        }
        predictedRejections = model.rejections().size();
    }

    public static ExpectedOutcome of(List<PresenceEvent> events) {
        PresenceModel model = new PresenceModel(PresenceModel.Limits.spec());
        TreeSet<String> users = new TreeSet<>();
        for (PresenceEvent event : events) {
            users.add(event.getUserId());
            String user = event.getUserId();
            switch (event.getType()) {
                case LOGIN -> model.login(user, event.getClientId(), event.getSessionId(), event.getPlatform().name());
                case HEARTBEAT -> model.heartbeat(user, event.getClientId(), event.getSessionId());
                case LOGOUT -> model.logout(user, event.getClientId());
                case DISCONNECT -> model.disconnect(user, event.getClientId(), event.getSessionId());
                case SET_CUSTOM_STATUS -> model.setCustomStatus(user, event.getCustomStatus());
                case SESSION_TIMED_OUT -> throw new IllegalArgumentException("producers never write SESSION_TIMED_OUT");
                case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN stands for a type of a later version; never written");
            }
        }
        return new ExpectedOutcome(model, users);
    }

    public Map<String, FinalStatus> statuses() {
        return statuses;
    }

    /** Valid-looking events the rules refuse (custom status while not ONLINE): none for the generator's load. */
    public int predictedRejections() {
        return predictedRejections;
    }
}

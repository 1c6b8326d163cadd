package dev.presence.ctl;

import dev.presence.client.http.Answers.ClientView;
import dev.presence.client.http.Answers.UserPresence;

import java.time.Instant;

/** The text form of answers: one line per user, clients indented below. */
final class Lines {

    private Lines() {
    }

    static String of(UserPresence status) {
        StringBuilder line = new StringBuilder(status.userId()).append(' ').append(status.status());
        if (status.customStatus() != null) {
            line.append(" \"").append(status.customStatus()).append('"');
        }
        line.append(" (version ").append(status.version()).append(", changed ").append(time(status.statusChangedAt()));
        if (status.lastSeenAt() != null) {
            line.append(", last seen ").append(time(status.lastSeenAt()));
        }
        line.append(')');
        if (status.clients() != null) {
            for (ClientView client : status.clients()) {
                line.append(System.lineSeparator()).append("  ").append(client.clientId()).append(' ')
                        .append(client.platform()).append(' ').append(client.state());
            }
        }
        return line.toString();
    }

    static String time(long epochMillis) {
        return epochMillis <= 0 ? "never" : Instant.ofEpochMilli(epochMillis).toString();
    }
}

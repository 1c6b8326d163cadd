package dev.presence.ctl;

import dev.presence.client.PresenceException;
import dev.presence.client.http.PresenceApiException;
import dev.presence.client.http.PresenceConnectionException;
import org.apache.kafka.common.errors.RetriableException;
import picocli.CommandLine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * What presencectl's exit status tells a script, by what to do next rather than by what went wrong
 * inside. Listed in {@code presencectl --help} and the README.
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The engine refused the call as asked (bad input, no such setting...): asking again will not help. */
    public static final int REFUSED = 1;
    /** The command line is wrong (unknown command or option, missing argument). */
    public static final int USAGE = 2;
    /** The engine did not answer, is starting, or asks to slow down (503, 429, no connection): try again later. */
    public static final int UNAVAILABLE = 3;
    /** No token, a bad one, or one that may not make this call (401, 403). */
    public static final int NOT_ALLOWED = 4;
    /** The engine failed (another 5xx), or presencectl did. */
    public static final int FAILED = 5;

    static final String HELP = "%nExit status:%n"
            + "  0  done%n"
            + "  1  refused by the engine (bad input, unknown setting...): do not retry%n"
            + "  2  wrong command line%n"
            + "  3  engine unavailable or slowing callers down (503, 429, no answer): retry later%n"
            + "  4  not allowed: no token, a bad one, or one without the right (401, 403)%n"
            + "  5  the engine failed (another 5xx), or presencectl did%n";

    private ExitCodes() {
    }

    static int of(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (failure instanceof ExecutionException && failure.getCause() != null) {
            return of(failure.getCause());
        }
        if (failure instanceof PresenceConnectionException || failure instanceof TimeoutException
                || failure instanceof RetriableException) {
            return UNAVAILABLE;
        }
        if (failure instanceof PresenceApiException api) {
            int status = api.httpStatus();
            if (status == 401 || status == 403) {
                return NOT_ALLOWED;
            }
            if (status == 429 || status == 503) {
                return UNAVAILABLE;
            }
            return status >= 500 ? FAILED : REFUSED;
        }
        if (failure instanceof PresenceException) {
            return REFUSED; // refused before sending: an id or an argument the engine would refuse
        }
        return FAILED;
    }
}

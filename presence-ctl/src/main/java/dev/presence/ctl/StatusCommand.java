package dev.presence.ctl;

import dev.presence.client.http.Answers.UserPresence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = "A user's status (GET /v1/users/{userId}/status).",
        footer = ExitCodes.HELP)
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(paramLabel = "USER", description = "the user")
    String userId;

    @Option(names = "--detail", description = "also the clients, with platform and state (admin or the user itself)")
    boolean detail;

    @Override
    public Integer call() {
        UserPresence status = ctl.client().status(userId, detail);
        ctl.print(status, Lines.of(status));
        return ExitCodes.OK;
    }
}

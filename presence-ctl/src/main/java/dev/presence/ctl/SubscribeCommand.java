package dev.presence.ctl;

import dev.presence.client.http.Answers.SubscriptionChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Subscribe a user to others' changes (POST /v1/users/{userId}/subscriptions); applied within moments.",
        footer = ExitCodes.HELP)
final class SubscribeCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(index = "0", paramLabel = "SUBSCRIBER", description = "who hears")
    String subscriber;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "whose changes")
    List<String> targets;

    @Override
    public Integer call() {
        SubscriptionChange change = ctl.client().subscribe(subscriber, targets);
        ctl.print(change, "accepted: " + subscriber + " subscribes to " + String.join(", ", change.userIds())
                + " (request " + change.requestId() + ")");
        return ExitCodes.OK;
    }
}

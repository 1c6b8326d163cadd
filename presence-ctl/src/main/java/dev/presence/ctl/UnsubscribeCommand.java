package dev.presence.ctl;

import dev.presence.client.http.Answers.SubscriptionChange;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "unsubscribe", mixinStandardHelpOptions = true,
        description = "End a user's subscriptions to some users, or all (DELETE /v1/users/{userId}/subscriptions).",
        footer = ExitCodes.HELP)
final class UnsubscribeCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(index = "0", paramLabel = "SUBSCRIBER", description = "whose subscriptions")
    String subscriber;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "the users to stop hearing of")
        List<String> targets;

        @Option(names = "--all", required = true, description = "every subscription of the subscriber")
        boolean all;
    }

    @Override
    public Integer call() {
        SubscriptionChange change = which.all ? ctl.client().unsubscribeAll(subscriber)
                : ctl.client().unsubscribe(subscriber, which.targets);
        ctl.print(change, "accepted: " + subscriber + " unsubscribes from "
                + (which.all ? "everyone" : String.join(", ", change.userIds())) + " (request " + change.requestId() + ")");
        return ExitCodes.OK;
    }
}

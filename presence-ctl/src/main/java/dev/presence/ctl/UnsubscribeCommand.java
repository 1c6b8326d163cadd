package dev.presence.ctl;

import dev.presence.client.http.Answers.SubscriptionChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
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

    @Spec
    CommandSpec spec;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TARGET", description = "the users to stop hearing of")
    List<String> targets = List.of();

    @Option(names = "--all", description = "every subscription of the subscriber (instead of TARGETs)")
    boolean all;

    @Override
    public Integer call() {
        // Exactly one of the two: an empty list must never mean "all" by accident.
        if (all == !targets.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name the TARGETs to unsubscribe from, or --all (not both)");
        }
        SubscriptionChange change = all ? ctl.client().unsubscribeAll(subscriber)
                : ctl.client().unsubscribe(subscriber, targets);
        ctl.print(change, "accepted: " + subscriber + " unsubscribes from "
                + (all ? "everyone" : String.join(", ", change.userIds())) + " (request " + change.requestId() + ")");
        return ExitCodes.OK;
    }
}

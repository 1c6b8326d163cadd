package dev.presence.ctl;

import dev.presence.client.http.Answers.SubscriptionEntry;
import dev.presence.client.http.Answers.Subscriptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "Whom a user is subscribed to, oldest first (GET /v1/users/{userId}/subscriptions).",
        footer = ExitCodes.HELP)
final class SubscriptionsCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(paramLabel = "SUBSCRIBER", description = "the subscriber")
    String subscriber;

    @Override
    public Integer call() {
        Subscriptions subscriptions = ctl.client().subscriptions(subscriber);
        String text = subscriptions.subscriptions().isEmpty() ? subscriber + " has no subscriptions"
                : subscriptions.subscriptions().stream().map(SubscriptionsCommand::line)
                .collect(Collectors.joining(System.lineSeparator()));
        ctl.print(subscriptions, text);
        return ExitCodes.OK;
    }

    private static String line(SubscriptionEntry entry) {
        return entry.userId() + " since " + Lines.time(entry.subscribedAt());
    }
}

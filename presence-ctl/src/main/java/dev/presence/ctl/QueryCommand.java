package dev.presence.ctl;

import dev.presence.client.http.Answers.UserPresence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Several users' statuses in one call, in the order given (POST /v1/statuses/query).",
        footer = ExitCodes.HELP)
final class QueryCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(paramLabel = "USER", arity = "1..*", description = "the users")
    List<String> userIds;

    @Option(names = "--detail", description = "also each user's clients (admin)")
    boolean detail;

    @Override
    public Integer call() {
        List<UserPresence> statuses = ctl.client().statuses(userIds, detail);
        ctl.print(statuses, statuses.stream().map(Lines::of).collect(Collectors.joining(System.lineSeparator())));
        return ExitCodes.OK;
    }
}

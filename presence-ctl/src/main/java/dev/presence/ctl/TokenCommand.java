package dev.presence.ctl;

import dev.presence.client.http.Answers.UserToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a user token with the admin token (POST /v1/admin/tokens); prints the token alone.",
        footer = ExitCodes.HELP)
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(paramLabel = "USER", description = "whom the token is for")
    String userId;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
            description = "how long it is valid (default: ${DEFAULT-VALUE} s)")
    long ttlSeconds;

    @Override
    public Integer call() {
        UserToken token = ctl.client().mintToken(userId, Duration.ofSeconds(ttlSeconds));
        ctl.print(token, token.token());
        return ExitCodes.OK;
    }
}

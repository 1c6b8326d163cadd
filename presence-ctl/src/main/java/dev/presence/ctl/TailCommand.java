package dev.presence.ctl;

import dev.presence.client.PresenceException;
import dev.presence.core.codec.AvroJson;
import dev.presence.client.http.NotificationListener;
import dev.presence.client.http.NotificationStream;
import dev.presence.schema.Notification;
import dev.presence.schema.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print a user's notifications as they come (GET /v1/users/{userId}/notifications, SSE), "
                + "one line each, until interrupted or --count are printed.",
                "A dropped connection is opened again; what happened meanwhile is not replayed."},
        footer = ExitCodes.HELP)
final class TailCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    @Parameters(paramLabel = "USER", description = "the recipient")
    String userId;

    @Option(names = "--count", paramLabel = "N", description = "stop after N notifications")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger printed = new AtomicInteger();
        AtomicReference<PresenceException> stopped = new AtomicReference<>();
        NotificationListener listener = new NotificationListener() {
            @Override
            public void onNotification(Notification notification) {
                synchronized (ctl) {
                    ctl.out.println(ctl.json ? AvroJson.toTree(notification).toString() : line(notification));
                    ctl.out.flush();
                }
                if (count != null && printed.incrementAndGet() >= count) {
                    done.countDown();
                }
            }

            @Override
            public void onError(Exception error) {
                ctl.err.println("presencectl: the stream failed (" + error.getMessage() + "); opening it again");
                ctl.err.flush();
            }

            @Override
            public void onStopped(PresenceException reason) {
                stopped.set(reason);
                done.countDown();
            }
        };
        try (NotificationStream stream = ctl.client().notifications(userId, listener)) {
            done.await();
        }
        if (stopped.get() != null) {
            throw stopped.get();
        }
        return ExitCodes.OK;
    }

    private static String line(Notification notification) {
        StringBuilder line = new StringBuilder(notification.getRecipient()).append(':');
        for (StatusView change : notification.getChanges()) {
            line.append(' ').append(change.getUserId()).append(' ').append(change.getStatus());
            if (change.getCustomStatus() != null) {
                line.append(" \"").append(change.getCustomStatus()).append('"');
            }
            line.append(" (").append(change.getReason()).append(')');
        }
        return line.toString();
    }
}

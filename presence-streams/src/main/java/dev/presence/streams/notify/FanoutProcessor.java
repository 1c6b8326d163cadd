package dev.presence.streams.notify;

import dev.presence.schema.FanoutJob;
import dev.presence.schema.Relation;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.core.PresenceNames.Nodes;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.codec.WireFormat;
import dev.presence.streams.config.LiveSettings;
import dev.presence.streams.config.LiveView;
import dev.presence.streams.visibility.PublicView;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Tells everyone who should hear of a status change, once each and in version order: the user itself always (the
 * truth); then, with what they may see of it ({@link PublicView}: nothing of an invisible user's own changes),
 * its subscribers, and its friends' watchers when friend notifications are on, unless
 * statusQueryAndNotify is off. Each watcher entry is one recipient, so a friend who is also a
 * subscriber hears once.
 * <p>
 * A change walks at most {@code fanoutPerTurn} watchers at once. A user with more watchers gets a
 * fan-out job that a wall-clock punctuator resumes where it stopped, slice by slice, for as long as the
 * turn's time budget lasts (so a large fan-out goes as fast as the partition's other users can afford
 * to wait, whatever a notification costs on this machine); the latest next
 * change of that user waits behind it (see {@link #withLatest}) so that every recipient hears versions
 * in increasing order, while other users' changes keep flowing.
 * <p>
 * Notifications leave already encoded in the output format ({@link NotificationBytes}): a change is encoded
 * once per fan-out turn, and each watcher's value is that encoding with the watcher spliced in.
 */
public final class FanoutProcessor implements Processor<String, StatusChange, String, byte[]> {

    private final LiveView<FanoutSettings> settingsView;
    private final WireFormat format;
    private final LongSupplier nanoClock;
    private ProcessorContext<String, byte[]> context;
    /** The fan-out turns this processor scheduled, cancelled when it closes. */
    private Cancellable fanoutTurns;
    private WatcherIndex watchers;
    private KeyValueStore<String, FanoutJob> jobs;
    private LiveSettings<FanoutSettings> live;

    /** Writes notifications in {@code format}, the notifications topic's output format. */
    public FanoutProcessor(LiveView<FanoutSettings> settingsView, WireFormat format) {
        this(settingsView, format, System::nanoTime);
    }

    /** {@code nanoClock} measures how much of a turn's time budget is spent (never the time of any record). */
    FanoutProcessor(LiveView<FanoutSettings> settingsView, WireFormat format, LongSupplier nanoClock) {
        this.settingsView = settingsView;
        this.format = format;
        this.nanoClock = nanoClock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.watchers = new WatcherIndex(context.getStateStore(Stores.WATCHERS));
        this.jobs = context.getStateStore(Stores.FANOUT_JOBS);
        this.live = settingsView.following(context.getStateStore(Stores.CONFIG));
        // The interval is not live: the punctuator is scheduled once.
        fanoutTurns = context.schedule(settingsView.atStartup().fanoutInterval(), PunctuationType.WALL_CLOCK_TIME, this::resumeJobs);
    }

    @Override
    public void process(Record<String, StatusChange> record) {
        String userId = record.key();
        StatusChange change = record.value();
        // The user itself hears the truth; watchers hear what they may see of it, if that changed at all.
        StatusView truth = Notifications.view(change);
        NotificationBytes truthEncoded = NotificationBytes.of(truth, format);
        context.forward(record.withValue(truthEncoded.to(userId)), Nodes.NOTIFICATIONS_SINK);

        FanoutSettings settings = live.current();
        if (!settings.statusQueryAndNotify()) {
            return;
        }
        Optional<StatusView> seen = PublicView.forWatchers(change);
        if (seen.isEmpty()) {
            return;
        }
        StatusView view = seen.get();
        FanoutJob queued = jobs.get(userId);
        if (queued != null) {
            jobs.put(userId, PublicView.hides(change) ? restartedWith(queued, view) : withLatest(queued, view));
            return;
        }
        // Mostly watchers see the truth itself: then its encoding serves them too.
        NotificationBytes viewEncoded = view.equals(truth) ? truthEncoded : NotificationBytes.of(view, format);
        WatcherIndex.Progress progress = notifyWatchers(userId, viewEncoded, Optional.empty(),
                settings.fanoutPerTurn(), settings, record.timestamp());
        progress.stoppedAfter().ifPresent(stoppedAfter -> {
            List<StatusView> pending = new ArrayList<>();
            pending.add(view);
            jobs.put(userId, FanoutJob.newBuilder().setUserId(userId).setPending(pending)
                    .setResumeAfter(stoppedAfter).build());
        });
    }

    /**
     * Queues {@code latest} behind the job. A watcher needs the user's latest status, not every step
     * on the way, so the job keeps at most two changes: the one some watchers already heard (it must
     * reach the rest, so that each recipient's versions only grow) and the newest. However often a
     * popular user changes while its fan-out runs, the job stays the size of two notifications.
     */
    static FanoutJob withLatest(FanoutJob job, StatusView latest) {
        List<StatusView> pending = job.getPending();
        int keep = job.getResumeAfter() == null ? 0 : Math.min(1, pending.size());
        pending.subList(keep, pending.size()).clear();
        pending.add(latest);
        return job;
    }

    /**
     * Replaces whatever the job still had to send with {@code hiding}, from the first watcher on: a user
     * that turned invisible must not reach the rest of its watchers as it was (they would learn it was
     * there after it chose to hide). Those already reached hear {@code hiding} too, a later version,
     * so versions still only grow for everyone.
     */
    static FanoutJob restartedWith(FanoutJob job, StatusView hiding) {
        List<StatusView> pending = new ArrayList<>();
        pending.add(hiding);
        job.setPending(pending);
        job.setResumeAfter(null);
        return job;
    }

    /** Notifies up to {@code budget} watchers of {@code userId} after {@code resumeAfter} (empty: from the first). */
    private WatcherIndex.Progress notifyWatchers(String userId, NotificationBytes change, Optional<String> resumeAfter,
                                                 int budget, FanoutSettings settings, long timestamp) {
        return watchers.walk(userId, resumeAfter, budget, (watcher, flags) -> {
            if (hears(flags, settings)) {
                context.forward(new Record<>(watcher, change.to(watcher), timestamp), Nodes.NOTIFICATIONS_SINK);
            }
        });
    }

    private static boolean hears(int flags, FanoutSettings settings) {
        boolean subscriber = (flags & WatcherIndex.flag(Relation.SUBSCRIBER)) != 0;
        boolean friend = (flags & WatcherIndex.flag(Relation.FRIEND)) != 0;
        return subscriber || (friend && settings.friendAutoNotify());
    }

    /**
     * One turn of the queued fan-outs: rounds in which each job in flight gets an equal share of one
     * slice, until every job is done or the turn's time budget is spent (one round at least).
     */
    private void resumeJobs(long now) {
        List<FanoutJob> inFlight = new ArrayList<>();
        try (KeyValueIterator<String, FanoutJob> all = jobs.all()) {
            while (all.hasNext()) {
                KeyValue<String, FanoutJob> entry = all.next();
                inFlight.add(entry.value);
            }
        }
        if (inFlight.isEmpty()) {
            return;
        }
        FanoutSettings settings = live.current();
        if (!settings.statusQueryAndNotify()) {
            // Switched off while in flight: no friend or subscriber notification goes out any more.
            inFlight.forEach(job -> jobs.delete(job.getUserId()));
            return;
        }
        long budgetNanos = settings.fanoutTurnBudget().toNanos();
        long started = nanoClock.getAsLong();
        // Each pending change is encoded once for the whole turn, however many rounds it takes: the jobs and
        // their pending changes stay the same objects all turn, so a change is looked up by identity.
        Map<StatusView, NotificationBytes> encodedThisTurn = new IdentityHashMap<>();
        do {
            int share = Math.max(1, settings.fanoutPerTurn() / inFlight.size());
            inFlight.removeIf(job -> advance(job, share, settings, now, encodedThisTurn));
        } while (!inFlight.isEmpty() && nanoClock.getAsLong() - started < budgetNanos);
    }

    /** Sends one share of the job's fan-out and stores where it stopped; true when the job is done. */
    private boolean advance(FanoutJob job, int budget, FanoutSettings settings, long now,
                            Map<StatusView, NotificationBytes> encodedThisTurn) {
        List<StatusView> pending = job.getPending();
        // The job's resumeAfter is absent while no watcher of its first pending change has heard it yet.
        Optional<String> resumeAfter = Optional.ofNullable(job.getResumeAfter());
        int left = budget;
        while (left > 0 && !pending.isEmpty()) {
            NotificationBytes change = encodedThisTurn.computeIfAbsent(pending.get(0),
                    view -> NotificationBytes.of(view, format));
            WatcherIndex.Progress progress = notifyWatchers(job.getUserId(), change, resumeAfter, left, settings, now);
            left -= progress.visited();
            if (progress.finished()) {
                pending.remove(0);
            }
            resumeAfter = progress.stoppedAfter();
        }
        if (pending.isEmpty()) {
            jobs.delete(job.getUserId());
            return true;
        }
        job.setResumeAfter(resumeAfter.orElse(null));
        jobs.put(job.getUserId(), job);
        return false;
    }

    /**
     * Kafka Streams 4.4 may start this same processor again (a task resumed or revived) without
     * clearing the task's punctuations: cancelled here, or the next start would add a second one.
     */
    @Override
    public void close() {
        if (fanoutTurns != null) {
            fanoutTurns.cancel();
        }
    }
}

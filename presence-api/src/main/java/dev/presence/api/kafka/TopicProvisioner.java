package dev.presence.api.kafka;

import dev.presence.core.PresenceNames.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the engine's topics before Streams starts (Streams refuses to start without its source
 * topics). Every user-keyed topic gets the same partition count, because the topology relies on a
 * user's records landing in the same partition number everywhere. Existing topics are left as
 * they are: a topic's partition count cannot be changed without moving users between partitions.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    /** Not keyed by user: the live settings, read whole by every instance, so one partition keeps them in order. */
    static final int CONFIG_PARTITIONS = 1;

    /** A verdict matters for the seconds a call waits; an hour keeps it readable for whoever debugs one. */
    static final long VERDICT_RETENTION_MS = 3_600_000L;

    private final Admin admin;
    private final List<String> userKeyed;
    private final String verdicts;

    /** @param applicationId names the application's own internal topics (see {@link Topics#watchEdges}, {@link Topics#verdicts}) */
    public TopicProvisioner(Admin admin, String applicationId) {
        this.admin = admin;
        this.userKeyed = Topics.userKeyed(applicationId);
        this.verdicts = Topics.verdicts(applicationId);
    }

    /** The replication factor to use: as configured, or min(3, brokers) so one broker and three both work. */
    public int replicationFactor(OptionalInt configured) {
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        int factor = configured.orElse(Math.min(3, brokers));
        if (factor > brokers) {
            throw new IllegalStateException("topic.replication.factor is " + factor + " but the cluster has "
                    + brokers + " broker(s): lower it or remove it to use min(3, brokers)");
        }
        return factor;
    }

    /** Creates the missing topics; returns the names it created. */
    public List<String> provision(int partitions, int replicationFactor) {
        Map<String, TopicDescription> existing = describeExisting();
        List<NewTopic> missing = new ArrayList<>();
        for (String name : allTopics()) {
            // The verdicts are keyed by request id, not user: their count need not match, but spreads the writes alike.
            int wanted = userKeyed.contains(name) || name.equals(verdicts) ? partitions : CONFIG_PARTITIONS;
            TopicDescription description = existing.get(name);
            if (description == null) {
                NewTopic topic = newTopic(name, wanted, replicationFactor);
                if (name.equals(verdicts)) {
                    Map<String, String> configs = new java.util.HashMap<>(topic.configs());
                    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(VERDICT_RETENTION_MS));
                    topic.configs(configs);
                }
                missing.add(topic);
            } else if (description.partitions().size() != wanted && !name.equals(verdicts)) {
                LOG.warn("Topic {} has {} partitions but the engine wants {}: it keeps using the existing"
                        + " topic; all user-keyed topics must have the same count, so either set topic.partitions"
                        + " to {} or recreate the topics", name, description.partitions().size(), partitions,
                        description.partitions().size());
            }
        }
        if (missing.isEmpty()) {
            LOG.info("All {} topics exist", allTopics().size());
            return List.of();
        }
        createAll(missing);
        List<String> created = missing.stream().map(NewTopic::name).sorted().toList();
        awaitVisible(created);
        LOG.info("Created topics {} with {} partitions, replication factor {}", created, partitions, replicationFactor);
        return created;
    }

    /**
     * The partition count all user-keyed topics share. They must agree: one task holds a user's status,
     * subscriptions and watchers only if partition i of each topic belongs to the same user keys.
     *
     * @throws IllegalStateException naming the topics and counts when they do not agree
     */
    public int userKeyedPartitions() {
        Map<String, TopicDescription> existing = describeExisting();
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : userKeyed) {
            TopicDescription description = existing.get(name);
            if (description == null) {
                throw new IllegalStateException("topic " + name + " does not exist; it should have been created at start");
            }
            counts.put(name, description.partitions().size());
        }
        if (counts.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("the user-keyed topics must all have the same number of partitions, but "
                    + counts + "; add partitions to the smaller ones (kafka-topics --alter --partitions N) or recreate them");
        }
        return counts.values().iterator().next();
    }

    /** Every topic the engine reads or writes, besides the ones Kafka Streams makes for itself. */
    List<String> allTopics() {
        List<String> all = new ArrayList<>(userKeyed);
        all.add(Topics.CONFIG);
        all.add(verdicts);
        return all;
    }

    private static NewTopic newTopic(String name, int partitions, int replicationFactor) {
        boolean compacted = Topics.COMPACTED.contains(name);
        // With three replicas, two must have a write before it counts: acks=all then survives losing one broker.
        int minInSync = replicationFactor >= 3 ? 2 : 1;
        return new NewTopic(name, partitions, (short) replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync)));
    }

    private Map<String, TopicDescription> describeExisting() {
        var names = await(admin.listTopics().names(), "list topics");
        List<String> ours = allTopics().stream().filter(names::contains).toList();
        return ours.isEmpty() ? Map.of() : await(admin.describeTopics(ours).allTopicNames(), "describe topics");
    }

    private void createAll(List<NewTopic> topics) {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                await(future, "create topic " + name);
            } catch (IllegalStateException e) {
                // Another instance starting at the same moment made it first: that is what we wanted.
                boolean madeByOther = e.getCause() instanceof ExecutionException failure
                        && failure.getCause() instanceof TopicExistsException;
                if (!madeByOther) {
                    throw e;
                }
            }
        });
    }

    /**
     * A created topic is in the controller's log before every broker's metadata has it; until then a
     * listTopics (the next start, userKeyedPartitions(), another instance) would not see it. Bounded,
     * start-up only.
     */
    private void awaitVisible(List<String> created) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (!await(admin.listTopics().names(), "list topics").containsAll(created)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("created topics " + created + " but the cluster does not list them after "
                        + ADMIN_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for new topics to be listed", e);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot " + what + " on the Kafka cluster: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + "; check bootstrap.servers", e);
        }
    }
}

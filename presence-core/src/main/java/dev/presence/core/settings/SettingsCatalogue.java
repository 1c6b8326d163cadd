package dev.presence.core.settings;

import dev.presence.core.codec.WireFormat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.presence.core.settings.Setting.define;

/**
 * Every setting of the engine, each declared once, in the style of Kafka's own {@code ConfigDef}:
 * key, type and rule, default, live or start-up only, documentation. The README's configuration
 * table is {@link #readmeTable()} (a test keeps them equal); environment variables, the admin
 * listing and live overrides are derived from the same declarations.
 * <p>
 * Three owners: {@code presence.*} settings are the topology's rules and limits; the engine's own
 * keys configure the process (HTTP, auth, the embedded broker); Kafka Streams keys listed here are
 * ones the engine gives a default or reads itself, and are passed to Kafka Streams like any other
 * Kafka key. The live ones keep a short name of their own in {@code presence.config} (the console
 * toggle's name), declared with them.
 */
public final class SettingsCatalogue {

    public static final Setting<String> BOOTSTRAP_SERVERS = define(Setting.Owner.KAFKA, "bootstrap.servers", ValueType.text())
            .noDefault()
            .doc("the Kafka cluster to join; none starts the embedded broker");

    public static final Setting<Integer> EMBEDDED_KAFKA_PORT = define(Setting.Owner.ENGINE, "embedded.kafka.port", ValueType.port())
            .defaultValue("9092")
            .doc("the embedded broker's port on 127.0.0.1");

    public static final Setting<Integer> EMBEDDED_KAFKA_CONTROLLER_PORT = define(Setting.Owner.ENGINE, "embedded.kafka.controller.port", ValueType.port())
            .defaultValue("9093")
            .doc("the embedded broker's KRaft controller port");

    public static final Setting<String> EMBEDDED_KAFKA_DATA_DIR = define(Setting.Owner.ENGINE, "embedded.kafka.data.dir", ValueType.path())
            .defaultValue("engine-data/kafka")
            .doc("the embedded broker's data (kept between runs)");

    public static final Setting<String> STATE_DIR = define(Setting.Owner.KAFKA, "state.dir", ValueType.path())
            .defaultValue("engine-data/streams")
            .doc("Kafka Streams' local state stores (never wiped at start)");

    public static final Setting<String> APPLICATION_ID = define(Setting.Owner.KAFKA, "application.id", ValueType.text())
            .defaultValue("presence-engine")
            .doc("the Streams application id; instances with the same id share the work");

    public static final Setting<String> HTTP_HOST = define(Setting.Owner.ENGINE, "http.host", ValueType.text())
            .defaultValue("127.0.0.1")
            .doc("REST bind address; must be loopback while `auth.secret` is not set");

    public static final Setting<Integer> HTTP_PORT = define(Setting.Owner.ENGINE, "http.port", ValueType.port())
            .defaultValue("8080")
            .doc("REST port");

    public static final Setting<String> APPLICATION_SERVER = define(Setting.Owner.KAFKA, "application.server", ValueType.text())
            .defaultDescribedAs("`http.host:http.port`")
            .doc("this instance's REST address as the other instances reach it (queries are forwarded there); required when `http.host` is a wildcard such as `0.0.0.0`");

    public static final Setting<String> AUTH_SECRET = define(Setting.Owner.ENGINE, "auth.secret", ValueType.secret(16))
            .noDefault()
            .doc("HMAC-SHA256 key of user tokens, at least 16 characters; set, every call needs a token; unset, the API is open on loopback only");

    public static final Setting<String> AUTH_ADMIN_TOKEN = define(Setting.Owner.ENGINE, "auth.admin.token", ValueType.secret(16))
            .noDefault()
            .doc("the admin (backend) credential, at least 16 characters; needs `auth.secret`");

    public static final Setting<String> AUTH_JWKS_URL = define(Setting.Owner.ENGINE, "auth.jwks.url", ValueType.text())
            .noDefault()
            .doc("an identity provider's JWK set (`https://`, plain `http://` on loopback only): RS256/ES256 JWTs signed by one of its keys are accepted; needs `auth.secret` and `auth.jwt.issuer`");

    public static final Setting<String> AUTH_JWKS_FILE = define(Setting.Owner.ENGINE, "auth.jwks.file", ValueType.path())
            .noDefault()
            .doc("the same from a file (a JWK set, JSON with `\"keys\"`); not together with `auth.jwks.url`");

    public static final Setting<Duration> AUTH_JWKS_REFRESH_MS = define(Setting.Owner.ENGINE, "auth.jwks.refresh.ms", ValueType.millis(1_000, 86_400_000))
            .defaultValue("300000")
            .doc("how long fetched keys are kept (1 s to 1 day); a token naming a key id not held fetches the set at once (from a URL at most every 30 s)");

    public static final Setting<String> AUTH_JWT_ISSUER = define(Setting.Owner.ENGINE, "auth.jwt.issuer", ValueType.text())
            .noDefault()
            .doc("the exact `iss` a JWT must carry; required with a JWK set");

    public static final Setting<String> AUTH_JWT_AUDIENCE = define(Setting.Owner.ENGINE, "auth.jwt.audience", ValueType.text())
            .noDefault()
            .doc("a value the JWT's `aud` must contain; unset, any audience");

    public static final Setting<String> AUTH_JWT_USER_CLAIM = define(Setting.Owner.ENGINE, "auth.jwt.user.claim", ValueType.text())
            .defaultValue("sub")
            .doc("the claim naming the user (a string that is a valid user id)");

    public static final Setting<String> AUTH_JWT_ADMIN_CLAIM = define(Setting.Owner.ENGINE, "auth.jwt.admin.claim", ValueType.text())
            .noDefault()
            .doc("with `auth.jwt.admin.value`: a JWT whose claim holds the value (equal, an element of an array, or a word of a space-separated string such as `scope`) makes the admin; unset, no JWT does. A dotted path names a nested claim, e.g. Keycloak's `realm_access.roles` (at most 8 names, 256 characters); a top-level claim named with the dots (`https://example.com/roles`) is looked up first");

    public static final Setting<String> AUTH_JWT_ADMIN_VALUE = define(Setting.Owner.ENGINE, "auth.jwt.admin.value", ValueType.text())
            .noDefault()
            .doc("the value of `auth.jwt.admin.claim` that makes the admin, e.g. `presence-admin`");

    public static final Setting<String> HTTP_CORS_ORIGINS = define(Setting.Owner.ENGINE, "http.cors.origins", ValueType.text())
            .noDefault()
            .doc("origins (`scheme://host[:port]`, comma-separated, no `*`) whose pages may call the API from a browser; none by default. Without `auth.secret` only loopback origins may be listed");

    public static final Setting<String> LOG_FORMAT = define(Setting.Owner.ENGINE, "log.format", ValueType.oneOf("text", "json"))
            .defaultValue("text")
            .doc("the log's layout: `text` lines, or `json`, one JSON object per line (Elastic Common Schema) for a log collector. Read from the environment only (`PRESENCE_LOG_FORMAT`): logging starts before the configuration file is read");

    public static final Setting<Duration> QUERY_FORWARD_TIMEOUT_MS = define(Setting.Owner.ENGINE, "query.forward.timeout.ms", ValueType.millis(1, 600_000))
            .defaultValue("5000")
            .doc("how long a query forwarded to another instance may take before the answer is 503; a status whose owner does not answer in that time is then asked of a standby host's copy (with `query.standby.max.lag` set), each call as long again");

    public static final Setting<Integer> HTTP_MAX_BODY_BYTES = define(Setting.Owner.ENGINE, "http.max.body.bytes", ValueType.intBetween(1_024, 64 * 1_024 * 1_024))
            .defaultValue("1048576")
            .doc("the largest request body (1 KiB to 64 MiB); a larger one answers 413 (70022) without being parsed: up to 8 times this it is read and dropped first, so a client still sending it gets the answer; beyond, the connection is closed at once");

    public static final Setting<Integer> HTTP_MAX_CONCURRENT_CALLS = define(Setting.Owner.ENGINE, "http.max.concurrent.calls", ValueType.intBetween(1, 10_000))
            .defaultValue("200")
            .doc("calls served at once; one more answers 503 (70013) with `Retry-After` at once. The HTTP server has 16 threads more than this, kept for the health probes, which are never refused");

    public static final Setting<Integer> HTTP_WAIT_MAX_PENDING = define(Setting.Owner.ENGINE, "http.wait.max.pending", ValueType.intBetween(0, 1_000_000))
            .defaultValue("10000")
            .doc("verdicts the calls on an instance may wait for at once (`Prefer: wait=N`; an event batch waits for one per event); a call that finds no room answers 202 at once, as without the header; `0` turns waiting off");

    public static final Setting<Integer> NOTIFICATIONS_MAX_STREAMS_PER_USER = define(Setting.Owner.ENGINE, "notifications.max.streams.per.user", ValueType.intBetween(1, 1_000))
            .defaultValue("8")
            .doc("notification streams one user may hold open on an instance; one more answers 429 (70011)");

    public static final Setting<Integer> NOTIFICATIONS_MAX_STREAMS = define(Setting.Owner.ENGINE, "notifications.max.streams", ValueType.intBetween(1, 1_000_000))
            .defaultValue("10000")
            .doc("notification streams an instance holds open in all; one more answers 429 (70011)");

    public static final Setting<Integer> NOTIFICATIONS_WRITER_THREADS = define(Setting.Owner.ENGINE, "notifications.writer.threads", ValueType.intBetween(1, 1_024))
            .defaultValue("16")
            .doc("threads writing to notification streams; a stream stuck in a write holds one until the connection's idle timeout");

    public static final Setting<Integer> QUERY_STANDBY_MAX_LAG = define(Setting.Owner.ENGINE, "query.standby.max.lag", ValueType.intBetween(0, Integer.MAX_VALUE))
            .noDefault()
            .doc("when set, a standby copy at most this many records behind answers while the owner cannot (this instance's, or for statuses the one on the partition's standby host; needs `num.standby.replicas` ≥ 1), marked with the `X-Presence-Stale` header; unset, such queries answer 503");

    public static final Setting<Integer> TOPIC_PARTITIONS = define(Setting.Owner.ENGINE, "topic.partitions", ValueType.intBetween(1, 10_000))
            .defaultValue("6")
            .doc("partitions of every user-keyed topic, set when the topics are created");

    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = define(Setting.Owner.ENGINE, "topic.replication.factor", ValueType.intBetween(1, 32))
            .defaultDescribedAs("min(3, brokers)")
            .doc("replication of the engine's topics and Streams' internal topics");

    public static final Setting<String> PROCESSING_GUARANTEE = define(Setting.Owner.KAFKA, "processing.guarantee", ValueType.oneOf("exactly_once_v2", "at_least_once"))
            .defaultValue("exactly_once_v2")
            .doc("`exactly_once_v2` or `at_least_once`");

    public static final Setting<Integer> COMMIT_INTERVAL_MS = define(Setting.Owner.KAFKA, "commit.interval.ms", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("100")
            .doc("how often Streams commits; see below");

    public static final Setting<Integer> PRODUCER_LINGER_MS = define(Setting.Owner.KAFKA, "producer.linger.ms", ValueType.intBetween(0, 60_000))
            .defaultDescribedAs("`1` under `at_least_once`; Kafka Streams' `100` under `exactly_once_v2`")
            .doc("how long the Streams producer waits to fill a batch; under `at_least_once` nothing else holds a notification back, so the engine waits 1 ms instead of Streams' 100 ms; under `exactly_once_v2` each commit flushes the producer, which bounds the wait by `commit.interval.ms`");

    public static final Setting<Integer> PRODUCER_TRANSACTION_TIMEOUT_MS = define(Setting.Owner.KAFKA, "producer.transaction.timeout.ms", ValueType.intBetween(1_000, 900_000))
            .defaultValue("6000")
            .doc("under `exactly_once_v2`, how long the brokers let a transaction of the engine stay open before they abort it; Kafka Streams' 10 s lowered to the session timeout: a killed instance's open transaction holds its partitions' committed offsets, and so their next owner, until the brokers abort it, which should be no later than the group notices the death (the brokers look every `transaction.abort.timed.out.transaction.cleanup.interval.ms`, 10 s by default: set it to 1 s, see \"Several instances\"); a commit that takes longer (a frozen broker, a stalled thread) is aborted, and the engine replaces the stream thread");

    public static final Setting<Long> MAX_TASK_IDLE_MS = define(Setting.Owner.KAFKA, "max.task.idle.ms", ValueType.longBetween(-1, Long.MAX_VALUE))
            .defaultDescribedAs("`0` (Kafka's)")
            .doc("kept at Kafka's default so a task interleaves its input topics (events, subscriptions, watch edges) by timestamp, which keeps a replay's cross-topic decisions (an expiry against a later login) in the original order; `-1` is about 20 % faster (docs/BENCHMARKS.md) but gives that up");

    public static final Setting<Integer> SESSION_TIMEOUT_MS = define(Setting.Owner.KAFKA, "session.timeout.ms", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("6000")
            .doc("how long the group waits for a silent instance (one killed, or cut off) before moving its partitions; Kafka's 45 s lowered to the brokers' minimum (`group.min.session.timeout.ms`), so a dead instance's partitions start moving after 6 s instead of 45 s (see \"Several instances\")");

    public static final Setting<Integer> HEARTBEAT_INTERVAL_MS = define(Setting.Owner.KAFKA, "heartbeat.interval.ms", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("1500")
            .doc("how often an instance tells the group it is alive: a quarter of the session timeout, so one late heartbeat costs nothing");

    public static final Setting<Integer> MAX_POLL_INTERVAL_MS = define(Setting.Owner.KAFKA, "max.poll.interval.ms", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("10000")
            .doc("how long a stream thread may go without asking the group for news; a thread keeps processing and committing the records it has buffered and polls (and so hears of a rebalance) only once its buffers are empty or half of this has passed, so Kafka's 300 s let a survivor with a backlog finish it before taking over a killed instance's partitions (docs/BENCHMARKS.md); lowered so a survivor rejoins within 5 s; a thread stuck longer than 10 s (its transaction has been aborted by then, `producer.transaction.timeout.ms`) leaves the group and rejoins");

    public static final Setting<String> ROCKSDB_CONFIG_SETTER = define(Setting.Owner.KAFKA, "rocksdb.config.setter", ValueType.text())
            .defaultValue("dev.presence.streams.storage.CompressedRocksDbStores")
            .doc("the class that sets the stores' RocksDB options; the engine's compresses each block with LZ4 (Kafka Streams stores them uncompressed), which makes the local state about a third of the size (docs/BENCHMARKS.md); a class of your own replaces it");

    /** The value of {@link #TASK_ASSIGNOR_CLASS} that leaves the placement to Kafka Streams' own assignor. */
    public static final String KAFKA_STREAMS_ASSIGNOR = "kafka-streams";

    public static final Setting<String> TASK_ASSIGNOR_CLASS = define(Setting.Owner.KAFKA, "task.assignor.class", ValueType.text())
            .defaultValue("dev.presence.streams.assignment.StickyBalancedTaskAssignor")
            .doc("how partitions are placed on the instances; the engine's keeps each running partition where it runs and still gives every instance its share by stream threads: a kill moves only the dead instance's partitions, each to an instance holding its standby, and a new or returning instance takes its share from the instances above theirs, after a warm-up copy where it has no state within `acceptable.recovery.lag` (see \"Several instances\"); `" + KAFKA_STREAMS_ASSIGNOR + "` chooses Kafka Streams' own, which places them round-robin at every rebalance and so also moves running partitions between the survivors; a class of your own replaces it; a wrong class is refused at start");

    public static final Setting<Boolean> TRANSACTIONAL_STATE_STORES = define(Setting.Owner.KAFKA, "enable.transactional.statestores", ValueType.bool())
            .defaultValue("true")
            .doc("the stores keep a transaction's writes aside until its commit (Kafka's default is `false`): a killed instance restarts on its local state instead of rebuilding it from the changelogs, and queries can read committed state only (next key)");

    public static final Setting<String> INTERACTIVE_QUERY_ISOLATION_LEVEL = define(Setting.Owner.KAFKA, "default.interactive.query.isolation.level", ValueType.oneOf("READ_COMMITTED", "READ_UNCOMMITTED"))
            .defaultValue("READ_COMMITTED")
            .doc("queries answer committed state only (Kafka's default is `READ_UNCOMMITTED`): a status answered is one the log holds: an instance that dies before its commit has not shown a version that its successor, starting from the last commit, answers as older until it has processed the same events again");

    public static final Setting<Boolean> PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED = define(Setting.Owner.KAFKA, "processing.exception.handler.global.enabled", ValueType.bool())
            .defaultValue("true")
            .doc("Kafka 5's default, set now so an upgrade changes nothing");

    public static final Setting<Duration> HEARTBEAT_TIMEOUT = define(Setting.Owner.PRESENCE, "presence.heartbeat.timeout.ms", ValueType.millis(1, 30L * 24 * 3600 * 1000))
            .defaultValue("400000")
            .doc("a session with no heartbeat for this long times out (user OFFLINE)");

    public static final Setting<Integer> CUSTOM_STATUS_MAX_BYTES = define(Setting.Owner.PRESENCE, "presence.custom.status.max.bytes", ValueType.intBetween(1, 65_536))
            .defaultValue("100")
            .doc("longest custom status, in UTF-8 bytes");

    public static final Setting<Integer> MAX_CLIENTS_PER_USER = define(Setting.Owner.PRESENCE, "presence.max.clients.per.user", ValueType.intBetween(1, 1_000))
            .defaultValue("16")
            .doc("tracked clients per user; beyond, the oldest disconnected one is dropped");

    public static final Setting<Duration> TIMEOUT_CHECK_INTERVAL = define(Setting.Owner.PRESENCE, "presence.timeout.check.interval.ms", ValueType.millis(1, 3_600_000))
            .defaultValue("250")
            .doc("how often expired heartbeats are looked for: a timeout is decided at the first look after its deadline (later while the engine is behind its input); a look with nothing due is one seek in each of three indexes per partition");

    public static final Setting<Integer> TIMEOUTS_PER_CHECK = define(Setting.Owner.PRESENCE, "presence.timeouts.per.check", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("10000")
            .doc("most timeouts decided per check (the rest wait for the next)");

    public static final Setting<WireFormat> OUTPUT_FORMAT = define(Setting.Owner.PRESENCE, "presence.output.format", ValueType.enumOf(WireFormat.class))
            .defaultValue("avro")
            .doc("`avro` or `json`, for every output topic");

    public static final Setting<Boolean> STATUS_QUERY_AND_NOTIFY = define(Setting.Owner.PRESENCE, "presence.status.query.and.notify", ValueType.bool())
            .defaultValue("true")
            .live("statusQueryAndNotify")
            .doc("the \"status query and status change notification\" switch");

    public static final Setting<Boolean> FRIEND_AUTO_NOTIFY = define(Setting.Owner.PRESENCE, "presence.friend.auto.notify", ValueType.bool())
            .defaultValue("false")
            .live("friendAutoNotify")
            .doc("notify friends of each other's changes");

    public static final Setting<Integer> MAX_SUBSCRIPTIONS_PER_USER = define(Setting.Owner.PRESENCE, "presence.max.subscriptions.per.user", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("200")
            .live("maxSubscriptionsPerUser")
            .doc("subscriptions per subscriber (first in, first out beyond)");

    public static final Setting<Integer> MAX_TARGETS_PER_CALL = define(Setting.Owner.PRESENCE, "presence.max.targets.per.call", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("100")
            .live("maxTargetsPerCall")
            .doc("targets per subscribe/unsubscribe call");

    public static final Setting<Duration> SUBSCRIPTION_EXPIRY = define(Setting.Owner.PRESENCE, "presence.subscription.expiry.ms", ValueType.millis(1, Integer.MAX_VALUE))
            .defaultValue("86400000")
            .live("subscriptionExpiryMs")
            .doc("a subscriber not ONLINE for this long loses its subscriptions");

    public static final Setting<Integer> MAX_USERS_PER_QUERY = define(Setting.Owner.PRESENCE, "presence.max.users.per.query", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("500")
            .live("maxUsersPerQuery")
            .doc("user ids per `POST /v1/statuses/query`");

    public static final Setting<Integer> RATE_LIMIT_QUERY_CALLS = define(Setting.Owner.PRESENCE, "presence.rate.limit.query.calls", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("20")
            .live("rateLimitQueryCalls")
            .doc("calls per window per user that query other users' statuses (the reference's getUserStatus budget)");

    public static final Setting<Duration> RATE_LIMIT_QUERY_WINDOW = define(Setting.Owner.PRESENCE, "presence.rate.limit.query.window.ms", ValueType.millis(1, Integer.MAX_VALUE))
            .defaultValue("5000")
            .live("rateLimitQueryWindowMs")
            .doc("the sliding window of the query budget");

    public static final Setting<Integer> RATE_LIMIT_SUBSCRIBE_CALLS = define(Setting.Owner.PRESENCE, "presence.rate.limit.subscribe.calls", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("20")
            .live("rateLimitSubscribeCalls")
            .doc("subscribe calls per window per user (the reference's subscribeUserStatus budget)");

    public static final Setting<Duration> RATE_LIMIT_SUBSCRIBE_WINDOW = define(Setting.Owner.PRESENCE, "presence.rate.limit.subscribe.window.ms", ValueType.millis(1, Integer.MAX_VALUE))
            .defaultValue("5000")
            .live("rateLimitSubscribeWindowMs")
            .doc("the sliding window of the subscribe budget");

    public static final Setting<Integer> RATE_LIMIT_UNSUBSCRIBE_CALLS = define(Setting.Owner.PRESENCE, "presence.rate.limit.unsubscribe.calls", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("20")
            .live("rateLimitUnsubscribeCalls")
            .doc("unsubscribe calls per window per user (the reference's unsubscribeUserStatus budget)");

    public static final Setting<Duration> RATE_LIMIT_UNSUBSCRIBE_WINDOW = define(Setting.Owner.PRESENCE, "presence.rate.limit.unsubscribe.window.ms", ValueType.millis(1, Integer.MAX_VALUE))
            .defaultValue("5000")
            .live("rateLimitUnsubscribeWindowMs")
            .doc("the sliding window of the unsubscribe budget");

    public static final Setting<Integer> FANOUT_PER_TURN = define(Setting.Owner.PRESENCE, "presence.fanout.per.turn", ValueType.intBetween(1, Integer.MAX_VALUE))
            .defaultValue("1000")
            .doc("watchers notified in one slice of a fan-out: with the change itself, then per slice of each turn");

    public static final Setting<Duration> FANOUT_INTERVAL = define(Setting.Owner.PRESENCE, "presence.fanout.interval.ms", ValueType.millis(1, 3_600_000))
            .defaultValue("100")
            .doc("how often pending fan-out resumes");

    public static final Setting<Duration> HISTORY_RETENTION = define(Setting.Owner.PRESENCE, "presence.history.retention.ms", ValueType.millis(86_400_000L, 366L * 86_400_000L))
            .defaultValue("604800000")
            .doc("how long each user's status history is kept (`GET /v1/users/{userId}/history`, `/online-time`); also the longest history window one call may ask for");
    public static final Setting<Duration> FANOUT_TURN_BUDGET = define(Setting.Owner.PRESENCE, "presence.fanout.turn.budget.ms", ValueType.millis(0, 3_600_000))
            .defaultValue("40")
            .doc("time one fan-out turn may take: it sends slices of `presence.fanout.per.turn` until this is spent (at least one slice), so other users' changes on the partition wait at most about this long behind a large fan-out; `0` sends one slice per turn");

    private static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            EMBEDDED_KAFKA_PORT,
            EMBEDDED_KAFKA_CONTROLLER_PORT,
            EMBEDDED_KAFKA_DATA_DIR,
            STATE_DIR,
            APPLICATION_ID,
            HTTP_HOST,
            HTTP_PORT,
            APPLICATION_SERVER,
            AUTH_SECRET,
            AUTH_ADMIN_TOKEN,
            AUTH_JWKS_URL,
            AUTH_JWKS_FILE,
            AUTH_JWKS_REFRESH_MS,
            AUTH_JWT_ISSUER,
            AUTH_JWT_AUDIENCE,
            AUTH_JWT_USER_CLAIM,
            AUTH_JWT_ADMIN_CLAIM,
            AUTH_JWT_ADMIN_VALUE,
            HTTP_CORS_ORIGINS,
            LOG_FORMAT,
            QUERY_FORWARD_TIMEOUT_MS,
            HTTP_MAX_BODY_BYTES,
            HTTP_MAX_CONCURRENT_CALLS,
            HTTP_WAIT_MAX_PENDING,
            NOTIFICATIONS_MAX_STREAMS_PER_USER,
            NOTIFICATIONS_MAX_STREAMS,
            NOTIFICATIONS_WRITER_THREADS,
            QUERY_STANDBY_MAX_LAG,
            TOPIC_PARTITIONS,
            TOPIC_REPLICATION_FACTOR,
            PROCESSING_GUARANTEE,
            COMMIT_INTERVAL_MS,
            PRODUCER_LINGER_MS,
            PRODUCER_TRANSACTION_TIMEOUT_MS,
            MAX_TASK_IDLE_MS,
            SESSION_TIMEOUT_MS,
            HEARTBEAT_INTERVAL_MS,
            MAX_POLL_INTERVAL_MS,
            ROCKSDB_CONFIG_SETTER,
            TASK_ASSIGNOR_CLASS,
            TRANSACTIONAL_STATE_STORES,
            INTERACTIVE_QUERY_ISOLATION_LEVEL,
            PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED,
            HEARTBEAT_TIMEOUT,
            CUSTOM_STATUS_MAX_BYTES,
            MAX_CLIENTS_PER_USER,
            TIMEOUT_CHECK_INTERVAL,
            TIMEOUTS_PER_CHECK,
            OUTPUT_FORMAT,
            STATUS_QUERY_AND_NOTIFY,
            FRIEND_AUTO_NOTIFY,
            MAX_SUBSCRIPTIONS_PER_USER,
            MAX_TARGETS_PER_CALL,
            SUBSCRIPTION_EXPIRY,
            MAX_USERS_PER_QUERY,
            RATE_LIMIT_QUERY_CALLS,
            RATE_LIMIT_QUERY_WINDOW,
            RATE_LIMIT_SUBSCRIBE_CALLS,
            RATE_LIMIT_SUBSCRIBE_WINDOW,
            RATE_LIMIT_UNSUBSCRIBE_CALLS,
            RATE_LIMIT_UNSUBSCRIBE_WINDOW,
            FANOUT_PER_TURN,
            FANOUT_INTERVAL,
            HISTORY_RETENTION,
            FANOUT_TURN_BUDGET);

    private SettingsCatalogue() {
    }

    /** Every setting, in the README's order. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(setting -> setting.key().equals(key)).findFirst();
    }

    /** The settings that can change while running. */
    public static List<Setting<?>> live() {
        return ALL.stream().filter(Setting::isLive).toList();
    }

    /** A live setting by its name in {@code presence.config}. */
    public static Optional<Setting<?>> byLiveName(String name) {
        return ALL.stream().filter(setting -> setting.liveName().filter(name::equals).isPresent()).findFirst();
    }

    /** The README's configuration table, without its header. */
    public static String readmeTable() {
        StringBuilder table = new StringBuilder();
        ALL.forEach(setting -> table.append(setting.readmeRow()).append('\n'));
        return table.toString();
    }
}

#!/usr/bin/env bash
# A real cluster on this machine, on loopback: Kafka brokers as separate JVMs (KRaft, each node
# broker and controller, from the project's own Kafka jars; no Docker) and engine instances as
# separate JVMs (scripts/engine.sh), all sharing one application id.
#   ./scripts/cluster.sh up [--brokers 3] [--engines 3] [--engine-setting KEY=VALUE ...]
#       starts what is not running, prints "bootstrap <host:port,...>" and one "engine <url>" line
#       per engine, and returns once every engine answers /health/ready with 200
#   ./scripts/cluster.sh status        what runs (pid, address) and what does not
#   ./scripts/cluster.sh down          stops every engine (SIGTERM: they leave the group), then every broker
#   ./scripts/cluster.sh start broker|engine N    starts one node again (or engine N+1: a new instance)
#   ./scripts/cluster.sh clean         deletes the data folder (after down)
# An engine that exits by itself with status 1 (Streams failed) is started again by a supervisor
# loop, as a service manager would; one stopped or killed by a signal is not.
# Options: --data-dir DIR (default ./cluster-data, or $CLUSTER_DATA_DIR), --port-base P (default
# 19000: broker N listens on P+90+N, its controller on P+190+N, engine N on P+80+N).
# Environment: BROKER_JAVA_OPTS (default -Xmx512m), ENGINE_JAVA_OPTS (default -Xmx768m),
# BROKER_SETTINGS (extra server.properties lines for every broker, "KEY=VALUE KEY=VALUE"); any
# PRESENCE_* / KAFKA_* variable reaches the engines as their settings (README's table).
# With three or more brokers, topics get replication 3 and min.insync.replicas=2.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="$root/presence-api"
data="${CLUSTER_DATA_DIR:-$root/cluster-data}"
port_base=19000
brokers=3
engines=3
engine_settings=()

usage() { sed -n '2,/^set -euo/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "cluster.sh: $*" >&2; exit 1; }

command="${1:-}"; [[ -n "$command" ]] || usage; shift
positional=()
while (($#)); do
  case "$1" in
    --brokers) brokers="${2:?--brokers needs a number}"; shift 2 ;;
    --engines) engines="${2:?--engines needs a number}"; shift 2 ;;
    --data-dir) data="$(realpath -m -- "${2:?--data-dir needs a folder}")"; shift 2 ;;
    --port-base) port_base="${2:?--port-base needs a port}"; shift 2 ;;
    --engine-setting) engine_settings+=("${2:?--engine-setting needs KEY=VALUE}"); shift 2 ;;
    -h|--help) usage ;;
    -*) die "unknown option $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ "$brokers" =~ ^[1-9]$ ]] || die "--brokers must be 1 to 9, not '$brokers'"
[[ "$engines" =~ ^[0-9]$ ]] || die "--engines must be 0 to 9, not '$engines'"
[[ "$port_base" =~ ^[0-9]+$ ]] && ((port_base >= 1024 && port_base <= 65000)) || die "--port-base must be 1024 to 65000"

broker_port() { echo $((port_base + 90 + $1)); }
controller_port() { echo $((port_base + 190 + $1)); }
engine_port() { echo $((port_base + 80 + $1)); }

# The cluster's shape is written once, at the first up; later commands read it back.
load_shape() {
  [[ -f "$data/cluster.env" ]] || die "no cluster in $data: run ./scripts/cluster.sh up first"
  # shellcheck source=/dev/null
  source "$data/cluster.env"
}

bootstrap_servers() {
  local n list=()
  for ((n = 1; n <= brokers; n++)); do list+=("127.0.0.1:$(broker_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

classpath() {
  local jar
  jar="$(ls "$api"/target/presence-api-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
  if [[ -z "$jar" || ! -d "$api/target/lib" ]]; then
    echo "cluster.sh: building the engine (mvn -B -q -DskipTests package -pl presence-api -am)..." >&2
    (cd "$root" && mvn -B -q -DskipTests package -pl presence-api -am)
    jar="$(ls "$api"/target/presence-api-*.jar | grep -v -e '-tests.jar' | head -n 1)"
  fi
  echo "$api/target/lib/*"
}

pid_of() { cat "$data/$1/pid" 2>/dev/null || true; }
running() { local pid; pid="$(pid_of "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

# Starts a command detached (own session, no terminal, output to a log) and records its pid.
launch() {
  local node="$1" log="$2"; shift 2
  setsid nohup "$@" >> "$log" 2>&1 < /dev/null &
  echo $! > "$data/$node/pid"
}

# The engine's supervisor, as systemd (Restart=on-failure) or Kubernetes would be: an engine that
# exits by itself is started again: status 1 (Kafka Streams failed and shut the instance down, see
# README) or a JVM that aborted (134, a fatal error such as a crash in native code). One that ended
# cleanly or was stopped or killed (0; SIGINT, SIGKILL, SIGTERM: 130, 137, 143) is not. The pid file
# names the engine's JVM, so signals reach it and not this loop; each restart is noted in the log.
supervise_engine() {
  local node="$1" config="$2" status
  while :; do
    "$root/scripts/engine.sh" --config "$config" &
    echo $! > "$data/$node/pid"
    status=0
    wait $! || status=$?
    case "$status" in 0 | 130 | 137 | 143) break ;; esac
    echo "--- $(date -Is) cluster.sh: the engine exited with status $status; restarted by its supervisor"
    echo "--- start $(date -Is)"
  done
}

write_broker_config() {
  local n="$1" dir="$data/broker-$1" voters=() i
  for ((i = 1; i <= brokers; i++)); do voters+=("$i@127.0.0.1:$(controller_port "$i")"); done
  local replicas=$((brokers < 3 ? brokers : 3)) min_isr=$((brokers < 3 ? 1 : 2))
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<EOF
# Written by scripts/cluster.sh: node $n of $brokers, broker and controller in one JVM.
process.roles=broker,controller
node.id=$n
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=$(IFS=,; echo "${voters[*]}")
log.dirs=$dir/data
# Internal topics replicated like the engine's: three copies, a write counts once two have it.
offsets.topic.replication.factor=$replicas
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
default.replication.factor=$replicas
min.insync.replicas=$min_isr
# The engines' group forms as soon as they join, not three seconds later.
group.initial.rebalance.delay.ms=0
# A killed engine's open transaction holds its partitions' committed offsets until it is aborted:
# look for timed-out transactions every second, not every 10 s (the engines' timeout is 6 s).
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
EOF
  # Extra broker settings, one KEY=VALUE per word; a later line wins over the ones above.
  local setting
  for setting in ${BROKER_SETTINGS:-}; do
    [[ "$setting" == *=* ]] || die "BROKER_SETTINGS: '$setting' is not KEY=VALUE"
    echo "$setting" >> "$dir/server.properties"
  done
}

broker_log4j() {
  local file="$data/broker-log4j2.xml"
  # Warnings only, plus the one line that says a node has started (cluster.sh waits for it).
  cat > "$file" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="out" target="SYSTEM_OUT">
      <PatternLayout pattern="%d{ISO8601} %-5p [%c{1}] %m%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Logger name="kafka.server.KafkaRaftServer" level="INFO"/>
    <Root level="WARN"><AppenderRef ref="out"/></Root>
  </Loggers>
</Configuration>
EOF
  echo "$file"
}

start_broker() {
  local n="$1" dir="$data/broker-$1" cp log4j
  running "broker-$n" && { echo "broker $n already runs (pid $(pid_of "broker-$n"))" >&2; return; }
  ((n >= 1 && n <= brokers)) || die "there is no broker $n: the cluster has $brokers"
  cp="$(classpath)"
  log4j="$(broker_log4j)"
  [[ -f "$dir/server.properties" ]] || write_broker_config "$n"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    java -cp "$cp" -Dlog4j2.configurationFile="$log4j" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$dir/server.properties" >> "$dir/broker.log" 2>&1 \
      || die "formatting broker $n failed; see $dir/broker.log"
  fi
  echo "--- start $(date -Is)" >> "$dir/broker.log"
  launch "broker-$n" "$dir/broker.log" java ${BROKER_JAVA_OPTS:--Xmx512m} -Dlog4j2.configurationFile="$log4j" \
    -cp "$cp" kafka.Kafka "$dir/server.properties"
}

# A broker has started once it has joined the quorum and been unfenced ("Kafka Server started").
await_broker() {
  local n="$1" dir="$data/broker-$1" deadline=$((SECONDS + 120))
  until [[ "$(grep -- '^--- start\|Kafka Server started' "$dir/broker.log" | tail -n 1)" == *"Kafka Server started"* ]]; do
    running "broker-$n" || die "broker $n exited; see $dir/broker.log"
    ((SECONDS < deadline)) || die "broker $n did not start within 120 s; see $dir/broker.log"
    sleep 0.2
  done
}

write_engine_config() {
  local n="$1" dir="$data/engine-$1" port; port="$(engine_port "$1")"
  mkdir -p "$dir"
  {
    echo "# Written by scripts/cluster.sh: engine $n; the settings of every engine are in ../engine-common.properties"
    echo "bootstrap.servers=$(bootstrap_servers)"
    echo "http.host=127.0.0.1"
    echo "http.port=$port"
    echo "application.server=127.0.0.1:$port"
    echo "state.dir=$dir/state"
    cat "$data/engine-common.properties"
  } > "$dir/engine.properties"
}

start_engine() {
  local n="$1" dir="$data/engine-$1"
  running "engine-$n" && { echo "engine $n already runs (pid $(pid_of "engine-$n"))" >&2; return; }
  classpath > /dev/null
  [[ -f "$dir/engine.properties" ]] || write_engine_config "$n"
  echo "--- start $(date -Is)" >> "$dir/engine.log"
  rm -f "$dir/pid"
  PRESENCE_ENGINE_SKIP_BUILD=1 JAVA_OPTS="${ENGINE_JAVA_OPTS:--Xmx768m}" setsid nohup bash -c "$(declare -f supervise_engine); root='$root' data='$data'; \
    supervise_engine engine-$n '$dir/engine.properties'" >> "$dir/engine.log" 2>&1 < /dev/null &
  echo $! > "$dir/supervisor.pid"
  # The supervisor writes the engine's pid; wait for it so that status, stop and kill find the JVM.
  local waited=0
  until [[ -s "$dir/pid" ]] || ((waited > 100)); do sleep 0.1; waited=$((waited + 1)); done
}

await_engine() {
  local n="$1" deadline=$((SECONDS + 300)) url="http://127.0.0.1:$(engine_port "$1")"
  until [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url/health/ready" || true)" == 200 ]]; do
    running "engine-$n" || { tail -n 20 "$data/engine-$n/engine.log" >&2; die "engine $n exited; see $data/engine-$n/engine.log"; }
    ((SECONDS < deadline)) || die "engine $n was not ready within 300 s; see $data/engine-$n/engine.log"
    sleep 0.25
  done
}

engine_numbers() {
  local dir
  for dir in "$data"/engine-*; do [[ -d "$dir" ]] && echo "${dir##*-}"; done | sort -n
}

stop_node() {
  local node="$1" pid waited=0 supervisor
  # An engine's supervisor goes first, so that it does not start the engine again meanwhile.
  supervisor="$(cat "$data/$node/supervisor.pid" 2>/dev/null || true)"
  [[ -n "$supervisor" ]] && kill -TERM "$supervisor" 2>/dev/null || true
  rm -f "$data/$node/supervisor.pid"
  pid="$(pid_of "$node")"
  running "$node" || { rm -f "$data/$node/pid"; return; }
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && ((waited < 600)); do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && { echo "$node did not stop within 60 s: SIGKILL" >&2; kill -KILL "$pid"; }
  rm -f "$data/$node/pid"
}

case "$command" in
  up)
    # One build for the whole cluster, now: an engine started again later (by the supervisor, a drill
    # or 'start engine N') runs the same jar, never a half-edited tree built in the middle of a run.
    "$root/scripts/engine.sh" --build-only
    mkdir -p "$data"
    if [[ -f "$data/cluster.env" ]]; then
      requested_brokers="$brokers"
      load_shape
      [[ "$requested_brokers" == "$brokers" ]] \
        || die "$data holds a $brokers-broker cluster: run '$0 down' and '$0 clean' to start another shape"
      [[ ${#engine_settings[@]} -eq 0 ]] \
        || echo "cluster.sh: the engines keep the settings of the first up (in $data/engine-common.properties)" >&2
    else
      cluster_id="$(java -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
      [[ -n "$cluster_id" ]] || die "cannot make a cluster id"
      printf 'brokers=%s\nport_base=%s\ncluster_id=%s\n' "$brokers" "$port_base" "$cluster_id" > "$data/cluster.env"
      {
        echo "# Every engine's settings (scripts/cluster.sh); each engine's own file adds its ports and folders."
        echo "application.id=presence-engine"
        # A standby copy of each store on another instance: its users are answered from it (stale-marked)
        # while their partitions move, instead of 503.
        echo "num.standby.replicas=1"
        echo "query.standby.max.lag=1000"
        for setting in ${engine_settings[@]+"${engine_settings[@]}"}; do
          [[ "$setting" == *=* ]] || die "--engine-setting wants KEY=VALUE, not '$setting'"
          echo "$setting"
        done
      } > "$data/engine-common.properties"
    fi
    for ((n = 1; n <= brokers; n++)); do start_broker "$n"; done
    for ((n = 1; n <= brokers; n++)); do await_broker "$n"; done
    for ((n = 1; n <= engines; n++)); do start_engine "$n"; done
    for ((n = 1; n <= engines; n++)); do await_engine "$n"; done
    echo "bootstrap $(bootstrap_servers)"
    for ((n = 1; n <= engines; n++)); do echo "engine http://127.0.0.1:$(engine_port "$n")"; done
    ;;
  start)
    load_shape
    [[ ${#positional[@]} -eq 2 && "${positional[1]}" =~ ^[1-9]$ ]] || die "usage: $0 start broker|engine N"
    case "${positional[0]}" in
      broker) start_broker "${positional[1]}"; await_broker "${positional[1]}"
              echo "broker 127.0.0.1:$(broker_port "${positional[1]}")" ;;
      engine) start_engine "${positional[1]}"; await_engine "${positional[1]}"
              echo "engine http://127.0.0.1:$(engine_port "${positional[1]}")" ;;
      *) die "start what? broker or engine, not '${positional[0]}'" ;;
    esac
    ;;
  status)
    load_shape
    echo "bootstrap $(bootstrap_servers)"
    for ((n = 1; n <= brokers; n++)); do
      if running "broker-$n"; then state="running (pid $(pid_of "broker-$n"))"; else state="stopped"; fi
      echo "broker $n 127.0.0.1:$(broker_port "$n") $state"
    done
    for n in $(engine_numbers); do
      if running "engine-$n"; then state="running (pid $(pid_of "engine-$n"))"; else state="stopped"; fi
      echo "engine $n http://127.0.0.1:$(engine_port "$n") $state"
    done
    ;;
  down)
    [[ -f "$data/cluster.env" ]] || { echo "cluster.sh: nothing runs from $data" >&2; exit 0; }
    load_shape
    # Engines first, so they commit and leave the group while the brokers are still there.
    for n in $(engine_numbers); do stop_node "engine-$n" & done
    wait
    for ((n = 1; n <= brokers; n++)); do stop_node "broker-$n" & done
    wait
    echo "cluster.sh: stopped (data kept in $data; '$0 clean' deletes it)"
    ;;
  clean)
    if [[ -f "$data/cluster.env" ]]; then
      load_shape
      for ((n = 1; n <= brokers; n++)); do running "broker-$n" && die "broker $n still runs: run '$0 down' first"; done
      for n in $(engine_numbers); do running "engine-$n" && die "engine $n still runs: run '$0 down' first"; done
    fi
    rm -rf -- "$data"
    echo "cluster.sh: deleted $data"
    ;;
  *) usage ;;
esac

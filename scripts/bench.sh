#!/usr/bin/env bash
# Benchmarks and fault drills of the presence engine (docs/BENCHMARKS.md). Builds what is missing,
# then runs one command on a fresh embedded broker (or --bootstrap-servers HOST:PORT):
#   ./scripts/bench.sh throughput [--users 100000 --events 1000000]
#   ./scripts/bench.sh latency | cost | fanout | timeout | all
#   ./scripts/bench.sh drill-kill | drill-broker | drill-bad-records
#   ./scripts/bench.sh micro [JMH options]       JMH micro-benchmarks (codec, fold, notifications)
#   ./scripts/bench.sh <command> --help        every option of a command
# Set BENCH_JAVA_OPTS for the bench's own JVM (load generator, baselines, embedded broker).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/presence-bench"

needs_build() {
  local jar
  jar="$(ls "$bench"/target/presence-bench-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
  [[ -z "$jar" || ! -d "$bench/target/lib" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/schemas" "$root/presence-core" "$root/presence-testkit" "$root/presence-client" \
      "$root/presence-streams" "$root/presence-api" "$bench" \
      \( -path '*/target' -prune \) -o \( -type f -newer "$jar" -print \) 2>/dev/null | head -n 1)" ]]
}

if needs_build; then
  # package, not install: running the engine must not write the project's jars into the user's ~/.m2.
  echo "bench.sh: building (mvn -B -q -DskipTests package -pl presence-bench -am)..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl presence-bench -am)
fi

jar="$(ls "$bench"/target/presence-bench-*.jar | grep -v -e '-tests.jar' | head -n 1)"
exec java ${BENCH_JAVA_OPTS:--Xmx6g} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.presence.schema \
  -Dlog4j2.configurationFile=bench-log4j2.xml \
  -cp "$jar:$bench/target/lib/*" dev.presence.bench.BenchMain "$@"

#!/usr/bin/env bash
# Runs the presence engine in the foreground: builds what is missing first, then starts it.
# With no bootstrap.servers configured it starts its own Kafka broker (data under ./engine-data/).
#   ./scripts/engine.sh                      defaults: Kafka on 127.0.0.1:9092, REST on 127.0.0.1:8080
#   ./scripts/engine.sh --config my.properties
#   ./scripts/engine.sh --build-only        builds if the sources are newer than the jar, and exits
# PRESENCE_ENGINE_SKIP_BUILD=1 runs the jar as built, whatever changed since (scripts/cluster.sh sets it).
# Settings: see the configuration table in README.md (a properties file or environment variables).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="$root/presence-api"

# The engine runs from the repository root (that is where ./engine-data/ goes), so a relative
# --config path given by the caller is made absolute first.
args=()
build_only=false
while (($#)); do
  case "$1" in
    --build-only)
      build_only=true; shift ;;
    --config)
      [[ $# -ge 2 ]] || { echo "engine.sh: --config needs a file" >&2; exit 2; }
      args+=("--config" "$(realpath -m -- "$2")"); shift 2 ;;
    --config=*)
      args+=("--config=$(realpath -m -- "${1#--config=}")"); shift ;;
    *)
      args+=("$1"); shift ;;
  esac
done

needs_build() {
  local jar
  jar="$(ls "$api"/target/presence-api-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
  [[ -z "$jar" || ! -d "$api/target/lib" ]] && return 0
  # Any source, schema or pom newer than the jar means the jar is stale.
  [[ -n "$(find "$root/pom.xml" "$root/schemas" "$root/presence-core" "$root/presence-streams" "$api" \
      \( -path '*/target' -prune \) -o \( -type f -newer "$jar" -print \) 2>/dev/null | head -n 1)" ]]
}

if [[ "${PRESENCE_ENGINE_SKIP_BUILD:-}" != 1 ]] && needs_build; then
  # package, not install: running the engine must not write the project's jars into the user's ~/.m2.
  echo "engine.sh: building (mvn -B -q -DskipTests package -pl presence-api -am)..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl presence-api -am)
fi

$build_only && exit 0
jar="$(ls "$api"/target/presence-api-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
[[ -n "$jar" ]] || { echo "engine.sh: no engine jar in presence-api/target; build it (unset PRESENCE_ENGINE_SKIP_BUILD)" >&2; exit 1; }
cd "$root"
exec java ${JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.presence.schema \
  -cp "$jar:$api/target/lib/*" dev.presence.api.PresenceEngine ${args[@]+"${args[@]}"}

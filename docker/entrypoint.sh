#!/usr/bin/env bash
# The image's entrypoint: checks what a container needs that the engine cannot tell from its own
# settings, then runs scripts/engine.sh with the arguments given to `docker run`. Stops at once
# (exit 2, like a configuration error of the engine) with what to set when:
#  - the API would listen beyond loopback (the image's default, so it can be called from outside)
#    without PRESENCE_AUTH_SECRET: every call would be allowed;
#  - KAFKA_APPLICATION_SERVER is missing: other instances could not reach this one;
#  - the state folder (or, with no KAFKA_BOOTSTRAP_SERVERS, the embedded broker's data folder) is
#    not writable by this user, e.g. a host folder mounted with other owners.
# With --config <file> the file may set the first two itself, so only the folders are checked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

problems=()
uses_config_file=false
for arg in "$@"; do
  [[ "$arg" == --config || "$arg" == --config=* ]] && uses_config_file=true
done

is_loopback() {
  [[ "$1" == localhost || "$1" == 127.* || "$1" == ::1 || "$1" == "[::1]" ]]
}

if ! $uses_config_file; then
  if ! is_loopback "${PRESENCE_HTTP_HOST:-127.0.0.1}" && [[ -z "${PRESENCE_AUTH_SECRET:-}" ]]; then
    problems+=("PRESENCE_AUTH_SECRET is not set, and the API listens on ${PRESENCE_HTTP_HOST} so that it can be called from outside the container: set it to a long random value (docker run -e PRESENCE_AUTH_SECRET=\$(openssl rand -hex 32) ...), the same on every instance")
  fi
  if [[ -z "${KAFKA_APPLICATION_SERVER:-}" ]]; then
    problems+=("KAFKA_APPLICATION_SERVER is not set: set it to host:port where other instances reach this one's API (e.g. -e KAFKA_APPLICATION_SERVER=engine-1:8080, or the host's address and published port)")
  fi
fi

check_writable() {
  local dir="$1" what="$2"
  if ! mkdir -p -- "$dir" 2>/dev/null || [[ ! -w "$dir" ]]; then
    problems+=("$what $dir is not writable by user $(id -u):$(id -g): mount a volume there that this user may write (e.g. chown 10001:10001 on the host folder), or run the container with --user set to the folder's owner")
  fi
}
check_writable "${KAFKA_STATE_DIR:-engine-data/streams}" "the state folder (KAFKA_STATE_DIR)"
if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]] && ! $uses_config_file; then
  check_writable "${PRESENCE_EMBEDDED_KAFKA_DATA_DIR:-engine-data/kafka}" \
    "with no KAFKA_BOOTSTRAP_SERVERS the engine runs its own broker, and its data folder (PRESENCE_EMBEDDED_KAFKA_DATA_DIR)"
fi

if ((${#problems[@]})); then
  for problem in "${problems[@]}"; do
    echo "presence image: $problem" >&2
  done
  echo "presence image: not started; every setting is in README.md (PRESENCE_* and KAFKA_* variables)" >&2
  exit 2
fi
exec ./scripts/engine.sh "$@"

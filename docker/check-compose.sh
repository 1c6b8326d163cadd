#!/usr/bin/env bash
# Checks docker/docker-compose.yml without a Docker engine: `docker-compose config -q` parses it,
# resolves anchors and variables, and validates it against the compose schema. Skips (exit 0, with
# a message saying so) where no compose tool is installed: `sudo apt-get install docker-compose`
# (Debian) provides one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The brokers run the clients' Kafka version: the one pom.xml pins.
kafka_version="$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' ../pom.xml)"
for image in $(sed -n 's|^[[:space:]]*image:[[:space:]]*\(apache/kafka[^[:space:]]*\).*|\1|p' docker-compose.yml); do
  if [[ "$image" != "apache/kafka:$kafka_version" ]]; then
    echo "check-compose: FAILED: docker-compose.yml runs $image, but the engine's Kafka clients are $kafka_version (pom.xml): use apache/kafka:$kafka_version" >&2
    exit 1
  fi
done

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "check-compose: SKIPPED: neither docker-compose nor 'docker compose' is installed; docker/docker-compose.yml was not checked" >&2
  exit 0
fi

# The file insists on the secrets; stand-ins let the check run.
PRESENCE_AUTH_SECRET=check-only-secret-0123456789 PRESENCE_AUTH_ADMIN_TOKEN=check-only-admin-0123456789 \
  "${compose[@]}" -f docker-compose.yml config -q
echo "check-compose: docker/docker-compose.yml is valid (${compose[*]})"

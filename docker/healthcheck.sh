#!/usr/bin/env bash
# The image's HEALTHCHECK: healthy while GET /health/live answers 200 (the engine's Kafka Streams is
# running or rebalancing; it is unhealthy once Streams has died and will not come back by itself).
# No curl in the image: HTTP/1.0 over bash's /dev/tcp, which closes the connection after the answer.
set -euo pipefail
host="${PRESENCE_HTTP_HOST:-127.0.0.1}"
case "$host" in 0.0.0.0 | :: | "[::]") host=127.0.0.1 ;; esac
exec 3<>"/dev/tcp/$host/${PRESENCE_HTTP_PORT:-8080}"
printf 'GET /health/live HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status_line <&3
[[ "$status_line" =~ ^HTTP/1\.[01]\ 200 ]]

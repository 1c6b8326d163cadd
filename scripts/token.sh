#!/usr/bin/env bash
# Prints a user token signed with the engine's auth.secret (from the same configuration layers:
# PRESENCE_AUTH_SECRET, or --config <file>); only the secret, the user id and the ttl are checked.
# Callers send it as 'Authorization: Bearer <token>'.
#   ./scripts/token.sh alice            valid for 1 hour
#   ./scripts/token.sh alice 86400      valid for 1 day (at most 30 days)
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/engine.sh" token "$@"

#!/usr/bin/env bash
# Prints a user token signed with the engine's auth.secret (from the same configuration layers:
# PRESENCE_AUTH_SECRET, or --config <file>). Callers send it as 'Authorization: Bearer <token>'.
#   ./scripts/token.sh alice            valid for 1 hour
#   ./scripts/token.sh alice 86400      valid for 1 day
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/engine.sh" token "$@"

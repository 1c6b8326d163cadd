#!/usr/bin/env bash
# presencectl: the operator's command line (README "presencectl"). Builds the tool on first use
# (package -pl presence-ctl -am: nothing is installed into ~/.m2), then runs it with the arguments
# given, e.g. ./scripts/presencectl.sh status alice --detail. Exit status: see --help.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/presence-ctl/target/presence-ctl-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "${PRESENCECTL_REBUILD:-}" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl presence-ctl -am) >&2
fi
exec java -cp "$jar:$root/presence-ctl/target/lib/*" dev.presence.ctl.PresenceCtl "$@"

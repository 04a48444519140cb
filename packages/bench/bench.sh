#!/usr/bin/env bash
# Runs the benchmark: builds it, raises the file-descriptor limit (servers and the load hold 10,000+ sockets
# each; the crowd scenario aims at 100,000), runs.
set -euo pipefail
cd "$(dirname "$0")"
# Raising the hard limit needs CAP_SYS_RESOURCE; without it the soft limit goes up to the hard one.
ulimit -Hn 200000 2>/dev/null || prlimit --pid $$ --nofile=200000:200000 2>/dev/null || echo "open-file hard limit stays $(ulimit -Hn)" >&2
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
npx tsup --silent
# `bench.sh backplanes [flags]`: processes sharing a channel through each backplane engine (src/backplanes/run.ts).
if [ "${1:-}" = backplanes ]; then shift; exec node dist/backplanes/run.js "$@"; fi
exec node dist/bench.js "$@"

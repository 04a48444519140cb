#!/usr/bin/env bash
# Runs the benchmark: builds it, raises the file-descriptor limit (servers and the load hold 10,000+ sockets each), runs.
set -euo pipefail
cd "$(dirname "$0")"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
npx tsup --silent
# `bench.sh backplanes [flags]`: processes sharing a channel through each backplane engine (src/backplanes/run.ts).
if [ "${1:-}" = backplanes ]; then shift; exec node dist/backplanes/run.js "$@"; fi
exec node dist/bench.js "$@"

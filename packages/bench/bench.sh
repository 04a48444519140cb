#!/usr/bin/env bash
# Runs the benchmark: builds it, raises the file-descriptor limit (servers and the load hold 10,000+ sockets each), runs.
set -euo pipefail
cd "$(dirname "$0")"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
npx tsup --silent
exec node dist/bench.js "$@"

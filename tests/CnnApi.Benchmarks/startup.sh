#!/usr/bin/env bash
# Times ./run.sh from a fresh clone to a 200 on /health/live, twice (cold, then warm) — docs/benchmarks.md.
# Usage: tests/CnnApi.Benchmarks/startup.sh [port]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
port="${1:-5391}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"

time_to_live() {
  local start end
  start=$(date +%s.%N)
  ASPNETCORE_URLS="http://127.0.0.1:$port" "$work/clone/run.sh" >"$work/run-$1.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh exited; see below" >&2; tail -n 30 "$work/run-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  end=$(date +%s.%N)
  printf '%s run: %.1f s to /health/live\n' "$1" "$(echo "$end - $start" | bc)"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  # run.sh execs dotnet, so the server is $pid itself (SIGTERM: a background job ignores SIGINT); wait for the port.
  while curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; do sleep 0.1; done
}

time_to_live first
time_to_live second

#!/usr/bin/env bash
# Does the start-up throughput benchmark (Training:CalibrateAtStart) hold back readiness? Starts the built server
# ROUNDS times with it on and off, alternately, on a fresh storage root, and prints the seconds to /health/ready 200
# and how long the calibration took (from the log). Build first: dotnet build src/CnnApi -c Release.
#   ROUNDS=3 PORT=5397 tests/CnnApi.Benchmarks/http/calibration-startup.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${ROUNDS:-3} PORT=${PORT:-5397}
export Datasets__Root=${Datasets__Root:-$PWD/data/datasets} ASPNETCORE_URLS=http://127.0.0.1:$PORT Auth__ApiKeys__0=calibration-startup-key
echo "$(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for calibrate in true false; do
    root=$(mktemp -d); log=$root/log
    start=$(date +%s.%N)
    Storage__Root=$root Training__CalibrateAtStart=$calibrate dotnet src/CnnApi/bin/Release/net10.0/linux-x64/CnnApi.dll >"$log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready"; do sleep 0.05; done
    ready=$(echo "$(date +%s.%N) - $start" | bc)
    if [ "$calibrate" = true ]; then for _ in $(seq 1 600); do grep -q "Throughput calibration" "$log" && break; sleep 0.1; done; fi
    took=$(grep -o "calibration on .* images/s" "$log" | head -1 || true)
    echo "round $round, CalibrateAtStart=$calibrate: ready after ${ready} s ${took:+($took)}"
    kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$root"
  done
done

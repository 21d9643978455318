#!/usr/bin/env bash
# Load test of POST /api/v1/architectures/summary with wrk, against the Release build on a loopback port.
# Usage, from the repository root, after `dotnet build src/CnnApi -c Release`:
#   tests/CnnApi.Benchmarks/http/summary-bench.sh            # appsettings.json logging (Information: one event per request)
#   LEVEL=Warning tests/CnnApi.Benchmarks/http/summary-bench.sh
# Prints uptime before each run (the machine may be shared) and stops only the server it started.
set -euo pipefail
PORT=${PORT:-5391}
DURATION=${DURATION:-15s}
HERE=tests/CnnApi.Benchmarks/http
URL=http://127.0.0.1:$PORT/api/v1/architectures/summary
STORE=$(mktemp -d /tmp/cnnapi-bench.XXXXXX)
LOG=$STORE/server.log

env ASPNETCORE_URLS=http://127.0.0.1:$PORT Storage__Root="$STORE" Datasets__Root="$STORE/datasets" \
    ${LEVEL:+Serilog__MinimumLevel__Default=$LEVEL} \
    dotnet src/CnnApi/bin/Release/net10.0/linux-x64/CnnApi.dll >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$STORE"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 0.5; done

echo "logging: ${LEVEL:-default (Information)}; server log to a file"
BODY=$HERE/seed-valid.json wrk -t2 -c16 -d5s -s $HERE/post-json.lua "$URL" >/dev/null  # warm-up (JIT, tiered compilation)
run() { echo "== $*"; uptime; env "$@" | tail -1; }
run BODY=$HERE/seed-valid.json wrk -t1 -c1 -d"$DURATION" -s $HERE/post-json.lua "$URL"
run BODY=$HERE/seed-valid.json wrk -t2 -c16 -d"$DURATION" -s $HERE/post-json.lua "$URL"
run BODY=$HERE/seed-valid.json ACCEPT=text/plain wrk -t1 -c1 -d"$DURATION" -s $HERE/post-json.lua "$URL"
run BODY=$HERE/seed-valid.json ACCEPT=text/plain wrk -t2 -c16 -d"$DURATION" -s $HERE/post-json.lua "$URL"
echo "== baseline: GET /health/live (the pipeline without the endpoint)"; uptime
wrk -t2 -c16 -d"$DURATION" "http://127.0.0.1:$PORT/health/live" | grep Requests/sec
echo "server log: $(wc -c <"$LOG") bytes"

#!/usr/bin/env bash
# Liveness under a flood of large uploads: wrk posts one big PNG per request from 16 connections while a probe
# loop GETs /health/live every 100 ms; prints the flood's throughput and refusals (503: no decoding slot) and the
# probes' latency. Needs a Storage:Root that already holds a trained model (see docs/benchmarks-predictions.md).
# Usage, from the repository root, after `dotnet build src/CnnApi -c Release`:
#   STORE=/tmp/pred-bench IMAGE=/tmp/big-digit.png tests/CnnApi.Benchmarks/http/decode-flood-bench.sh [VAR=value …]
# Extra VAR=value arguments go to the server's environment, e.g. Predictions__MaxConcurrentDecodes=2.
set -euo pipefail
: "${STORE:?set STORE to a Storage:Root holding a trained model}"
: "${IMAGE:?set IMAGE to a large PNG (e.g. a digit enlarged to 4088 x 4088)}"
PORT=${PORT:-5394}
DURATION=${DURATION:-20s}
HERE=tests/CnnApi.Benchmarks/http
BASE=http://127.0.0.1:$PORT
URL=$BASE/api/v1/predictions
LOG=$(mktemp /tmp/decode-flood-server.XXXXXX.log)
PROBES=$(mktemp /tmp/decode-flood-probes.XXXXXX)

CLEANUP="rm -f $PROBES"
source $HERE/server.sh "$@"
export IMAGE
echo "server: $* ; log $LOG"; uptime
curl -s -o /dev/null -w "first request (loads the model, one decode): %{http_code} in %{time_total} s\n" -F "image=@$IMAGE" "$URL"
wrk -t2 -c4 -d3s -s $HERE/post-image.lua "$URL" >/dev/null 2>&1  # warm-up (JIT)

( while :; do curl -s -o /dev/null -w "%{time_total}\n" "$BASE/health/live" >>"$PROBES"; sleep 0.1; done ) &
PROBER=$!
wrk -t2 -c16 -d"$DURATION" -s $HERE/post-image.lua "$URL" 2>/dev/null | tail -1   # errors = 503s (busy) here
kill $PROBER; wait $PROBER 2>/dev/null || true
sort -n "$PROBES" | awk '{ t[NR] = $1 * 1000 } END {
  printf "/health/live during the flood: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, t[int(NR * 0.5) + 1], t[int(NR * 0.99) + 1], t[NR] }'
uptime

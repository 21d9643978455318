#!/usr/bin/env bash
# Load test of POST /api/v1/predictions (one 28×28 PNG per request) with wrk, against the Release build.
# Needs a Storage:Root that already holds a trained model (see docs/benchmarks-predictions.md).
# Usage, from the repository root, after `dotnet build src/CnnApi -c Release`:
#   STORE=/tmp/pred-bench tests/CnnApi.Benchmarks/http/predict-bench.sh [VAR=value …]
# Extra VAR=value arguments go to the server's environment, e.g. Predictions__BatchWindowMilliseconds=0
# or Predictions__TorchThreads=1. Prints uptime with each run, the mean batch size of each run (from
# /metrics) and VmRSS before and after 20,000 requests; stops only the server it started.
set -euo pipefail
: "${STORE:?set STORE to a Storage:Root holding a trained model}"
PORT=${PORT:-5393}
DURATION=${DURATION:-15s}
HERE=tests/CnnApi.Benchmarks/http
BASE=http://127.0.0.1:$PORT
URL=$BASE/api/v1/predictions
IMAGE=${IMAGE:-$(mktemp /tmp/digit.XXXXXX.png)}
LOG=$(mktemp /tmp/predict-bench-server.XXXXXX.log)
[ -s "$IMAGE" ] || dotnet tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64/CnnApi.Benchmarks.dll \
    predict-accuracy --write-sample "$IMAGE" --index 0

source $HERE/server.sh "$@"
export IMAGE
rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' /proc/$SERVER/status; }
batches() { curl -s "$BASE/metrics" | awk '/^cnnapi_prediction_batch_size_(sum|count)/ {printf "%s ", $2}'; }
mean_batch() { # mean images per forward pass between two `batches` snapshots
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); n = y[2] - x[2];
    if (n > 0) printf "%.1f images/pass over %d passes\n", (y[1] - x[1]) / n, n; else print "no passes" }'; }
run() {
  echo "== $*"; uptime
  local before; before=$(batches)
  env "$@" 2>&1 | tail -1
  echo "   mean batch: $(mean_batch "$before" "$(batches)")"
}

echo "server: $* ; log $LOG"
curl -s -o /dev/null -w "first request (loads the model): %{http_code} in %{time_total} s\n" -F "image=@$IMAGE" "$URL"
echo "VmRSS after the first request: $(rss)"
wrk -t2 -c16 -d5s -s $HERE/post-image.lua "$URL" >/dev/null  # warm-up (JIT, tiered compilation)
echo "VmRSS after warm-up: $(rss)"
run wrk -t1 -c1 -d"$DURATION" -s $HERE/post-image.lua "$URL"
run wrk -t2 -c16 -d"$DURATION" -s $HERE/post-image.lua "$URL"
BEFORE=$(rss)
run STOP_AFTER=10000 wrk -t2 -c16 -d120s -s $HERE/post-image.lua "$URL"
echo "VmRSS before 20,000 requests: $BEFORE, after: $(rss)"

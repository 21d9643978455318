#!/usr/bin/env bash
# Issue 16's scenario, ROUNDS times in a row on one node: a seed-valid job (EPOCHS epochs, TRAIN_LIMIT images,
# the API's default batch 32) while, for LOAD seconds, 8 clients stream its events, wrk posts summaries at
# 8 connections and wrk posts one small PNG to /api/v1/predictions at 8 connections. Each round waits for
# the job to end (at most JOB_TIMEOUT s) and prints its status, images/s per epoch and the load's results.
# Before issue 16's fix the job failed within its first epoch (ExternalException from Scalar.toDouble in
# TorchSharp's Adam). Loopback only; stops the server it started and exits 1 if any job did not succeed.
# Usage, from the repository root, after `dotnet build CnnApi.sln -c Release` and `apt-get install -y wrk`:
#   tests/CnnApi.Benchmarks/http/training-under-load.sh
#   ROUNDS=1 LOAD=20 TRAIN_LIMIT=3000 EPOCHS=1 tests/CnnApi.Benchmarks/http/training-under-load.sh   # a quick look
set -euo pipefail
PORT=${PORT:-5396}
ROUNDS=${ROUNDS:-5}
LOAD=${LOAD:-60}
EPOCHS=${EPOCHS:-3}
TRAIN_LIMIT=${TRAIN_LIMIT:-30000}
JOB_TIMEOUT=${JOB_TIMEOUT:-3600}
HERE=tests/CnnApi.Benchmarks/http
# Where the builds are; point them at copies to keep building while this runs (a rebuild under a running
# server replaces its native libraries and crashes it).
APP=${APP:-src/CnnApi/bin/Release/net10.0/linux-x64}
BENCH=${BENCH:-tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64}
BASE=http://127.0.0.1:$PORT
KEY=bench-key-0123456789   # keys must be 16+ characters
STORE=$(mktemp -d /tmp/train-under-load.XXXXXX)
LOG=$STORE/server.log
export IMAGE=$STORE/digit.png BODY=$HERE/seed-valid.json
export Datasets__Root=${Datasets__Root:-$PWD/data/datasets}
export MNIST_ROOT=${MNIST_ROOT:-$Datasets__Root}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
dotnet "$BENCH/CnnApi.Benchmarks.dll" \
    predict-accuracy --write-sample "$IMAGE" --index 0 >/dev/null

env ASPNETCORE_URLS=$BASE Storage__Root="$STORE" \
    Auth__ApiKeys__0=$KEY RateLimits__Enabled=false Serilog__MinimumLevel__Default=Warning \
    dotnet "$APP/CnnApi.dll" >"$LOG" 2>&1 &
SERVER=$!
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
  echo "server log: $LOG (store $STORE is kept for inspection; remove it when done)"
}
trap cleanup EXIT
for _ in $(seq 120); do curl -sf "$BASE/health/live" >/dev/null && break; sleep 0.5; done

submit() { curl -sf -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -d "$1" "$BASE/api/v1/training-jobs" | jq -r .id; }
finish() { # waits for job $1 to end; prints its final JSON
  local deadline=$((SECONDS + JOB_TIMEOUT)) job
  while :; do
    job=$(curl -sf "$BASE/api/v1/training-jobs/$1")
    case $(jq -r .status <<<"$job") in succeeded|failed|cancelled) echo "$job"; return;; esac
    [ $SECONDS -lt $deadline ] || { echo "$job"; return; }
    sleep 2
  done
}

echo "== $(date -u '+%F %T') UTC, a model to predict with (seed-valid, 1 epoch, 2,000 images)"; uptime
first=$(finish "$(submit '{"preset":"seed-valid","epochs":1,"trainLimit":2000,"batchSize":128,"testLimit":1000}')")
jq -c '{status, testAccuracy, error}' <<<"$first"
wrk -t2 -c8 -d5s -s $HERE/post-image.lua "$BASE/api/v1/predictions" >/dev/null   # warm-up (model load, JIT)

failed=0
for round in $(seq "$ROUNDS"); do
  echo "== round $round/$ROUNDS, $(date -u '+%F %T') UTC: seed-valid, $EPOCHS epochs, trainLimit $TRAIN_LIMIT; ${LOAD} s of load"; uptime
  id=$(submit "{\"preset\":\"seed-valid\",\"epochs\":$EPOCHS,\"trainLimit\":$TRAIN_LIMIT,\"seed\":$round}")
  PIDS=()
  for _ in $(seq 8); do timeout "$LOAD" curl -sN "$BASE/api/v1/training-jobs/$id/events" >/dev/null & PIDS+=($!); done
  wrk -t2 -c8 -d"${LOAD}s" -s $HERE/post-json.lua "$BASE/api/v1/architectures/summary" >"$STORE/summaries.$round" & PIDS+=($!)
  wrk -t2 -c8 -d"${LOAD}s" -s $HERE/post-image.lua "$BASE/api/v1/predictions" >"$STORE/predictions.$round" 2>&1 & PIDS+=($!)
  wait "${PIDS[@]}" 2>/dev/null || true
  echo "   summaries:   $(tail -1 "$STORE/summaries.$round")"
  echo "   predictions: $(tail -1 "$STORE/predictions.$round")"
  echo "   load over, $(uptime)"
  job=$(finish "$id")
  jq -c '{status, error, testAccuracy, imagesPerSecond: [.history[]?.imagesPerSecond | floor]}' <<<"$job"
  [ "$(jq -r .status <<<"$job")" = succeeded ] || failed=$((failed + 1))
done
echo "== $(date -u '+%F %T') UTC: $failed of $ROUNDS jobs did not succeed; server VmRSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$SERVER/status)"
[ $failed -eq 0 ]

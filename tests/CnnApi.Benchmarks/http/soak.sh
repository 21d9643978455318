#!/usr/bin/env bash
# Soak: SECONDS_OF_LOAD (default 180) seconds of mixed traffic against a fresh server on loopback while a training job
# runs (SoakCommand: summaries, predictions, job listing, event streams, job submits and cancels from CLIENTS clients).
# Prints per endpoint requests, errors, p50/p99, the server's resident memory over time and the load average; exits 1
# on any error or 5xx, or when the training job stopped. Stops the server it started and removes its store.
# Do not build while it runs: a rebuild replaces the server's files under it (it dies with a bus error).
# Usage, from the repository root, after `dotnet build CnnApi.sln -c Release`:
#   tests/CnnApi.Benchmarks/http/soak.sh            # the few-minute run recorded in docs/benchmarks.md
#   tests/CnnApi.Benchmarks/http/soak.sh --short    # 40 s, as ./test.sh runs it
set -euo pipefail
SECONDS_OF_LOAD=${SECONDS_OF_LOAD:-180}
[ "${1:-}" = --short ] && SECONDS_OF_LOAD=40
PORT=${PORT:-5397}
CLIENTS=${CLIENTS:-6}
HERE=tests/CnnApi.Benchmarks/http
APP=${APP:-src/CnnApi/bin/Release/net10.0/linux-x64}
BENCH=${BENCH:-tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64}
BASE=http://127.0.0.1:$PORT
KEY=soak-key-0123456789abcdef   # keys must be 16+ characters
STORE=$(mktemp -d /tmp/soak.XXXXXX)
export Datasets__Root=${Datasets__Root:-$PWD/data/datasets}
export MNIST_ROOT=${MNIST_ROOT:-$Datasets__Root}
dotnet "$BENCH/CnnApi.Benchmarks.dll" predict-accuracy --write-sample "$STORE/digit.png" --index 0 >/dev/null

# Rate limits off: the soak measures the service, not the limiter (RateLimitTests cover it). One torch thread for the
# job, so that the serving threads keep a core on this shared machine.
env ASPNETCORE_URLS=$BASE Storage__Root="$STORE" Auth__ApiKeys__0=$KEY RateLimits__Enabled=false \
    Training__TorchThreads=1 Serilog__MinimumLevel__Default=Warning \
    dotnet "$APP/CnnApi.dll" >"$STORE/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
  if [ "${status:-1}" -ne 0 ]; then echo "server log (last lines):"; tail -20 "$STORE/server.log"; fi
  rm -rf "$STORE"
}
trap cleanup EXIT
for _ in $(seq 120); do curl -sf "$BASE/health/live" >/dev/null && break; sleep 0.5; done

status=0
dotnet "$BENCH/CnnApi.Benchmarks.dll" soak --url "$BASE" --key $KEY --pid $SERVER --image "$STORE/digit.png" \
    --body $HERE/seed-valid.json --seconds "$SECONDS_OF_LOAD" --clients "$CLIENTS" || status=$?
# A 5xx the client did not see (a background failure) still counts.
if grep -q '" 5[0-9][0-9] \|StatusCode": 5[0-9][0-9]\|Unhandled exception' "$STORE/server.log"; then
  echo "FAILED: the server log records a 5xx or an unhandled exception"; grep -m5 '5[0-9][0-9]\|Unhandled' "$STORE/server.log"; status=1
fi
exit $status

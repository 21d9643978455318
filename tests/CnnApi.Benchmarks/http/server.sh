# Sourced by the benchmark scripts beside it: starts the Release server on BASE with STORE as its Storage:Root
# (benchmark API key, no rate limits, warnings only) plus the VAR=value arguments given, logs to LOG, waits until
# /health/live answers, and stops it on exit (then runs the caller's CLEANUP, if set).
env ASPNETCORE_URLS=$BASE Storage__Root="$STORE" Auth__ApiKeys__0=bench-key-0123456789 RateLimits__Enabled=false Serilog__MinimumLevel__Default=Warning "$@" \
    dotnet src/CnnApi/bin/Release/net10.0/linux-x64/CnnApi.dll >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; ${CLEANUP:-true}' EXIT
for _ in $(seq 120); do curl -sf "$BASE/health/live" >/dev/null && break; sleep 0.5; done

#!/usr/bin/env bash
# Set up (build, MNIST), then run every test project; ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
BUILD_TARGET=CnnApi.sln BUILD_STAMP=src/CnnApi/obj/.test-build-stamp source build/setup.sh
build/chromium.sh   # Debian's chromium for tests/CnnApi.Browser.Tests, installed when missing

export MNIST_ROOT="${MNIST_ROOT:-$PWD/data/datasets}"
build/npm-deps.sh

# A throwaway PostgreSQL server for the store tests (both providers) and the multi-process tests; stopped on any exit.
step "PostgreSQL"
eval "$(build/postgres.sh start)"
trap 'build/postgres.sh stop "$CNNAPI_PG_DIR"' EXIT
build/apt-deps.sh   # docker-compose and setpriv for the deployment tests, when missing
rm -rf TestResults && mkdir -p TestResults
step "Tests"
status=0
for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "--- $name"
  dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory TestResults || status=1
done

# Issue 9's soak in its short mode: 40 s of mixed traffic while a job trains; fails on any error or 5xx.
echo "--- Soak (short)"; tests/CnnApi.Benchmarks/http/soak.sh --short || status=1

echo "--- OpenAPI lint (Redocly recommended, docs/openapi.json)"; build/lint-openapi.sh || status=1

# One plain closing line summed over every project's trx file.
passed=0; failed=0; skipped=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted) + $(get inconclusive)))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

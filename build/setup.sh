#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: check the toolchain, build what is stale, fetch MNIST.
# Sourced, not run: the caller sets BUILD_TARGET (a project or the solution) and gets APP_DLL back.
set -euo pipefail

CONFIGURATION="${CONFIGURATION:-Release}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (https://dot.net): dotnet was not found on PATH." >&2
  exit 1
fi

APP_DLL="$(find "$REPO_ROOT/src/CnnApi/bin/$CONFIGURATION" -name CnnApi.dll -path '*net10.0*' 2>/dev/null | head -n 1 || true)"
STAMP="$REPO_ROOT/${BUILD_STAMP:-src/CnnApi/obj/.setup-build-stamp}"
# Skip MSBuild (several seconds even when nothing changed) when no tracked input is newer than the last build.
stale() {
  [ -f "$STAMP" ] && [ -n "$APP_DLL" ] || return 0
  [ -n "$(find "$REPO_ROOT/src" "$REPO_ROOT/tests" "$REPO_ROOT/build" "$REPO_ROOT"/Directory.* "$REPO_ROOT/CnnApi.sln" \
      "$REPO_ROOT/docs/openapi.json" "$REPO_ROOT/dotnet-tools.json" \
      -newer "$STAMP" -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/.openapi-lint/*' -print -quit 2>/dev/null)" ]
}

if stale; then
  step "Build ${BUILD_TARGET:-CnnApi.sln} ($CONFIGURATION)"
  dotnet build "$REPO_ROOT/${BUILD_TARGET:-CnnApi.sln}" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -v:q
  touch "$STAMP"
  APP_DLL="$(find "$REPO_ROOT/src/CnnApi/bin/$CONFIGURATION" -name CnnApi.dll -path '*net10.0*' | head -n 1)"
else
  step "Build: up to date"
fi

step "MNIST in ${Datasets__Root:-data/datasets}"
# The app knows the files' sizes and SHA-256; it fetches only what is missing or corrupt.
(cd "$REPO_ROOT" && dotnet "$APP_DLL" fetch-datasets)

#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: check the toolchain, restore and build, fetch MNIST.
# Sourced, not run: it leaves CONFIGURATION and APP_DLL set for the caller.
set -euo pipefail

CONFIGURATION="${CONFIGURATION:-Release}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (https://dot.net): dotnet was not found on PATH." >&2
  exit 1
fi

step "Build ($CONFIGURATION)"
dotnet build "$REPO_ROOT/CnnApi.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -v:q

APP_DIR="$(dirname "$(find "$REPO_ROOT/src/CnnApi/bin/$CONFIGURATION" -name CnnApi.dll -path '*net10.0*' | head -n 1)")"
APP_DLL="$APP_DIR/CnnApi.dll"

step "MNIST in ${Datasets__Root:-data/datasets}"
# The app knows the files' sizes and SHA-256; it fetches only what is missing or corrupt.
(cd "$REPO_ROOT" && dotnet "$APP_DLL" fetch-datasets)

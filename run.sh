#!/usr/bin/env bash
# Set up (build, MNIST), then serve the API in the foreground on http://127.0.0.1:5080. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
BUILD_TARGET=src/CnnApi/CnnApi.csproj BUILD_STAMP=src/CnnApi/obj/.run-build-stamp source build/setup.sh
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
export ASPNETCORE_CONTENTROOT="$PWD/src/CnnApi"
step "CnnApi on $ASPNETCORE_URLS (Swagger UI: $ASPNETCORE_URLS/swagger)"
exec dotnet "$APP_DLL" --contentRoot "$PWD/src/CnnApi"

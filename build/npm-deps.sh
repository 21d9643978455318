#!/usr/bin/env bash
# Installs the npm packages the tests use when they are missing: tests/tfjs (@tensorflow/tfjs, pinned by its
# package-lock.json), the independent Keras implementation KerasOracleTests runs under node. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d tests/tfjs/node_modules/@tensorflow/tfjs ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm-deps: installing node and npm (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
echo "npm-deps: npm ci in tests/tfjs"
(cd tests/tfjs && npm ci --no-audit --no-fund --loglevel=error)

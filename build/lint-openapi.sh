#!/usr/bin/env bash
# Lints docs/openapi.json (the committed live document) with Redocly's "recommended" ruleset; exits non-zero on any error.
# Redocly CLI is installed once from npm into build/.openapi-lint/ (gitignored).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO_ROOT/build/.openapi-lint"
VERSION="2.77.0"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

if [ "$(cat "$TOOLS/.version" 2>/dev/null || true)" != "$VERSION" ] || [ ! -x "$TOOLS/node_modules/.bin/redocly" ]; then
  echo "Installing @redocly/cli $VERSION into build/.openapi-lint"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error "@redocly/cli@$VERSION" >/dev/null
  echo "$VERSION" > "$TOOLS/.version"
fi
"$TOOLS/node_modules/.bin/redocly" lint --extends=recommended --format=stylish "$REPO_ROOT/docs/openapi.json"

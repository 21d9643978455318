#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/CnnApi.Browser.Tests) when it is missing.
# Playwright's own browser download needs the internet; Debian's package comes from apt, which answers here.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
echo "chromium: installing Debian's package (apt-get)"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Another apt run on the machine holds the lock for a while: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
"$CHROMIUM" --version

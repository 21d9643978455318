#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a free loopback port, in a temp folder.
#   eval "$(build/postgres.sh start)"   # exports CNNAPI_TEST_POSTGRES (an Npgsql connection string, superuser) and CNNAPI_PG_DIR
#   build/postgres.sh stop "$CNNAPI_PG_DIR"
# Installs Debian's postgresql when initdb/pg_ctl are missing. The server refuses to run as root, so as root
# it runs as the 'postgres' user. Tests create (and drop) their own databases in it.
set -euo pipefail

log() { printf '%s\n' "$*" >&2; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  return 1
}

install_postgres() {
  log "==> Installing PostgreSQL (Debian's postgresql package)"
  [ "$(id -u)" -eq 0 ] || { log "PostgreSQL is missing and installing it needs root (apt-get install postgresql)"; exit 1; }
  # No default cluster: the tests make their own, and nothing should listen on 5432 afterwards.
  mkdir -p /etc/postgresql-common
  grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf 2>/dev/null \
    || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the server's user: 'postgres' when we are root, else ourselves.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  log "no free loopback port found"; return 1
}

start() {
  local bin dir port
  bin="$(find_bin)" || { install_postgres; bin="$(find_bin)"; }
  dir="$(mktemp -d /tmp/cnnapi-pg.XXXXXX)"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  (cd "$dir" && as_server_user "$bin/initdb" -D "$dir/data" -U cnnapi --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1) \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  for attempt in 1 2 3; do
    port="$(free_port)"
    # fsync off: a throwaway server for tests, never for data anyone keeps.
    if (cd "$dir" && as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=400" start >&2); then
      log "==> PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
      echo "export CNNAPI_PG_DIR='$dir'"
      echo "export CNNAPI_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=cnnapi;Database=postgres'"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt):"; tail -n 5 "$dir/server.log" >&2 || true
  done
  rm -rf "$dir"; exit 1
}

stop() {
  local dir="${1:-${CNNAPI_PG_DIR:-}}" bin
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  bin="$(find_bin)" || true
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2) || true
  fi
  rm -rf "$dir"
  log "==> PostgreSQL stopped"
}

# An outage for the fault tests (StoreUnavailableTests): pause stops the server and keeps its folder; resume starts it
# again on the same port with the same options (pg_ctl restart reads them back from postmaster.opts).
pause() {
  local dir="$1" bin; bin="$(find_bin)"
  (cd "$dir" && as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2)
}

resume() {
  local dir="$1" bin; bin="$(find_bin)"
  (cd "$dir" && as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 restart >&2)
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  pause) pause "${2:?usage: $0 pause DIR}" ;;
  resume) resume "${2:?usage: $0 resume DIR}" ;;
  *) echo "usage: $0 start | stop DIR | pause DIR | resume DIR" >&2; exit 2 ;;
esac

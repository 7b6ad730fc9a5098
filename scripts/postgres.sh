#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for tests. Never use it for real data:
# it trusts every local connection and runs without fsync.
#
#   scripts/postgres.sh start|stop|status|url|destroy
#
# It listens on 127.0.0.1:$EARCHIVE_PG_PORT (55432) only, with its unix socket in
# its data directory, and has one role `earchive` and one database `earchive_test`.
# The cluster lives in $EARCHIVE_PG_DIR, or else in a fresh directory under
# /var/tmp whose path is recorded in var/pg-dir: PostgreSQL refuses to run as root,
# so as root it runs as the system user `earchive`, which cannot enter /root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_PORT=${EARCHIVE_PG_PORT:-55432}
PG_BIN=${EARCHIVE_PG_BIN:-/usr/lib/postgresql/15/bin}   # Debian's PostgreSQL 15
PG_ROLE=earchive
PG_DB=earchive_test
POINTER=$REPO/var/pg-dir

[ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL in $PG_BIN; run scripts/setup.sh (or set EARCHIVE_PG_BIN)"


cluster_dir() { service_dir "${EARCHIVE_PG_DIR:-}" "$POINTER" earchive-pg "${1:-}"; }

pg() { as_owner "$PG_BIN/$1" "${@:2}"; }

is_running() {
  local dir
  dir=$(cluster_dir)
  [ -n "$dir" ] && [ -f "$dir/data/PG_VERSION" ] && pg pg_ctl -D "$dir/data" status >/dev/null 2>&1
}

accepts_connections() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d postgres
}

init_cluster() {
  local dir=$1
  log "PostgreSQL: initdb in $dir/data"
  [ -z "$RUN_AS" ] || chown "$RUN_AS:" "$dir"
  chmod 700 "$dir"
  pg initdb --pgdata="$dir/data" --username="$PG_ROLE" --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # Settings for a disposable test server: loopback only, durability traded for speed.
  as_owner sh -c "cat >> '$dir/data/postgresql.conf'" <<CONF

# scripts/postgres.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir/data'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
  as_owner sh -c "cat > '$dir/data/pg_hba.conf'" <<HBA
# scripts/postgres.sh: trust, for a local throwaway test server only.
local all all trust
host  all all 127.0.0.1/32 trust
HBA
}

start() {
  local dir
  if is_running; then
    log "PostgreSQL: already running on 127.0.0.1:$PG_PORT"
  else
    local probe=0
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || probe=$?
    [ "$probe" -eq 2 ] || die "port $PG_PORT is taken by another server; set EARCHIVE_PG_PORT to a free port"
    ensure_run_user
    dir=$(cluster_dir create)
    [ -f "$dir/data/PG_VERSION" ] || init_cluster "$dir"
    log "PostgreSQL: starting on 127.0.0.1:$PG_PORT (log: $dir/server.log)"
    [ -z "$RUN_AS" ] || chown "$RUN_AS:" "$dir"
    pg pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  local i
  for i in $(seq 1 30); do
    accepts_connections && break
    [ "$i" -lt 30 ] || die "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT"
    sleep 1
  done
  if [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" "$PG_DB"
  fi
  log "PostgreSQL: ready at $(url)"
}

stop() {
  if is_running; then
    pg pg_ctl -D "$(cluster_dir)/data" -m fast -w stop >/dev/null
    log "PostgreSQL: stopped"
  else
    log "PostgreSQL: not running"
  fi
}

status() {
  if is_running; then
    echo "running: $(url) (data: $(cluster_dir)/data)"
  else
    echo "not running"
    return 3
  fi
}

destroy() {
  local dir
  stop
  dir=$(cluster_dir)
  if [ -n "$dir" ]; then
    rm -rf "$dir"
    log "PostgreSQL: removed $dir"
  fi
  rm -f "$POINTER"
}

url() { echo "postgresql+psycopg://$PG_ROLE@127.0.0.1:$PG_PORT/$PG_DB"; }

case "${1:-}" in
  start|stop|status|url|destroy) "$1" ;;
  *) echo "usage: $0 start|stop|status|url|destroy" >&2; exit 2 ;;
esac

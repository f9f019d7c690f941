#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, on 127.0.0.1 only.
#
#   scripts/postgres.sh start   -> prints "URL=postgresql://..." and "DIR=/tmp/..." lines
#   scripts/postgres.sh stop DIR
#
# Installs Debian's postgresql when initdb is missing and we are root. The cluster
# lives in a fresh temporary folder, trusts local connections (it listens on the
# loopback address only and is deleted on stop), and runs as the `postgres` user when
# started by root, since PostgreSQL refuses to run as root.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$found" && -x "$found/initdb" ]]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo ""
}

as_owner() {
  # Run a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  [[ -n "$(find_bin)" ]] && return
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and we are not root: apt-get install postgresql"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available"
  echo "postgres.sh: installing postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true  # a stale list is fine when the package is cached
  apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
  [[ -n "$(find_bin)" ]] || die "postgresql installed but initdb not found"
}

free_port() {
  python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

start() {
  install_if_missing
  local bin dir port
  bin=$(find_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/newsdesk-pg.XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U newsdesk -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/data -c max_connections=50" start >&2; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U newsdesk newsdesk
      echo "URL=postgresql://newsdesk@127.0.0.1:$port/newsdesk"
      echo "DIR=$dir"
      return
    fi
  done
  cat "$dir/data/server.log" >&2 || true
  die "the server did not start"
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  [[ -d "$dir/data" ]] || die "$dir holds no cluster"
  as_owner "$(find_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) die "usage: postgres.sh start | stop DIR" ;;
esac

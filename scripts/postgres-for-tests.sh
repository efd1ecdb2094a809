#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on loopback for the store contract suite and prints its URL.
# Installs PostgreSQL from apt when no server binaries are present. No systemd needed.
#   usage: eval "$(scripts/postgres-for-tests.sh)"   # exports SECSCORE_TEST_PG
set -euo pipefail
PORT="${SECSCORE_PG_PORT:-54329}"
DIR="${SECSCORE_PG_DIR:-/tmp/secscore-pg-$PORT}"

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; }
  return 1
}

BIN="$(find_bindir || true)"
if [ -z "$BIN" ]; then
  echo "installing PostgreSQL from apt..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bindir)"
fi

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
RUN=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  RUN=(runuser -u postgres --)
fi

if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    "${RUN[@]}" "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  fi
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
fi
echo "export SECSCORE_TEST_PG=postgres://postgres@127.0.0.1:$PORT/postgres"

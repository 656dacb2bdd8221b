#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store contract tests (loopback, free port, fsync off).
#   scripts/pg-test-cluster.sh start DIR   → prints the URL to use as QMTL_TEST_POSTGRES_URL
#   scripts/pg-test-cluster.sh stop DIR
# As root, initdb and postgres run as the `postgres` user through runuser.
set -euo pipefail
cmd=${1:?start|stop}
BASE=${2:?directory}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
R=()
if [ "$(id -u)" = 0 ]; then R=(runuser -u postgres --); fi

case "$cmd" in
start)
    mkdir -p "$BASE/sock"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$BASE"; fi
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    "${R[@]}" "$BIN/initdb" -D "$BASE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log"
    "${R[@]}" "$BIN/pg_ctl" -D "$BASE/data" -l "$BASE/server.log" -w -t 60 \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $BASE/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600" \
        start >/dev/null
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
stop)
    if [ -d "$BASE/data" ]; then "${R[@]}" "$BIN/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$BASE"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac

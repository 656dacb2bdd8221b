#!/usr/bin/env bash
# The test command: `swift test` with the store contract suite on SQLite and PostgreSQL.
# Uses QMTL_TEST_POSTGRES_URL if set; otherwise starts a throwaway PostgreSQL cluster when the
# server binaries are installed (apt-get install postgresql), and removes it afterwards.
# Without either, the PostgreSQL cases are left out (and fail instead when CI is set).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${QMTL_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    PGBASE=$(mktemp -d -t qmtl-pg.XXXXXX)
    chmod 755 "$PGBASE"
    trap 'scripts/pg-test-cluster.sh stop "$PGBASE/cluster"; rm -rf "$PGBASE"' EXIT
    QMTL_TEST_POSTGRES_URL=$(scripts/pg-test-cluster.sh start "$PGBASE/cluster")
    export QMTL_TEST_POSTGRES_URL
    echo "test PostgreSQL at $QMTL_TEST_POSTGRES_URL"
elif [ -z "${QMTL_TEST_POSTGRES_URL:-}" ]; then
    echo "note: no PostgreSQL server binaries and no QMTL_TEST_POSTGRES_URL: store tests run on SQLite only" >&2
fi

swift test "$@"

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

# At most 16 test cases run at a time (Swift Testing's default is all of them at once). Unbounded,
# the test process peaked near 2,000 open descriptors — past the ~1,360 at which Foundation's
# Process.run() may crash (swift-corelibs-foundation#5472) — and the two cores were shared by
# every test's timers at once; capped, it peaks near 250 and the suite is no slower.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-16}

# The tests run with line-buffered output, watched: when nothing is printed for
# QMTL_TEST_IDLE_LIMIT seconds (default 600) the run is a hang — the watchdog prints the tests
# that started and did not finish and every thread's stack (gdb, when installed), kills the
# test process, and the run fails instead of stalling CI.
LOG=$(mktemp -t qmtl-test-log.XXXXXX)
IDLE_LIMIT=${QMTL_TEST_IDLE_LIMIT:-600}
STDBUF=""
command -v stdbuf >/dev/null 2>&1 && STDBUF="stdbuf -oL -eL"
set +e
$STDBUF swift test "$@" > >(tee "$LOG") 2>&1 &
TESTS=$!
(
    last=-1
    idle=0
    while kill -0 "$TESTS" 2>/dev/null; do
        sleep 15
        size=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
        if [ "$size" = "$last" ]; then idle=$((idle + 15)); else idle=0; last=$size; fi
        if [ "$idle" -ge "$IDLE_LIMIT" ]; then
            echo "watchdog: no test output for ${idle}s — a hang. Tests started and not finished:"
            grep -oE "◇ Test [^ ]+\(" "$LOG" | sed 's/◇ Test //' | sort -u > "$LOG.started"
            grep -oE "[✔✘] Test [^ ]+\(" "$LOG" | sed -E 's/[✔✘] Test //' | sort -u > "$LOG.done"
            comm -23 "$LOG.started" "$LOG.done" | sed 's/^/  /'
            for pid in $(pgrep -f 'PackageTests.xctest'); do
                echo "watchdog: threads of $pid:"
                command -v gdb >/dev/null 2>&1 && timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 40" 2>&1 | grep -E "^Thread|^#" | head -400
                kill -9 "$pid"
            done
            break
        fi
    done
) &
WATCHDOG=$!
wait "$TESTS"
status=$?
kill "$WATCHDOG" 2>/dev/null
wait "$WATCHDOG" 2>/dev/null
rm -f "$LOG" "$LOG.started" "$LOG.done"
exit $status

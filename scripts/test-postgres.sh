#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster on loopback for the intake service's tests and load runs.
#   scripts/test-postgres.sh start [PORT]   initdb into a temp folder, start it, print the URL to export as
#                                           ALIGNGATE_TEST_POSTGRES_URL (also written to $DIR/url)
#   scripts/test-postgres.sh stop           stop it and remove the folder
# The cluster listens on 127.0.0.1 only, trusts local connections (it holds test data only) and runs as the
# invoking user, or as `postgres` when invoked as root (PostgreSQL refuses to run as root).
set -euo pipefail
DIR="${ALIGNGATE_PG_DIR:-/tmp/aligngate-test-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "test-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
start)
    PORT="${2:-54329}"
    if [ -f "$DIR/data/postmaster.pid" ]; then "$0" stop; fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_owner "$BIN/initdb" -D "$DIR/data" -U aligngate --auth=trust --locale=C -E UTF8 >"$DIR/initdb.log"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-k $DIR -p $PORT -h 127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U aligngate aligngate_test
    echo "postgres://aligngate@127.0.0.1:$PORT/aligngate_test" | as_owner tee "$DIR/url"
    ;;
stop)
    if [ -f "$DIR/data/postmaster.pid" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; fi
    rm -rf "$DIR"
    ;;
*)
    echo "usage: $0 start [PORT] | stop" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests (sourced by run_tests.sh).
# Installs Debian's postgresql when it is missing; exports RCNET_TEST_POSTGRES_URL and
# stops the server when the calling shell exits.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
PGBIN="$(pg_bin)"
PGTEST_DIR="$(mktemp -d /tmp/rcnet-pg-XXXXXX)"
PGTEST_PORT="${RCNET_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"

as_pg() {
  # initdb refuses to run as root: run the server as the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$PGTEST_DIR"
as_pg "$PGBIN/initdb" -D "$PGTEST_DIR/data" -A trust -U rcnet -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/server.log" -w -t 60 \
  -o "-p $PGTEST_PORT -k $PGTEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGTEST_PORT" -U rcnet rcnet_test

stop_test_postgres() { as_pg "$PGBIN/pg_ctl" -D "$PGTEST_DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGTEST_DIR"; }
trap stop_test_postgres EXIT
export RCNET_TEST_POSTGRES_URL="postgresql+psycopg://rcnet@127.0.0.1:$PGTEST_PORT/rcnet_test"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$PGTEST_PORT"

#!/usr/bin/env bash
# Set up (first run) and run every test: unit, AppTest and browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# the region report's test renders its PDF with poppler's pdftoppm.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Database tests run against SQLite and a real PostgreSQL server started here on loopback
# (unless RCNET_TEST_POSTGRES_URL already names one).
if [ -z "${RCNET_TEST_POSTGRES_URL:-}" ]; then
  source scripts/start_test_postgres.sh
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
set +e
# Two workers, one per core (pytest-xdist): a test is handed to whichever worker is free,
# each worker with its own test state and PostgreSQL database (tests/test_database.py).
.venv/bin/python -m pytest -n "${RCNET_TEST_WORKERS:-2}" --dist worksteal "$@"
status=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure of this suite, say so.
if [ "$status" -eq 5 ]; then
  echo "no tests were collected" >&2
  exit 1
fi
exit "$status"

#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install the pinned packages.
#   bash scripts/setup.sh         run-time packages
#   bash scripts/setup.sh --dev   plus tests and lint
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "rcnet needs Python 3.11 or newer")'
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
# pip runs only when the pinned packages changed since the last install (a stamp of the
# requirement files in .venv): a start or a test run on a set-up machine costs no pip call.
stamp=".venv/.rcnet-$(basename "$requirements" .txt)"
wanted=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$wanted" > "$stamp"
fi
# The browser tests check every page with axe-core (MPL-2.0), vendored from npm here at
# set-up, never fetched while the tests run; the tarball is checked against its SHA-256.
if [ "${1:-}" = "--dev" ]; then
  bash scripts/fetch_axe.sh
fi

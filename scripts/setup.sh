#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install the pinned packages.
#   bash scripts/setup.sh         run-time packages
#   bash scripts/setup.sh --dev   plus tests and lint
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "rcnet needs Python 3.11 or newer")'
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
# What each install holds, as a stamp of its requirement files: the development set holds
# the run-time one too.
pins() { cat requirements.txt "$1" | sha256sum | cut -d' ' -f1; }
wanted=$(pins "$requirements")
stamp_name=".rcnet-$(basename "$requirements" .txt)"
installed() {
  [ "$(cat ".venv/$stamp_name" 2>/dev/null)" = "$wanted" ] ||
    [ "$(cat .venv/.rcnet-requirements-dev 2>/dev/null)" = "$(pins requirements-dev.txt)" ]
}

# A clone with no .venv (CI's fresh clone, a second checkout) links to an environment
# already installed on this machine from the same pins and Python, as CI caches keyed on
# a lock file do: installing 1.4 GB again took 127 s of a 2-core machine's test run. The
# environment is built once, under a lock (two clones may set up at once), and used only
# once its stamp says the install finished. A link made for other pins is replaced, never
# installed into (another clone may use it); a .venv folder of its own is kept.
if [ -L .venv ] && ! installed; then
  rm .venv
fi
if [ ! -e .venv ] && [ ! -L .venv ]; then
  python_version=$("$PYTHON" -c 'import sys; print(sys.version.split()[0])')
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/rcnet/venvs"
  shared="$cache/$(basename "$requirements" .txt)-$python_version-${wanted:0:16}"
  mkdir -p "$cache"
  (
    flock 9
    if [ "$(cat "$shared/$stamp_name" 2>/dev/null)" != "$wanted" ]; then
      rm -rf "$shared"
      "$PYTHON" -m venv "$shared"
      "$shared/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
      echo "$wanted" > "$shared/$stamp_name"
    fi
  ) 9>"$shared.lock"
  ln -s "$shared" .venv
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# pip runs only when the pinned packages changed since the last install: a start or a test
# run on a set-up machine costs no pip call.
if ! installed; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$wanted" > ".venv/$stamp_name"
fi
# The browser tests check every page with axe-core (MPL-2.0), vendored from npm here at
# set-up, never fetched while the tests run; the tarball is checked against its SHA-256.
if [ "${1:-}" = "--dev" ]; then
  bash scripts/fetch_axe.sh
fi

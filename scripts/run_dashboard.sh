#!/usr/bin/env bash
# Set up (first run) and start the dashboard on the bundled data.
#   bash scripts/run_dashboard.sh              http://localhost:8501
#   PORT=8600 bash scripts/run_dashboard.sh    http://localhost:8600
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8501}"
if [ ! -x .venv/bin/streamlit ]; then
  echo "rcnet: first run: installing the Python packages into .venv (about a minute, 300 MB); later starts skip this."
fi
bash scripts/setup.sh
# Say plainly when the port is taken, before Streamlit prints its own message.
if ! .venv/bin/python -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$PORT"; then
  echo "rcnet: port $PORT is already in use (another dashboard is running?). Stop it, or choose another port: PORT=8502 bash scripts/run_dashboard.sh" >&2
  exit 1
fi
echo "rcnet: starting the dashboard at http://localhost:$PORT (Ctrl+C stops it)"
# Streamlit's upload limit follows rcnet's import limit (RCNET_MAX_UPLOAD_MB, read by
# rcnet_data/settings.py, the one place its default is written); a secrets file named by
# RCNET_SECRETS_FILE is Streamlit's too (st.login reads [auth] there).
upload_mb=$(.venv/bin/python -c 'import math; from rcnet_data import settings; print(math.ceil(settings.current().max_upload_mb))')
secrets=()
[ -n "${RCNET_SECRETS_FILE:-}" ] && secrets=(--secrets.files "$RCNET_SECRETS_FILE")
exec .venv/bin/streamlit run dashboard.py --server.port "$PORT" \
  --server.maxUploadSize "$upload_mb" "${secrets[@]}" "$@"

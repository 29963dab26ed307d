#!/usr/bin/env bash
# Set up (first run) and start the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"

#!/usr/bin/env bash
# Set up (first run) and start the dashboard on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Streamlit's upload limit follows rcnet's import limit (RCNET_MAX_UPLOAD_MB, 50 MB by default).
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}" \
  --server.maxUploadSize "${RCNET_MAX_UPLOAD_MB:-50}" "$@"

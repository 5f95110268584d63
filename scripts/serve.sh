#!/usr/bin/env bash
# Serve the monthly deployment. Uses PREFECT_API_URL when set; otherwise starts a local
# Prefect server (UI on http://127.0.0.1:4200) with its state under var/prefect.
set -euo pipefail
cd "$(dirname "$0")/.."
export PREFECT_HOME="${PREFECT_HOME:-$PWD/var/prefect}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
mkdir -p "$PREFECT_HOME"
if [ -z "${PREFECT_API_URL:-}" ]; then
  export PREFECT_API_URL="http://127.0.0.1:4200/api"
  if ! .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null; then
    echo "Starting a local Prefect server (UI: http://127.0.0.1:4200, log: var/prefect/server.log)"
    nohup .venv/bin/prefect server start --host 127.0.0.1 --port 4200 > "$PREFECT_HOME/server.log" 2>&1 &
    for _ in $(seq 1 120); do
      .venv/bin/python -c "import urllib.request; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null && break
      sleep 1
    done
  fi
fi
echo "Serving monthly-feedback-cycle/maandelijks against $PREFECT_API_URL (Ctrl-C stops)"
exec .venv/bin/python -m flows.deployment

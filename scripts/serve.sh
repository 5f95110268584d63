#!/usr/bin/env bash
# Serve the monthly deployment. Uses PREFECT_API_URL when set; otherwise starts a local
# Prefect server (UI on http://127.0.0.1:4200).
#
# Paths are settings of the deployment, not run parameters (DESIGN.md §6 v2): put inbox,
# reports and warehouse in a settings file and point FEEDBACKCYCLUS_CONFIG at it (default
# config/feedbackcyclus.toml, else var/ under the project). Prefect's state goes beside the
# warehouse (<state_dir>/prefect) unless PREFECT_HOME is set. Everything is created
# owner-only (umask 077): the runs write person data.
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."
if [ -z "${PREFECT_HOME:-}" ]; then
  PREFECT_HOME="$(.venv/bin/python -c 'from feedbackcyclus.settings import load_settings; print((load_settings().state_dir / "prefect").resolve())')"
fi
export PREFECT_HOME
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
mkdir -p "$PREFECT_HOME"
if [ -z "${PREFECT_API_URL:-}" ]; then
  export PREFECT_API_URL="http://127.0.0.1:4200/api"
  if ! .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null; then
    echo "Starting a local Prefect server (UI: http://127.0.0.1:4200, log: $PREFECT_HOME/server.log)"
    nohup .venv/bin/prefect server start --host 127.0.0.1 --port 4200 > "$PREFECT_HOME/server.log" 2>&1 &
    for _ in $(seq 1 120); do
      .venv/bin/python -c "import urllib.request; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null && break
      sleep 1
    done
  fi
fi
echo "Serving monthly-feedback-cycle/maandelijks against $PREFECT_API_URL (settings: ${FEEDBACKCYCLUS_CONFIG:-config/feedbackcyclus.toml}; Ctrl-C stops)"
exec .venv/bin/python -m flows.deployment

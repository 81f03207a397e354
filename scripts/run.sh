#!/usr/bin/env bash
# The one command that sets up and opens the dashboard:
#
#     bash scripts/run.sh [streamlit run arguments …]
#
# Creates .venv/ at the repository root with requirements.txt installed (skipped when
# unchanged), then starts Streamlit on dashboard.py.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"

ensure_venv "$ROOT"

exec "$ROOT/.venv/bin/streamlit" run dashboard.py --server.showEmailPrompt=false "$@"

#!/usr/bin/env bash
# One Streamlit replica of Rendición, for production behind deploy/Caddyfile:
#
#     deploy/replica.sh PUERTO
#
# Listens only on 127.0.0.1:PUERTO (Caddy is the only way in); the rest of Streamlit's settings
# are the repository's .streamlit/config.toml. Reads its configuration from
# the environment: RENDICION_DB_URL (the shared PostgreSQL store, required here: replicas on a
# local SQLite file would not see each other's publications), RENDICION_EDITORES and/or
# RENDICION_EDITOR_PASSWORD (or .streamlit/secrets.toml in the repository folder).
# deploy/rendicion@.service runs it under systemd; the deployment test runs it too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:?uso: deploy/replica.sh PUERTO}"
if [ -z "${RENDICION_DB_URL:-}" ]; then
    echo "Falta RENDICION_DB_URL: las réplicas deben compartir el almacén de versiones en PostgreSQL." >&2
    exit 2
fi
PYTHON="${RENDICION_PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"
exec "$PYTHON" -m streamlit run dashboard.py \
    --server.address=127.0.0.1 \
    --server.port="$PORT" \
    --server.headless=true \
    --server.fileWatcherType=none \
    --server.enableXsrfProtection=true \
    --server.showEmailPrompt=false \
    --global.developmentMode=false

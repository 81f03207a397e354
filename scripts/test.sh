#!/usr/bin/env bash
# The one command that sets up and runs every test, on a fresh machine too:
#
#     bash scripts/test.sh [pytest arguments …]
#
# 1. Debian packages the tests need, when missing: chromium (browser tests, driven by
#    Playwright at /usr/bin/chromium), fonts-liberation and fonts-noto-color-emoji (so
#    screenshots show text and the semáforo's emoji as users see them) and postgresql
#    (store tests) and caddy (the deployment test, tests/test_deploy.py). Uses apt-get as root,
#    or through sudo when not root.
# 2. .venv/ at the repository root with requirements.txt installed (skipped when unchanged).
# 3. python -m pytest with the given arguments; the exit code is pytest's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "No se puede ejecutar como root (sin sudo): $*" >&2
        return 1
    fi
}

have_deb() {
    command -v dpkg-query >/dev/null 2>&1 &&
        dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
if command -v dpkg-query >/dev/null 2>&1; then
    for font in fonts-liberation fonts-noto-color-emoji; do
        have_deb "$font" || missing+=("$font")
    done
    # LibreOffice renders the Excel report to PDF in tests/test_informe.py. By package, not by
    # command: a removed LibreOffice leaves /usr/bin/soffice behind (libreoffice-common).
    have_deb libreoffice-calc-nogui || have_deb libreoffice-calc || missing+=(libreoffice-calc-nogui)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "Instalando paquetes del sistema: ${missing[*]} …"
        as_root apt-get update -qq >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Aviso: faltan ${missing[*]} y no hay apt-get; instálelos a mano." >&2
    fi
fi

ensure_venv "$ROOT"

status=0
"$ROOT/.venv/bin/python" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "Error: pytest no ejecutó ninguna prueba." >&2
fi
exit "$status"

# Shared by scripts/test.sh and scripts/run.sh (sourced, not run): create .venv at the
# repository root if missing and install requirements.txt into it. Skips pip entirely when
# requirements.txt and the venv's Python are unchanged since the last successful install.

ensure_venv() {
    local root="$1"
    local venv="$root/.venv"
    local python="$venv/bin/python"

    if [ ! -x "$python" ]; then
        echo "Creando el entorno virtual en .venv/ …"
        python3 -m venv "$venv"
    fi

    local stamp="$venv/.requirements.sha256"
    local want
    want="$( { cat "$root/requirements.txt"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi

    echo "Instalando dependencias de Python (requirements.txt) …"
    "$python" -m pip install -qq --disable-pip-version-check -r "$root/requirements.txt"
    echo "$want" >"$stamp"
}

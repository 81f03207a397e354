"""Pointing the dashboard at a plan, and serving it (or any script) with Streamlit."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import DASHBOARD, REPO_ROOT, SHIPPED
from rendicion.server import start_streamlit

# =============================================================================================
# Pointing the app at a plan


def dashboard_reads_store() -> bool:
    """Whether ``dashboard.py`` takes its plan from the version store (``RENDICION_DB_URL``)."""
    source = DASHBOARD.read_text(encoding="utf-8")
    return bool(re.search(r"\bStore\b|\bpublishing\b|RENDICION_DB_URL|rendicion\.store", source))


@contextmanager
def app_target(path: Path) -> Iterator[tuple[Path, dict, str]]:
    """(script to run, environment, mode) that make the dashboard show the plan at ``path``.

    ``store``: a fresh SQLite store in a temporary folder, seeded as the app seeds it, with the
    workbook published on top (``rendicion.versions.publishing``), named by ``RENDICION_DB_URL``.
    ``copia``: the entrypoint does not read the store yet; a temporary copy of ``dashboard.py``
    (beside a link to ``pages/``) whose ``PLAN_FILE`` is ``path``.
    """
    with tempfile.TemporaryDirectory(prefix="rendicion-bench-") as folder:
        folder = Path(folder)
        if dashboard_reads_store():
            from rendicion.versions import publishing
            from rendicion.versions.store import Store

            url = f"sqlite:///{folder / 'versiones.db'}"
            store = Store(url)
            publishing.ensure_seeded(store)
            if Path(path).resolve() != SHIPPED.resolve():
                candidate = publishing.prepare(Path(path).read_bytes(), Path(path).name)
                publishing.publish(store, candidate, note="Plan sintético (medición de rendimiento)")
            store.close()
            yield DASHBOARD, {"RENDICION_DB_URL": url}, "store"
            return
        source = DASHBOARD.read_text(encoding="utf-8")
        patched, count = re.subn(r"^PLAN_FILE = .*$", f"PLAN_FILE = Path({str(Path(path).resolve())!r})", source,
                                 flags=re.MULTILINE)
        if count != 1:
            raise RuntimeError("dashboard.py no lee el almacén ni define PLAN_FILE: no se puede apuntar a otro plan.")
        script = folder / "dashboard.py"
        script.write_text(patched, encoding="utf-8")
        (folder / "pages").symlink_to(REPO_ROOT / "pages", target_is_directory=True)
        if (REPO_ROOT / ".streamlit").is_dir():
            (folder / ".streamlit").symlink_to(REPO_ROOT / ".streamlit", target_is_directory=True)
        yield script, {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}, \
            "copia"


# =============================================================================================
# Streamlit server (the same flags as tests/harness.py)


def serve(script: Path, env: dict | None = None, cwd: Path | None = None, timeout: float = 90):
    """``streamlit run script`` headless on a free loopback port (see :mod:`rendicion.server`)."""
    return start_streamlit(script, env=env, cwd=cwd, timeout=timeout)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("Chromium no está instalado (bash scripts/test.sh lo instala).")
    return path

"""Faults: a publisher killed with SIGKILL, and a version store on a read-only location.

1. A child process publishes versions in a loop (``rendicion.versions.publishing.publish``) and prints each
   version number and sha256 as soon as ``publish`` returns. The test kills it with SIGKILL fifty
   times at random moments (restarting it each time), then checks that every acknowledged version
   is in the store with exactly its bytes, that every stored version's bytes match their sha256,
   and that SQLite finds the file intact.
2. The dashboard keeps serving when its store can only be read: the store is filled, then opened
   through a read-only URL (``sqlite:///file:…?mode=ro&uri=true``; ``chmod`` does not stop root,
   and a read-only bind mount needs privileges CI does not have). ``/`` must render the store's
   current version with no exception box.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from tests.harness import REPO_ROOT, exception_boxes, start_streamlit, wait_for_app

KILLS = 50

_PUBLISHER = r"""
import io, sys, zipfile
from rendicion.versions import publishing
from rendicion.versions.store import Store

store = Store(sys.argv[1])
publishing.ensure_seeded(store)
seed = publishing.SEED_PLAN.read_bytes()

def variant(n):
    # The shipped plan with another title in its document properties: new bytes, same plan.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"</cp:coreProperties>", b"<dc:title>variante %d</dc:title></cp:coreProperties>" % n)
            target.writestr(info, data)
    return out.getvalue()

candidates = [publishing.prepare(variant(int(sys.argv[2]) * 1000 + k), f"plan_{k}.xlsx") for k in range(4)]
assert all(c.ok for c in candidates)
print("LISTO", flush=True)
k = 0
while True:
    version = publishing.publish(store, candidates[k % len(candidates)], note=f"ciclo {k}")
    print(f"PUBLICADA {version.version} {version.sha256}", flush=True)
    k += 1
"""


def _run_and_kill(url: str, round_: int, rng: random.Random) -> list[tuple[int, str]]:
    """Start the publisher, let it publish for a random moment, SIGKILL it; the versions it acknowledged."""
    process = subprocess.Popen([sys.executable, "-c", _PUBLISHER, url, str(round_)], cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("LISTO"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(timeout=60):
            pytest.fail(f"el publicador no arrancó:\n{process.stderr.read() if process.poll() is not None else ''}")
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    reader.join(timeout=30)
    assert process.returncode == -signal.SIGKILL, (process.returncode, process.stderr.read()[-2000:])
    acknowledged = []
    for line in lines:
        if line.startswith("PUBLICADA "):
            _, number, sha = line.split()
            acknowledged.append((int(number), sha))
    return acknowledged


def test_every_acknowledged_version_survives_sigkill(tmp_path):
    from rendicion.versions.store import Store

    path = tmp_path / "versiones.db"
    url = f"sqlite:///{path}"
    rng = random.Random(6)
    acknowledged: list[tuple[int, str]] = []
    for round_ in range(KILLS):
        acknowledged += _run_and_kill(url, round_, rng)
    assert len(acknowledged) >= KILLS, "el publicador casi no alcanzó a publicar: la prueba no prueba nada"

    store = Store(url)
    try:
        stored = {v.version: v for v in store.versions()}
        for number, sha in acknowledged:
            assert number in stored, f"la versión {number} se confirmó pero no está en el almacén"
            assert stored[number].sha256 == sha
            assert hashlib.sha256(store.data(number)).hexdigest() == sha
        for number, version in stored.items():  # also the ones killed after COMMIT, before the print
            assert hashlib.sha256(store.data(number)).hexdigest() == version.sha256
        assert sorted(stored) == list(range(1, max(stored) + 1)), "hay huecos en la numeración"
        assert store.current().version == max(stored)
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def read_only_store(tmp_path) -> str:
    """A store holding the shipped plan and, as current version, a synthetic plan; its read-only URL."""
    from bench.synth import synthetic_workbook
    from rendicion.versions import publishing
    from rendicion.versions.store import Store

    path = tmp_path / "versiones.db"
    store = Store(f"sqlite:///{path}")
    publishing.ensure_seeded(store)
    candidate = publishing.prepare(synthetic_workbook(20), "sintetico.xlsx")
    publishing.publish(store, candidate, note="Plan sintético")
    store.close()
    with sqlite3.connect(path) as connection:  # fold the WAL into the file, as a backup copy would be
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_dashboard_serves_from_a_read_only_store(read_only_store, page, page_errors, tmp_path):
    from rendicion.common.errors import StoreError
    from rendicion.versions.store import Store

    store = Store(read_only_store)
    try:
        assert store.current().version == 2
        with pytest.raises(StoreError, match="solo lectura"):
            store.publish(b"x", summary={})
    finally:
        store.close()

    with start_streamlit(REPO_ROOT / "dashboard.py", env={"RENDICION_DB_URL": read_only_store}, cwd=REPO_ROOT,
                         log_path=tmp_path / "streamlit.log") as server:
        page.goto(server.url)
        wait_for_app(page)
        assert page.get_by_role("heading", name="Resumen del plan").is_visible()
        assert exception_boxes(page) == []
        assert page.get_by_text("Municipio Sintético").first.is_visible()  # the store's current version
        page.goto(f"{server.url}/cronograma")
        wait_for_app(page)
        assert exception_boxes(page) == []
        assert page_errors == []
        assert "Traceback" not in server.log()

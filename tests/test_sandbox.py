"""rendicion.versions.sandbox: uploads are validated in a bounded child, a few at a time, and leave nothing behind.

Limits are hit on purpose with small ``Limits`` and real workbooks (the hostile suite's); the
queue is driven with threads and events (timeouts there only guard against a hang). Memory is
measured as resident memory of a child Python process, never with a clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.hostile_workbooks import BY_NAME, shared_text_blowup
from rendicion.common.errors import CpuLimitExceeded, MemoryLimitExceeded, TimeLimitExceeded
from rendicion.reading.loader import read_plan
from rendicion.versions import sandbox
from rendicion.versions.sandbox import Limits, _Line, validate_isolated
from rendicion.versions.store import Store
from tests.builders import SHIPPED

REPO_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(REPO_ROOT / "dashboard.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HANG = 120  # seconds: only so that a broken queue fails instead of hanging the suite


@pytest.fixture(scope="module")
def largest_plan() -> bytes:
    return BY_NAME["plan_real_mas_grande"].build()


@pytest.fixture(scope="module")
def unmatched() -> bytes:
    return BY_NAME["seguimiento_sin_coincidencias"].build()


def test_the_shipped_plan_comes_back_from_the_child_as_read_here():
    data = SHIPPED.read_bytes()
    candidate = validate_isolated(data, "C:\\Usuarios\\plan_2018.xlsx")
    here = read_plan(data)
    assert candidate.ok and candidate.filename == "plan_2018.xlsx" and candidate.data == data
    assert candidate.plan.summary() == here.plan.summary()
    assert candidate.plan.seguimiento.equals(here.plan.seguimiento)
    assert [i.message for i in candidate.findings.issues] == [i.message for i in here.findings.issues]


def test_a_refused_workbook_comes_back_with_its_spanish_report():
    candidate = validate_isolated(BY_NAME["numeros_60000x120"].build(), "numeros.xlsx")
    assert not candidate.ok and candidate.plan is None
    assert "más de 250.000 celdas, el máximo por hoja" in candidate.findings.errors[0].message


def test_cpu_limit_is_named_in_spanish(unmatched):
    with pytest.raises(CpuLimitExceeded) as refusal:
        validate_isolated(unmatched, "seguimiento.xlsx", limits=Limits(cpu_seconds=1))
    message = str(refusal.value)
    assert "superó el límite de tiempo de procesador de 1 segundo" in message
    assert "no se leyó ni se publicó" in message


def test_memory_limit_is_named_in_spanish(largest_plan):
    with pytest.raises(MemoryLimitExceeded) as refusal:
        validate_isolated(largest_plan, "grande.xlsx", limits=Limits(memory_bytes=24 * 1024 * 1024))
    assert "superó el límite de memoria de 24 MB" in str(refusal.value)


def test_a_child_that_does_not_finish_in_time_is_killed_and_named(largest_plan):
    """A validation whose child outlives its wall-clock allowance (here 0.5 s: less than its imports)."""
    with pytest.raises(TimeLimitExceeded, match="no terminó en 0,5 segundos"):
        validate_isolated(largest_plan, "grande.xlsx", limits=Limits(wall_seconds=0.5))
    assert sandbox.LINE.running == 0  # the slot was given back


def test_a_small_workbook_that_parsers_blow_up_is_refused_before_parsing():
    """0.4 MB that calamine would turn into 6 GB (one long shared text in 200,000 cells): the guard adds up what
    the shared texts expand to and refuses it in the child before any parser runs (it used to take the child to
    its 768 MB limit). The child says what it used."""
    data = shared_text_blowup()
    assert len(data) < 1024 * 1024
    loaded, usage = sandbox.run_child_measured(data)
    assert not loaded.ok and "suman más de 50.000.000 caracteres" in loaded.findings.errors[0].message
    assert usage.peak_bytes < 300 * 1024 * 1024 and usage.cpu_seconds < 10  # imports included


def test_the_default_limits_let_the_largest_real_plan_through(largest_plan):
    candidate = validate_isolated(largest_plan, "grande.xlsx")
    assert candidate.ok and len(candidate.plan.actividades) == 2000 and len(candidate.plan.seguimiento) == 18_000


# ---- priority: the child yields the processor to the server's own threads ---------------------


def _sandbox_children() -> dict[int, list[str]]:
    """This process's live validation children: pid -> the fields of /proc/pid/stat after the command name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == os.getpid() and b"rendicion.versions.sandbox" in command:
            found[int(entry.name)] = fields
    return found


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_the_child_runs_at_idle_priority_in_the_servers_scheduling_group(largest_plan):
    """Read back from /proc while a validation runs: policy SCHED_IDLE, its own process group, and the
    server's session (a session of its own would be a scheduling group of its own under autogrouping,
    where the policy would only rank it against itself)."""
    seen: dict[int, list[str]] = {}
    worker = threading.Thread(target=validate_isolated, args=(largest_plan, "grande.xlsx"))
    worker.start()
    while worker.is_alive():
        seen.update(_sandbox_children())
        worker.join(0.02)
    assert len(seen) == 1, seen
    pid, fields = next(iter(seen.items()))
    process_group, session, policy = int(fields[2]), int(fields[3]), int(fields[38])
    assert policy == os.SCHED_IDLE
    assert process_group == pid and session == os.getsid(0)


_SERVER_CPU_CHILD = r"""
import json, resource
from rendicion.versions.sandbox import validate_isolated
from bench.hostile_workbooks import BY_NAME
from tests.builders import SHIPPED

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process only: not the validation children
    return usage.ru_utime + usage.ru_stime

uploads = [BY_NAME["actividades_60000"].build(), BY_NAME["numeros_60000x120"].build(),
           BY_NAME["plan_real_mas_grande"].build(), SHIPPED.read_bytes()]
validate_isolated(SHIPPED.read_bytes(), "calentamiento.xlsx")  # imports (pandas, the plan classes) once
before = cpu()
outcomes = [validate_isolated(data, f"carga_{k}.xlsx").ok for k, data in enumerate(uploads)]
print(json.dumps({"cpu": cpu() - before, "ok": outcomes, "megabytes": sum(map(len, uploads)) / 2**20}))
"""


def test_the_server_spends_little_processor_per_upload():
    """What the server's own thread does per upload (hand the bytes over, hash them, read back the
    result): about 0.02 s of CPU for the 9 MB workbook. Budget: 0.25 s per upload, CPU of a child process."""
    done = subprocess.run([sys.executable, "-c", _SERVER_CPU_CHILD], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=900, env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] == [False, False, True, True] and result["megabytes"] > 15
    assert result["cpu"] <= 4 * 0.25, result


# ---- the queue ------------------------------------------------------------------------------


def test_the_queue_admits_two_at_once_and_tells_the_others_their_place_in_order():
    line = _Line(2)
    release = threading.Event()
    inside: list[str] = []
    places: dict[str, list[int]] = {name: [] for name in "ABCD"}
    admitted = threading.Semaphore(0)
    most = [0]
    lock = threading.Lock()

    def validation(name: str) -> None:
        with line.slot(on_queued=places[name].append):
            with lock:
                inside.append(name)
                most[0] = max(most[0], line.running)
            admitted.release()
            release.wait(HANG)

    threads = {name: threading.Thread(target=validation, args=(name,)) for name in "ABCD"}
    for name in "AB":
        threads[name].start()
        assert admitted.acquire(timeout=HANG)
    threads["C"].start()
    _wait_until(lambda: line.waiting == 1)
    threads["D"].start()
    _wait_until(lambda: line.waiting == 2)
    assert inside == ["A", "B"] and places["C"] == [1] and places["D"] == [2]

    release.set()
    for thread in threads.values():
        thread.join(HANG)
    assert inside == ["A", "B", "C", "D"]
    assert places["A"] == places["B"] == []  # admitted at once: never told they were queued
    assert places["D"][0] == 2 and places["D"][-1] in (1, 2)
    assert most[0] == 2 and line.running == 0 and line.waiting == 0


def test_a_validation_that_fails_gives_its_slot_back():
    line = _Line(1)
    with pytest.raises(ValueError):
        with line.slot():
            raise ValueError("falla")
    with line.slot():  # would wait forever if the slot had been kept
        assert line.running == 1
    assert line.running == 0


def test_a_page_that_goes_away_while_queued_leaves_the_line():
    """Streamlit stops a script by raising from its next element: the ticket must not block the line."""
    line = _Line(1)
    release = threading.Event()
    holder_inside = threading.Event()

    def holder() -> None:
        with line.slot():
            holder_inside.set()
            release.wait(HANG)

    class PageGone(BaseException):
        pass

    def gone(place: int) -> None:
        raise PageGone()

    first = threading.Thread(target=holder)
    first.start()
    assert holder_inside.wait(HANG)
    with pytest.raises(PageGone):
        with line.slot(on_queued=gone):
            pass
    assert line.waiting == 0
    release.set()
    first.join(HANG)
    with line.slot():  # the line still admits the next one
        assert line.running == 1


def _wait_until(condition) -> None:
    done = threading.Event()
    for _ in range(HANG * 100):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("la cola no llegó al estado esperado")


# ---- nothing stays behind -------------------------------------------------------------------

_MEMORY_CHILD = r"""
import gc, json, sys
from rendicion.versions.sandbox import validate_isolated, Limits
from bench.hostile_workbooks import BY_NAME, shared_text_blowup

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

largest = BY_NAME["plan_real_mas_grande"].build()
refused = BY_NAME["numeros_60000x120"].build()
kept = validate_isolated(largest, "grande.xlsx")   # warms up pandas in this process too
del kept
gc.collect()
baseline = rss()
for _ in range(3):
    candidate = validate_isolated(largest, "grande.xlsx")
    assert candidate.ok
    del candidate
    assert not validate_isolated(refused, "numeros.xlsx").ok
    try:
        validate_isolated(largest, "grande.xlsx", limits=Limits(memory_bytes=24 * 1024 * 1024))
    except Exception as error:
        assert type(error).__name__ == "MemoryLimitExceeded", error
    gc.collect()
print(json.dumps({"baseline": baseline, "after": rss()}))
"""


def test_the_server_memory_returns_to_its_baseline_after_validations():
    """Nine validations (usable, refused, over the memory limit) leave the parent within 40 MB of its baseline."""
    done = subprocess.run([sys.executable, "-c", _MEMORY_CHILD], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=900, env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["after"] - result["baseline"] <= 40, result


def test_a_refused_upload_is_not_kept_by_the_page(isolated_store, tmp_path, monkeypatch, unmatched):
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page("pages/cargar.py").run()
    at.file_uploader(key="carga_archivo").set_value(("plan.xlsx", SHIPPED.read_bytes(), XLSX)).run()
    assert not at.exception
    assert "_candidato_validado" in at.session_state  # a usable upload is kept for the page's reruns

    at.file_uploader(key="carga_archivo").set_value(("numeros.xlsx", BY_NAME["numeros_60000x120"].build(),
                                                     XLSX)).run()
    assert not at.exception and any("1 error." in e.value for e in at.error)
    assert "_candidato_validado" not in at.session_state

    monkeypatch.setattr(sandbox, "LIMITS", Limits(cpu_seconds=1))
    at.file_uploader(key="carga_archivo").set_value(("seguimiento.xlsx", unmatched, XLSX)).run()
    assert not at.exception
    assert any("superó el límite de tiempo de procesador de 1 segundo" in e.value for e in at.error)
    assert "_candidato_validado" not in at.session_state
    assert not [b for b in at.button if b.label == "Publicar"]
    assert [v.version for v in Store(isolated_store).versions()] == [1]


def test_the_queue_message_says_where_the_upload_is():
    from ui import widgets

    assert widgets.queue_message(1, 2).startswith("En cola: su libro es el siguiente.")
    assert widgets.queue_message(3, 2).startswith("En cola: hay 2 libros esperando antes que el suyo.")
    assert "hasta 2 libros a la vez" in widgets.queue_message(1, 2)

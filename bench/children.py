"""Measurements in fresh processes: reading, memory, engine and figures (``--child``), and whole commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CORTE, GANTT_PAGE_ROWS, REPO_ROOT, RESULT_PREFIX, _median, synthetic_path

# =============================================================================================
# Children: one measurement per fresh process


def _rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _max_rss_mb() -> float:
    """Peak resident set size of this process, in MB.

    From ``VmHWM`` (the high-water mark of this process's own memory), not ``ru_maxrss``: Linux
    carries ``ru_maxrss`` over ``exec``, so a child would report its parent's size when that is larger.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


def _timed(function, repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def child_read_plan(path: Path, repeat: int) -> dict:
    from rendicion.reading.loader import read_plan

    baseline = _rss_mb()
    start = time.perf_counter()
    loaded = read_plan(path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "ok": loaded.ok, "errors": len(loaded.findings.errors),
            "warnings": len(loaded.findings.warnings), "baseline_rss_mb": baseline, "max_rss_mb": _max_rss_mb()}


def child_read_excel(path: Path, repeat: int) -> dict:
    import pandas as pd

    baseline = _rss_mb()
    start = time.perf_counter()
    frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "sheets": len(frames), "baseline_rss_mb": baseline, "max_rss_mb": _max_rss_mb()}


def child_memory(path: Path, repeat: int) -> dict:
    import tracemalloc

    import pandas  # noqa: F401 - imported before the baseline, as the app has it

    from rendicion.followup import engine
    from rendicion.reading.loader import read_plan

    baseline = _rss_mb()
    tracemalloc.start()
    loaded = read_plan(path)
    evaluated = engine.evaluate(loaded.plan, CORTE)
    members = engine.membership(loaded.plan)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"tracemalloc_peak_mb": peak / 1e6, "baseline_rss_mb": baseline, "max_rss_mb": _max_rss_mb(),
            "rows": len(evaluated), "members": len(members)}


def child_engine(path: Path, repeat: int) -> dict:
    from rendicion.followup import engine
    from rendicion.reading.loader import read_plan

    plan = read_plan(path).plan
    return {
        "evaluate": _timed(lambda: engine.evaluate(plan, CORTE), repeat),
        "membership": _timed(lambda: engine.membership(plan), repeat),
        "activities": len(plan.actividades),
    }


def child_figures(path: Path, repeat: int) -> dict:
    from rendicion.followup import engine
    from rendicion.followup.view import Filters, View, activity_table
    from rendicion.outputs import figures
    from rendicion.reading.loader import read_plan

    plan = read_plan(path).plan
    evaluated = engine.evaluate(plan, CORTE)
    members = engine.membership(plan)
    scheduled = evaluated[evaluated["dias_programados"] > 0]
    first_page = scheduled.iloc[:GANTT_PAGE_ROWS]

    def view() -> View:
        return View(plan, evaluated, members, Filters(corte=CORTE))

    shown = view()
    builders = {
        "gantt": lambda: figures.gantt(first_page, plan.cronograma, plan.parametros, CORTE),
        "gantt_completo": lambda: figures.gantt(scheduled, plan.cronograma, plan.parametros, CORTE),
        "estados": lambda: figures.estados(shown.actividades),
        "avance_por_subcomponente": lambda: figures.avance_por_subcomponente(
            view().por_subcomponente, plan.parametros),
        "avance_por_dependencia": lambda: figures.avance_por_dependencia(
            view().por_dependencia, plan.parametros),
        "estado_por_dependencia": lambda: figures.estado_por_dependencia(evaluated, members),
        "indicador": lambda: figures.indicador(shown.resumen["avance"], shown.resumen["semaforo"],
                                               plan.parametros),
        "tabla_matriz": lambda: activity_table(view()),
    }
    result = {name: _timed(build, repeat) for name, build in builders.items()}
    result["gantt_json_bytes"] = len(builders["gantt"]().to_json())
    result["gantt_completo_json_bytes"] = len(builders["gantt_completo"]().to_json())
    return result


#: The plain read the loader is compared with, as a whole command (imports included).
PLAIN_READ_COMMAND = ("import sys\nimport pandas as pd\n"
                      "pd.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl')\n")


def check_command(path: Path) -> list[str]:
    """``python -m rendicion check FILE``: what a user or a script runs to validate a workbook."""
    return [sys.executable, "-m", "rendicion", "check", str(path)]


def plain_read_command(path: Path) -> list[str]:
    """A fresh Python that imports pandas and reads every sheet with openpyxl, nothing else."""
    return [sys.executable, "-c", PLAIN_READ_COMMAND, str(path)]


def run_command(command: list[str]) -> dict:
    """Wall seconds, CPU seconds (user + system, from ``os.wait4``) and exit code of one command.

    Its output is discarded: ``check`` prints its report, which is not what is measured. The
    command may write its bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped): an installed
    program starts from compiled modules, as pandas does from site-packages, so after one
    warm-up run neither side pays for compiling its sources.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=errors, env=env)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read()[-2000:].decode("utf-8", "replace")
    if process.returncode not in (0, 1) or "Traceback" in tail:  # check exits 1 for a plan with errors
        raise RuntimeError(f"La orden {' '.join(command[:4])} … falló (código {process.returncode}):\n{tail}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "returncode": process.returncode}


CHILDREN = {
    "read_plan": child_read_plan,
    "read_excel": child_read_excel,
    "memory": child_memory,
    "engine": child_engine,
    "figures": child_figures,
}
#: Measurements that need Streamlit run as scripts outside the package (which never imports it).
SCRIPT_CHILDREN = {"apptest": "bench.page_reruns"}


def run_child(kind: str, path: Path | None, repeat: int = 1, extra: list[str] | None = None,
              env: dict | None = None, timeout: float = 1800) -> dict:
    """Run one measurement in a fresh ``python -m bench --child`` process; its JSON result."""
    module = SCRIPT_CHILDREN.get(kind, "bench")
    command = [sys.executable, "-m", module, "--child", kind, "--repeat", str(repeat)]
    if path is not None:
        command += ["--file", str(path)]
    command += extra or []
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(f"La medición «{kind}» falló (código {done.returncode}):\n{done.stderr[-4000:]}")


def measure_reads(path: Path, repeat: int) -> dict:
    """Read + validate against the plain pandas read: in warm children and as whole fresh commands.

    The commands alternate (check, plain, check, plain …) so that a busy spell of a shared
    machine falls on both sides; medians of ``repeat`` runs of each, after one warm-up run of
    each (see :func:`run_command`).
    """
    reads = [run_child("read_plan", path) for _ in range(repeat)]
    excel = [run_child("read_excel", path) for _ in range(repeat)]
    checks, plains = [], []
    run_command(check_command(path))  # warm-up: compiled modules written, files in the page cache
    run_command(plain_read_command(path))
    for _ in range(repeat):
        checks.append(run_command(check_command(path)))
        plains.append(run_command(plain_read_command(path)))
    entry = {
        "read_plan": _median(r["seconds"] for r in reads),
        "read_plan_ok": all(r["ok"] for r in reads),
        "read_excel": _median(r["seconds"] for r in excel),
        "comando_check": {"segundos": _median(c["seconds"] for c in checks),
                          "cpu": _median(c["cpu_seconds"] for c in checks)},
        "comando_read_excel": {"segundos": _median(c["seconds"] for c in plains),
                               "cpu": _median(c["cpu_seconds"] for c in plains)},
    }
    entry["ratio_lectura"] = entry["read_plan"] / entry["read_excel"]
    entry["ratio_comando"] = entry["comando_check"]["segundos"] / entry["comando_read_excel"]["segundos"]
    entry["ratio_comando_cpu"] = entry["comando_check"]["cpu"] / entry["comando_read_excel"]["cpu"]
    return entry


def measure_fechas(n: int, repeat: int) -> dict:
    """Reading a plan of ``n`` activities scheduled with «Fecha programada» text, against pd.read_excel.

    Same method as the other plans: the median of ``repeat`` fresh processes of each.
    """
    path = synthetic_path(n, fechas=True)
    reads = [run_child("read_plan", path) for _ in range(repeat)]
    excel = [run_child("read_excel", path) for _ in range(repeat)]
    read_plan, read_excel = _median(r["seconds"] for r in reads), _median(r["seconds"] for r in excel)
    return {"actividades": n, "archivo_bytes": path.stat().st_size, "read_plan": read_plan, "read_excel": read_excel,
            "ratio_lectura": read_plan / read_excel, "read_plan_ok": all(r["ok"] for r in reads),
            "advertencias": reads[0]["warnings"]}

"""Benchmark: speed at scale, hostile (fuzzed) files, many users. ``python -m rendicion.bench``.

    python -m rendicion.bench [--sizes 20,1000,10000] [--repeat N] [--out artifacts/bench.json]
                              [--skip-browser] [--fuzz-minutes M] [--load-seconds S] [--fechas N]
                              [--only lectura|navegador]
    python -m rendicion.bench --solo-fechas [--fechas 10000] [--repeat N]

What it measures, for the shipped plan and synthetic plans of each size (``rendicion.synth``,
written with ``layout.write_plan`` and cached under ``artifacts/bench-cache/``):

- reading and validating (``read_plan``) against a plain ``pd.read_excel(..., engine="openpyxl")``
  of the same file, and their ratio, twice: inside a child that has already imported both
  (``ratio_lectura``), and as whole commands from a fresh process, each paying its own imports
  (``python -m rendicion check FILE`` against ``python -c "pd.read_excel(FILE, ...)"``:
  ``ratio_comando``, the one the target applies to, since startup counts for every CLI call); also
  ``read_plan`` for a plan of ``--fechas`` activities (10,000 by default) whose schedule is
  «Fecha programada» text in mixed forms (``--solo-fechas`` measures only that);
- the engine (``engine.evaluate``) at a cut date, and building each figure;
- peak memory of reading plus evaluating (whole-process peak RSS and tracemalloc's peak);
- a warm rerun of each page through Streamlit's AppTest (the app is opened once, then
  ``switch_page(page).run()`` is timed);
- with a browser (not with ``--skip-browser``): time from navigation until the Gantt is drawn
  against a one-chart Streamlit app that draws a single Plotly bar, served the same way (the
  Plotly bundle is the floor of any chart; a one-line "hola" app is timed too, for context), and
  the load run (``--load-seconds``, default 60): twenty concurrent sessions changing pages and
  filters through the URL, counting errors;
- fuzzing ``read_plan`` with mutated workbooks for ``--fuzz-minutes`` (default 0: skipped).

``--only lectura`` runs just the read measurements (both ratios) for every size; ``--only
navegador`` just the browser comparison (for the shipped plan, plus ``--sizes`` when given).

Every measurement runs in a fresh Python process (``--child``), so no cache, import or
allocation of one measurement leaks into another; the printed values are medians over
``--repeat`` runs. The table is printed in Spanish and written, with every raw number and the
machine it ran on, as JSON (``--out``).

The app is pointed at a plan by publishing it to a temporary version store (SQLite) named by
``RENDICION_DB_URL``, once ``dashboard.py`` reads the store. Until then (the entrypoint still
reads ``data/plan_2018.xlsx``) a temporary copy of ``dashboard.py`` whose ``PLAN_FILE`` names the
synthetic workbook is served instead; the JSON says which (``app_mode``).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.metadata
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from rendicion import bench_isolation
from rendicion.server import (
    APP_CONNECTED,
    APP_NOT_RUNNING,
    CHROMIUM_ARGS,
    EXCEPTION,
    LOCALE,
    PLOTLY_SVG,
    RUNNING_ICON,
    SKELETONS,
    VIEWPORT,
    start_streamlit,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = REPO_ROOT / "dashboard.py"
SHIPPED = REPO_ROOT / "data" / "plan_2018.xlsx"
ARTIFACTS = REPO_ROOT / "artifacts"
CACHE_DIR = ARTIFACTS / "bench-cache"
FUZZ_DIR = ARTIFACTS / "fuzz"
DEFAULT_OUT = ARTIFACTS / "bench.json"
DEFAULT_SIZES = (20, 1000, 10_000)
SHIPPED_LABEL = "2018"

#: The cut date every measurement evaluates at (the second PAAC cut of the synthetic vigencia).
CORTE = date(2018, 8, 31)
#: Pages of the dashboard: URL path -> page file (as AppTest names them).
PAGES = {
    "resumen": "pages/resumen.py",
    "matriz": "pages/matriz.py",
    "cronograma": "pages/cronograma.py",
    "evaluacion": "pages/evaluacion.py",
}
PAGE_TITLES = {"resumen": "Resumen", "matriz": "Matriz", "cronograma": "Cronograma", "evaluacion": "Evaluación"}
#: Rows the cronograma page draws per Gantt page (pages/cronograma.py: GANTT_ROWS).
GANTT_PAGE_ROWS = 150

#: Targets (issue 6; issue 11 tightened the load and browser ratios).
TARGETS = {
    "load_ratio": 0.3,            # `rendicion check` / plain pd.read_excel command, fresh processes, at 10,000
    "engine_seconds": 0.2,        # engine.evaluate at 10,000
    "page_seconds_shipped": 0.3,  # warm AppTest rerun of each page, shipped plan
    "page_seconds_10000": 1.5,    # same at 10,000 activities
    "browser_ratio": 1.2,         # Gantt visible / one-bar Plotly app visible, each visit kind
    "memory_mb": 500.0,           # peak of load + evaluate at 10,000
    "load_errors": 0,             # errors during the load run
}

#: More selectors of Streamlit 1.67's frontend (the shared ones are in rendicion.server).
DATAFRAME = '[data-testid="stDataFrame"]'
HEADING = '[data-testid="stHeading"] h1'
ERROR_ALERT = '[data-testid="stAlertContentError"]'
RESULT_PREFIX = "BENCH-RESULT "


# =============================================================================================
# Spanish messages (shared with the hostile-file tests)

#: Words and fragments that betray an untranslated (English) or technical message.
_NOT_SPANISH = re.compile(
    r"traceback|\berror:|\binvalid\b|\bexception\b|\bfailed\b|\bcannot\b|\bcould not\b|\bunable\b|"
    r"\bnot found\b|\bthe\b|\bfile\b|\bnone\b|\bnull\b|\bnan\b|\bunexpected\b|\bwarning\b|"
    r"\b(?:key|value|type|index|attribute|zip|os|runtime|unicode\w*)error\b|\bbadzipfile\b|errno",
    re.IGNORECASE,
)
_SPANISH_WORDS = re.compile(r"\b(?:de|la|el|los|las|del|no|se|en|que|un|una|es|está|por|con|para|y)\b", re.IGNORECASE)


def non_spanish(message: str) -> list[str]:
    """What makes ``message`` not a Spanish user message: English/technical fragments, or no Spanish at all.

    Empty when the message reads as Spanish. Texts quoted from the workbook («…») are ignored.
    """
    unquoted = re.sub(r"«[^»]*»", "«»", message)
    found = sorted({m.group(0) for m in _NOT_SPANISH.finditer(unquoted)})
    if not message.strip():
        found.append("(mensaje vacío)")
    elif not _SPANISH_WORDS.search(unquoted):
        found.append("(sin palabras en español)")
    return found


# =============================================================================================
# Workbooks


def synthetic_path(n: int, seed: int = 2018, fechas: bool = False) -> Path:
    """The synthetic workbook of ``n`` activities, written once and cached (keyed by the generator's code).

    ``fechas=True``: the schedule is a «Fecha programada» column of text (see :mod:`rendicion.synth`).
    """
    from rendicion import dates, layout, synth

    code = hashlib.sha256()
    for module in (synth, layout, dates):
        code.update(Path(module.__file__).read_bytes())
    kind = "_fechas" if fechas else ""
    path = CACHE_DIR / f"plan_{n}{kind}_{seed}_{code.hexdigest()[:10]}.xlsx"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        synth.synthetic_workbook(n, partial, seed, fechas=fechas)
        partial.replace(path)
    return path


def plan_path(label: str) -> Path:
    return SHIPPED if label == SHIPPED_LABEL else synthetic_path(int(label))


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
    from rendicion.loader import read_plan

    baseline = _rss_mb()
    start = time.perf_counter()
    loaded = read_plan(path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "ok": loaded.ok, "errors": len(loaded.report.errors),
            "warnings": len(loaded.report.warnings), "baseline_rss_mb": baseline, "max_rss_mb": _max_rss_mb()}


def child_read_excel(path: Path, repeat: int) -> dict:
    import pandas as pd

    baseline = _rss_mb()
    start = time.perf_counter()
    frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "sheets": len(frames), "baseline_rss_mb": baseline, "max_rss_mb": _max_rss_mb()}


def child_memory(path: Path, repeat: int) -> dict:
    import tracemalloc

    from rendicion import engine
    from rendicion.loader import read_plan

    import pandas  # noqa: F401 - imported before the baseline, as the app has it

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
    from rendicion import engine
    from rendicion.loader import read_plan

    plan = read_plan(path).plan
    return {
        "evaluate": _timed(lambda: engine.evaluate(plan, CORTE), repeat),
        "membership": _timed(lambda: engine.membership(plan), repeat),
        "activities": len(plan.actividades),
    }


def child_figures(path: Path, repeat: int) -> dict:
    from rendicion import engine, figures
    from rendicion.loader import read_plan
    from rendicion.view import Filters, View, activity_table

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
SCRIPT_CHILDREN = {"apptest": "scripts.bench_pages"}


def run_child(kind: str, path: Path | None, repeat: int = 1, extra: list[str] | None = None,
              env: dict | None = None, timeout: float = 1800) -> dict:
    """Run one measurement in a fresh ``python -m rendicion.bench --child`` process; its JSON result."""
    module = SCRIPT_CHILDREN.get(kind, "rendicion.bench")
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
    workbook published on top (``rendicion.publishing``), named by ``RENDICION_DB_URL``.
    ``copia``: the entrypoint does not read the store yet; a temporary copy of ``dashboard.py``
    (beside a link to ``pages/``) whose ``PLAN_FILE`` is ``path``.
    """
    with tempfile.TemporaryDirectory(prefix="rendicion-bench-") as folder:
        folder = Path(folder)
        if dashboard_reads_store():
            from rendicion import publishing
            from rendicion.store import Store

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


# =============================================================================================
# Browser: time to the Gantt vs. time to "hola"

HELLO_APP = 'import streamlit as st\n\nst.write("hola")\n'
#: The smallest Plotly app: what any st.plotly_chart costs the browser (Plotly's script is ~4.7 MB).
PLOTLY_APP = ('import plotly.graph_objects as go\nimport streamlit as st\n\n'
              'st.plotly_chart(go.Figure(go.Bar(x=[1], y=["a"], orientation="h")), theme=None)\n')


def _visible_time(browser, url: str, selector: str, context=None, timeout_ms: float = 120_000) -> float:
    """Seconds from navigating to ``url`` until ``selector`` is visible.

    Without ``context``: a fresh browser context (empty HTTP cache: a first visit). With one: a new
    page in it (its HTTP cache already holds Streamlit's scripts: a returning visitor).
    """
    own = context is None
    context = context or browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector(selector, state="visible", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        page.close()
        if own:
            context.close()


def _visits(browser, url: str, selector: str, repeat: int) -> dict:
    """First visits (fresh contexts) and repeated visits (one context), after one warm-up visit."""
    _visible_time(browser, url, selector)  # warm-up: the server compiles the script, fills its caches
    first = [_visible_time(browser, url, selector) for _ in range(repeat)]
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    try:
        _visible_time(browser, url, selector, context)
        again = [_visible_time(browser, url, selector, context) for _ in range(repeat)]
    finally:
        context.close()
    return {"primera": first, "repetida": again}


def measure_browser(labels: list[str], repeat: int) -> dict:
    """Seconds from navigation until the Gantt is visible on /cronograma (per plan) and until "hola" is."""
    from playwright.sync_api import sync_playwright

    result: dict = {"hola": {}, "cronograma": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            with tempfile.TemporaryDirectory(prefix="rendicion-hola-") as folder:
                script = Path(folder) / "hola.py"
                script.write_text(HELLO_APP, encoding="utf-8")
                with serve(script) as server:
                    result["hola"] = _visits(browser, server.url, '[data-testid="stMarkdownContainer"] >> text=hola',
                                             repeat)
                script = Path(folder) / "plotly_minimo.py"
                script.write_text(PLOTLY_APP, encoding="utf-8")
                with serve(script) as server:
                    result["plotly_minimo"] = _visits(browser, server.url, PLOTLY_SVG, repeat)
            for label in labels:
                with app_target(plan_path(label)) as (script, env, mode), serve(script, env=env,
                                                                               cwd=script.parent) as server:
                    visits = _visits(browser, f"{server.url}/cronograma", PLOTLY_SVG, repeat)
                    result["cronograma"][label] = {**visits, "mode": mode,
                                                   "traceback_in_log": "Traceback" in server.log()}
        finally:
            browser.close()
    return result


# =============================================================================================
# Load run: twenty sessions, one Chromium, one server


#: Title (h1) of each page, to know the page a click led to.
PAGE_HEADINGS = {
    "resumen": "Resumen del plan",
    "matriz": "Matriz de actividades",
    "cronograma": "Cronograma",
    "evaluacion": "Evaluación y seguimiento por dependencia",
}


async def _wait_rendered(page, path: str, timeout_ms: float) -> None:
    """Until the script finished and the page's main element is drawn."""
    await page.wait_for_selector(APP_CONNECTED, state="attached", timeout=timeout_ms)
    await page.wait_for_selector(APP_NOT_RUNNING, state="attached", timeout=timeout_ms)
    await page.wait_for_selector(RUNNING_ICON, state="detached", timeout=timeout_ms)
    await page.locator(SKELETONS).first.wait_for(state="hidden", timeout=timeout_ms)
    heading = page.locator(HEADING).filter(has_text=PAGE_HEADINGS[path])
    await heading.first.wait_for(state="visible", timeout=timeout_ms)
    empty = await page.locator('[data-testid="stAlertContentInfo"]').count()
    if path == "cronograma" and not empty:
        await page.wait_for_selector(PLOTLY_SVG, state="visible", timeout=timeout_ms)
    if path == "matriz" and not empty:
        await page.wait_for_selector(DATAFRAME, state="visible", timeout=timeout_ms)


def _random_url(rng: random.Random, base: str, dependencias: list[str], subcomponentes: list[str],
                days: list[date], **_) -> tuple[str, str]:
    path = rng.choice(list(PAGES))
    query: list[tuple[str, str]] = []
    if rng.random() < 0.5:
        query += [("dependencia", d) for d in rng.sample(dependencias, rng.choice((1, 1, 2)))]
    if rng.random() < 0.4:
        query.append(("subcomponente", rng.choice(subcomponentes)))
    if rng.random() < 0.6:
        query.append(("corte", rng.choice(days).strftime("%d/%m/%Y")))
    url = f"{base}/{'' if path == 'resumen' else path}"
    return (f"{url}?{urlencode(query)}" if query else url), path


async def _action(page, rng: random.Random, base: str, choices: dict, current: str, timeout_ms: float):
    """One user action; returns (kind, page path after it, description)."""
    roll = rng.random()
    if roll < 0.25:
        url, path = _random_url(rng, base, **choices)
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        await _wait_rendered(page, path, timeout_ms)
        return "navegacion", path, url
    if roll < 0.7:
        path = rng.choice([p for p in PAGES if p != current])
        link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{"" if path == "resumen" else path}"]')
        await link.first.click(timeout=timeout_ms)
        await _wait_rendered(page, path, timeout_ms)
        return "pagina", path, f"clic en la página {path}"
    cut = rng.choice(choices["paac"])
    label = f"{cut.day} {('ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic')[cut.month - 1]}"
    button = page.locator('[data-testid="stSidebar"] button').filter(has_text=label)
    if not await button.count() or await button.first.is_disabled():
        return None, current, ""
    await button.first.click(timeout=timeout_ms)
    await page.locator('[data-testid="stMain"]').get_by_text(f"corte {cut:%d/%m/%Y}").first.wait_for(
        state="visible", timeout=timeout_ms)
    await _wait_rendered(page, current, timeout_ms)
    return "filtro", current, f"clic en el corte {label}"


class _StartLine:
    """The measured window starts when every session has opened the app (or failed to)."""

    def __init__(self, sessions: int, seconds: float) -> None:
        self.waiting = sessions
        self.seconds = seconds
        self.ready = asyncio.Event()
        self.deadline = 0.0

    def arrive(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.deadline = time.monotonic() + self.seconds
            self.ready.set()


async def _session(number: int, browser, base: str, choices: dict, start_line: _StartLine, timeout_ms: float,
                   stagger: float) -> dict:
    from playwright.async_api import Error as PlaywrightError

    rng = random.Random(1000 + number)
    await asyncio.sleep(stagger * number)
    context = await browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    page = await context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    record = {"first": [], "times": {"navegacion": [], "pagina": [], "filtro": []}, "exception_boxes": 0,
              "error_alerts": 0, "timeouts": 0, "js_errors": js_errors, "examples": []}
    current = None
    arrived = False
    try:
        while not arrived or time.monotonic() < start_line.deadline:
            if current is not None and not arrived:
                arrived = True
                start_line.arrive()
                await start_line.ready.wait()
                continue
            start = time.perf_counter()
            description = ""
            try:
                if current is None:
                    url, current = _random_url(rng, base, **choices)
                    description = url
                    await page.goto(url, wait_until="commit", timeout=timeout_ms)
                    await _wait_rendered(page, current, timeout_ms)
                    kind = "first"
                else:
                    kind, current, description = await _action(page, rng, base, choices, current, timeout_ms)
                    if kind is None:
                        continue
                elapsed = time.perf_counter() - start
            except PlaywrightError as exc:  # its TimeoutError, a failed navigation, a closed page
                record["timeouts"] += 1
                record["examples"].append(f"{description or 'acción'}: {type(exc).__name__}: {str(exc)[:120]}")
                if not arrived:  # the first load failed: join the others, then start again from a URL
                    arrived = True
                    start_line.arrive()
                    await start_line.ready.wait()
                current = None
                continue
            boxes = await page.locator(EXCEPTION).count()
            alerts = await page.locator(ERROR_ALERT).count()
            if boxes or alerts:
                record["exception_boxes"] += boxes
                record["error_alerts"] += alerts
                record["examples"].append(f"{description}: {boxes} excepción(es), {alerts} error(es)")
            if kind == "first":
                record["first"].append(elapsed)
            else:
                record["times"][kind].append(elapsed)
    finally:
        await context.close()
    return record


async def _load_run(base: str, choices: dict, seconds: float, sessions: int, timeout_ms: float) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            start_line = _StartLine(sessions, seconds)
            return await asyncio.gather(*(_session(n, browser, base, choices, start_line, timeout_ms, 0.5)
                                          for n in range(sessions)))
        finally:
            await browser.close()


def measure_load(label: str, seconds: float, sessions: int = 20, timeout_ms: float = 90_000) -> dict:
    """``sessions`` concurrent browser sessions for ``seconds`` against one server showing plan ``label``.

    Each session opens the app from a URL with random filters (dependencia, subcomponente, corte);
    the sessions start half a second apart and these first loads are timed apart ("primera
    carga"). Once every session has the app open, all of them act for ``seconds``: a quarter of
    the actions open a new URL with other filters and page, the rest click another page in the
    navigation or a PAAC cut button. Times run from the action until the page's heading and main
    element are drawn.
    """
    from rendicion.loader import read_plan
    from rendicion.view import default_corte

    plan = read_plan(plan_path(label)).plan
    params = plan.parametros
    span = max(1, (params.fecha_fin - params.fecha_inicio).days)
    days = [*params.cortes_paac(), default_corte(plan)]
    days += [params.fecha_inicio + timedelta(days=random.Random(k).randrange(span)) for k in range(6)]
    choices = {"dependencias": plan.dependencias, "subcomponentes": plan.subcomponentes, "days": days}
    with app_target(plan_path(label)) as (script, env, mode), serve(script, env=env, cwd=script.parent) as server:
        started = time.monotonic()
        cpu_before = _cpu_seconds(server.process.pid)
        records = asyncio.run(_load_run(server.url, {**choices, "paac": params.cortes_paac()}, seconds, sessions,
                                        timeout_ms))
        wall = time.monotonic() - started
        server_cpu = _cpu_seconds(server.process.pid) - cpu_before
        log = server.log()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "bench-carga-streamlit.log").write_text(log, encoding="utf-8")
    first_traceback = log[log.find("Traceback"):][:3000] if "Traceback" in log else ""
    rerenders = {kind: [t for r in records for t in r["times"][kind]] for kind in ("navegacion", "pagina", "filtro")}
    every = [t for times in rerenders.values() for t in times]
    first = [t for r in records for t in r["first"]]
    return {
        "plan": label,
        "mode": mode,
        "sessions": sessions,
        "seconds": seconds,
        "wall_seconds": wall,
        "server_cpu_seconds": server_cpu,
        "server_cpu_share": server_cpu / (wall * (os.cpu_count() or 1)),
        "renders": len(every),
        "p50": _percentile(every, 50),
        "p95": _percentile(every, 95),
        "max": max(every) if every else None,
        "por_tipo": {kind: {"n": len(times), "p50": _percentile(times, 50), "p95": _percentile(times, 95)}
                     for kind, times in rerenders.items()},
        "primera_carga": {"n": len(first), "p50": _percentile(first, 50), "p95": _percentile(first, 95)},
        "exception_boxes": sum(r["exception_boxes"] for r in records),
        "error_alerts": sum(r["error_alerts"] for r in records),
        "timeouts": sum(r["timeouts"] for r in records),
        "js_errors": sum(len(r["js_errors"]) for r in records),
        "server_tracebacks": log.count("Traceback"),
        "primera_traza": first_traceback,
        "examples": [e for r in records for e in r["examples"]][:20]
                    + [e for r in records for e in r["js_errors"]][:10],
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# =============================================================================================
# Fuzzing read_plan


class _Hang(Exception):
    """read_plan took longer than the fuzzer's watchdog allows."""


def _fuzz_corpus() -> list[tuple[str, bytes]]:
    import io

    from rendicion import synth
    from rendicion.template import template_workbook

    template = io.BytesIO()
    template_workbook(2018, filas=5).save(template)
    return [("plan_2018", SHIPPED.read_bytes()), ("sintetico_20", synth.synthetic_workbook(20)),
            ("plantilla", template.getvalue())]


_INTERESTING_TEXT = [
    "X", "x", "✓", "1", "0", "MES 1", "MES 13", "MES 99", "Enero", "dic-18", "ID", "ACTIVIDADES", "SUBCOMPONENTE",
    "RESPONSABLE", "META", "FECHA DE CORTE", "% DE AVANCE", "Avance", "Vigencia", "Mes 1", "Meses del cronograma",
    "Umbral verde (%)", "Umbral amarillo (%)", "Todas las dependencias", "1.1", "1.1.0", "2.3", "=1+1",
    "=HYPERLINK(\"http://ejemplo\",\"x\")", "@SUM(A1)", "+1", "-1+1", "<script>alert(1)</script>", "50 %", "150 %",
    "-5", "0,5", "31/02/2018", "00/00/0000", "1900-01-01", "9999-12-31", "  ", "\u202eetnemalortnoC", "Sеcrеtaría",
    "a" * 300, "ÿ" * 40, "NaN", "inf", "-inf", "None", "Todas las dependencias - ", " - - / , ",
]


def _mutate_cells(seed: bytes, data) -> tuple[bytes, str]:
    import io
    from datetime import datetime

    from hypothesis import strategies as st
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(seed))
    operations = []
    values = st.one_of(
        st.none(), st.sampled_from(_INTERESTING_TEXT), st.text(max_size=40),
        st.integers(min_value=-10**15, max_value=10**15), st.floats(allow_nan=False, allow_infinity=False),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)), st.booleans(),
    )
    for _ in range(data.draw(st.integers(min_value=1, max_value=6), label="operaciones")):
        sheet = book.worksheets[data.draw(st.integers(0, len(book.worksheets) - 1), label="hoja")]
        kind = data.draw(st.sampled_from(["valor", "valor", "valor", "fila", "combinar", "hoja", "ocultar", "borrar"]))
        row = data.draw(st.integers(1, sheet.max_row + 2), label="fila")
        col = data.draw(st.integers(1, sheet.max_column + 2), label="columna")
        try:
            if kind == "valor":
                value = data.draw(values, label="valor")
                sheet.cell(row, col).value = value
                operations.append(f"{sheet.title}!{row},{col}={value!r:.60}")
            elif kind == "fila":
                if data.draw(st.booleans()):
                    sheet.insert_rows(row, data.draw(st.integers(1, 3)))
                else:
                    sheet.delete_rows(row, data.draw(st.integers(1, 3)))
                operations.append(f"{kind} {sheet.title}!{row}")
            elif kind == "combinar":
                sheet.merge_cells(start_row=row, start_column=col, end_row=row + data.draw(st.integers(0, 5)),
                                  end_column=col + data.draw(st.integers(0, 3)))
                operations.append(f"combinar {sheet.title}!{row},{col}")
            elif kind == "hoja":
                sheet.title = data.draw(st.sampled_from(["Plan", "Hoja1", "Seguimiento", "x" * 31, "Plan (2)"]))
                operations.append(f"renombrar {sheet.title}")
            elif kind == "ocultar" and len(book.worksheets) > 1:
                sheet.sheet_state = "hidden"
                operations.append(f"ocultar {sheet.title}")
            elif kind == "borrar" and len(book.worksheets) > 1:
                book.remove(sheet)
                operations.append("borrar hoja")
        except Exception:  # noqa: BLE001 - openpyxl refuses some edits (illegal characters): not a finding
            continue
    out = io.BytesIO()
    try:
        book.save(out)
    except Exception:  # noqa: BLE001 - openpyxl cannot write it: nothing to test
        return seed, "sin cambios"
    return out.getvalue(), "; ".join(operations)


_TOKENS = [b"<", b">", b"\"", b"&", b"&amp;", b"\x00", b"\xff\xfe", b"]]>", b"<![CDATA[", b"<c r=\"XFD1048576\">",
           b"<v>1e308</v>", b"<v>-1</v>", b" s=\"99999\"", b" t=\"s\"", b" t=\"e\"", b"<row r=\"0\">", b"999999999",
           b"</sheetData>", b"<mergeCell ref=\"A1:XFD1048576\"/>", b"</worksheet>", b" r=\"A0\"", b"&#0;",
           b"<is><t>", b"\xe2\x80\xae", b"<f>SUM(A1)</f>"]


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def _members(seed: bytes) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _mutate_bytes(seed: bytes, data) -> tuple[bytes, str]:
    from hypothesis import strategies as st

    members = _members(seed)
    index = data.draw(st.integers(0, len(members) - 1), label="parte")
    name, content = members[index]
    content = bytearray(content)
    operations = []
    for _ in range(data.draw(st.integers(1, 8), label="operaciones")):
        where = data.draw(st.integers(0, max(0, len(content) - 1)), label="posición")
        kind = data.draw(st.sampled_from(["cambiar", "insertar", "token", "borrar", "repetir"]))
        if kind == "cambiar" and content:
            content[where] = data.draw(st.integers(0, 255))
        elif kind == "insertar":
            content[where:where] = data.draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            content[where:where] = data.draw(st.sampled_from(_TOKENS))
        elif kind == "borrar":
            del content[where:where + data.draw(st.integers(1, 64))]
        elif kind == "repetir":
            span = bytes(content[where:where + data.draw(st.integers(1, 200))])
            content[where:where] = span * data.draw(st.integers(1, 50))
        operations.append(f"{kind}@{where}")
    members[index] = (name, bytes(content))
    return _rezip(members), f"{name}: {', '.join(operations)}"


def _truncate(seed: bytes, data) -> tuple[bytes, str]:
    from hypothesis import strategies as st

    if data.draw(st.booleans(), label="¿archivo o parte?"):
        cut = data.draw(st.integers(0, len(seed) - 1), label="corte")
        return seed[:cut], f"archivo truncado a {cut} bytes"
    members = _members(seed)
    index = data.draw(st.integers(0, len(members) - 1), label="parte")
    name, content = members[index]
    cut = data.draw(st.integers(0, max(0, len(content) - 1)), label="corte")
    members[index] = (name, content[:cut])
    return _rezip(members), f"{name} truncada a {cut} bytes"


MUTATORS = {"celdas": _mutate_cells, "bytes": _mutate_bytes, "truncar": _truncate}


def check_loaded(loaded) -> list[str]:
    """Problems with what read_plan returned: it must be a plan, or a Spanish refusal."""
    problems = []
    if loaded.plan is None and not loaded.report.errors:
        problems.append("sin plan y sin errores")
    if loaded.plan is not None and loaded.report.errors:
        problems.append("plan con errores")
    for issue in loaded.report.issues:
        bad = non_spanish(issue.message)
        if bad:
            problems.append(f"mensaje no español ({', '.join(bad)}): {issue.message[:200]}")
    return problems


def child_fuzz(minutes: float, watchdog: float = 20.0, slow: float = 5.0) -> dict:
    """Mutate workbooks and read them for ``minutes``; every exception, hang or bad report is a finding."""
    import signal

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    from rendicion.loader import read_plan

    corpus = _fuzz_corpus()
    findings: dict[str, dict] = {}
    counts = {"ejemplos": 0, "planes": 0, "rechazos": 0, "lentos": 0}
    deadline = time.monotonic() + minutes * 60
    FUZZ_DIR.mkdir(parents=True, exist_ok=True)

    def alarm(signum, frame):  # noqa: ANN001
        raise _Hang()

    signal.signal(signal.SIGALRM, alarm)

    def record(key: str, what: str, description: str, mutated: bytes) -> None:
        if key in findings:
            findings[key]["veces"] += 1
            return
        name = f"hallazgo-{len(findings) + 1:02d}"
        (FUZZ_DIR / f"{name}.xlsx").write_bytes(mutated)
        findings[key] = {"archivo": str((FUZZ_DIR / f"{name}.xlsx").relative_to(REPO_ROOT)), "que": what,
                         "mutacion": description[:500], "veces": 1}

    @settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data) -> None:
        seed_name, seed = corpus[data.draw(st.integers(0, len(corpus) - 1), label="semilla")]
        kind = data.draw(st.sampled_from(sorted(MUTATORS)), label="mutación")
        mutated, description = MUTATORS[kind](seed, data)
        description = f"{seed_name} · {kind} · {description}"
        counts["ejemplos"] += 1
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, watchdog)
        try:
            loaded = read_plan(mutated)
        except _Hang:
            record(f"cuelga:{kind}", f"read_plan no terminó en {watchdog:.0f} s", description, mutated)
            return
        except BaseException as exc:  # noqa: BLE001 - every exception is a finding
            frames = traceback.extract_tb(exc.__traceback__)
            where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                          if "rendicion" in f.filename), frames[-1].name if frames else "?")
            last = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            record(f"{type(exc).__name__}:{where}:{last}",
                   f"{type(exc).__name__}: {str(exc)[:300]} (en {where}; {last})", description, mutated)
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        counts["planes" if loaded.ok else "rechazos"] += 1
        if elapsed > slow:
            counts["lentos"] += 1
            record(f"lento:{kind}", f"read_plan tardó {elapsed:.1f} s (más de {slow:.0f} s)", description, mutated)
        for problem in check_loaded(loaded):
            record(f"reporte:{problem[:60]}", problem, description, mutated)

    while time.monotonic() < deadline:
        try:
            one()
        except HypothesisException:  # its own bookkeeping (e.g. a flaky draw): not a finding about read_plan
            continue
    return {"minutos": minutes, **counts, "hallazgos": list(findings.values())}


# =============================================================================================
# The run


def machine() -> dict:
    """CPU model, cores, memory and Python of this machine."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    import pandas

    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "ram_gib": round(memory, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "streamlit": importlib.metadata.version("streamlit"), "pandas": pandas.__version__}


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


def summarize_browser(browser: dict) -> dict:
    """Medians of :func:`measure_browser`'s times; each Gantt's ratio is to the one-bar Plotly app."""
    hola = {visit: _median(times) for visit, times in browser["hola"].items()}
    plotly = {visit: _median(times) for visit, times in browser["plotly_minimo"].items()}
    return {
        "hola": hola,
        "plotly_minimo": plotly,
        "cronograma": {
            label: {**{visit: {"segundos": _median(v[visit]), "razon": _median(v[visit]) / plotly[visit],
                               "razon_hola": _median(v[visit]) / hola[visit]}
                       for visit in ("primera", "repetida")},
                    "traceback_en_registro": v["traceback_in_log"]}
            for label, v in browser["cronograma"].items()
        },
    }


#: What ``--only`` can restrict a run to.
ONLY = ("lectura", "navegador")


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


def fechas_table(fechas: dict) -> str:
    """The «Fecha programada» reading measurement as Spanish lines."""
    return "\n".join([
        f"Plan de {_num(fechas['actividades'], 0)} actividades con «Fecha programada» en texto "
        f"({_num(fechas['archivo_bytes'] / 1024, 0)} KB, {_num(fechas['advertencias'], 0)} advertencias):",
        f"  read_plan {_num(fechas['read_plan'])} s · pd.read_excel {_num(fechas['read_excel'])} s · "
        f"razón {_num(fechas['ratio_lectura'])} (objetivo ≤ {_num(TARGETS['load_ratio'], 1)})",
    ])


def run(sizes: list[int], repeat: int, skip_browser: bool, fuzz_minutes: float, load_seconds: float,
        fechas: int = 0, only: str | None = None) -> dict:
    labels = [SHIPPED_LABEL] + [str(n) for n in sizes]
    result: dict = {"fecha": time.strftime("%Y-%m-%d %H:%M"), "maquina": machine(), "repeticiones": repeat,
                    "corte": CORTE.isoformat(), "tamanos": {}, "objetivos": TARGETS,
                    "app_mode": "store" if dashboard_reads_store() else "copia", "solo": only}
    for label in labels if only != "navegador" else []:
        _log(f"· Plan {label}: preparando el libro …")
        path = plan_path(label)
        entry: dict = {"archivo_bytes": path.stat().st_size, "actividades": None}
        _log(f"· Plan {label}: lectura ({repeat} procesos y {2 * repeat} órdenes) …")
        entry.update(measure_reads(path, repeat))
        result["tamanos"][label] = entry
        if only == "lectura":
            continue
        _log(f"· Plan {label}: memoria, motor y figuras …")
        memory = run_child("memory", path)
        entry["memoria"] = memory
        engine_run = run_child("engine", path, repeat)
        entry["actividades"] = engine_run["activities"]
        entry["evaluate"] = _median(engine_run["evaluate"])
        entry["membership"] = _median(engine_run["membership"])
        figures = run_child("figures", path, repeat)
        entry["figuras"] = {name: _median(times) if isinstance(times, list) else times
                            for name, times in figures.items()}
        _log(f"· Plan {label}: páginas con AppTest …")
        apptest = run_child("apptest", path, repeat)
        entry["paginas"] = {name: _median(times) for name, times in apptest["pages"].items()}
        entry["paginas_primera_ejecucion"] = apptest["first_run_seconds"]
        entry["paginas_problemas"] = apptest["problems"]
        entry["app_mode"] = apptest["mode"]
    if fechas and only != "navegador":
        _log(f"· Plan de {fechas} actividades con «Fecha programada»: lectura ({repeat} procesos) …")
        result["fechas"] = measure_fechas(fechas, repeat)
    if only == "lectura":
        return result
    if not skip_browser or only == "navegador":
        browser_labels = [SHIPPED_LABEL] + ([str(max(sizes))] if sizes else [])
        _log(f"· Navegador: Gantt visible frente a un gráfico de Plotly mínimo ({', '.join(browser_labels)}) …")
        result["navegador"] = summarize_browser(measure_browser(browser_labels, repeat))
        if only == "navegador":
            return result
        if load_seconds > 0:
            _log(f"· Carga: 20 sesiones durante {load_seconds:g} s …")
            result["carga"] = measure_load(SHIPPED_LABEL, load_seconds)
    _log("· Libros hostiles, coincidencias y cargas hostiles a la vez …")
    result["aislamiento"] = bench_isolation.measure(skip_browser, repeat)
    if fuzz_minutes > 0:
        _log(f"· Fuzzing de read_plan durante {fuzz_minutes:g} min …")
        result["fuzz"] = run_child("fuzz", None, extra=["--minutes", str(fuzz_minutes)],
                                   timeout=fuzz_minutes * 60 + 600)
    return result


# =============================================================================================
# The Spanish table


def _num(value: float | None, decimals: int = 2) -> str:
    from rendicion import formatting

    if value is None:
        return "—"
    return formatting.number(value, decimals)


def _ms(value: float | None) -> str:
    return "—" if value is None else _num(value * 1000, 0)


def _plan_name(label: str) -> str:
    return "plan 2018" if label == SHIPPED_LABEL else f"{_num(int(label), 0)} actividades"


def verdicts(result: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, goal, met) for every target measured in ``result`` (met None: no target)."""
    sizes = result["tamanos"]
    out: list[tuple[str, str, str, bool | None]] = []
    if sizes:
        biggest = max((k for k in sizes if k != SHIPPED_LABEL), key=int, default=SHIPPED_LABEL)
        big = sizes[biggest]
        label = _plan_name(biggest)
        out += [
            (f"Lectura: «rendicion check» / lectura simple con pandas, órdenes nuevas, {label}",
             _num(big["ratio_comando"]), f"≤ {_num(TARGETS['load_ratio'], 1)}",
             big["ratio_comando"] <= TARGETS["load_ratio"]),
            (f"  (igual, en CPU; y read_plan / read_excel ya importados: {_num(big['ratio_lectura'])})",
             _num(big["ratio_comando_cpu"]), "—", None),
        ]
        shipped = sizes[SHIPPED_LABEL]
        if "evaluate" in big:
            out += [
                (f"Motor (evaluate), {label}", f"{_ms(big['evaluate'])} ms", "≤ 200 ms",
                 big["evaluate"] <= TARGETS["engine_seconds"]),
                ("Páginas, plan 2018 (la más lenta)", f"{_ms(max(shipped['paginas'].values()))} ms", "≤ 300 ms",
                 max(shipped["paginas"].values()) <= TARGETS["page_seconds_shipped"]),
                (f"Páginas, {label} (la más lenta)", f"{_ms(max(big['paginas'].values()))} ms", "≤ 1.500 ms",
                 max(big["paginas"].values()) <= TARGETS["page_seconds_10000"]),
                (f"Memoria pico lectura + motor, {label}", f"{_num(big['memoria']['max_rss_mb'], 0)} MB", "≤ 500 MB",
                 big["memoria"]["max_rss_mb"] <= TARGETS["memory_mb"]),
            ]
    fechas = result.get("fechas")
    if fechas:
        out.append((f"Lectura / pd.read_excel, {_num(fechas['actividades'], 0)} actividades con «Fecha programada»",
                    _num(fechas["ratio_lectura"]), f"≤ {_num(TARGETS['load_ratio'], 1)}",
                    fechas["ratio_lectura"] <= TARGETS["load_ratio"]))
    browser = result.get("navegador")
    if browser:
        for plan, values in browser["cronograma"].items():
            for visit, words in (("primera", "primera visita"), ("repetida", "visita repetida")):
                ratio = values[visit]["razon"]
                out.append((f"Navegador: Gantt / gráfico de Plotly mínimo, {_plan_name(plan)}, {words}", _num(ratio),
                            f"≤ {_num(TARGETS['browser_ratio'], 1)}", ratio <= TARGETS["browser_ratio"]))
    load = result.get("carga")
    if load:
        errors = load["exception_boxes"] + load["error_alerts"] + load["timeouts"] + load["js_errors"] \
            + load["server_tracebacks"]
        out.append(("Carga: errores con 20 sesiones", _num(errors, 0), "0", errors == 0))
    out += bench_isolation.verdicts(result.get("aislamiento"))
    fuzz = result.get("fuzz")
    if fuzz:
        out.append(("Fuzzing: hallazgos", _num(len(fuzz["hallazgos"]), 0), "0", not fuzz["hallazgos"]))
    return out


def table(result: dict) -> str:
    """The results as a Spanish text table."""
    sizes = result["tamanos"]
    labels = list(sizes)
    heads = ["Plan 2018" if label == SHIPPED_LABEL else f"{_num(int(label), 0)} act." for label in labels]
    rows: list[list[str]] = []

    def row(name: str, values) -> None:
        rows.append([name, *values])

    row("Tamaño del libro (KB)", [_num(sizes[k]["archivo_bytes"] / 1024, 0) for k in labels])
    row("Orden «python -m rendicion check» (s)", [_num(sizes[k]["comando_check"]["segundos"]) for k in labels])
    row("Orden con solo pd.read_excel y openpyxl (s)", [_num(sizes[k]["comando_read_excel"]["segundos"])
                                                         for k in labels])
    row("Razón de las órdenes (con sus importaciones)", [_num(sizes[k]["ratio_comando"]) for k in labels])
    row("Razón de las órdenes, en CPU", [_num(sizes[k]["ratio_comando_cpu"]) for k in labels])
    row("Lectura y validación, read_plan, ya importado (s)", [_num(sizes[k]["read_plan"]) for k in labels])
    row("pd.read_excel con openpyxl, ya importado (s)", [_num(sizes[k]["read_excel"]) for k in labels])
    row("Razón read_plan / read_excel", [_num(sizes[k]["ratio_lectura"]) for k in labels])
    if all("evaluate" in sizes[k] for k in labels):  # not with --only lectura
        row("Actividades", [_num(sizes[k]["actividades"], 0) for k in labels])
        row("Motor: evaluate al corte (ms)", [_ms(sizes[k]["evaluate"]) for k in labels])
        row("Motor: membership (ms)", [_ms(sizes[k]["membership"]) for k in labels])
        names = {"gantt": "Figura: Gantt, primera página (ms)", "gantt_completo": "Figura: Gantt completo (ms)",
                 "estados": "Figura: actividades por estado (ms)",
                 "avance_por_subcomponente": "Figura: avance por subcomponente (ms)",
                 "avance_por_dependencia": "Figura: avance por dependencia (ms)",
                 "estado_por_dependencia": "Figura: estado por dependencia (ms)",
                 "indicador": "Figura: indicador (ms)", "tabla_matriz": "Tabla de la matriz (ms)"}
        for key, name in names.items():
            row(name, [_ms(sizes[k]["figuras"][key]) for k in labels])
        row("JSON del Gantt, primera página (KB)", [_num(sizes[k]["figuras"]["gantt_json_bytes"] / 1024, 0)
                                                     for k in labels])
        for key, title in PAGE_TITLES.items():
            row(f"Página {title}, 2.ª ejecución (ms)", [_ms(sizes[k]["paginas"][key]) for k in labels])
        row("Primera apertura del tablero (s)", [_num(sizes[k]["paginas_primera_ejecucion"]) for k in labels])
        row("Memoria pico, proceso (MB)", [_num(sizes[k]["memoria"]["max_rss_mb"], 0) for k in labels])
        row("Memoria pico, tracemalloc (MB)", [_num(sizes[k]["memoria"]["tracemalloc_peak_mb"], 0) for k in labels])
    lines = _format_rows(["Medida", *heads], rows) if labels else []
    if result.get("fechas"):
        lines += ["", fechas_table(result["fechas"])]

    browser = result.get("navegador")
    if browser:
        lines += ["", "Navegador (Chromium, segundos desde la navegación hasta ver el elemento; primera visita: "
                      "caché del navegador vacía; visita repetida: con los scripts de Streamlit en caché). "
                      "La razón del gráfico mínimo es frente a «hola»; la del Gantt, frente al gráfico mínimo:"]
        browser_rows = [["«hola» visible (app de una línea)", _num(browser["hola"]["primera"]), "—",
                         _num(browser["hola"]["repetida"]), "—"],
                        ["Gráfico Plotly mínimo visible (app de una línea)",
                         _num(browser["plotly_minimo"]["primera"]),
                         _num(browser["plotly_minimo"]["primera"] / browser["hola"]["primera"]),
                         _num(browser["plotly_minimo"]["repetida"]),
                         _num(browser["plotly_minimo"]["repetida"] / browser["hola"]["repetida"])]]
        for plan, values in browser["cronograma"].items():
            name = "plan 2018" if plan == SHIPPED_LABEL else f"{_num(int(plan), 0)} actividades"
            browser_rows.append([f"Gantt visible en /cronograma, {name}", _num(values["primera"]["segundos"]),
                                 _num(values["primera"]["razon"]), _num(values["repetida"]["segundos"]),
                                 _num(values["repetida"]["razon"])])
        lines += _format_rows(["Medida", "1.ª visita", "Razón", "Repetida", "Razón"], browser_rows)
    load = result.get("carga")
    if load:
        lines += ["", f"Carga: {load['sessions']} sesiones de Chromium contra un servidor (plan "
                      f"{'2018' if load['plan'] == SHIPPED_LABEL else load['plan']}): abren el tablero (primera carga) y "
                      f"luego actúan durante {_num(load['seconds'], 0)} s; servidor y navegador comparten la máquina:"]
        lines += _format_rows(["Medida", "Valor"], [
            ["Primera carga de cada sesión, p50 / p95 (s)",
             f"{_num(load['primera_carga']['p50'])} / {_num(load['primera_carga']['p95'])}"],
            ["Acciones después de la primera carga", _num(load["renders"], 0)],
            ["Tiempo hasta volver a dibujar, p50 (s)", _num(load["p50"])],
            ["Tiempo hasta volver a dibujar, p95 (s)", _num(load["p95"])],
            ["Tiempo hasta volver a dibujar, máximo (s)", _num(load["max"])],
            *[[f"  {name}: n, p50 / p95 (s)", f"{load['por_tipo'][kind]['n']}, {_num(load['por_tipo'][kind]['p50'])} / "
                                              f"{_num(load['por_tipo'][kind]['p95'])}"]
              for kind, name in (("navegacion", "nueva dirección con filtros"), ("pagina", "cambio de página"),
                                 ("filtro", "botón de corte"))],
            ["Cajas de excepción", _num(load["exception_boxes"], 0)],
            ["Mensajes de error", _num(load["error_alerts"], 0)],
            ["Errores de JavaScript", _num(load["js_errors"], 0)],
            ["Esperas agotadas", _num(load["timeouts"], 0)],
            ["Trazas (Traceback) en el registro del servidor", _num(load["server_tracebacks"], 0)],
            ["CPU del servidor Streamlit (% de la máquina)", _num(100 * load["server_cpu_share"], 0)],
        ])
    lines += bench_isolation.table_lines(result.get("aislamiento"))
    fuzz = result.get("fuzz")
    if fuzz:
        lines += ["", f"Fuzzing de read_plan durante {_num(fuzz['minutos'], 1)} min: {_num(fuzz['ejemplos'], 0)} "
                      f"libros mutados ({_num(fuzz['planes'], 0)} planes utilizables, {_num(fuzz['rechazos'], 0)} "
                      f"rechazos en español), {_num(len(fuzz['hallazgos']), 0)} hallazgo(s)."]
        for finding in fuzz["hallazgos"]:
            lines.append(f"  - {finding['que']} ({finding['veces']} vez/veces; {finding['archivo']}; "
                         f"{finding['mutacion'][:160]})")
    lines += ["", "Objetivos:"]
    lines += _format_rows(["Objetivo", "Medido", "Meta", "¿Cumple?"],
                          [[name, measured, goal, "—" if met is None else "sí" if met else "NO"]
                           for name, measured, goal, met in
                           verdicts(result)])
    problems = [p for k in labels for p in sizes[k].get("paginas_problemas", [])]
    if problems:
        lines += ["", "Problemas en las páginas (AppTest):", *[f"  - {p[:200]}" for p in problems]]
    info = result["maquina"]
    lines += ["", f"Máquina: {info['cpu']}, {info['cores']} núcleos, {_num(info['ram_gib'], 1)} GiB de RAM, "
                  f"Python {info['python']}. Medianas de {result['repeticiones']} repeticiones, cada medición en un "
                  f"proceso nuevo."]
    if result.get("app_mode") == "copia":
        lines.append("Nota: dashboard.py todavía no lee el almacén de versiones; las páginas se midieron con una "
                     "copia temporal del tablero que lee el libro sintético.")
    return "\n".join(lines)


def _format_rows(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))

    return [line(head), "  ".join("-" * w for w in widths), *[line(r) for r in rows]]


# =============================================================================================
# Command line


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace(".", "").replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("escriba números enteros separados por comas, por ejemplo 20,1000,10000")
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("cada tamaño debe ser un entero positivo")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    from rendicion.cli import _Parser, _spanish

    argparse._ = _spanish
    parser = _Parser(prog="python -m rendicion.bench",
                     description="Mide el tablero a escala: lectura, motor, figuras, páginas, navegador, carga y "
                                 "fuzzing.")
    parser.add_argument("--sizes", type=_sizes, default=None, metavar="N,N,…",
                        help="tamaños de los planes sintéticos (por omisión 20,1000,10000; con --only navegador, "
                             "ninguno: solo el plan 2018)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="repeticiones de cada medición (mediana)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="ARCHIVO", help="resultado en JSON")
    parser.add_argument("--skip-browser", action="store_true", help="omite las mediciones con Chromium y la carga")
    parser.add_argument("--fuzz-minutes", type=float, default=0.0, metavar="M",
                        help="minutos de fuzzing de read_plan (0: se omite)")
    parser.add_argument("--load-seconds", type=float, default=60.0, metavar="S",
                        help="segundos de la prueba de carga con 20 sesiones (0: se omite)")
    parser.add_argument("--fechas", type=int, default=10_000, metavar="N",
                        help="actividades del plan con «Fecha programada» en texto (0: se omite)")
    parser.add_argument("--solo-fechas", action="store_true",
                        help="mide solo la lectura del plan con «Fecha programada» y termina")
    parser.add_argument("--only", choices=ONLY, default=None,
                        help="solo una parte: «lectura» (lectura y validación frente a pandas, en procesos y "
                             "órdenes nuevas) o «navegador» (Gantt visible frente a un gráfico de Plotly mínimo)")
    parser.add_argument("--child", choices=[*CHILDREN, "fuzz"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--minutes", type=float, default=0.0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child:
        if args.child == "fuzz":
            value = child_fuzz(args.minutes)
        else:
            value = CHILDREN[args.child](args.file, max(1, args.repeat))
        print(RESULT_PREFIX + json.dumps(value, ensure_ascii=False, default=str), flush=True)
        return 0
    if args.solo_fechas:
        fechas = measure_fechas(args.fechas or 10_000, max(1, args.repeat))
        print(fechas_table(fechas))
        return 0 if fechas["read_plan_ok"] else 1
    sizes = args.sizes if args.sizes is not None else [] if args.only == "navegador" else list(DEFAULT_SIZES)
    result = run(sizes, max(1, args.repeat), args.skip_browser, args.fuzz_minutes,
                 args.load_seconds if not args.skip_browser else 0, max(0, args.fechas), args.only)
    text = table(result)
    result["tabla"] = text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(text)
    print(f"\nResultado completo en {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

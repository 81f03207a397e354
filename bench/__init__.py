"""Benchmark: speed at scale, hostile (fuzzed) files, many users. ``python -m bench``.

    python -m bench [--sizes 20,1000,10000] [--repeat N] [--out artifacts/bench.json]
                              [--skip-browser] [--fuzz-minutes M] [--load-seconds S] [--fechas N]
                              [--only lectura|navegador]
    python -m bench --solo-fechas [--fechas 10000] [--repeat N]

What it measures, for the shipped plan and synthetic plans of each size (``bench.synth``,
written with ``plan_workbook.write_plan`` and cached under ``artifacts/bench-cache/``):

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

One module per job: ``common`` (paths, targets, the plans measured, Spanish messages), ``app``
(pointing the dashboard at a plan, serving it), ``children`` (the fresh-process measurements),
``browser`` (time to the Gantt), ``load`` (the twenty-session run), ``fuzz`` (fuzzing
``read_plan``), ``report`` (verdicts and the Spanish tables) and ``cli`` (the run and its
options; ``__main__`` runs it). The hostile-upload measurements are :mod:`bench.isolation`.
This package re-exports what tests and scripts import from ``bench``.
"""

import sys  # noqa: F401 - tests start commands with bench.sys.executable

from bench.app import _chromium, app_target, dashboard_reads_store, serve
from bench.browser import HELLO_APP, PLOTLY_APP, measure_browser, summarize_browser
from bench.children import (
    CHILDREN,
    PLAIN_READ_COMMAND,
    SCRIPT_CHILDREN,
    check_command,
    child_engine,
    child_figures,
    child_memory,
    child_read_excel,
    child_read_plan,
    measure_fechas,
    measure_reads,
    plain_read_command,
    run_child,
    run_command,
)
from bench.cli import ONLY, build_parser, main, run
from bench.common import (
    ARTIFACTS,
    CACHE_DIR,
    CORTE,
    DASHBOARD,
    DATAFRAME,
    DEFAULT_OUT,
    DEFAULT_SIZES,
    ERROR_ALERT,
    FUZZ_DIR,
    GANTT_PAGE_ROWS,
    HEADING,
    PAGE_TITLES,
    PAGES,
    REPO_ROOT,
    RESULT_PREFIX,
    SHIPPED,
    SHIPPED_LABEL,
    TARGETS,
    _median,
    _percentile,
    non_spanish,
    plan_path,
    synthetic_path,
)
from bench.fuzz import MUTATORS, check_loaded, child_fuzz
from bench.load import PAGE_HEADINGS, measure_load
from bench.report import fechas_table, machine, table, verdicts

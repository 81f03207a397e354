"""Shared pieces of the benchmark: paths, targets, selectors, the plans measured, Spanish messages."""

from __future__ import annotations

import hashlib
import os
import re
import statistics
import sys
from datetime import date
from pathlib import Path

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
GANTT_PAGE_ROWS = 50

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

    ``fechas=True``: the schedule is a «Fecha programada» column of text (see :mod:`bench.synth`).
    """
    from bench import synth
    from rendicion.outputs import plan_workbook
    from rendicion.reading import dates

    code = hashlib.sha256()
    for module in (synth, plan_workbook, dates):
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


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0

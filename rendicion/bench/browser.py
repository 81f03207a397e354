"""Browser timings: time to the Gantt against a one-bar Plotly app and a one-line "hola" app."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rendicion.bench.app import _chromium, app_target, serve
from rendicion.bench.common import _median, plan_path
from rendicion.server import CHROMIUM_ARGS, LOCALE, PLOTLY_SVG, VIEWPORT


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

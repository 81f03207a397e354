"""Browser timings: time to the Gantt against a one-bar Plotly app and a one-line "hola" app, in turns."""

from __future__ import annotations

import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.app import _chromium, app_target, serve
from bench.common import _median, plan_path
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


def _interleaved(browser, targets: dict[str, tuple[str, str]], repeat: int) -> dict[str, dict[str, list[float]]]:
    """First and repeated visits of every target, taken in turns: round ``k`` visits each target once.

    A shared machine drifts (another job starts, then ends): measured one app after the other,
    the drift lands on one side of a ratio. In turns, the visits of one round are seconds apart,
    so each round gives a fair pair (see :func:`summarize_browser`). One warm-up visit per
    target first (the server compiles its script and fills its caches); repeated visits use one
    context per target, opened and visited once before the rounds.
    """
    for url, selector in targets.values():
        _visible_time(browser, url, selector)
    times = {name: {"primera": [], "repetida": []} for name in targets}
    for _ in range(repeat):
        for name, (url, selector) in targets.items():
            times[name]["primera"].append(_visible_time(browser, url, selector))
    contexts = {name: browser.new_context(viewport=VIEWPORT, locale=LOCALE) for name in targets}
    try:
        for name, (url, selector) in targets.items():
            _visible_time(browser, url, selector, contexts[name])
        for _ in range(repeat):
            for name, (url, selector) in targets.items():
                times[name]["repetida"].append(_visible_time(browser, url, selector, contexts[name]))
    finally:
        for context in contexts.values():
            context.close()
    return times


def measure_browser(labels: list[str], repeat: int) -> dict:
    """Seconds from navigation until the Gantt is visible on /cronograma (per plan), until the one-bar
    Plotly chart is and until "hola" is; every server is up at once and the visits alternate."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, ExitStack() as stack:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rendicion-hola-")))
        targets: dict[str, tuple[str, str]] = {}
        for name, source, selector in (("hola", HELLO_APP, '[data-testid="stMarkdownContainer"] >> text=hola'),
                                       ("plotly_minimo", PLOTLY_APP, PLOTLY_SVG)):
            script = folder / f"{name}.py"
            script.write_text(source, encoding="utf-8")
            targets[name] = (stack.enter_context(serve(script)).url, selector)
        servers = {}
        for label in labels:
            script, env, mode = stack.enter_context(app_target(plan_path(label)))
            servers[label] = (stack.enter_context(serve(script, env=env, cwd=script.parent)), mode)
            targets[f"cronograma:{label}"] = (f"{servers[label][0].url}/cronograma", PLOTLY_SVG)
        times = _interleaved(browser, targets, repeat)
        return {
            "hola": times["hola"],
            "plotly_minimo": times["plotly_minimo"],
            "cronograma": {label: {**times[f"cronograma:{label}"], "mode": mode,
                                   "traceback_in_log": "Traceback" in server.log()}
                           for label, (server, mode) in servers.items()},
        }


def summarize_browser(browser: dict) -> dict:
    """Medians of :func:`measure_browser`'s times. Each Gantt's ``razon`` is the median over rounds of
    its visit divided by the one-bar Plotly app's visit of the same round (the pairs are seconds
    apart, so a busy spell of the machine falls on both); ``razon_hola`` the same against "hola"."""
    hola = {visit: _median(times) for visit, times in browser["hola"].items()}
    plotly = {visit: _median(times) for visit, times in browser["plotly_minimo"].items()}

    def paired(times: list[float], base: list[float]) -> float:
        return _median(t / b for t, b in zip(times, base, strict=True))

    return {
        "hola": hola,
        "plotly_minimo": plotly,
        "plotly_minimo_razon_hola": {visit: paired(browser["plotly_minimo"][visit], browser["hola"][visit])
                                     for visit in ("primera", "repetida")},
        "cronograma": {
            label: {**{visit: {"segundos": _median(v[visit]),
                               "razon": paired(v[visit], browser["plotly_minimo"][visit]),
                               "razon_hola": paired(v[visit], browser["hola"][visit])}
                       for visit in ("primera", "repetida")},
                    "traceback_en_registro": v["traceback_in_log"]}
            for label, v in browser["cronograma"].items()
        },
    }

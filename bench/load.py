"""The load run: twenty browser sessions changing pages and filters against one server."""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import date, timedelta
from urllib.parse import urlencode

from bench.app import _chromium, app_target, serve
from bench.common import (
    ARTIFACTS,
    DATAFRAME,
    ERROR_ALERT,
    HEADING,
    PAGES,
    _percentile,
    cpu_seconds,
    plan_path,
)
from rendicion.common import formatting
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
)

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
                record["examples"].append(f"{description}: {formatting.plural(boxes, 'excepción')}, {formatting.plural(alerts, 'error')}")
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
    from rendicion.followup.view import default_corte
    from rendicion.reading.loader import read_plan

    plan = read_plan(plan_path(label)).plan
    params = plan.parametros
    span = max(1, (params.fecha_fin - params.fecha_inicio).days)
    days = [*params.cortes_paac(), default_corte(plan)]
    days += [params.fecha_inicio + timedelta(days=random.Random(k).randrange(span)) for k in range(6)]
    choices = {"dependencias": plan.dependencias, "subcomponentes": plan.subcomponentes, "days": days}
    with app_target(plan_path(label)) as (script, env, mode), serve(script, env=env, cwd=script.parent) as server:
        started = time.monotonic()
        cpu_before = cpu_seconds(server.process.pid)
        records = asyncio.run(_load_run(server.url, {**choices, "paac": params.cortes_paac()}, seconds, sessions,
                                        timeout_ms))
        wall = time.monotonic() - started
        server_cpu = cpu_seconds(server.process.pid) - cpu_before
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



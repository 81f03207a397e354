"""Shared fixtures.

Real-browser tests (the harness's helpers are in ``tests/harness.py``):

- ``chromium_path``: Debian's Chromium. Missing: skipped locally, a FAILURE in CI (``CI`` set).
- ``streamlit_server``: the project's ``dashboard.py`` served once for the session, with a
  fresh SQLite version store (``RENDICION_DB_URL``); ``.url``, ``.log()``.
- ``browser`` / ``page``: Chromium through Playwright's sync API; a fresh 1366×768, es-CO
  page per test. A failing test leaves ``artifacts/screenshots/FAILED-<test>.png``.
- ``page_errors``: JavaScript errors raised in ``page``.
- ``screenshots_dir``: ``artifacts/screenshots`` (git-ignored).

Tests that use Chromium (``browser``, ``page``) get the ``browser`` marker automatically, so
``pytest -m "not browser"`` runs the fast suite.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import (
    CHROMIUM_ARGS,
    DASHBOARD,
    LOCALE,
    REPO_ROOT,
    SCREENSHOTS_DIR,
    VIEWPORT,
    StreamlitServer,
    in_ci,
    screenshot,
    start_streamlit,
)

# --------------------------------------------------------------------------- markers, reports


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Whatever needs Chromium (browser, page, …) depends on chromium_path. (Not the argument
    # names: a test parametrized over a "page" argument is no browser test.)
    for item in items:
        if "chromium_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item, so fixtures can tell whether the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- browser harness


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The project's dashboard, served once for the whole session (cwd: the repository root).

    Its version store is a fresh SQLite file in a temporary folder (``RENDICION_DB_URL``).
    Visit ``streamlit_server.url``; check ``"Traceback" not in streamlit_server.log()``.
    """
    if not DASHBOARD.exists():
        pytest.fail(f"No existe {DASHBOARD.relative_to(REPO_ROOT)}.", pytrace=False)
    tmp = tmp_path_factory.mktemp("dashboard")
    env = {"RENDICION_DB_URL": f"sqlite:///{tmp / 'store.db'}"}
    with start_streamlit(DASHBOARD, env=env, cwd=REPO_ROOT, log_path=tmp / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the system's Chromium. Missing: a failure in CI, a skip elsewhere."""
    path = shutil.which("chromium")
    if path is None:
        message = "Chromium no está instalado (bash scripts/test.sh lo instala)."
        if in_ci():
            pytest.fail(message + " En CI es obligatorio.", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """Debian's Chromium, headless, driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_errors() -> list[str]:
    """JavaScript errors (uncaught exceptions) raised in ``page`` during the test."""
    return []


@pytest.fixture
def page(browser, page_errors: list[str], request: pytest.FixtureRequest):
    """A fresh page in its own context: 1366×768, locale es-CO."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        yield new_page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            try:
                screenshot(new_page, f"FAILED-{name}")
            except Exception:  # noqa: BLE001 - a courtesy; the failure itself is reported anyway
                pass
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """``artifacts/screenshots`` at the repository root (created; git-ignored)."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR


# --------------------------------------------------------------------------- the shipped plan

@pytest.fixture(scope="session")
def plan():
    """data/plan_2018.xlsx, read once per session (treat as read-only)."""
    from rendicion.reading.loader import read_plan
    from tests.builders import SHIPPED

    loaded = read_plan(SHIPPED)
    assert loaded.ok, loaded.findings.to_text()
    return loaded.plan


@pytest.fixture(scope="session")
def evaluated(plan):
    """The shipped plan evaluated at 31/08/2018 (treat as read-only)."""
    from rendicion.followup import engine
    from tests.builders import AUGUST_CUT

    return engine.evaluate(plan, AUGUST_CUT)


# --------------------------------------------------------------------------- version store

# A throwaway PostgreSQL server (session), the store URL fixture parametrized over SQLite and
# PostgreSQL, and a session-wide RENDICION_DB_URL in a temporary folder (autouse, so no test
# touches the real .rendicion/ store): see tests/pg.py.
from tests.pg import isolated_version_store, postgres_server, store_url  # noqa: E402,F401


@pytest.fixture
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The dashboard's version store in a fresh SQLite file (never the real ``.rendicion/``).

    Streamlit's caches are process-wide (the store is a cached resource): they are cleared
    before and after, so each AppTest opens this test's store. No editor password or account is set."""
    import streamlit as st

    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    monkeypatch.delenv("RENDICION_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv("RENDICION_EDITORES", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch):
    """Each test starts with no failed editor attempts (the guessing limits are process-wide)."""
    from rendicion.people import throttle

    fresh = throttle.Throttle()
    monkeypatch.setattr(throttle, "THROTTLE", fresh)
    return fresh

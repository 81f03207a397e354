"""Real-browser test harness: a Streamlit server, Debian's Chromium and helpers for the page.

The fixtures that use this live in ``tests/conftest.py``; tests import the helpers::

    from tests.harness import exception_boxes, screenshot, start_streamlit, wait_for_app

- ``start_streamlit(script, env=...)``: context manager that runs any Streamlit script on a
  free loopback port and yields a :class:`StreamlitServer` (URL, captured log).
- ``wait_for_app(page)``: wait until Streamlit finished running the script.
- ``exception_boxes(page)``: texts of the exception boxes Streamlit rendered.
- ``screenshot(page, name)``: PNG into ``artifacts/screenshots/`` (git-ignored).

The selectors come from Streamlit 1.67's frontend (see the constants below).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from rendicion import server
from rendicion.server import (  # noqa: F401 - part of the harness's API
    APP,
    APP_CONNECTED,
    APP_NOT_RUNNING,
    CHROMIUM_ARGS,
    EXCEPTION,
    LOCALE,
    PLOTLY_SVG,
    RUNNING_ICON,
    SKELETONS,
    VIEWPORT,
    StreamlitServer,
    free_port,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = REPO_ROOT / "dashboard.py"
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"


SERVER_START_TIMEOUT = 60.0  # seconds until /_stcore/health must answer "ok"
APP_RUN_TIMEOUT_MS = 60_000  # milliseconds for one script run to finish in the browser


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def run_measured(command: list[str], cwd: str | os.PathLike = REPO_ROOT) -> tuple[int, str, float]:
    """Run ``command`` in a child process: (exit code, its stdout, the child's CPU seconds).

    CPU time of the child (user + system, from ``os.wait4``), never wall-clock: a busy shared
    machine stretches the second, not the first, and threads left in the test process by other
    tests are not counted."""
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return process.returncode, out.read().decode("utf-8"), usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------- Streamlit server


@contextmanager
def start_streamlit(
    script: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    log_path: str | os.PathLike | None = None,
    timeout: float = SERVER_START_TIMEOUT,
) -> Iterator[StreamlitServer]:
    """:func:`rendicion.server.start_streamlit`, failing the test (with the server's output) when
    the server does not start."""
    try:
        with server.start_streamlit(script, env=env, cwd=cwd, log_path=log_path, timeout=timeout) as running:
            yield running
    except server.ServerDidNotStart as problem:
        pytest.fail(str(problem), pytrace=False)


# --------------------------------------------------------------------------- page helpers


def wait_for_app(page, timeout: float = APP_RUN_TIMEOUT_MS, settle: float = 300) -> None:
    """Wait until Streamlit finished running the script and drew its elements.

    Connected to the server, the script's run state ``notRunning``, no "Running…" icon and
    no loading skeleton, and all of it still so after ``settle`` ms (a widget change starts
    its rerun a moment after the click). ``timeout`` is in ms. Elements that draw themselves
    after the run (a Plotly chart's SVG) need their own wait.
    """
    deadline = time.monotonic() + timeout / 1000
    page.wait_for_selector(APP_CONNECTED, state="attached", timeout=timeout)
    while True:
        page.wait_for_selector(APP_NOT_RUNNING, state="attached", timeout=timeout)
        page.wait_for_selector(RUNNING_ICON, state="detached", timeout=timeout)
        page.locator(SKELETONS).first.wait_for(state="hidden", timeout=timeout)
        page.wait_for_timeout(settle)
        if (
            page.locator(APP_NOT_RUNNING).count() == 1
            and page.locator(RUNNING_ICON).count() == 0
            and not page.locator(SKELETONS).first.is_visible()
        ):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Streamlit no terminó de ejecutar la página en {timeout / 1000:.0f} s")


def wait_for_rerun(page, started_within: float = 5000) -> None:
    """After an action that reruns the script (a text field committed on blur): wait until that
    rerun has started (up to ``started_within`` ms; a fast one may already be over) and finished.

    :func:`wait_for_app` alone can return before a rerun that the server starts late (a busy
    machine), and a download button clicked during that rerun loses its deferred file: Streamlit
    revokes the old one when it draws the button again (streamlit/runtime/media_file_manager.py,
    ``remove_deferred``)."""
    try:
        page.wait_for_selector('[data-testid="stApp"]:not([data-test-script-state="notRunning"])',
                               state="attached", timeout=started_within)
    except PlaywrightTimeoutError:
        pass  # already over, or never started: either way the page is idle now
    wait_for_app(page)


def exception_boxes(page) -> list[str]:
    """Texts of the exception boxes on the page (empty when there is none)."""
    return [text.strip() for text in page.locator(EXCEPTION).all_inner_texts()]


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of ``page`` as ``artifacts/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

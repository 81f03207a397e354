"""A ``streamlit run`` process on a free loopback port, for the browser tests and the benchmark.

Streamlit is run as a separate program (this module never imports it), headless, with the
log captured to a file, and stopped (terminate, then kill) when the ``with`` block exits.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Seconds until /_stcore/health must answer "ok".
START_TIMEOUT = 60.0

#: Flags that make Debian's Chromium run headless, as root, on this closed network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
#: The screen the planning secretary uses, and her locale.
VIEWPORT = {"width": 1366, "height": 768}
LOCALE = "es-CO"

# Selectors of Streamlit 1.67's frontend, for code that drives the served app in a browser.
#: The app root. Streamlit mirrors its connection state (INITIAL, PINGING_SERVER, CONNECTING,
#: CONNECTED, DISCONNECTED_FOREVER, …) and the script's run state (initial, running,
#: notRunning, rerunRequested, stopRequested, compilationError) in these attributes.
APP = '[data-testid="stApp"]'
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
APP_NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'
#: The "Running…" icon of the status widget (top right) while the script runs.
RUNNING_ICON = '[data-testid="stStatusWidgetRunningIcon"]'
#: Placeholders: a lazily loaded element (stSkeleton) and the page before its first element.
SKELETONS = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'
#: An exception box: st.exception or an uncaught error in the script.
EXCEPTION = '[data-testid="stException"]'
#: A drawn Plotly chart (st.plotly_chart), once Plotly has rendered its SVG.
PLOTLY_SVG = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'


class ServerDidNotStart(RuntimeError):
    """Streamlit exited, or did not answer its health check in time."""


@dataclass
class StreamlitServer:
    """A running ``streamlit run`` process."""

    url: str
    port: int
    script: Path
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        """Everything the server printed so far (stdout and stderr together)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode("utf-8", errors="replace").strip()
    except (urllib.error.URLError, OSError):
        return None


def _stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextmanager
def running(command: list[str], *, env: Mapping[str, str], log: Path, cwd: str | os.PathLike) -> Iterator[subprocess.Popen]:
    """Any server program (Caddy, a replica, ``streamlit run``) running until the block exits, its output in
    ``log``; stopped as :func:`start_streamlit` stops its server (terminate, then kill)."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        _stop(process, timeout=15)


@contextmanager
def start_streamlit(
    script: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    log_path: str | os.PathLike | None = None,
    timeout: float = START_TIMEOUT,
) -> Iterator[StreamlitServer]:
    """Run ``streamlit run <script>`` headless on a free loopback port until the block exits.

    ``env`` is added to (and overrides) this process's environment; ``cwd`` defaults to the
    script's folder; the log goes to ``log_path`` (default: a new temporary file). Raises
    :class:`ServerDidNotStart`, with the server's output, when it exits or stays silent.
    """
    script = Path(script).resolve()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(log_path) if log_path is not None else Path(tempfile.mkdtemp(prefix="streamlit-log-")) / "log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--server.showEmailPrompt=false",
    ]
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=str(cwd if cwd is not None else script.parent),
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = StreamlitServer(url=url, port=port, script=script, log_path=log_path, process=process)
    try:
        deadline = time.monotonic() + timeout
        while _health(url) != "ok":
            if process.poll() is not None:
                raise ServerDidNotStart(
                    f"Streamlit terminó (código {process.returncode}) al iniciar {script.name}:\n{server.log()}")
            if time.monotonic() > deadline:
                raise ServerDidNotStart(
                    f"Streamlit no respondió en {timeout:.0f} s ({url}/_stcore/health) con {script.name}:\n"
                    f"{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)

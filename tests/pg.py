"""A throwaway PostgreSQL server for the store's tests, and the store URL fixtures.

``postgres_server`` (session): Debian's PostgreSQL binaries start a fresh cluster on a free
loopback port, in a temporary folder, with trust authentication::

    initdb -D <tmp>/data -U postgres --auth=trust --encoding=UTF8 --no-sync
    pg_ctl -D <tmp>/data -o "-p <port> -k <tmp> -c listen_addresses=127.0.0.1" -l <tmp>/log start -w

As root (initdb refuses root) both run as the ``postgres`` OS user (``runuser -u postgres --``)
in a folder it owns. Missing binaries: a FAILURE in CI (``CI`` set), a skip elsewhere. The
cluster is stopped (``pg_ctl stop -m fast``) and deleted at the end of the session.

``postgres_server.new_database()`` creates an empty database and returns its SQLAlchemy URL
(``postgresql+psycopg://postgres@127.0.0.1:<port>/<name>``); every store test gets its own.

``store_url`` (parametrized ``sqlite`` / ``postgresql``): a fresh, empty store URL.

``isolated_version_store`` (session, autouse): ``RENDICION_DB_URL`` points at a SQLite file in
a temporary folder for the whole session, so no test (nor any process a test starts) ever
writes to the real ``.rendicion/`` store or to a database configured in the developer's shell.
Tests that need their own store set the variable themselves (monkeypatch) or pass a URL.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.harness import in_ci

_PG_BIN_GLOBS = ("/usr/lib/postgresql/*/bin",)
_START_TIMEOUT = 60  # seconds


def find_pg_bin() -> Path | None:
    """Folder holding ``initdb`` and ``pg_ctl`` (the newest Debian cluster version, else PATH)."""
    candidates = []
    for pattern in _PG_BIN_GLOBS:
        candidates += sorted(glob.glob(pattern), key=lambda p: _version_key(Path(p).parent.name), reverse=True)
    for found in (shutil.which("initdb"), shutil.which("pg_ctl")):
        if found:
            candidates.append(str(Path(found).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _version_key(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in name.split("."))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    """A running throwaway cluster."""

    port: int
    folder: Path
    bin: Path
    as_user: list[str] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        path = self.folder / "log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE, ALTER DATABASE …)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def new_database(self, prefix: str = "rendicion_test") -> str:
        """Create an empty database; its SQLAlchemy URL."""
        name = f"{prefix}_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A fresh PostgreSQL cluster on 127.0.0.1 for the whole session (see the module docstring)."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        message = ("PostgreSQL no está instalado (no se encontraron initdb y pg_ctl; "
                   "bash scripts/test.sh instala el paquete postgresql).")
        if in_ci():
            pytest.fail(message + " En CI es obligatorio.", pytrace=False)
        pytest.skip(message)
    # Not under pytest's basetemp: its 0700 parents would keep the postgres user out.
    folder = Path(tempfile.mkdtemp(prefix="rendicion-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", "postgres", "--"] if runuser else []
        if not as_user:
            pytest.fail("Como root se necesita runuser para iniciar PostgreSQL como el usuario postgres.",
                        pytrace=False)
        shutil.chown(folder, user="postgres", group="postgres")
    data = folder / "data"
    port = _free_port()
    server = PostgresServer(port=port, folder=folder, bin=pg_bin, as_user=as_user)
    init = _run(as_user + [str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                           "--encoding=UTF8", "--no-sync"])
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"initdb falló:\n{init.stdout}\n{init.stderr}", pytrace=False)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    start = _run(as_user + [str(pg_bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                            "start", "-w", "-t", str(_START_TIMEOUT)])
    if start.returncode != 0:
        log = server.log()
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL no arrancó:\n{start.stdout}\n{start.stderr}\n{log}", pytrace=False)
    try:
        yield server
    finally:
        _run(as_user + [str(pg_bin / "pg_ctl"), "-D", str(data), "stop", "-m", "fast", "-w"])
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store: a SQLite file under tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'versiones.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture(scope="session", autouse=True)
def isolated_version_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``RENDICION_DB_URL`` for the session: a SQLite file in a temporary folder (see the module docstring)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('version_store') / 'versiones.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RENDICION_DB_URL", url)
        yield url

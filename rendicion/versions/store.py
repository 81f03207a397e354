"""Versioned, append-only store of published plan workbooks (SQLAlchemy Core).

Every publication is a new row of ``versions``; the workbook's bytes live once per distinct
content in ``blobs`` (primary key: its sha256). Nothing is ever updated or deleted: restoring
an old version publishes its bytes again as a new version. The current version is the one
with the highest number. Each row also carries its hash chain value and the one-row
``chain_head`` names the newest chained version (:mod:`rendicion.versions.chain`); :meth:`Store.verify`
checks them. Those two are the only values ever written after an insert: the chain value in the
publishing transaction itself, the head on every publication, and the chain of versions that had
none, once, by the explicit migration :meth:`Store.create_chain` (``versions --encadenar``), which
``chain_migrations`` records. The store never chains old rows on its own: a chain dropped after an
edit would otherwise come back, recomputed over the edited rows.

Where the data lives is configuration only: ``RENDICION_DB_URL`` holds any SQLAlchemy URL
(``postgresql+psycopg://user@host:5432/db`` for PostgreSQL; a plain ``postgresql://`` URL
gets the psycopg 3 driver); without it the store is the SQLite file
``<repo>/.rendicion/versiones.db``. Tables are created when missing.

Safety:

- A publication is one transaction (blob, then version row). A crash before COMMIT leaves the
  previous current version intact; SQLite runs in WAL mode with ``synchronous=FULL`` (the
  switch to WAL is tried without waiting, so processes opening a new file at once never
  wait for each other).
- Concurrent publishers never race for a number: the database assigns it (SQLite
  ``AUTOINCREMENT``, PostgreSQL ``IDENTITY``). Write transactions are serialized — SQLite
  with ``BEGIN IMMEDIATE`` plus a busy timeout, PostgreSQL with a transaction-level advisory
  lock — so numbers follow commit order; a "database is locked" is retried a few times.
- Every operational failure (read-only file or database, unreachable server, lock held too
  long, damaged file, full disk) becomes a :class:`~rendicion.common.errors.StoreError` whose Spanish
  message says what to do. Programming errors are not translated.
- Reading keeps working when the SQLite file (or its folder) is read-only: when a normal open
  fails, the file is opened again with ``mode=ro`` (and, when not even the WAL index can be
  created, as ``immutable``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Identity,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from rendicion.common import moments
from rendicion.common.errors import StoreError, VersionNotFound
from rendicion.versions import chain

logger = logging.getLogger("rendicion.versions.store")

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Folder of the default SQLite store (git-ignored).
DEFAULT_DIR = REPO_ROOT / ".rendicion"
DEFAULT_URL = f"sqlite:///{DEFAULT_DIR / 'versiones.db'}"
#: Environment variable with the SQLAlchemy URL of the store.
ENV_VAR = "RENDICION_DB_URL"

#: Seconds a writer waits for another writer's lock (SQLite busy_timeout) before giving up.
DEFAULT_TIMEOUT = 30.0
#: Extra attempts after a quick "database is locked" / serialization failure (within the timeout).
WRITE_RETRIES = 3
#: Seconds to wait for a PostgreSQL server to accept the connection.
CONNECT_TIMEOUT = 10


# ------------------------------------------------------------------------------------- schema

metadata = MetaData()

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("version", Integer, Identity(start=1), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("author", Text, nullable=True),
    Column("filename", Text, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("size", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("restored_from", Integer, ForeignKey("versions.version"), nullable=True),
    #: Hash chain value (see :func:`chain_value`); NULL only before the migration fills it.
    Column("chain", String(64), nullable=True),
    sqlite_autoincrement=True,
)

#: The chain's head: one row (id 1) naming the last chained version and its chain value,
#: updated in the same transaction as every publication. It is what makes deleting the
#: newest versions detectable (the rest of the chain cannot tell a deleted last row).
chain_head = Table(
    "chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("chain", String(64), nullable=False),
)

#: The explicit creation of the chain over versions that had none (at most one row; see chain.py).
chain_migrations = Table(
    "chain_migrations",
    metadata,
    Column("id", Integer, Identity(start=1), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Column("author", Text, nullable=True),
    Column("versions", Integer, nullable=False),
    Column("head", String(64), nullable=False),
    sqlite_autoincrement=True,
)

#: The closing of Control Interno's follow-up report typed in the dashboard, per vigencia and cut:
#: append-only (a new save is a new row; the newest row of a vigencia and cut is the one in use),
#: with the editor who typed it. Created on the first save, so a read-only store without it still opens.
report_closings = Table(
    "report_closings",
    metadata,
    Column("id", Integer, Identity(start=1), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("vigencia", Integer, nullable=False),
    Column("corte", Date, nullable=False),
    Column("conclusiones", Text, nullable=False, default=""),
    Column("recomendaciones", Text, nullable=False, default=""),
    Column("elaboro_nombre", Text, nullable=False, default=""),
    Column("elaboro_cargo", Text, nullable=False, default=""),
    Column("author", Text, nullable=True),
    sqlite_autoincrement=True,
)

#: The fields of a report's closing, in order (rendicion.outputs.informe.Cierre has the same).
CLOSING_FIELDS = ("conclusiones", "recomendaciones", "elaboro_nombre", "elaboro_cargo")


@dataclass(frozen=True)
class Closing:
    """A saved closing of the report: its four texts, who typed them and when."""

    vigencia: int
    corte: date
    conclusiones: str
    recomendaciones: str
    elaboro_nombre: str
    elaboro_cargo: str
    author: str | None
    created_at: datetime

    @property
    def fields(self) -> tuple[str, str, str, str]:
        return (self.conclusiones, self.recomendaciones, self.elaboro_nombre, self.elaboro_cargo)

    @property
    def display_time(self) -> str:
        """Bogotá date and time: "25/11/2025 07:14"."""
        return moments.bogota(self.created_at)


#: Key of the PostgreSQL advisory lock that serializes writers.
_PG_LOCK_KEY = zlib.crc32(b"rendicion.versions")
#: Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE.
_WRITE = "rendicion_write"


# ------------------------------------------------------------------------------------ version


@dataclass(frozen=True)
class Version:
    """One published workbook: its number, when and by whom, and what it contains."""

    version: int
    #: When it was published (timezone-aware, UTC).
    created_at: datetime
    note: str
    author: str | None
    filename: str
    sha256: str
    size: int
    #: The plan's :meth:`~rendicion.plan.model.Plan.summary` at publication.
    summary: dict
    #: The version whose bytes this one republished (a restoration), else None.
    restored_from: int | None
    #: Its hash chain value (:func:`chain_value`).
    chain: str | None = None

    @property
    def download_name(self) -> str:
        """The name a download of this version gets: its own file name and extension, after the
        version number ("v3_plan_agosto.xlsx"), so nothing is served under an extension it lacks."""
        return f"v{self.version}_{self.filename}"

    @property
    def local_time(self) -> datetime:
        """``created_at`` in Bogotá time."""
        return self.created_at.astimezone(moments.BOGOTA)

    @property
    def display_time(self) -> str:
        """Bogotá date and time as the users write it: "25/11/2025 07:14"."""
        return moments.bogota(self.created_at)

    def as_dict(self, current: bool) -> dict:
        """JSON form (``versions --json``): ``created_at`` is ISO 8601 UTC."""
        return {
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "note": self.note,
            "author": self.author,
            "filename": self.filename,
            "sha256": self.sha256,
            "size": self.size,
            "summary": self.summary,
            "restored_from": self.restored_from,
            "chain": self.chain,
            "current": current,
        }


def _version(row: Any) -> Version:
    created = moments.utc(row.created_at)  # a str: SQLite columns written by other tools
    return Version(
        version=int(row.version),
        created_at=created,
        note=row.note or "",
        author=row.author,
        filename=row.filename,
        sha256=row.sha256,
        size=int(row.size),
        summary=json.loads(row.summary) if row.summary else {},
        restored_from=row.restored_from,
        chain=getattr(row, "chain", None),
    )


# -------------------------------------------------------------------------------------- store


class Store:
    """The version store. Keep one per process (it holds a connection pool); thread-safe.

    ``url``: any SQLAlchemy URL; None means ``RENDICION_DB_URL`` or the default SQLite file.
    ``timeout``: seconds a publication waits for another one's lock before a StoreError.
    Nothing touches the database until the first read or publication.
    """

    def __init__(self, url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        raw = url or os.environ.get(ENV_VAR) or DEFAULT_URL
        try:
            self._url: URL = make_url(raw)
        except sa_exc.ArgumentError as exc:
            raise StoreError(
                f"La dirección del almacén de versiones no es válida ({ENV_VAR}). Ejemplos: "
                "sqlite:///ruta/versiones.db o postgresql+psycopg://usuario@servidor:5432/base."
            ) from exc
        if self._url.drivername in ("postgresql", "postgres"):  # plain URLs get the installed driver (psycopg 3)
            self._url = self._url.set(drivername="postgresql+psycopg")
        self._timeout = float(timeout)
        self._backend = self._url.get_backend_name()
        self._sqlite_path = self._sqlite_file(self._url) if self._backend == "sqlite" else None
        self._reader: Engine | None = None  # read-only SQLite fallback, once needed
        self._schema_ok = False
        #: A store from before the hash chain that cannot be migrated (read-only): read without the chain.
        self._unchained_read_only = False
        #: Test seam: called with "locked", "blob", "version" inside a publishing transaction.
        self._hook: Callable[[str], None] | None = None
        if self._sqlite_path is not None and not self._sqlite_read_only_url(self._url):
            try:
                self._sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._error(
                    "No se pudo crear la carpeta del almacén de versiones. Revise que la ruta sea una carpeta con "
                    f"permiso de escritura o configure otro almacén con {ENV_VAR}.",
                    f"carpeta {self._sqlite_path.parent}", exc,
                ) from exc
        self._engine = self._create_engine(self._url)

    @classmethod
    def from_env(cls) -> Store:
        """The store ``RENDICION_DB_URL`` names, or the default SQLite file."""
        return cls(None)

    # ---- description ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The store's URL with any password hidden (safe to display)."""
        return self._url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        """"sqlite", "postgresql" …"""
        return self._backend

    @property
    def location(self) -> str:
        """Where the versions are, for messages: the SQLite file, else the URL without password."""
        return str(self._sqlite_path) if self._sqlite_path is not None else self.url

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def close(self) -> None:
        """Close the pooled connections (the store can still be used afterwards)."""
        self._engine.dispose()
        if self._reader is not None:
            self._reader.dispose()
            self._reader = None

    # ---- reading ---------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Every published version, newest first."""
        rows = self._read(lambda conn: conn.execute(self._select().order_by(versions.c.version.desc())).all())
        return [_version(row) for row in rows]

    def current(self) -> Version | None:
        """The current (latest) version, or None while nothing has been published."""
        query = self._select().order_by(versions.c.version.desc()).limit(1)
        row = self._read(lambda conn: conn.execute(query).first())
        return _version(row) if row is not None else None

    def get(self, version: int) -> Version:
        """One version; :class:`VersionNotFound` when there is no such number."""
        row = self._read(lambda conn: conn.execute(self._select().where(versions.c.version == int(version))).first())
        if row is None:
            raise VersionNotFound(self._not_found(version))
        return _version(row)

    def data(self, version: int) -> bytes:
        """The workbook's bytes exactly as published."""
        query = (
            select(versions.c.sha256, blobs.c.data)
            .select_from(versions.join(blobs, versions.c.sha256 == blobs.c.sha256))
            .where(versions.c.version == int(version))
        )
        row = self._read(lambda conn: conn.execute(query).first())
        if row is None:
            raise VersionNotFound(self._not_found(version))
        data = bytes(row.data)
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise StoreError(
                f"Los datos de la versión {version} están dañados (no coinciden con su huella sha256). "
                "Restaure el almacén de versiones desde una copia de seguridad."
            )
        return data

    def current_data(self) -> tuple[Version, bytes] | None:
        """The current version and its bytes, or None while nothing has been published."""
        current = self.current()
        if current is None:
            return None
        return current, self.data(current.version)

    # ---- writing ---------------------------------------------------------------------------

    def publish(self, data: bytes, *, note: str = "", author: str | None = None, filename: str = "plan.xlsx",
                summary: dict, restored_from: int | None = None) -> Version:
        """Store ``data`` as a new version, in one transaction; returns the new version."""
        data = bytes(data)
        record = self._record(data, note=note, author=author, filename=filename, summary=summary,
                              restored_from=restored_from)
        return self._write(lambda conn: self._insert(conn, data, record))

    def restore(self, version: int, *, note: str = "", author: str | None = None) -> Version:
        """Publish the bytes of an old version again, as a new version (``restored_from`` set)."""
        old = self.get(version)
        data = self.data(version)
        return self.publish(
            data,
            note=note.strip() or f"Restauración de la versión {old.version}",
            author=author,
            filename=old.filename,
            summary=old.summary,
            restored_from=old.version,
        )

    # ---- the report's closing ----------------------------------------------------------------

    def closing(self, vigencia: int, corte: date) -> Closing | None:
        """The newest closing saved for this vigencia and cut, or None (none saved, or no table yet)."""
        query = (select(report_closings)
                 .where(report_closings.c.vigencia == int(vigencia), report_closings.c.corte == corte)
                 .order_by(report_closings.c.id.desc()).limit(1))

        def work(conn):
            if not inspect(conn).has_table(report_closings.name):
                return None
            return conn.execute(query).first()

        row = self._read(work)
        if row is None:
            return None
        return Closing(row.vigencia, row.corte, row.conclusiones, row.recomendaciones, row.elaboro_nombre,
                       row.elaboro_cargo, row.author, row.created_at)

    def save_closing(self, vigencia: int, corte: date, fields: dict[str, str], *, author: str | None) -> Closing:
        """Keep a closing of the report for this vigencia and cut, typed by ``author``: a new row, never an
        update (the earlier ones stay, as every version does)."""
        values = {name: str(fields.get(name) or "") for name in CLOSING_FIELDS}
        record = dict(created_at=datetime.now(timezone.utc), vigencia=int(vigencia), corte=corte, author=author,
                      **values)

        def work(conn) -> None:
            report_closings.create(conn, checkfirst=True)
            conn.execute(report_closings.insert().values(**record))

        self._write(work)
        return Closing(record["vigencia"], corte, *values.values(), author, record["created_at"])

    def verify(self, expected_head: str | None = None) -> chain.ChainCheck:
        """Check the hash chain of every version, every workbook's bytes and the chain's head.

        Reads one workbook at a time. ``expected_head``: a chain value noted outside the database
        (see :mod:`rendicion.versions.chain`) that must still be in the history."""

        def work(conn) -> chain.ChainCheck:
            if self._unchained_read_only:
                return chain.ChainCheck(problems=[
                    "Este almacén es anterior a la cadena de huellas y es de solo lectura: no se puede verificar. "
                    "Ábralo una vez con permiso de escritura para encadenar su historial."])
            rows = conn.execute(select(versions).order_by(versions.c.version)).all()
            head = conn.execute(select(chain_head).where(chain_head.c.id == 1)).first()

            def blob_sha256(sha: str) -> str | None:
                data = conn.execute(select(blobs.c.data).where(blobs.c.sha256 == sha)).scalar()
                return hashlib.sha256(bytes(data)).hexdigest() if data is not None else None

            return chain.verify(rows, blob_sha256, head, expected_head, self._migration(conn))

        return self._read(work)

    def head(self) -> str | None:
        """The chain value of the newest version as the store records it (not verified), or None."""
        def work(conn) -> str | None:
            if self._unchained_read_only:
                return None
            return conn.execute(select(chain_head.c.chain).where(chain_head.c.id == 1)).scalar()

        return self._read(work)

    def create_chain(self, *, note: str, author: str | None = None) -> chain.ChainCheck:
        """Chain, once, a history whose versions have no chain values: the explicit, noted migration.

        Refused (:class:`StoreError`) when any version already has a chain value, the head exists or
        a migration was already recorded: a broken chain is never rebuilt, it is restored from a
        backup. Logged (warning) and recorded in ``chain_migrations``; returns the verification after it."""
        note = (note or "").strip()
        if not note:
            raise StoreError("Para crear la cadena escriba una nota que diga por qué (--nota TEXTO): queda registrada.")

        def work(conn) -> int:
            chained = conn.execute(select(func.count()).select_from(versions).where(versions.c.chain.is_not(None)))
            if chained.scalar_one() or conn.execute(select(chain_head.c.id)).first() is not None:
                raise StoreError("El historial ya tiene cadena de huellas y no se vuelve a crear: una cadena rota no "
                                 "se rehace. Restaure la base de datos desde una copia de seguridad.")
            if conn.execute(select(chain_migrations.c.id)).first() is not None:
                raise StoreError("La cadena de este historial ya se creó una vez (está registrado) y no se vuelve a "
                                 "crear: alguien la borró después. Restaure la base de datos desde una copia de "
                                 "seguridad y compruébela con la cabeza publicada en el último informe.")
            rows = conn.execute(select(versions).order_by(versions.c.version)).all()
            value = None
            for row in rows:
                value = self._link(conn, row, row.sha256)
            if value is not None:
                conn.execute(chain_migrations.insert().values(
                    created_at=datetime.now(timezone.utc), note=note, author=(author or "").strip() or None,
                    versions=len(rows), head=value))
            return len(rows)

        count = self._write(work)
        logger.warning("Cadena de huellas creada sobre %d versiones que no la tenían, por %s: %s (%s)", count,
                       author or "sin autor", note, self.location)
        return self.verify()

    @staticmethod
    def _migration(conn) -> chain.Migration | None:
        row = conn.execute(select(chain_migrations).order_by(chain_migrations.c.id).limit(1)).first()
        if row is None:
            return None
        return chain.Migration(moments.bogota(row.created_at), row.note, row.author, int(row.versions))

    def ensure_seeded(self, path: Path, summary_fn: Callable[[bytes], dict]) -> Version | None:
        """Publish ``path`` as version 1 when the store is empty; the new version, or None.

        Safe when several processes start at once: the emptiness check and the insert share
        one serialized write transaction, so exactly one of them publishes.
        ``summary_fn(data)`` gives the summary; it runs only when the store looks empty.
        """
        if self.current() is not None:
            return None
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise self._error("No se pudo leer el plan inicial del tablero. Revise que el archivo exista y se pueda leer.",
                              str(path), exc) from exc
        try:
            shown = path.resolve().relative_to(REPO_ROOT).as_posix()
        except ValueError:
            shown = path.name
        record = self._record(data, note=f"Versión inicial ({shown})", author=None, filename=path.name,
                              summary=summary_fn(data), restored_from=None)

        def work(conn) -> Version | None:
            if conn.execute(select(func.count()).select_from(versions)).scalar_one():
                return None
            return self._insert(conn, data, record)

        return self._write(work)

    # ---- internals: records ------------------------------------------------------------------

    @staticmethod
    def _record(data: bytes, *, note, author, filename, summary, restored_from) -> dict:
        return {
            "note": (note or "").strip(),
            "author": (author or "").strip() or None,
            "filename": re.split(r"[\\/]", str(filename or ""))[-1].strip()[:255] or "plan.xlsx",
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "summary": json.dumps(summary, ensure_ascii=False),
            "restored_from": int(restored_from) if restored_from is not None else None,
        }

    def _insert(self, conn, data: bytes, record: dict) -> Version:
        self._at("locked")
        if conn.execute(select(versions.c.version).where(versions.c.chain.is_(None)).limit(1)).first() is not None:
            raise StoreError(f"No se puede publicar: {chain.UNCHAINED}")
        sha = record["sha256"]
        if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first() is None:
            conn.execute(blobs.insert().values(sha256=sha, data=data))
        self._at("blob")
        values = dict(record, created_at=datetime.now(timezone.utc))
        number = conn.execute(versions.insert().values(**values)).inserted_primary_key[0]
        self._at("version")
        row = conn.execute(select(versions).where(versions.c.version == number)).one()
        self._link(conn, row, sha)
        return _version(conn.execute(select(versions).where(versions.c.version == number)).one())

    @staticmethod
    def _link(conn, row: Any, data_sha256: str) -> str:
        """Chain ``row`` after the previous version and move the head to it (inside the write transaction)."""
        previous = conn.execute(
            select(versions.c.chain).where(versions.c.version < row.version).order_by(versions.c.version.desc()).limit(1)
        ).scalar()
        value = chain.chain_value(row, data_sha256, previous)
        conn.execute(versions.update().where(versions.c.version == row.version).values(chain=value))
        if conn.execute(select(chain_head.c.id).where(chain_head.c.id == 1)).first() is None:
            conn.execute(chain_head.insert().values(id=1, version=row.version, chain=value))
        else:
            conn.execute(chain_head.update().where(chain_head.c.id == 1).values(version=row.version, chain=value))
        return value

    def _at(self, stage: str) -> None:
        if self._hook is not None:
            self._hook(stage)

    def _not_found(self, version: int) -> str:
        try:
            latest = self.current()
        except StoreError:
            latest = None
        if latest is None:
            return f"No existe la versión {version}: todavía no hay versiones publicadas."
        return f"No existe la versión {version}. Las versiones publicadas van de la 1 a la {latest.version}."

    # ---- internals: engines and transactions ----------------------------------------------

    @staticmethod
    def _sqlite_file(url: URL) -> Path | None:
        database = url.database or ""
        if database in ("", ":memory:"):
            return None
        if url.query.get("uri") in ("true", "1") and database.startswith("file:"):
            database = unquote(urlsplit(database).path)
            if not database or database == ":memory:":
                return None
        return Path(database).absolute()

    @staticmethod
    def _sqlite_read_only_url(url: URL) -> bool:
        return url.query.get("mode") == "ro" or url.query.get("immutable") in ("1", "true")

    def _create_engine(self, url: URL) -> Engine:
        try:
            if self._backend == "sqlite":
                engine = create_engine(url, connect_args={"timeout": self._timeout})
                self._configure_sqlite(engine)
            elif self._backend == "postgresql":
                engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT})
            else:
                engine = create_engine(url, pool_pre_ping=True)
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
            raise self._error(
                "No se puede usar la base de datos del almacén de versiones: su tipo no se reconoce o su controlador "
                "no está instalado. Use sqlite:///ruta/versiones.db o postgresql+psycopg://usuario@servidor:5432/base "
                f"en {ENV_VAR}.",
                self.url, exc,
            ) from exc
        return engine

    def _configure_sqlite(self, engine: Engine) -> None:
        busy_ms = int(self._timeout * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
            cursor = dbapi_conn.cursor()
            try:
                _try_wal(cursor, busy_ms)
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.execute("PRAGMA foreign_keys = ON")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    def _read_only_engines(self) -> Iterator[Engine]:
        """Read-only SQLite engines to fall back on: ``mode=ro``, then ``immutable`` (no WAL index)."""
        database = "file:" + quote(str(self._sqlite_path))
        for options in ({"mode": "ro"}, {"mode": "ro", "immutable": "1"}):
            url = URL.create("sqlite", database=database, query={**options, "uri": "true"})
            engine = create_engine(url, connect_args={"timeout": self._timeout})
            self._configure_sqlite(engine)
            yield engine

    def _read(self, work: Callable[[Any], Any]) -> Any:
        self._ensure_schema()
        return self._run_read(work)

    def _run_read(self, work: Callable[[Any], Any]) -> Any:
        with self._errors("read"):
            try:
                with (self._reader or self._engine).connect() as conn, conn.begin():
                    return work(conn)
            except (sa_exc.DBAPIError, sqlite3.Error) as exc:
                result = self._read_fallback(exc, work)
                if result is _NO_FALLBACK:
                    raise
                return result

    def _read_fallback(self, exc: BaseException, work: Callable[[Any], Any]) -> Any:
        """Retry a failed SQLite read on a read-only connection (read-only file, folder or disk)."""
        if (self._reader is not None or self._sqlite_path is None or not self._sqlite_path.is_file()
                or _sqlite_code(exc) not in _OPEN_FAILURES):
            return _NO_FALLBACK
        for engine in self._read_only_engines():
            try:
                with engine.connect() as conn, conn.begin():
                    result = work(conn)
            except (sa_exc.OperationalError, sa_exc.DatabaseError):
                engine.dispose()
                continue
            self._reader = engine
            return result
        return _NO_FALLBACK

    def _write(self, work: Callable[[Any], Any]) -> Any:
        self._ensure_schema()
        return self._run_write(work)

    def _run_write(self, work: Callable[[Any], Any]) -> Any:
        engine = self._engine.execution_options(**{_WRITE: True})
        attempt = 0
        started = time.monotonic()
        while True:
            # Retries are for quick transient failures: a lock wait that used up the timeout is final.
            final = attempt >= WRITE_RETRIES or time.monotonic() - started >= self._timeout
            try:
                with self._errors("write", final=final):
                    with engine.begin() as conn:
                        if self._backend == "postgresql":
                            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                        return work(conn)
            except _Retry:
                attempt += 1
                time.sleep(min(2.0, 0.05 * 2**attempt) * (1 + random.random()))

    def _ensure_schema(self) -> None:
        if self._schema_ok:
            return

        def present(conn) -> bool:
            inspector = inspect(conn)
            if not all(inspector.has_table(table.name) for table in (blobs, versions, chain_head, chain_migrations)):
                return False
            return "chain" in {column["name"] for column in inspector.get_columns(versions.name)}

        if not self._run_read(present):
            try:
                self._run_write(self._create_or_migrate)
            except StoreError:
                if not self._run_read(self._has_unchained_tables):
                    raise
                # A store from before the chain on a read-only disk or database: it can still be read.
                logger.warning("El almacén de versiones %s es anterior a la cadena y de solo lectura", self.location)
                self._unchained_read_only = True
            else:
                self._ensure_wal()
        self._schema_ok = True

    @staticmethod
    def _has_unchained_tables(conn) -> bool:
        inspector = inspect(conn)
        return inspector.has_table(blobs.name) and inspector.has_table(versions.name) and \
            "chain" not in {column["name"] for column in inspector.get_columns(versions.name)}

    def _select(self):
        """SELECT of the version rows (without the chain column on an unchained read-only store)."""
        if self._unchained_read_only:
            return select(*(column for column in versions.c if column.name != "chain"))
        return select(versions)

    def _create_or_migrate(self, conn) -> None:
        """Create missing tables and the ``chain`` column (idempotent, serialized). Rows without a chain value
        stay so: only the explicit :meth:`create_chain` chains them (see the module docstring)."""
        metadata.create_all(conn, checkfirst=True)
        if "chain" not in {column["name"] for column in inspect(conn).get_columns(versions.name)}:
            conn.execute(text("ALTER TABLE versions ADD COLUMN chain VARCHAR(64)"))
            if conn.execute(select(func.count()).select_from(versions)).scalar_one():
                logger.warning("El almacén de versiones %s no tiene cadena de huellas; verifíquelo y, si es anterior "
                               "a la cadena, créela con «python -m rendicion versions --encadenar»", self.location)

    def _ensure_wal(self) -> None:
        """Best effort: switch a new SQLite store to WAL when every connection's own attempt lost a race."""
        if self._sqlite_path is None or self._sqlite_read_only_url(self._url):
            return
        with self._engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                for _ in range(20):
                    if _try_wal(cursor, int(self._timeout * 1000)):
                        return
                    time.sleep(0.01 + 0.04 * random.random())
            finally:
                cursor.close()

    # ---- internals: errors ---------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, final: bool = True) -> Iterator[None]:
        """Translate operational database failures into :class:`StoreError` (Spanish)."""
        try:
            yield
        except StoreError:
            raise
        except (sa_exc.DBAPIError, sqlite3.Error) as exc:
            if action == "write" and not final and _is_transient(exc):
                raise _Retry() from exc
            message = self._message(exc, action)
            if message is None:
                raise
            raise self._error(message, self.location, exc) from exc

    @staticmethod
    def _error(message: str, where: str, cause: BaseException) -> StoreError:
        """A StoreError for visitors (no host, user, database or path in its message); where it happened
        and the driver's words go to the server log, and to ``detail`` for the administrator's CLI."""
        logger.error("Almacén de versiones (%s): %s Causa: %s", where, message, _detail(cause) or repr(cause))
        return StoreError(message, detail=where)

    def _message(self, exc: BaseException, action: str) -> str | None:
        writing = action == "write"
        read_only = (
            "El almacén de versiones es de solo lectura: no se puede publicar. Revise los permisos de su archivo "
            "y de su carpeta (el usuario que ejecuta la aplicación debe poder escribir en ambos) o "
            f"configure otro almacén con {ENV_VAR}. Las versiones publicadas se pueden seguir consultando."
        )
        busy = (
            f"El almacén de versiones está ocupado: otra publicación lo tiene bloqueado desde hace más de "
            f"{self._timeout:g} segundos. Espere un momento y vuelva a intentarlo."
            if self._backend == "sqlite" else
            "El almacén de versiones está ocupado por otra publicación. Espere un momento y vuelva a intentarlo."
        )
        code = _sqlite_code(exc)
        if code is not None:
            if code.startswith("SQLITE_READONLY"):
                return read_only
            if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                return busy
            if code == "SQLITE_NOTADB" or code.startswith("SQLITE_CORRUPT"):
                return (
                    f"El archivo del almacén de versiones está dañado o no es una base de datos SQLite. "
                    f"Restáurelo desde una copia de seguridad o configure otro archivo con {ENV_VAR}."
                )
            if code.startswith("SQLITE_CANTOPEN"):
                if writing and self._sqlite_path is not None and self._sqlite_path.is_file():
                    return read_only
                return (
                    "No se puede abrir el almacén de versiones. Revise que su carpeta "
                    "exista y que el usuario que ejecuta la aplicación pueda leer y escribir en ella."
                )
            if code == "SQLITE_FULL":
                return f"No queda espacio en el disco del almacén de versiones. Libere espacio y vuelva a intentarlo."
            if code.startswith("SQLITE_IOERR"):
                return (
                    f"Error de lectura o escritura en el disco del almacén de versiones. "
                    "Revise el disco y vuelva a intentarlo."
                )
            if code in ("SQLITE_PERM", "SQLITE_AUTH"):
                return f"No hay permiso para usar el almacén de versiones. Revise los permisos del archivo."
            if code in ("SQLITE_NOMEM", "SQLITE_NOLCK", "SQLITE_PROTOCOL"):
                return f"Falló el almacén de versiones (falta de memoria o de bloqueos). Vuelva a intentarlo."
            return None  # SQLITE_ERROR & co.: bad SQL or a broken schema is a bug, not an operational failure
        state = _sqlstate(exc)
        if state is not None:
            if state == "25006":
                return (
                    f"El almacén de versiones es de solo lectura: no se puede publicar. La base de datos "
                    f"solo admite lectura (¿es una réplica?). Configure {ENV_VAR} con el servidor principal o "
                    "pida al administrador que habilite la escritura."
                )
            if state == "42501":
                verb = "publicar versiones" if writing else "leer las versiones"
                return (
                    f"El usuario de la base de datos no tiene permiso para {verb}. Pida al "
                    "administrador los permisos sobre las tablas versions y blobs (y para crearlas)."
                )
            if state.startswith("28"):
                return f"La base de datos de versiones rechazó el usuario o la contraseña. Revise {ENV_VAR}."
            if state == "3D000":
                return self._no_database()
            if state.startswith("53"):
                return (
                    f"El servidor de la base de datos de versiones no tiene recursos (disco o memoria) "
                    "para completar la operación. Avise al administrador."
                )
            if state in ("40001", "40P01", "55P03"):
                return busy
            if state.startswith(("08", "57P")):
                return self._unreachable()
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
            if state is None:  # failed to connect: psycopg gives no SQLSTATE, only the server's words
                detail = _detail(exc).lower()
                if "does not exist" in detail and "database" in detail:
                    return self._no_database()
                if any(word in detail for word in ("password", "authentication", "role", "pg_hba")):
                    return (f"La base de datos de versiones rechazó el usuario, la contraseña o la "
                            f"conexión. Revise {ENV_VAR} y los permisos de acceso del servidor.")
                return self._unreachable()
            return (f"Falló el almacén de versiones (código {state}). Vuelva a intentarlo; si se repite, "
                    "avise al administrador de la base de datos.")
        return None

    def _no_database(self) -> str:
        return (f"La base de datos de versiones no existe en el servidor. Créela (por ejemplo con createdb) "
                f"o corrija {ENV_VAR}.")

    def _unreachable(self) -> str:
        return (
            f"No se pudo conectar con la base de datos de versiones. Verifique que el servidor "
            f"esté en marcha y acepte conexiones, y que {ENV_VAR} sea correcta."
        )


# ------------------------------------------------------------------------------------ helpers


class _Retry(Exception):
    """Internal: a transient write failure; the transaction is attempted again."""


_NO_FALLBACK = object()
_OPEN_FAILURES = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT",
                  "SQLITE_READONLY_RECOVERY", "SQLITE_IOERR_SHMOPEN", "SQLITE_PERM")


def _try_wal(cursor, busy_ms: int) -> bool:  # noqa: ANN001 - a sqlite3 cursor outside any transaction
    """Switch the database to WAL unless it already is; True when it is WAL afterwards.

    The switch needs an exclusive lock. It is tried without waiting (busy_timeout 0): two
    connections switching at once would otherwise wait for each other until the timeout.
    A database that stays in rollback-journal mode is still correct, only less concurrent; a
    read-only file keeps its mode. Leaves the connection's busy_timeout at ``busy_ms``.
    """
    cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
    mode = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode in ("wal", "memory"):
        return True
    cursor.execute("PRAGMA busy_timeout = 0")
    try:
        mode = str(cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
    except sqlite3.OperationalError as exc:
        if not _sqlite_code(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY")):
            raise
        return False
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
    return mode == "wal"


def _orig(exc: BaseException) -> BaseException:
    return getattr(exc, "orig", None) or exc


def _sqlite_code(exc: BaseException) -> str | None:
    orig = _orig(exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        return name
    text_ = str(orig).lower()  # Python < 3.11 has no error names
    for needle, code in (("readonly", "SQLITE_READONLY"), ("read-only", "SQLITE_READONLY"),
                         ("locked", "SQLITE_BUSY"), ("not a database", "SQLITE_NOTADB"),
                         ("malformed", "SQLITE_CORRUPT"), ("unable to open", "SQLITE_CANTOPEN"),
                         ("disk is full", "SQLITE_FULL"), ("disk i/o", "SQLITE_IOERR")):
        if needle in text_:
            return code
    return "SQLITE_ERROR"


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(_orig(exc), "sqlstate", None)


def _is_transient(exc: BaseException) -> bool:
    code = _sqlite_code(exc)
    if code is not None:
        return code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return _sqlstate(exc) in ("40001", "40P01", "55P03")


def _detail(exc: BaseException) -> str:
    return str(_orig(exc)).strip().splitlines()[0] if str(_orig(exc)).strip() else type(_orig(exc)).__name__

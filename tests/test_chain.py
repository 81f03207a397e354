"""The tamper-evident history: every way of altering the store behind its back is detected.

Each test publishes four versions, then alters the store the way someone with write access to
the database would (on SQLite: a copy of the file; on PostgreSQL: the test's own database) and
checks that :meth:`Store.verify` and ``python -m rendicion versions --verify`` name the first
bad version.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from rendicion.cli import main
from rendicion.versions import chain
from rendicion.common.errors import StoreError
from rendicion.versions.store import Store, versions
from tests.builders import ROOT


def _publish_four(url: str) -> Store:
    store = Store(url)
    for n in range(1, 5):
        store.publish(f"libro {n}".encode() * 50, note=f"nota {n}", author=f"Editora {n}",
                      filename=f"plan_{n}.xlsx", summary={"activities": n})
    return store


@pytest.fixture
def tampered(store_url, tmp_path):
    """(store to tamper, run SQL on it): on SQLite a copy of the published file, else the PostgreSQL database."""
    original = _publish_four(store_url)
    assert original.verify().ok
    if store_url.startswith("sqlite"):
        original.close()
        source = Path(store_url.removeprefix("sqlite:///"))
        copy = tmp_path / "copia.db"
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)  # a consistent copy, WAL included
        url = f"sqlite:///{copy}"
        assert Store(store_url).verify().ok  # the original stays intact
    else:
        url = store_url
    engine = create_engine(url)

    def sql(statement: str, **params) -> None:
        with engine.begin() as conn:
            if url.startswith("sqlite"):  # a forger ignores foreign keys
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            else:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.execute(text(statement), params)

    yield Store(url), sql
    engine.dispose()


def _first_bad(store: Store) -> chain.ChainCheck:
    check = store.verify()
    assert not check.ok
    return check


def test_an_untouched_history_verifies(store_url):
    store = _publish_four(store_url)
    store.restore(2, author="Editora 5")
    check = store.verify()
    assert check.ok and check.verified == 5 and check.first_bad is None
    assert check.message() == "Historial íntegro: 5 versiones verificadas."
    assert check.head == store.current().chain and len(check.head) == 64
    assert Store(store_url).verify(expected_head=store.get(3).chain).ok  # an older noted value is still there


def test_empty_store_verifies():
    check = chain.verify([], lambda sha: None, None)
    assert check.ok and check.message() == "Historial íntegro: todavía no hay versiones publicadas."


@pytest.mark.parametrize("column, value", [("note", "nota cambiada"), ("author", "Alcalde"),
                                           ("filename", "otro.xlsx"), ("summary", '{"activities": 99}'),
                                           ("size", 1)])
def test_editing_a_field_is_detected(tampered, column, value):
    store, sql = tampered
    sql(f"UPDATE versions SET {column} = :value WHERE version = 2", value=value)
    check = _first_bad(store)
    assert check.first_bad == 2 and "versión 2" in check.message()


def test_editing_the_publication_time_is_detected(tampered):
    store, sql = tampered
    sql("UPDATE versions SET created_at = :value WHERE version = 3", value=datetime(2018, 1, 1, tzinfo=timezone.utc))
    assert _first_bad(store).first_bad == 3


def test_swapping_bytes_and_sha256_together_is_detected(tampered):
    store, sql = tampered
    forged = b"libro falsificado"
    sha = hashlib.sha256(forged).hexdigest()
    sql("INSERT INTO blobs (sha256, data) VALUES (:sha, :data)", sha=sha, data=forged)
    sql("UPDATE versions SET sha256 = :sha, size = :size WHERE version = 3", sha=sha, size=len(forged))
    check = _first_bad(store)
    assert check.first_bad == 3 and "La cadena se rompe en la versión 3" in check.message()


def test_swapping_only_the_bytes_is_detected(tampered):
    store, sql = tampered
    sha = store.get(2).sha256
    sql("UPDATE blobs SET data = :data WHERE sha256 = :sha", data=b"otro contenido", sha=sha)
    check = _first_bad(store)
    assert check.first_bad == 2 and "no coinciden con su huella" in check.message()


def test_a_missing_blob_is_detected(tampered):
    store, sql = tampered
    sql("DELETE FROM blobs WHERE sha256 = :sha", sha=store.get(4).sha256)
    assert _first_bad(store).first_bad == 4


@pytest.mark.parametrize("deleted, first_bad", [(1, 2), (2, 3), (3, 4), (4, 4)])
def test_deleting_a_row_is_detected(tampered, deleted, first_bad):
    store, sql = tampered
    sql("DELETE FROM versions WHERE version = :n", n=deleted)
    check = _first_bad(store)
    assert check.first_bad == first_bad
    if deleted == 4:
        assert "Falta la versión 4" in check.message()
    elif deleted > 1:
        assert f"Falta la versión {deleted}" in check.message()


def test_deleting_the_last_rows_and_the_head_is_detected(tampered):
    store, sql = tampered
    sql("DELETE FROM versions WHERE version >= 3")
    sql("DELETE FROM chain_head")
    assert "Falta el registro de la última versión" in _first_bad(store).message()


def test_reordering_rows_is_detected(tampered):
    store, sql = tampered
    sql("UPDATE versions SET version = 99 WHERE version = 2")
    sql("UPDATE versions SET version = 2 WHERE version = 3")
    sql("UPDATE versions SET version = 3 WHERE version = 99")
    assert _first_bad(store).first_bad == 2


def test_swapping_the_metadata_of_two_rows_is_detected(tampered):
    store, sql = tampered
    sql("UPDATE versions SET note = CASE version WHEN 2 THEN 'nota 3' ELSE 'nota 2' END WHERE version IN (2, 3)")
    assert _first_bad(store).first_bad == 2


def test_a_rewritten_chain_is_caught_by_the_noted_head(tampered):
    """Recomputing every chain value makes the chain consistent again; the head published on a report does not match."""
    store, sql = tampered
    published = chain.short(store.current().chain)  # what a report printed
    assert len(published) == 16
    sql("UPDATE versions SET note = 'reescrita' WHERE version = 2")
    sql("UPDATE versions SET chain = NULL")
    sql("DELETE FROM chain_head")
    with store._engine.begin() as conn:  # what a forger who knows the format does: chain the altered rows again
        for row in conn.execute(select(versions).order_by(versions.c.version)).all():
            Store._link(conn, row, row.sha256)
    assert store.verify().ok  # the chain alone cannot tell …
    check = store.verify(expected_head=published)
    assert not check.ok and "no aparece en el historial" in check.message()  # … the published head can
    assert not store.verify(expected_head="abc").ok  # too short to mean anything: refused, never "found"


def test_dropping_the_chain_after_an_edit_does_not_launder_the_history(tampered):
    """Issue 22: edit a note, drop the chain column and the head table; the store must not re-chain itself."""
    store, sql = tampered
    sql("UPDATE versions SET note = 'editada' WHERE version = 3")
    sql("ALTER TABLE versions DROP COLUMN chain")
    sql("DROP TABLE chain_head")
    reopened = Store(store.url if not store.url.startswith("sqlite") else f"sqlite:///{store.location}")
    check = reopened.verify()
    assert not check.ok and "no tiene cadena de huellas" in check.message()
    with pytest.raises(StoreError, match="No se puede publicar"):
        reopened.publish(b"otra", summary={})  # nothing is chained on top of an unchained history
    assert not reopened.verify().ok


def test_the_explicit_migration_is_noted_logged_recorded_and_happens_once(tampered, caplog):
    store, sql = tampered
    published = chain.short(store.current().chain)
    sql("UPDATE versions SET note = 'editada' WHERE version = 3")
    sql("ALTER TABLE versions DROP COLUMN chain")
    sql("DROP TABLE chain_head")
    reopened = Store(store.url if not store.url.startswith("sqlite") else f"sqlite:///{store.location}")
    with pytest.raises(StoreError, match="nota"):
        reopened.create_chain(note=" ")
    with caplog.at_level("WARNING", logger="rendicion.versions.store"):
        check = reopened.create_chain(note="Almacén anterior a la cadena", author="Ana Pérez")
    assert "Cadena de huellas creada sobre 4 versiones" in caplog.text and "Ana Pérez" in caplog.text
    assert check.ok and check.migration is not None and check.migration.versions == 4
    assert "La cadena se creó el" in check.migration_message()
    assert "«Almacén anterior a la cadena», Ana Pérez" in check.migration_message()
    assert not reopened.verify(expected_head=published).ok  # the head of a report from before still catches it
    with pytest.raises(StoreError, match="ya tiene cadena"):
        reopened.create_chain(note="otra vez")
    sql("UPDATE versions SET chain = NULL")  # dropping it again after the migration: never a second migration
    sql("DELETE FROM chain_head")
    with pytest.raises(StoreError, match="ya se creó una vez"):
        reopened.create_chain(note="otra vez")


def _old_schema_store(url: str) -> None:
    """The tables as the store created them before the chain existed, with two versions."""
    from sqlalchemy import Column, DateTime, ForeignKey, Identity, Integer, LargeBinary, MetaData, String, Table, Text

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    old = MetaData()
    Table("blobs", old, Column("sha256", String(64), primary_key=True), Column("data", LargeBinary, nullable=False))
    old_versions = Table(
        "versions", old,
        Column("version", Integer, Identity(start=1), primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("note", Text, nullable=False, default=""),
        Column("author", Text, nullable=True),
        Column("filename", Text, nullable=False),
        Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
        Column("size", Integer, nullable=False),
        Column("summary", Text, nullable=False),
        Column("restored_from", Integer, ForeignKey("versions.version"), nullable=True),
        sqlite_autoincrement=True,
    )
    engine = create_engine(url)
    with engine.begin() as conn:
        old.create_all(conn)
        for n in (1, 2):
            data = f"antiguo {n}".encode()
            sha = hashlib.sha256(data).hexdigest()
            conn.execute(old.tables["blobs"].insert().values(sha256=sha, data=data))
            conn.execute(old_versions.insert().values(
                created_at=datetime(2025, 11, 25, 12, 14, n, 123456, tzinfo=timezone.utc), note=f"antigua {n}",
                author=None, filename="plan.xlsx", sha256=sha, size=len(data), summary="{}"))
    engine.dispose()


def test_a_store_from_before_the_chain_is_refused_until_the_chain_is_created_once(store_url):
    _old_schema_store(store_url)
    store = Store(store_url)
    assert [(v.version, v.chain) for v in store.versions()] == [(2, None), (1, None)]  # never chained by itself
    assert "no tiene cadena de huellas" in store.verify().message()
    check = store.create_chain(note="Almacén anterior a la cadena")
    assert check.ok and check.verified == 2
    store.publish(b"nueva", summary={})
    assert store.verify().verified == 3
    again = Store(store_url)  # a second open changes nothing
    assert again.verify().ok and [v.chain for v in again.versions()] == [v.chain for v in store.versions()]


def test_a_read_only_store_from_before_the_chain_is_still_read(tmp_path):
    url = f"sqlite:///{tmp_path / 'antiguo.db'}"
    _old_schema_store(url)
    read_only = Store(f"sqlite:///file:{tmp_path / 'antiguo.db'}?mode=ro&uri=true")
    assert [(v.version, v.chain) for v in read_only.versions()] == [(2, None), (1, None)]
    assert read_only.data(1) == b"antiguo 1"
    check = read_only.verify()
    assert not check.ok and "anterior a la cadena de huellas y es de solo lectura" in check.message()
    assert not Store(url).verify().ok  # opened with write access, it is still unchained: only --encadenar chains it


def test_cli_verify_exits_0_then_1_naming_the_first_bad_version(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    store = _publish_four(url)
    assert main(["versions", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "✔ Historial íntegro: 4 versiones verificadas." in out and store.current().chain in out
    assert main(["versions", "--verify", "--cadena", store.get(2).chain]) == 0
    capsys.readouterr()
    with store._engine.begin() as conn:
        conn.execute(text("UPDATE versions SET note = 'otra' WHERE version = 3"))
    assert main(["versions", "--verify"]) == 1
    err = capsys.readouterr().err
    assert "El historial NO es íntegro" in err and "versión 3" in err


def test_cli_verify_in_a_child_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    store = _publish_four(url)
    with store._engine.begin() as conn:
        conn.execute(text("DELETE FROM versions WHERE version = 4"))
    result = subprocess.run([sys.executable, "-m", "rendicion", "versions", "--verify"], cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "RENDICION_DB_URL": url}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Falta la versión 4" in result.stderr and "Traceback" not in result.stderr


def test_cli_verify_of_an_unreachable_store_is_spanish(monkeypatch, capsys, tmp_path):
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta")
    monkeypatch.setenv("RENDICION_DB_URL", f"sqlite:///{blocker / 'sub' / 'v.db'}")
    assert main(["versions", "--verify"]) == 1
    assert "No se pudo crear la carpeta" in capsys.readouterr().err


def test_cli_versions_prints_the_head_and_verify_checks_a_published_head(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    store = _publish_four(url)
    head = store.current().chain[:16]
    assert main(["versions"]) == 0
    assert f"Cabeza de la cadena: {head}" in capsys.readouterr().out
    assert main(["versions", "--verify", "--cabeza", head]) == 0
    assert f"La cabeza publicada {head} está en el historial." in capsys.readouterr().out
    assert main(["versions", "--verify", "--cabeza", "0123456789abcdef"]) == 1
    assert "no aparece en el historial" in capsys.readouterr().err


def test_cli_encadenar_creates_the_chain_of_an_old_store_once(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'antiguo.db'}"
    _old_schema_store(url)
    monkeypatch.setenv("RENDICION_DB_URL", url)
    assert main(["versions", "--verify"]) == 1
    assert "versions --encadenar" in capsys.readouterr().err
    assert main(["versions", "--encadenar", "--nota", "Migración a la cadena", "--author", "Admin"]) == 0
    assert "Cadena creada. Historial íntegro: 2 versiones verificadas." in capsys.readouterr().out
    assert main(["versions", "--verify"]) == 0
    assert main(["versions", "--encadenar", "--nota", "otra"]) == 1
    assert "ya tiene cadena" in capsys.readouterr().err


def test_official_reports_of_a_published_version_print_its_head(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    from rendicion.versions import publishing
    from tests.builders import SHIPPED

    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    store = Store(url)
    publishing.ensure_seeded(store)  # data/plan_2018.xlsx is version 1
    head = store.current().chain[:16]
    assert main(["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(tmp_path / "sin.html")]) == 0
    assert "Cadena del historial" not in (tmp_path / "sin.html").read_text(encoding="utf-8")  # not asked for
    assert main(["report", str(SHIPPED), "--corte", "2018-08-31", "--historial",
                 "--out", str(tmp_path / "informe.html")]) == 0
    html = (tmp_path / "informe.html").read_text(encoding="utf-8")
    assert f"Cadena del historial de versiones: {head}." in html and f"--cabeza {head}" in html
    assert main(["report", str(SHIPPED), "--corte", "2018-08-31", "--historial",
                 "--out", str(tmp_path / "informe.xlsx")]) == 0
    cells = [c.value for row in load_workbook(tmp_path / "informe.xlsx").active.iter_rows() for c in row if c.value]
    assert any(isinstance(v, str) and v.startswith(f"Cadena del historial de versiones: {head}.") for v in cells)
    assert main(["versions", "--verify", "--cabeza", head]) == 0

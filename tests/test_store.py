"""The version store, on SQLite and on a real PostgreSQL server (``store_url`` is parametrized).

Append-only history, byte-exact workbooks, concurrent publishers and seeders, processes
killed in the middle of a publication, read-only stores and every operational failure as a
Spanish :class:`StoreError`.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from rendicion.common.errors import RendicionError, StoreError, VersionNotFound
from rendicion.versions import store as store_module
from rendicion.versions.store import DEFAULT_DIR, DEFAULT_URL, ENV_VAR, Store, Version, blobs
from tests.builders import ROOT, SHIPPED
from tests.pg import _free_port
from tests.store_helpers import payload, read_only_command, read_only_mounts_available

SPAWN = multiprocessing.get_context("spawn")


def _blob_count(store: Store) -> int:
    with store._engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(blobs)).scalar_one()


def _assert_intact(store: Store) -> list[Version]:
    """Every listed version's bytes are readable and match its sha256; numbers are distinct."""
    items = store.versions()
    numbers = [v.version for v in items]
    assert numbers == sorted(set(numbers), reverse=True)
    for v in items:
        data = store.data(v.version)
        assert hashlib.sha256(data).hexdigest() == v.sha256
        assert len(data) == v.size
    return items


# ------------------------------------------------------------------------------ basics


def test_empty_store(store_url):
    store = Store(store_url)
    assert store.versions() == []
    assert store.current() is None
    assert store.current_data() is None
    with pytest.raises(VersionNotFound, match="todavía no hay versiones publicadas"):
        store.get(1)
    with pytest.raises(VersionNotFound):
        store.data(1)


def test_publish_and_read_back(store_url):
    store = Store(store_url)
    first = store.publish(b"libro uno", note="  Corte de abril ", author=" Ana Pérez ", filename="plan abril.xlsx",
                          summary={"activities": 19, "offices": {"Secretaría de Planeación": 11}})
    second = store.publish(b"libro dos", summary={"activities": 20})

    assert (first.version, second.version) == (1, 2)
    assert first.note == "Corte de abril" and first.author == "Ana Pérez" and first.filename == "plan abril.xlsx"
    assert second.note == "" and second.author is None and second.filename == "plan.xlsx"
    assert first.sha256 == hashlib.sha256(b"libro uno").hexdigest() and first.size == len(b"libro uno")
    assert first.summary == {"activities": 19, "offices": {"Secretaría de Planeación": 11}}
    assert first.created_at.tzinfo is not None and first.created_at.utcoffset() == timedelta(0)
    assert first.created_at <= second.created_at

    assert [v.version for v in store.versions()] == [2, 1]
    assert store.current() == second
    assert store.get(1) == first
    assert store.data(1) == b"libro uno"
    assert store.current_data() == (second, b"libro dos")
    with pytest.raises(VersionNotFound, match="No existe la versión 7. Las versiones publicadas van de la 1 a la 2"):
        store.get(7)

    # A second Store object (another process, another page) sees the same history.
    assert Store(store_url).versions() == store.versions()


def test_version_as_dict_and_local_time(store_url):
    version = Store(store_url).publish(b"x", note="nota", summary={"a": 1})
    data = version.as_dict(current=True)
    assert set(data) >= {"version", "created_at", "note", "sha256", "current", "author", "filename", "size",
                         "summary", "restored_from"}
    assert data["current"] is True and data["version"] == 1 and data["note"] == "nota"
    assert data["created_at"].endswith("+00:00")
    json.dumps(data)  # serializable as is
    assert version.local_time.utcoffset() == timedelta(hours=-5)  # Bogotá: UTC-5 all year
    assert len(version.display_time) == len("25/11/2025 07:14")


def test_workbooks_are_kept_byte_for_byte_and_blobs_shared(store_url):
    store = Store(store_url)
    shipped = SHIPPED.read_bytes()
    binary = bytes(range(256)) * 4000 + b"\x00\xff"  # every byte value, ~1 MB
    a = store.publish(shipped, summary={})
    b = store.publish(binary, summary={})
    c = store.publish(shipped, summary={})
    assert store.data(a.version) == shipped and store.data(c.version) == shipped
    assert store.data(b.version) == binary
    assert a.sha256 == c.sha256
    assert _blob_count(store) == 2  # the same content is stored once


def test_restore_publishes_old_bytes_as_a_new_version(store_url):
    store = Store(store_url)
    first = store.publish(b"primera", filename="a.xlsx", summary={"n": 1})
    store.publish(b"segunda", filename="b.xlsx", summary={"n": 2})
    before = store.versions()

    restored = store.restore(1, author="Luis")
    assert restored.version == 3 and restored.restored_from == 1
    assert restored.note == "Restauración de la versión 1"
    assert restored.sha256 == first.sha256 and restored.filename == "a.xlsx" and restored.summary == {"n": 1}
    assert store.current() == restored and store.data(3) == b"primera"
    assert store.versions()[1:] == before  # nothing updated, nothing deleted
    assert store.restore(2, note="Volver a la segunda").note == "Volver a la segunda"
    with pytest.raises(VersionNotFound):
        store.restore(99)


def test_ensure_seeded_publishes_the_shipped_plan_once(store_url):
    store = Store(store_url)
    calls = []

    def summary_fn(data: bytes) -> dict:
        calls.append(len(data))
        return {"activities": 19}

    created = store.ensure_seeded(SHIPPED, summary_fn)
    assert created is not None and created.version == 1
    assert created.note == "Versión inicial (data/plan_2018.xlsx)"
    assert created.filename == "plan_2018.xlsx" and created.summary == {"activities": 19}
    assert store.data(1) == SHIPPED.read_bytes()
    assert store.ensure_seeded(SHIPPED, summary_fn) is None
    assert calls == [SHIPPED.stat().st_size]  # the workbook is not parsed once seeded
    assert len(store.versions()) == 1


def test_url_hides_the_password_and_env_configures_the_store(monkeypatch, tmp_path):
    store = Store("postgresql+psycopg://rendicion:s3creta@db.example:5432/planes")
    assert "s3creta" not in store.url and "s3creta" not in repr(store) and "s3creta" not in store.location
    assert store.url.startswith("postgresql+psycopg://rendicion:") and store.backend == "postgresql"

    url = f"sqlite:///{tmp_path / 'desde_env' / 'v.db'}"
    monkeypatch.setenv(ENV_VAR, url)
    from_env = Store.from_env()
    assert from_env.url == url and from_env.location == str(tmp_path / "desde_env" / "v.db")
    assert (tmp_path / "desde_env").is_dir()  # the SQLite folder is created

    assert DEFAULT_DIR == ROOT / ".rendicion"
    assert DEFAULT_URL == f"sqlite:///{ROOT / '.rendicion' / 'versiones.db'}"


def test_invalid_url_is_a_store_error():
    with pytest.raises(StoreError, match="no es válida"):
        Store("esto no es una url")
    with pytest.raises(StoreError, match="No se puede usar la base de datos"):
        Store("nosuchdialect://localhost/db")


# ------------------------------------------------------------------------------ concurrency


def test_concurrent_publishers_all_get_their_own_version(store_url):
    workers, each, size = 6, 3, 200_000
    store = Store(store_url)
    store.publish(b"base", note="antes de la carrera", summary={})  # the schema exists; version 1
    barrier = SPAWN.Barrier(workers)
    results = SPAWN.Queue()
    from tests.store_helpers import publish_many

    processes = [SPAWN.Process(target=publish_many, args=(store_url, w, each, size, barrier, results))
                 for w in range(workers)]
    for process in processes:
        process.start()
    reported = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0

    claimed = [pair for pairs in reported.values() for pair in pairs]
    assert len(claimed) == workers * each
    assert len({number for number, _ in claimed}) == workers * each  # distinct numbers
    items = _assert_intact(store)
    assert len(items) == 1 + workers * each
    by_number = {v.version: v for v in items}
    for number, sha in claimed:
        assert by_number[number].sha256 == sha
    assert sorted(by_number) == list(range(1, 2 + workers * each))  # no gaps, no reuse


def test_threads_sharing_one_store_publish_concurrently(store_url):
    """Streamlit's model: one cached Store, used by several sessions' threads at once."""
    store = Store(store_url)
    store.current()
    barrier = threading.Barrier(4)
    published: list[Version] = []

    def session(n: int) -> None:
        barrier.wait(timeout=30)
        for k in range(3):
            published.append(store.publish(payload(f"hilo {n}.{k}", 50_000), summary={}))

    threads = [threading.Thread(target=session, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(v.version for v in published) == list(range(1, 13))
    assert len(_assert_intact(store)) == 12


def test_concurrent_first_start_seeds_exactly_once(store_url):
    workers = 5
    barrier = SPAWN.Barrier(workers)
    results = SPAWN.Queue()
    from tests.store_helpers import seed

    processes = [SPAWN.Process(target=seed, args=(store_url, str(SHIPPED), barrier, results)) for _ in range(workers)]
    for process in processes:
        process.start()
    created = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert sorted(created, key=lambda v: v is None) == [1] + [None] * (workers - 1)
    items = Store(store_url).versions()
    assert [v.version for v in items] == [1]
    assert items[0].note == "Versión inicial (data/plan_2018.xlsx)"
    if store_url.startswith("sqlite"):  # the racing first connections still left the file in WAL mode
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_slow_writer_makes_the_next_one_wait_not_fail(tmp_path):
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    store.publish(b"uno", summary={})
    holder = sqlite3.connect(tmp_path / "v.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for a moment
    threading.Timer(0.5, holder.rollback).start()
    started = time.monotonic()
    version = store.publish(b"dos", summary={})
    assert version.version == 2 and time.monotonic() - started >= 0.4
    holder.close()


def test_lock_held_too_long_is_a_spanish_store_error(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "WRITE_RETRIES", 1)
    url = f"sqlite:///{tmp_path / 'v.db'}"
    Store(url).publish(b"uno", summary={})
    holder = sqlite3.connect(tmp_path / "v.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = Store(url, timeout=0.2)
        with pytest.raises(StoreError, match="ocupado") as caught:
            store.publish(b"dos", summary={})
        assert "Espere un momento y vuelva a intentarlo" in str(caught.value)
        assert [v.version for v in store.versions()] == [1]  # reading is not blocked (WAL)
    finally:
        holder.rollback()
        holder.close()


# ------------------------------------------------------------------------------ crashes


@pytest.mark.parametrize("stage", ["blob", "version"])
def test_process_killed_inside_the_transaction_leaves_the_previous_version(store_url, stage):
    store = Store(store_url)
    previous = store.publish(SHIPPED.read_bytes(), note="vigente", summary={"a": 1})
    ready = SPAWN.Event()
    from tests.store_helpers import publish_and_hang

    child = SPAWN.Process(target=publish_and_hang, args=(store_url, stage, 6_000_000, ready))
    child.start()
    try:
        assert ready.wait(timeout=120), "el proceso hijo no llegó a la mitad de la publicación"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(timeout=30)
    assert child.exitcode == -signal.SIGKILL

    reopened = Store(store_url)
    assert reopened.current() == previous
    assert _assert_intact(reopened) == [previous]
    after = reopened.publish(b"siguiente", summary={})  # the lock died with the process
    assert reopened.current() == after and after.version > previous.version


def test_process_killed_at_random_moments_never_corrupts_the_store(store_url):
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    from tests.store_helpers import publish_forever

    store = Store(store_url)
    store.publish(b"base", summary={})
    for _ in range(3):
        before = store.current()
        ready = SPAWN.Event()
        child = SPAWN.Process(target=publish_forever, args=(store_url, 2_000_000, ready))
        child.start()
        assert ready.wait(timeout=120)
        time.sleep(chance.uniform(0.05, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
        reopened = Store(store_url)
        items = _assert_intact(reopened)
        assert items[0].version >= before.version, f"semilla {seed}"
        reopened.close()
    assert store.publish(b"al final", summary={}).version == store.current().version


# ------------------------------------------------------------------------------ read-only and failures


def test_read_only_store_reads_but_refuses_to_publish(store_url, request):
    writer = Store(store_url)
    first = writer.publish(b"uno", note="publicada", summary={"n": 1})
    writer.close()
    if store_url.startswith("sqlite"):
        path = store_url.removeprefix("sqlite:///")
        read_only_url = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        server = request.getfixturevalue("postgres_server")
        database = store_url.rsplit("/", 1)[1]
        server.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
        read_only_url = store_url

    store = Store(read_only_url)
    assert store.versions() == [first] and store.data(1) == b"uno" and store.current_data() == (first, b"uno")
    with pytest.raises(StoreError) as caught:
        store.publish(b"dos", summary={})
    message = str(caught.value)
    assert message.startswith("El almacén de versiones es de solo lectura: no se puede publicar.")
    assert "RENDICION_DB_URL" in message
    with pytest.raises(StoreError, match="solo lectura"):
        store.restore(1)
    assert store.versions() == [first]


@pytest.mark.skipif(not read_only_mounts_available(), reason="sin permiso para montajes privados (unshare -m)")
def test_read_only_folder_on_a_read_only_mount(tmp_path):
    """The real thing: the store's folder is a read-only mount (chmod does not stop root)."""
    folder = tmp_path / "almacén de versiones"  # accents and spaces: the read-only URI must quote them
    url = f"sqlite:///{folder / 'versiones.db'}"
    writer = Store(url)
    writer.publish(b"uno", note="publicada", summary={"n": 1})
    writer.publish(b"dos", note="segunda", summary={"n": 2})
    writer.close()
    assert sorted(p.name for p in folder.iterdir()) == ["versiones.db"]  # WAL checkpointed and removed
    script = (
        "import json, sys\n"
        "from rendicion.versions.store import Store\n"
        "from rendicion.common.errors import StoreError\n"
        f"store = Store({url!r})\n"
        "out = {'versions': [v.version for v in store.versions()], 'data': store.data(1).decode()}\n"
        "try:\n"
        "    store.publish(b'tres', summary={})\n"
        "    out['error'] = None\n"
        "except StoreError as exc:\n"
        "    out['error'], out['detail'] = str(exc), exc.detail\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(read_only_command(folder, [sys.executable, "-c", script]), capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["versions"] == [2, 1] and out["data"] == "uno"
    assert out["error"].startswith("El almacén de versiones es de solo lectura: no se puede publicar.")
    assert str(folder) not in out["error"] and str(folder) in out["detail"]  # the path is for the log, not visitors


def test_corrupt_sqlite_file_is_a_store_error(tmp_path):
    path = tmp_path / "versiones.db"
    path.write_bytes(b"esto no es una base de datos SQLite " * 200)
    store = Store(f"sqlite:///{path}")
    with pytest.raises(StoreError, match="está dañado o no es una base de datos SQLite") as caught:
        store.versions()
    assert str(path) not in str(caught.value) and caught.value.detail == str(path)
    with pytest.raises(StoreError, match="dañado"):
        store.publish(b"x", summary={})


def test_damaged_blob_is_detected(store_url):
    store = Store(store_url)
    version = store.publish(b"original", summary={})
    with store._engine.begin() as conn:  # simulate bit rot behind the store's back
        conn.execute(text("UPDATE blobs SET data = :d"), {"d": b"alterado"})
    with pytest.raises(StoreError, match="dañados"):
        store.data(version.version)


def test_folder_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta")
    with pytest.raises(StoreError, match="No se pudo crear la carpeta del almacén de versiones"):
        Store(f"sqlite:///{blocker / 'sub' / 'v.db'}")


def test_unreachable_postgres_is_a_store_error(caplog):
    port = _free_port()
    url = f"postgresql+psycopg://funcionario:clave@127.0.0.1:{port}/rendicion_planeacion"
    store = Store(url)
    with caplog.at_level("ERROR", logger="rendicion.versions.store"):
        with pytest.raises(StoreError, match="No se pudo conectar con la base de datos de versiones") as caught:
            store.versions()
    message = str(caught.value)
    assert "RENDICION_DB_URL" in message
    # Visitors see no infrastructure: no password, host, port, user or database name.
    for secret in ("clave", "127.0.0.1", str(port), "funcionario", "rendicion_planeacion"):
        assert secret not in message, secret
    # The administrator finds them in the server log (the password never).
    logged = caplog.text
    assert "127.0.0.1" in logged and "funcionario" in logged and "rendicion_planeacion" in logged
    assert "clave" not in logged
    with pytest.raises(StoreError, match="No se pudo conectar"):
        store.publish(b"x", summary={})


def test_missing_postgres_database_message_names_no_database(postgres_server, caplog):
    with caplog.at_level("ERROR", logger="rendicion.versions.store"), pytest.raises(StoreError) as caught:
        Store(postgres_server.url("base_secreta_del_municipio")).current()
    assert "base_secreta_del_municipio" not in str(caught.value)
    assert "base_secreta_del_municipio" in caplog.text


def test_plain_postgresql_urls_use_psycopg(postgres_server):
    url = postgres_server.new_database().replace("postgresql+psycopg://", "postgres://")
    store = Store(url)
    assert store.url.startswith("postgresql+psycopg://")
    assert store.publish(b"x", summary={}).version == 1


def test_missing_postgres_database_is_a_store_error(postgres_server):
    store = Store(postgres_server.url("no_existe"))
    with pytest.raises(StoreError, match="no existe en el servidor"):
        store.current()


def test_store_errors_are_rendicion_errors_and_bugs_are_not_swallowed(store_url):
    assert issubclass(StoreError, RendicionError) and issubclass(VersionNotFound, StoreError)
    store = Store(store_url)
    with pytest.raises(TypeError):
        store.publish(b"x", summary={"no serializable": object()})
    # A programming error (bad SQL) stays what it is: the driver's error, not a StoreError for the user.
    with pytest.raises(DBAPIError) as caught:
        store._read(lambda conn: conn.execute(text("SELECT * FROM tabla_que_no_existe")))
    assert not isinstance(caught.value, StoreError)
    assert store.versions() == []


def test_timestamps_are_utc_on_both_backends(store_url):
    version = Store(store_url).publish(b"x", summary={})
    assert version.created_at.tzinfo == timezone.utc
    assert Store(store_url).get(1).created_at == version.created_at


@pytest.mark.parametrize("path", [".streamlit/secrets.toml", ".rendicion/versiones.db"])
def test_secrets_and_the_local_store_are_never_committed(path):
    result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
    assert result.returncode == 0, f"{path} no está en .gitignore"


def test_pages_show_no_infrastructure_when_the_store_is_unreachable(monkeypatch):
    """Issue 12: with PostgreSQL down, every visitor saw its host, user and database name."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    port = _free_port()
    monkeypatch.setenv(ENV_VAR, f"postgresql+psycopg://funcionario:clave@127.0.0.1:{port}/base_municipal")
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
        assert not at.exception, at.exception
        for page in ("pages/historial.py", "pages/cargar.py"):
            at.switch_page(page).run()
            assert not at.exception, at.exception
            shown = " ".join(str(e.value) for kind in ("error", "warning", "caption", "markdown", "info")
                             for e in at.get(kind))
            assert "No se pudo conectar con la base de datos de versiones" in shown.replace("\\", "")
            for secret in ("127.0.0.1", str(port), "funcionario", "clave", "base_municipal"):
                assert secret not in shown, (page, secret)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_the_cli_tells_the_administrator_where_the_store_is(monkeypatch, capsys):
    from rendicion import cli

    port = _free_port()
    monkeypatch.setenv(ENV_VAR, f"postgresql+psycopg://funcionario:clave@127.0.0.1:{port}/base_municipal")
    assert cli.main(["versions"]) == 1
    err = capsys.readouterr().err
    assert "No se pudo conectar con la base de datos de versiones" in err
    assert f"Almacén de versiones: postgresql+psycopg://funcionario:***@127.0.0.1:{port}/base_municipal" in err
    assert "clave" not in err


# --------------------------------------------------------------------------- the report's closing


def test_closing_of_the_report_is_kept_per_vigencia_and_cut_with_its_editor(store_url):
    from datetime import date

    from sqlalchemy import create_engine, text

    url = store_url
    store = Store(url)
    assert store.closing(2018, date(2018, 8, 31)) is None  # nothing saved: no table needed to say so
    first = {"conclusiones": "Avance medio.", "recomendaciones": "Reportar a tiempo.", "elaboro_nombre": "Ana Pérez",
             "elaboro_cargo": "Jefe de Control Interno"}
    store.save_closing(2018, date(2018, 8, 31), first, author="Ana Pérez")
    store.save_closing(2018, date(2018, 8, 31), {**first, "conclusiones": "Avance medio; 2.7 atrasada."},
                       author="Luis Gómez")
    store.save_closing(2018, date(2018, 4, 30), {**first, "conclusiones": "Primer corte."}, author=None)
    reopened = Store(url)  # a new session, a new process: the store remembers
    kept = reopened.closing(2018, date(2018, 8, 31))
    assert kept.fields == ("Avance medio; 2.7 atrasada.", "Reportar a tiempo.", "Ana Pérez", "Jefe de Control Interno")
    assert kept.author == "Luis Gómez"
    assert reopened.closing(2018, date(2018, 4, 30)).conclusiones == "Primer corte."
    assert reopened.closing(2019, date(2018, 8, 31)) is None
    # Append-only: both saves of 31/08 are still there, in order.
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT author, conclusiones FROM report_closings WHERE corte = :corte ORDER BY id"),
                            {"corte": date(2018, 8, 31)}).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("Ana Pérez", "Avance medio."), ("Luis Gómez", "Avance medio; 2.7 atrasada.")]

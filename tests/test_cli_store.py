"""``python -m rendicion versions`` and ``publish``, each test on its own SQLite store (RENDICION_DB_URL)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pandas as pd
import pytest

from rendicion.cli import main
from rendicion.outputs.plan_workbook import write_plan
from rendicion.reading.loader import read_plan
from rendicion.versions.store import Store
from tests.builders import ROOT, SHIPPED, build_xlsx
from tests.store_helpers import read_only_command, read_only_mounts_available

INITIAL_NOTE = "Versión inicial (data/plan_2018.xlsx)"


@pytest.fixture
def env_store(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store for this test, through RENDICION_DB_URL (never the real .rendicion)."""
    url = f"sqlite:///{tmp_path / 'almacen' / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    return url


def _run(*args: str, env_url: str, cwd=ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, RENDICION_DB_URL=env_url, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "rendicion", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def _versions_json(capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["versions", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def updated_plan(tmp_path):
    """A valid workbook that differs from the shipped plan (one more activity)."""
    plan = read_plan(SHIPPED).plan
    row = {"id": "4.5", "subcomponente": "Evaluación y seguimiento", "actividad": "Publicar el informe final",
           "meta_indicador": "Informe publicado", "responsable_texto": "Secretaría de Planeación", "peso": 1.0}
    plan = replace(plan, actividades=pd.concat([plan.actividades, pd.DataFrame([row])], ignore_index=True))
    path = tmp_path / "plan agosto.xlsx"
    write_plan(plan, path)
    return path


def test_versions_json_seeds_the_empty_store(env_store, capsys):
    assert main(["versions", "--json"]) == 0
    out = capsys.readouterr().out
    items = json.loads(out)  # exactly one JSON document
    assert out.count("\n") == 1
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert {"version", "created_at", "note", "sha256", "current", "author", "filename", "size", "summary",
            "restored_from"} <= set(item)
    assert item["version"] == 1 and item["current"] is True and item["note"] == INITIAL_NOTE
    assert item["author"] is None and item["filename"] == "plan_2018.xlsx" and item["restored_from"] is None
    assert item["summary"]["activities"] == 19
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", item["created_at"])
    assert main(["versions", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1  # seeded once


def test_publish_then_versions_shows_it_current(env_store, capsys, updated_plan):
    code = main(["publish", str(updated_plan), "--note", "Corte de agosto", "--author", "Ana Pérez"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    data = updated_plan.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert captured.out.strip() == f"Publicada la versión 2 (sha256 {sha})"
    assert "Advertencias" in captured.err  # the plan's warnings, as check shows them

    items = _versions_json(capsys)
    assert [(i["version"], i["current"]) for i in items] == [(2, True), (1, False)]
    assert items[0]["note"] == "Corte de agosto" and items[0]["author"] == "Ana Pérez"
    assert items[0]["filename"] == "plan agosto.xlsx" and items[0]["sha256"] == sha
    assert items[0]["summary"]["activities"] == 20
    assert Store(env_store).data(2) == data

    assert main(["versions"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0].startswith("Versiones publicadas (2) en ")
    assert lines[1].split() == ["Versión", "Fecha", "(Bogotá)", "Nota", "Autor", "sha256"]
    assert re.match(rf"2\s+\d\d/\d\d/\d{{4}} \d\d:\d\d\s+Corte de agosto\s+Ana Pérez\s+{sha[:12]}\s+← actual$",
                    lines[3])
    assert INITIAL_NOTE in lines[4] and "actual" not in lines[4]


def test_publish_an_invalid_workbook_stores_nothing(env_store, capsys, tmp_path):
    path = build_xlsx(tmp_path / "sin_plan.xlsx", {"Hoja1": [["Nada que ver"], ["con un plan"]]})
    assert main(["check", str(path)]) == 1
    check_out = capsys.readouterr().out
    report = check_out.split("\n", 1)[1].strip()  # the report after the verdict line
    assert report.startswith("Errores (1):")

    assert main(["publish", str(path), "--note", "no debe quedar"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: El libro NO se puede publicar: corrija los errores." in captured.err
    assert report in captured.err  # the same messages as check
    assert [i["note"] for i in _versions_json(capsys)] == [INITIAL_NOTE]


def test_publish_a_missing_or_foreign_file(env_store, capsys, tmp_path):
    assert main(["publish", str(tmp_path / "no_existe.xlsx")]) == 1
    assert "No se encontró el archivo" in capsys.readouterr().err
    text_file = tmp_path / "notas.txt"
    text_file.write_text("Esto es texto, no un libro.\n", encoding="utf-8")
    assert main(["publish", str(text_file)]) == 1
    assert "no un libro de Excel" in capsys.readouterr().err
    assert len(_versions_json(capsys)) == 1


def test_usage_errors_exit_2(env_store, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["publish"])
    assert caught.value.code == 2
    assert "faltan los argumentos: ARCHIVO" in capsys.readouterr().err


def test_store_errors_exit_1_in_spanish_without_traceback(tmp_path):
    broken = tmp_path / "versiones.db"
    broken.write_bytes(b"no soy una base de datos " * 100)
    for args in (["versions"], ["versions", "--json"], ["publish", str(SHIPPED)]):
        result = _run(*args, env_url=f"sqlite:///{broken}")
        assert result.returncode == 1, result
        assert "está dañado o no es una base de datos SQLite" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_publish_and_versions_on_postgresql(postgres_server, updated_plan):
    url = postgres_server.new_database()
    published = _run("publish", str(updated_plan), "--note", "En PostgreSQL", env_url=url)
    assert published.returncode == 0, published.stderr
    assert published.stdout.startswith("Publicada la versión 2 (sha256 ")
    listing = _run("versions", "--json", env_url=url)
    assert listing.returncode == 0, listing.stderr
    items = json.loads(listing.stdout)
    assert [(i["version"], i["note"], i["current"]) for i in items] == [
        (2, "En PostgreSQL", True), (1, INITIAL_NOTE, False)]


def test_unreachable_postgres_exits_1(tmp_path):
    from tests.pg import _free_port

    result = _run("versions", env_url=f"postgresql+psycopg://postgres:clave@127.0.0.1:{_free_port()}/rendicion")
    assert result.returncode == 1
    assert "No se pudo conectar con la base de datos de versiones" in result.stderr
    assert "clave" not in result.stderr and "Traceback" not in result.stderr


def test_concurrent_cli_publications_are_all_recorded(tmp_path, updated_plan):
    url = f"sqlite:///{tmp_path / 'compartido' / 'versiones.db'}"
    env = dict(os.environ, RENDICION_DB_URL=url, PYTHONPATH=str(ROOT))
    processes = [
        subprocess.Popen([sys.executable, "-m", "rendicion", "publish", str(updated_plan), "--note", f"proceso {n}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for n in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, outputs
    numbers = sorted(int(re.match(r"Publicada la versión (\d+) ", out).group(1)) for out, _ in outputs)
    assert numbers == [2, 3, 4, 5]  # one seed (version 1), then every publication
    items = Store(url).versions()
    assert sorted(v.note for v in items[:4]) == [f"proceso {n}" for n in range(4)]
    assert [v.note for v in items[4:]] == [INITIAL_NOTE]


@pytest.mark.skipif(not read_only_mounts_available(), reason="sin permiso para montajes privados (unshare -m)")
def test_read_only_store_lists_but_does_not_publish(tmp_path, updated_plan):
    folder = tmp_path / "almacen"
    url = f"sqlite:///{folder / 'versiones.db'}"
    assert _run("versions", env_url=url).returncode == 0  # seeded while writable
    env = dict(os.environ, RENDICION_DB_URL=url, PYTHONPATH=str(ROOT))

    listing = subprocess.run(read_only_command(folder, [sys.executable, "-m", "rendicion", "versions", "--json"]),
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert [i["version"] for i in json.loads(listing.stdout)] == [1]

    publishing = subprocess.run(
        read_only_command(folder, [sys.executable, "-m", "rendicion", "publish", str(updated_plan)]),
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert publishing.returncode == 1
    assert "El almacén de versiones es de solo lectura: no se puede publicar." in publishing.stderr
    assert "Traceback" not in publishing.stderr
    assert [v.version for v in Store(url).versions()] == [1]

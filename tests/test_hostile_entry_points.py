"""Issue 22's hostile files through every entry point: each CLI command and the web upload path.

Each file of the issue's table (bench/hostile_workbooks.py, ``ISSUE_22``) is generated here and
given to ``check`` (a real process, ``--json``), ``check``, ``tidy``, ``report`` and ``publish``
(their handlers, each of which reads in the bounded child) and to the dashboard's
``validate_isolated``. Every one must end in a Spanish refusal with exit status 1 (never 134, the
abort calamine used to cause), nothing published, and the child that read it within the documented
limits (768 MB, 20 s of CPU), measured by the child itself; the anagram follow-up within 5 s of
CPU, imports included.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import non_spanish
from bench.hostile_workbooks import BY_NAME, ISSUE_22
from rendicion.cli import main
from rendicion.versions import sandbox
from rendicion.versions.store import Store
from tests.builders import ROOT

MIB = 1024 * 1024
#: The documented limits of the validation child (docs/libro.md «Límites»).
MEMORY_LIMIT = sandbox.LIMITS.memory_bytes
CPU_LIMIT = sandbox.LIMITS.cpu_seconds
#: The issue's target for the anagram follow-up, in the child, imports included.
ANAGRAM_CPU = 5.0
#: What each file is refused for (a word of its Spanish message).
REASON = {
    "celda_en_XFD1048576": "fila 1.048.576",
    "celda_en_XFD3000": "16.384 columnas",
    "texto_compartido_30000_celdas": "suman más de 50.000.000 caracteres",
    "texto_compartido_245000_celdas": "suman más de 50.000.000 caracteres",
    "texto_de_180_mb_en_10_celdas": "en una sola celda",
    "texto_de_180_mb_en_una_celda": "en una sola celda",
    "estilos_degradados_550000": "hoja de estilos",
    "seguimiento_de_anagramas": "búsqueda de nombres parecidos se detuvo",
    "macros_renombradas": "contiene macros",
    "macros_por_firma": "contiene macros",
    "hoja_de_macros": "contiene macros",
    "hoja_de_macros_renombrada": "contiene macros",
}


def test_every_file_of_the_issue_has_a_reason():
    assert set(REASON) == set(ISSUE_22)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("issue22")
    paths = {}
    for name in ISSUE_22:
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(BY_NAME[name].build())
    return paths


def _messages(loaded) -> list[str]:
    return [issue.message for issue in loaded.findings.errors + loaded.findings.warnings]


@pytest.mark.parametrize("name", ISSUE_22)
def test_the_web_upload_path_refuses_it_in_spanish_within_the_childs_limits(name, hostile_files):
    data = hostile_files[name].read_bytes()
    loaded, usage = sandbox.run_child_measured(data)  # what validate_isolated runs for the dashboard
    print(f"{name}: {len(data) // 1024} KB, hijo {usage.cpu_seconds:.2f} s de CPU, {usage.peak_bytes / MIB:.0f} MB")
    assert not loaded.ok and loaded.findings.errors
    assert any(REASON[name] in message for message in _messages(loaded)), _messages(loaded)[:3]
    for message in _messages(loaded):
        assert not non_spanish(message), message
    assert usage.peak_bytes < MEMORY_LIMIT and usage.cpu_seconds < CPU_LIMIT
    if name == "seguimiento_de_anagramas":
        assert usage.cpu_seconds < ANAGRAM_CPU
    candidate = sandbox.validate_isolated(data, f"{name}.xlsx")  # the dashboard's own call, queue included
    assert not candidate.ok


@pytest.mark.parametrize("name", ISSUE_22)
def test_check_json_in_a_real_process_exits_1_with_one_json_object(name, hostile_files):
    run = subprocess.run([sys.executable, "-m", "rendicion", "check", str(hostile_files[name]), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=180, env={"PATH": "/usr/bin:/bin",
                                                                           "RUST_BACKTRACE": "0"})
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])  # not 134 (an abort)
    result = json.loads(run.stdout)
    assert result["ok"] is False and result["errors"]
    assert any(REASON[name] in issue["message"] for issue in result["errors"] + result["warnings"])
    assert "Traceback" not in run.stderr and "memory allocation" not in run.stderr


@pytest.mark.parametrize("name", ISSUE_22)
def test_every_other_command_refuses_it_in_spanish_and_publishes_nothing(name, hostile_files, tmp_path, monkeypatch,
                                                                         capsys):
    url = f"sqlite:///{tmp_path / 'versiones.db'}"
    monkeypatch.setenv("RENDICION_DB_URL", url)
    path = str(hostile_files[name])
    for command in (["check", path], ["tidy", path, str(tmp_path / "tablas")],
                    ["report", path, "--out", str(tmp_path / "informe.html")], ["publish", path, "--note", "hostil"]):
        assert main(command) == 1, command
        output = capsys.readouterr()
        text = output.out + output.err
        assert REASON[name] in text, (command, text[-1500:])
        assert "Traceback" not in text
    assert not (tmp_path / "informe.html").exists() and not (tmp_path / "tablas").exists()
    assert Store(url).versions() == []  # refused before the store was even opened: nothing was published

"""The check/tidy command line: a stable contract of exit codes, Spanish messages and one JSON object."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date

import pytest

from rendicion import cli
from tests.builders import ROOT, SHIPPED, build_xlsx
from tests.harness import run_measured
from tests.unreadable_files import UNREADABLE

SUMMARY_KEYS = {"activities", "subcomponents", "offices", "scheduled_activities", "schedule_marks",
                "schedule_intervals", "progress_reports"}
ENGLISH = ("Traceback", "Error:", "error:", "Exception", "invalid", "not a ", "File is")


def _check_json(path) -> tuple[int, dict, float]:
    """Run ``python -m rendicion check --json`` in a child: (exit code, its JSON, the child's CPU seconds,
    start-up and imports included)."""
    code, out, cpu_seconds = run_measured([sys.executable, "-m", "rendicion", "check", str(path), "--json"], ROOT)
    return code, json.loads(out), cpu_seconds


def test_shipped_plan_summary_through_the_real_command():
    run = subprocess.run([sys.executable, "-m", "rendicion", "check", str(SHIPPED), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)  # exactly one JSON object on stdout
    assert set(result) == {"ok", "errors", "warnings", "omitted", "verdict", "summary"} and result["ok"] is True
    summary = result["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert summary["activities"] == 19
    assert summary["subcomponents"] == {"Información": 5, "Diálogo": 8, "Incentivos": 2,
                                        "Evaluación y seguimiento": 4}
    assert len(summary["offices"]) == 6 and "Todas las dependencias" in summary["offices"]
    assert summary["scheduled_activities"] == 13
    assert not [w for w in result["warnings"] if "no corresponde a ninguna actividad" in w["message"]]
    assert all(set(w) == {"sheet", "row", "column", "message"} for w in result["warnings"])


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_unreadable_input_exits_1_in_spanish_within_3_cpu_seconds(kind, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(UNREADABLE[kind]())
    code, result, cpu_seconds = _check_json(path)
    assert code == 1
    assert result["ok"] is False and result["warnings"] == []
    assert result["summary"]["activities"] == 0 and set(result["summary"]) == SUMMARY_KEYS
    [error] = result["errors"]
    assert set(error) == {"sheet", "row", "column", "message"}
    assert error["message"].endswith(".") and not any(word in error["message"] for word in ENGLISH)
    assert cpu_seconds < 3.0, f"{kind}: {cpu_seconds:.2f} s de CPU"  # start-up is about 0.6 s of it


def test_unreadable_input_text_report_has_no_traceback(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(UNREADABLE["truncated"]())
    run = subprocess.run([sys.executable, "-m", "rendicion", "check", str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    assert "NO se puede usar" in run.stdout and "Errores (1):" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_invalid_workbook_messages_carry_their_location(tmp_path):
    rows = [["ID", "SUBCOMPONENTE", "ACTIVIDADES", "RESPONSABLE"],
            ["1", "Diálogo", "Una", "Secretaría de Planeación"], ["2", "", "Otra", "Secretaría de Planeación"]]
    follow = [["ID", "Fecha de corte", "Avance"], ["1", "32/13/2018", 50], ["2", date(2018, 4, 30), 140],
              ["7", date(2018, 4, 30), 10]]
    path = build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Seguimiento": follow})
    code, result, _ = _check_json(path)
    assert code == 1
    located = [(e["sheet"], e["row"], e["column"]) for e in result["errors"]]
    assert located == [("Seguimiento", 2, "B"), ("Seguimiento", 3, "C"), ("Seguimiento", 4, "A")]


def test_missing_file_and_usage_errors(tmp_path, capsys):
    code, result, _ = _check_json(tmp_path / "no_existe.xlsx")
    assert code == 1 and "No se encontró el archivo" in result["errors"][0]["message"]
    with pytest.raises(SystemExit) as usage:
        cli.main(["check"])
    assert usage.value.code == 2
    assert "faltan los argumentos" in capsys.readouterr().err
    with pytest.raises(SystemExit) as unknown:
        cli.main(["revisar", "x"])
    assert unknown.value.code == 2


def test_tidy_writes_the_four_tables(tmp_path, capsys):
    assert cli.main(["tidy", str(SHIPPED), str(tmp_path / "salida")]) == 0
    tables = {}
    for name in ("actividades", "responsables", "cronograma", "seguimiento"):
        with open(tmp_path / "salida" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
    assert len(tables["actividades"]) == 19
    assert list(tables["cronograma"][0]) == ["actividad_id", "inicio", "fin", "origen"]
    hearing = [row for row in tables["cronograma"] if row["actividad_id"] == "2.3"]
    assert hearing == [{"actividad_id": "2.3", "inicio": "2018-11-01", "fin": "2018-11-30", "origen": "meses"}]
    assert {row["rol"] for row in tables["responsables"]} == {"principal", "apoyo"}
    assert tables["seguimiento"][0]["fecha_corte"] == "2018-04-30"


def test_tidy_refuses_an_unusable_workbook(tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(UNREADABLE["csv_renamed"]())
    assert cli.main(["tidy", str(path), str(tmp_path / "salida")]) == 1
    assert not (tmp_path / "salida").exists()
    assert "Errores (1):" in capsys.readouterr().err


_IMPORTS_CHILD = r"""
import contextlib, io, json, sys
from rendicion import cli
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = cli.main(sys.argv[1:])
heavy = ("sqlalchemy", "rendicion.versions.store", "rendicion.versions.publishing", "streamlit", "psycopg")
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy)}))
"""


@pytest.mark.parametrize("command", ["check", "tidy", "report"])
def test_file_commands_do_not_import_the_store_or_streamlit(command, tmp_path):
    """Startup counts in every CLI call: check, tidy and report never pay for SQLAlchemy or Streamlit."""
    args = {
        "check": ["check", str(SHIPPED)],
        "tidy": ["tidy", str(SHIPPED), str(tmp_path / "tablas")],
        "report": ["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(tmp_path / "informe.html")],
    }[command]
    run = subprocess.run([sys.executable, "-c", _IMPORTS_CHILD, *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert result["loaded"] == [], result["loaded"]

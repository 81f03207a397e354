"""``python -m rendicion report`` and ``python -m rendicion template``: outputs, exit codes, Spanish."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest

from rendicion import cli
from tests.builders import ROOT, SHIPPED, build_xlsx


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command (argparse's own exits included)."""
    capsys.readouterr()
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_xlsx(tmp_path, capsys):
    out = tmp_path / "informe.xlsx"
    code, stdout, _ = _run(["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(out)], capsys)
    assert code == cli.EXIT_OK
    assert "31/08/2018" in stdout and str(out) in stdout
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames[0] == "Seguimiento"
    assert not [c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_report_html_with_a_dd_mm_yyyy_date_and_a_new_folder(tmp_path, capsys):
    out = tmp_path / "nueva" / "informe.HTML"
    code, stdout, _ = _run(["report", str(SHIPPED), "--corte", "30/04/2018", "--out", str(out)], capsys)
    assert code == cli.EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "30/04/2018" in page


def test_report_defaults_to_the_latest_cut(tmp_path, capsys):
    out = tmp_path / "informe.xlsx"
    code, stdout, _ = _run(["report", str(SHIPPED), "--out", str(out)], capsys)
    assert code == cli.EXIT_OK
    assert "al 31/12/2018" in stdout


@pytest.mark.parametrize("corte", ["2018-02-30", "31-08-2018", "mañana", ""])
def test_report_bad_date_is_a_usage_error(tmp_path, capsys, corte):
    out = tmp_path / "informe.xlsx"
    code, _, stderr = _run(["report", str(SHIPPED), "--corte", corte, "--out", str(out)], capsys)
    assert code == cli.EXIT_USAGE
    assert "uso:" in stderr
    assert "argumento --corte: fecha de corte no válida" in stderr
    assert "AAAA-MM-DD" in stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["informe.pdf", "informe.csv", "informe", "informe.xls"])
def test_report_bad_extension_is_a_usage_error(tmp_path, capsys, name):
    code, _, stderr = _run(["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(tmp_path / name)], capsys)
    assert code == cli.EXIT_USAGE
    assert "debe terminar en .xlsx (Excel), .html (página web) o .json (datos)" in stderr
    assert not (tmp_path / name).exists()


def test_report_needs_an_output(capsys):
    code, _, stderr = _run(["report", str(SHIPPED)], capsys)
    assert code == cli.EXIT_USAGE
    assert "faltan los argumentos: --out" in stderr


def test_report_of_an_unusable_workbook_shows_the_check_messages(tmp_path, capsys):
    bad = build_xlsx(tmp_path / "sin_plan.xlsx", {"Hoja1": [["Hola"], ["mundo"]]})
    out = tmp_path / "informe.xlsx"
    code, _, stderr = _run(["report", str(bad), "--corte", "2018-08-31", "--out", str(out)], capsys)
    assert code == cli.EXIT_INVALID
    assert "El libro NO se puede usar" in stderr
    assert "No se encontró la tabla del plan" in stderr
    assert not out.exists()


def test_report_of_a_missing_file(tmp_path, capsys):
    code, _, stderr = _run(["report", str(tmp_path / "no.xlsx"), "--out", str(tmp_path / "i.html")], capsys)
    assert code == cli.EXIT_INVALID
    assert "No se encontró el archivo" in stderr


def test_report_unwritable_output(tmp_path, capsys):
    folder = tmp_path / "carpeta.xlsx"
    folder.mkdir()
    code, _, stderr = _run(["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(folder)], capsys)
    assert code == cli.EXIT_INVALID
    assert "No se pudo escribir" in stderr


def test_template(tmp_path, capsys):
    out = tmp_path / "plantilla.xlsx"
    code, stdout, _ = _run(["template", str(out), "--vigencia", "2019"], capsys)
    assert code == cli.EXIT_OK
    assert "Instrucciones" in stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Instrucciones"
    params = book["Parámetros"]
    assert {params.cell(r, 1).value: params.cell(r, 2).value for r in range(2, 8)}["Vigencia"] == 2019


@pytest.mark.parametrize("argv, words", [
    (["template", "plantilla.xls"], "debe terminar en .xlsx"),
    (["template", "plantilla.xlsx", "--vigencia", "18"], "vigencia no válida"),
    (["template"], "faltan los argumentos: SALIDA"),
])
def test_template_usage_errors(tmp_path, capsys, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _run(argv, capsys)
    assert code == cli.EXIT_USAGE
    assert words in stderr
    assert not list(tmp_path.iterdir())


def test_help_lists_the_new_commands_in_spanish(capsys):
    code, stdout, _ = _run(["--help"], capsys)
    assert code == cli.EXIT_OK
    assert "report" in stdout and "informe de seguimiento" in stdout
    assert "template" in stdout and "plantilla en blanco" in stdout


def test_module_entry_point(tmp_path):
    out = tmp_path / "informe.html"
    result = subprocess.run([sys.executable, "-m", "rendicion", "report", str(SHIPPED), "--corte", "2018-08-31",
                             "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Seguimiento 2" in page and "14/09/2018" in page
    assert out.stat().st_size < 500_000  # one offline file for the website, no plotly.js


@pytest.mark.parametrize(("regla", "name", "avance", "evaluadas"), [
    # The shipped plan at 31/08, recomputed by hand in tests/test_engine_shipped.py.
    (None, "programadas a la fecha", 53.5, 8),
    ("vencen", "las que vencen hasta el corte", 90.0, 1),
    ("programadas en el cuatrimestre", "programadas en el cuatrimestre", 48.3, 7),
    ("todas las de la vigencia", "todas las de la vigencia", 31.5, 19),
])
def test_report_chooses_the_rule(tmp_path, capsys, regla, name, avance, evaluadas):
    import json

    out = tmp_path / "informe.json"
    argv = ["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(out)]
    code, stdout, _ = _run(argv + (["--regla", regla] if regla else []), capsys)
    assert code == cli.EXIT_OK
    assert f"(regla «{name}»)" in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["regla"], data["avance"], data["evaluadas"], data["total_actividades"]) == (name, avance, evaluadas,
                                                                                             19)


def test_report_with_an_unknown_rule_is_a_usage_error(tmp_path, capsys):
    code, _, err = _run(["report", str(SHIPPED), "--out", str(tmp_path / "x.json"), "--regla", "al azar"], capsys)
    assert code == 2
    assert "regla no válida «al azar»" in err and "«programadas a la fecha»" in err


def test_report_takes_the_publication_and_elaboration_dates(tmp_path, capsys):
    out = tmp_path / "informe.html"
    code, _, _ = _run(["report", str(SHIPPED), "--corte", "2018-08-31", "--out", str(out), "--fecha-publicacion",
                       "2018-09-12", "--fecha-elaboracion", "10/09/2018"], capsys)
    assert code == cli.EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert "<dt>Fecha de publicación</dt><dd>12/09/2018</dd>" in page
    assert "<dt>Fecha de elaboración</dt><dd>10/09/2018</dd>" in page

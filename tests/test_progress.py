"""Progress cells are read one by one: a typo is refused or said at its cell, never rescales the column."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from openpyxl import Workbook

from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED

PLAN = [["VIGENCIA 2018"], ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "RESPONSABLE"],
        ["Diálogo", "1", "Una", "Planeación"], ["Diálogo", "2", "Dos", "Planeación"],
        ["Diálogo", "3", "Tres", "Planeación"], ["Diálogo", "4", "Cuatro", "Planeación"]]


def _book(tmp_path, progress: list, formats: list[str | None]):
    """Plan of four activities and a follow-up at 30/04/2018 whose «% de avance» (column C) holds ``progress``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in PLAN:
        sheet.append(row)
    follow = book.create_sheet("Seguimiento")
    follow.append(["ID", "Fecha de corte", "% de avance"])
    for ident, (value, fmt) in enumerate(zip(progress, formats), start=1):
        follow.append([str(ident), date(2018, 4, 30), value])
        if fmt:
            follow.cell(ident + 1, 3).number_format = fmt
    path = tmp_path / "p.xlsx"
    book.save(path)
    return read_plan(path)


def _at(findings, row: int, column: str = "C") -> list[str]:
    return [f.message for f in findings.issues if (f.sheet, f.row, f.column) == ("Seguimiento", row, column)]


def _said(findings) -> list[str]:
    return [f.message for f in findings.issues if f.sheet == "Seguimiento"]


def test_a_percentage_format_reads_each_cell_and_a_typo_is_refused_at_its_cell(tmp_path):
    loaded = _book(tmp_path, [0.5, 1, 8, 0.3], ["0%"] * 4)
    [error] = loaded.findings.errors
    assert (error.sheet, error.row, error.column) == ("Seguimiento", 4, "C")
    assert "800 %: ¿quiso decir 80 % o 8 %?" in error.message
    assert "guarda 8 con formato de porcentaje" in error.message


def test_the_other_cells_keep_their_reading_when_one_is_a_typo(tmp_path):
    clean = _book(tmp_path, [0.5, 1, 0.8, 0.3], ["0%"] * 4)
    assert clean.ok and _said(clean.findings) == []
    assert clean.plan.seguimiento["avance"].tolist() == [50.0, 100.0, 80.0, 30.0]
    # The same typo in a cell without format: 8 is 8 %, the others stay as they were, and it is said at C4.
    typo = _book(tmp_path, [0.5, 1, 8, 0.3], ["0%", "0%", None, "0%"])
    assert typo.ok
    assert typo.plan.seguimiento["avance"].tolist() == [50.0, 100.0, 8.0, 30.0]
    [said] = _at(typo.findings, 4)
    assert "no tiene formato de porcentaje" in said and "8 se leyó como 8 %" in said


def test_a_bare_column_of_fractions_keeps_its_scale_when_one_cell_is_a_whole_number(tmp_path):
    loaded = _book(tmp_path, [0.5, 1, 3, 0.25], [None] * 4)
    assert loaded.ok
    assert loaded.plan.seguimiento["avance"].tolist() == [50.0, 100.0, 3.0, 25.0]
    [cell] = _at(loaded.findings, 4)
    assert "El avance 3 se leyó como 3 %" in cell and "fracciones (0,8 = 80 %)" in cell
    [column] = _at(loaded.findings, 1)
    assert "mezcla fracciones (0,8) y porcentajes (80)" in column and "C4 (3 → 3 %)" in column


def test_a_bare_one_follows_the_column(tmp_path):
    wholes = _book(tmp_path, [50, 1, 30, 25], [None] * 4)
    assert wholes.plan.seguimiento["avance"].tolist() == [50.0, 1.0, 30.0, 25.0]
    assert _said(wholes.findings) == []
    fractions = _book(tmp_path, [0.5, 1, 0.3, 0], [None] * 4)
    assert fractions.plan.seguimiento["avance"].tolist() == [50.0, 100.0, 30.0, 0.0]
    assert _said(fractions.findings) == []


@pytest.mark.parametrize("value, words", [
    ("800 %", "800 %: ¿quiso decir 80 %?"),
    (150, "150 %: ¿quiso decir 15 %?"),
    (-50, "-50 %: ¿quiso decir 50 %?"),
])
def test_impossible_values_say_what_was_probably_meant(tmp_path, value, words):
    loaded = _book(tmp_path, [value, 50, 30, 20], [None] * 4)
    [error] = loaded.findings.errors
    assert words in error.message and "entre 0 y 100" in error.message
    assert (error.row, error.column) == (2, "C")


def test_the_typo_of_the_issue_in_the_shipped_plan_is_refused_at_d6():
    book = openpyxl.load_workbook(SHIPPED)
    assert book["Seguimiento"]["D6"].value == 0.4  # 40 %, formatted 0%
    book["Seguimiento"]["D6"].value = 8  # 800 % where 80 % was meant
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = read_plan(buffer.getvalue())
    [error] = loaded.findings.errors
    assert (error.sheet, error.row, error.column) == ("Seguimiento", 6, "D")
    assert "¿quiso decir 80 %" in error.message
    # Every other report keeps its reading: the same as the shipped plan's, row for row.
    shipped = read_plan(SHIPPED).plan.seguimiento
    book["Seguimiento"]["D6"].value = 0.8
    buffer = io.BytesIO()
    book.save(buffer)
    fixed = read_plan(buffer.getvalue()).plan.seguimiento
    assert fixed["avance"].tolist()[1] == 80.0
    assert fixed["avance"].drop(index=1).tolist() == shipped["avance"].drop(index=1).tolist()
    assert shipped["avance"].tolist()[:4] == [100.0, 40.0, 100.0, 30.0]


@pytest.mark.parametrize("code, shows_percent", [
    ("0%", True), ("0.00%", True), ("0.0 %", True), ('0" %"', False), ("0\\%", False), ("#,##0", False),
    ("General", False), ("[Red]0", False),
])
def test_percentage_number_formats(code, shows_percent):
    from rendicion.reading.workbook import is_percent_format
    assert is_percent_format(code) is shows_percent


def test_a_custom_percentage_format_is_read_as_excel_shows_it(tmp_path):
    loaded = _book(tmp_path, [0.455, 0.5, 0.25, 1], ["0.0%", "0.0%", '0" %"', "0.0%"])
    assert loaded.plan.seguimiento["avance"].tolist() == [45.5, 50.0, 25.0, 100.0]


def test_an_absurd_progress_is_refused_without_a_guess(tmp_path):
    loaded = _book(tmp_path, [1e308, 0.5, 0.3, 0.2], ["0%"] * 4)
    [error] = loaded.findings.errors
    assert (error.row, error.column) == (2, "C") and "quiso decir" not in error.message
    assert len(error.message) < 300

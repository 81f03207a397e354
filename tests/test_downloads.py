"""Downloads: table exports — and that no text from a workbook ever becomes a formula in any of
them. The follow-up report's tests are in tests/test_informe.py, the template's in tests/test_template.py."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rendicion.followup import engine
from rendicion.followup.view import Filters, View, activity_table
from rendicion.outputs import downloads
from rendicion.outputs.plan_workbook import set_text
from rendicion.plan.model import Plan
from rendicion.reading.loader import read_plan
from tests.builders import build_xlsx

CORTE = date(2018, 8, 31)

#: Texts a spreadsheet or a browser would execute if they were not kept inert.
HOSTILE = ['=HYPERLINK("http://example.com","x")', "@SUM(1)", "+1", "-1+1", "<script>alert(1)</script>"]


# --------------------------------------------------------------------------- fixtures, helpers


def _all_cells(book: openpyxl.Workbook):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _no_formulas(book: openpyxl.Workbook) -> None:
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in _all_cells(book) if c.data_type == "f"]
    assert formulas == []


def _hostile_workbook(path: Path) -> Path:
    """Five activities whose texts (activity, goal, office, evidence, note) are all hostile.

    tests.builders.build_xlsx uses openpyxl's ``append``, which stores a str starting with "="
    as a formula: every such cell is turned back into text, as a real workbook would hold it.
    """
    n = len(HOSTILE)
    plan_rows = [["PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA 2018"], [],
                 ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META DE PRODUCTO - INDICADOR", "RESPONSABLE",
                  "MES 1", "MES 2", "MES 3", "MES 4", "MES 5", "MES 6", "MES 7", "MES 8", "MES 9"]]
    follow_rows = [["ID", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES"]]
    progress = [100, 50, 20, 0, 80]
    for i in range(n):
        months = ["X"] * 9 if i < 4 else [None] * 9
        plan_rows.append(["Información" if i == 0 else None, f"1.{i + 1}", HOSTILE[i], HOSTILE[(i + 1) % n],
                          HOSTILE[(i + 2) % n], *months])
        follow_rows.append([f"1.{i + 1}", "31/08/2018", progress[i], HOSTILE[(i + 3) % n], HOSTILE[(i + 3) % n],
                            HOSTILE[(i + 4) % n]])
    build_xlsx(path, {"Plan": plan_rows, "Seguimiento": follow_rows})
    book = openpyxl.load_workbook(path)
    for cell in _all_cells(book):
        if cell.data_type == "f":
            set_text(cell, cell.value)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Plan:
    path = _hostile_workbook(tmp_path_factory.mktemp("hostil") / "hostil.xlsx")
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert set(loaded.plan.actividades["actividad"]) == set(HOSTILE)
    return loaded.plan


def _view(plan: Plan, corte: date = CORTE, **filters) -> View:
    return View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte=corte, **filters))


# --------------------------------------------------------------------------- hostile texts


def test_hostile_texts_stay_text_in_table_exports(hostile):
    table = activity_table(_view(hostile))
    book = openpyxl.load_workbook(io.BytesIO(downloads.tabla_excel(table)))
    _no_formulas(book)
    strings = [c.value for c in _all_cells(book) if c.data_type == "s"]
    for text in HOSTILE:
        assert text in strings, text
    rows = list(csv.reader(io.StringIO(downloads.tabla_csv(table).decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    for text in HOSTILE:
        if text[0] in "=+-@":
            assert "'" + text in cells, text
            assert text not in cells, text
        else:
            assert text in cells, text
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --------------------------------------------------------------------------- table exports


def _sample_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "Actividad": ["Foros ciudadanos", "Informe – gestión"],
        "Avance": [0.495, 1.0],
        "Actividades": [3, 12],
        "Fecha": [date(2018, 8, 31), date(2018, 12, 31)],
        "Todas": [True, False],
        "Nota": [None, "ñandú «x»"],
    })


def test_tabla_csv_for_colombian_excel():
    data = downloads.tabla_csv(_sample_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Actividad", "Avance", "Actividades", "Fecha", "Todas", "Nota"]
    assert rows[1] == ["Foros ciudadanos", "0,495", "3", "31/08/2018", "Sí", ""]
    assert rows[2] == ["Informe – gestión", "1", "12", "31/12/2018", "No", "ñandú «x»"]


def test_tabla_csv_defuses_formula_triggers():
    frame = pd.DataFrame({"=col": ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "normal", "a=b"], "n": range(-4, 4)})
    rows = list(csv.reader(io.StringIO(downloads.tabla_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["'=col", "n"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "normal", "a=b"]
    assert [r[1] for r in rows[1:]] == ["-4", "-3", "-2", "-1", "0", "1", "2", "3"]  # numbers stay numbers


def test_tabla_excel_types_and_layout():
    frame = _sample_frame()
    data = downloads.tabla_excel(frame, "Actividades: vencidas?", porcentajes=["Avance"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Actividades  vencidas"
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    avance, actividades, fecha, todas, nota = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"]
    assert (avance.value, avance.data_type) == (0.495, "n") and "%" in avance.number_format
    assert (actividades.value, actividades.data_type) == (3, "n")
    assert fecha.value == datetime(2018, 8, 31) and fecha.number_format == "DD/MM/YYYY"
    assert todas.value == "Sí" and sheet["E3"].value == "No"
    assert nota.value is None and sheet["F3"].value == "ñandú «x»"
    _no_formulas(book)


def test_tabla_excel_of_the_activity_table(plan):
    table = activity_table(_view(plan))
    book = openpyxl.load_workbook(io.BytesIO(downloads.tabla_excel(table, porcentajes=["avance_reportado"])))
    sheet = book["Datos"]
    assert sheet.max_row == len(table) + 1
    _no_formulas(book)
    assert downloads.tabla_csv(table.iloc[0:0]).decode("utf-8-sig").startswith('"id";"subcomponente";')


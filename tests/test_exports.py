"""Downloads: the blank template and table exports — and that no text from a workbook ever becomes
a formula in any of them. The follow-up report's tests are in tests/test_informe.py."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rendicion import cli, engine, exports, layout, measure
from rendicion.layout import set_text
from rendicion.loader import read_plan
from rendicion.plan import Plan
from rendicion.view import Filters, View, activity_table
from tests.builders import ROOT, SHIPPED, build_xlsx

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
    assert loaded.ok, loaded.report.to_text()
    assert set(loaded.plan.actividades["actividad"]) == set(HOSTILE)
    return loaded.plan


def _view(plan: Plan, corte: date = CORTE, **filters) -> View:
    return View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte=corte, **filters))


# --------------------------------------------------------------------------- hostile texts


def test_hostile_texts_stay_text_in_table_exports(hostile):
    table = activity_table(_view(hostile))
    book = openpyxl.load_workbook(io.BytesIO(exports.tabla_excel(table)))
    _no_formulas(book)
    strings = [c.value for c in _all_cells(book) if c.data_type == "s"]
    for text in HOSTILE:
        assert text in strings, text
    rows = list(csv.reader(io.StringIO(exports.tabla_csv(table).decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    for text in HOSTILE:
        if text[0] in "=+-@":
            assert "'" + text in cells, text
            assert text not in cells, text
        else:
            assert text in cells, text
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --------------------------------------------------------------------------- template


def _find_row(sheet, first_cell: str) -> int:
    for r in range(1, sheet.max_row + 1):
        if sheet.cell(r, 1).value == first_cell:
            return r
    raise AssertionError(first_cell)


def _columns(sheet, row: int) -> dict[str, int]:
    return {sheet.cell(row, c).value: c for c in range(1, sheet.max_column + 1) if sheet.cell(row, c).value}


def fill_template(data: bytes, plan: Plan) -> bytes:
    """Type ``plan`` into the blank template, cell by cell, as an office would (values only)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    params = book["Parámetros"]
    for label, value in (("Entidad", plan.parametros.entidad), ("Vigencia", plan.parametros.vigencia),
                         ("Mes 1 (mes calendario)", plan.parametros.mes_inicio),
                         ("Meses del cronograma", plan.parametros.meses)):
        set_text(params.cell(_find_row(params, label), 2), value)

    sheet = book["Plan"]
    header = _find_row(sheet, "SUBCOMPONENTE")
    cols = _columns(sheet, header)
    previous = None
    for r, activity in enumerate(plan.actividades.itertuples(index=False), start=header + 1):
        if activity.subcomponente != previous:  # written once per group, as the instructions allow
            set_text(sheet.cell(r, cols["SUBCOMPONENTE"]), activity.subcomponente)
            previous = activity.subcomponente
        set_text(sheet.cell(r, cols["ID"]), activity.id)
        set_text(sheet.cell(r, cols["ACTIVIDADES"]), activity.actividad)
        set_text(sheet.cell(r, cols["META DE PRODUCTO - INDICADOR"]), activity.meta_indicador)
        set_text(sheet.cell(r, cols["RESPONSABLE"]), activity.responsable_texto)

    sheet = book["Cronograma"]
    header = _find_row(sheet, "ID")
    cols = _columns(sheet, header)
    months = plan.cronograma.groupby("actividad_id")["mes"].apply(list).to_dict()
    for r, activity in enumerate(plan.actividades.itertuples(index=False), start=header + 1):
        set_text(sheet.cell(r, cols["ID"]), activity.id)
        set_text(sheet.cell(r, cols["ACTIVIDAD"]), activity.actividad)
        for mes in months.get(activity.id, []):
            set_text(sheet.cell(r, cols[f"MES {mes}"]), "X")

    sheet = book["Seguimiento"]
    header = _find_row(sheet, "ID")
    cols = _columns(sheet, header)
    names = dict(zip(plan.actividades["id"], plan.actividades["actividad"]))
    for r, report in enumerate(plan.seguimiento.itertuples(index=False), start=header + 1):
        set_text(sheet.cell(r, cols["ID"]), report.actividad_id)
        set_text(sheet.cell(r, cols["ACTIVIDAD"]), names[report.actividad_id])
        set_text(sheet.cell(r, cols["FECHA DE CORTE"]), report.fecha_corte)
        set_text(sheet.cell(r, cols["% DE AVANCE"]), report.avance / 100)
        for column, value in (("ESTADO", report.estado), ("EVIDENCIA", report.evidencia),
                              ("OBSERVACIONES", report.observaciones)):
            if value:
                set_text(sheet.cell(r, cols[column]), value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_json(path: Path, capsys) -> dict:
    capsys.readouterr()
    cli.main(["check", "--json", str(path)])
    return json.loads(capsys.readouterr().out)


def test_template_sheets_and_instructions_first():
    book = openpyxl.load_workbook(io.BytesIO(exports.plantilla(vigencia=2018)))
    assert book.sheetnames == ["Instrucciones", "Plan", "Cronograma", "Seguimiento", "Parámetros", "Listas"]
    assert book.active.title == "Instrucciones"
    assert book["Listas"].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in book.sheetnames[:-1])
    text = " ".join(str(c.value) for c in _all_cells(book) if c.parent.title == "Instrucciones" and c.value)
    for words in ("Hoja «Plan»", "dd/mm/aaaa", "50 %", "0,5", "marque con una X", "Listas"):
        assert words.lower() in text.lower(), words
    _no_formulas(book)
    plan_sheet = book["Plan"]
    header = _find_row(plan_sheet, "SUBCOMPONENTE")
    assert [plan_sheet.cell(header, c).value for c in range(1, 6)] == layout.PLAN_HEADERS
    assert plan_sheet.cell(header + 1, 2).number_format == "@"  # IDs as text
    assert plan_sheet.cell(header + 100, 3).border.left.style == "thin"  # formatted empty rows


def test_template_drop_down_lists():
    book = openpyxl.load_workbook(io.BytesIO(exports.plantilla(vigencia=2018, filas=100)))
    lists = book["Listas"]
    column = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)
                                       if lists.cell(r, c).value] for c in range(1, 4)}
    assert column["Lista de subcomponentes"] == ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
    assert "Todas las dependencias" in column["Lista de dependencias"]
    assert "En ejecución" in column["Lista de estados"]

    def validations(sheet):
        return {str(v.sqref): v for v in book[sheet].data_validations.dataValidation}

    plan_v = validations("Plan")
    assert plan_v["A5:A104"].type == "list" and "Listas" in plan_v["A5:A104"].formula1
    assert "$A$2" in plan_v["A5:A104"].formula1 and plan_v["A5:A104"].errorStyle == "stop"
    assert plan_v["E5:E104"].type == "list" and "$B$2" in plan_v["E5:E104"].formula1
    assert plan_v["E5:E104"].errorStyle == "warning"  # several offices may be written by hand
    follow_v = validations("Seguimiento")
    assert follow_v["E5:E304"].type == "list" and "$C$2" in follow_v["E5:E304"].formula1
    assert follow_v["C5:C304"].type == "date"
    assert follow_v["D5:D304"].type == "decimal"
    assert validations("Cronograma")["C5:O104"].type == "list"


def test_blank_template_only_lacks_activities():
    loaded = read_plan(exports.plantilla(vigencia=2020))
    assert [i.message for i in loaded.report.warnings] == []
    assert len(loaded.report.errors) == 1
    assert "no tiene actividades" in loaded.report.errors[0].message


def test_filled_template_checks_like_the_shipped_plan(plan, tmp_path, capsys):
    path = tmp_path / "plantilla_llena.xlsx"
    path.write_bytes(fill_template(exports.plantilla(vigencia=2024), plan))
    filled = _check_json(path, capsys)
    shipped = _check_json(SHIPPED, capsys)
    assert filled["ok"] and filled["errors"] == []
    assert filled["summary"] == shipped["summary"]
    # The same warnings (rows differ), none about the instructions or the hidden lists.
    assert sorted(w["message"] for w in filled["warnings"]) == sorted(w["message"] for w in shipped["warnings"])
    assert not [w for w in filled["warnings"] if w["sheet"] in ("Instrucciones", "Listas")]
    loaded = read_plan(path)
    params = loaded.plan.parametros
    assert (params.entidad, params.vigencia, params.mes_inicio, params.meses) == (
        "Alcaldía de Ibagué", 2018, date(2018, 1, 1), 13)
    evaluated = engine.evaluate(loaded.plan, CORTE)
    total = measure.aggregate(evaluated, params).iloc[0]
    assert total["avance"] == pytest.approx(90.0)
    assert total["cumplimiento_cronograma"] == pytest.approx(85.640625)


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
    data = exports.tabla_csv(_sample_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Actividad", "Avance", "Actividades", "Fecha", "Todas", "Nota"]
    assert rows[1] == ["Foros ciudadanos", "0,495", "3", "31/08/2018", "Sí", ""]
    assert rows[2] == ["Informe – gestión", "1", "12", "31/12/2018", "No", "ñandú «x»"]


def test_tabla_csv_defuses_formula_triggers():
    frame = pd.DataFrame({"=col": ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "normal", "a=b"], "n": range(-4, 4)})
    rows = list(csv.reader(io.StringIO(exports.tabla_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["'=col", "n"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "normal", "a=b"]
    assert [r[1] for r in rows[1:]] == ["-4", "-3", "-2", "-1", "0", "1", "2", "3"]  # numbers stay numbers


def test_tabla_excel_types_and_layout():
    frame = _sample_frame()
    data = exports.tabla_excel(frame, "Actividades: vencidas?", porcentajes=["Avance"])
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
    book = openpyxl.load_workbook(io.BytesIO(exports.tabla_excel(table, porcentajes=["avance_reportado"])))
    sheet = book["Datos"]
    assert sheet.max_row == len(table) + 1
    _no_formulas(book)
    assert exports.tabla_csv(table.iloc[0:0]).decode("utf-8-sig").startswith("id;subcomponente;")


"""Downloads: the Excel and HTML follow-up reports, the blank template, table exports — and that
no text from a workbook ever becomes a formula or markup in any of them.

Reference figures at 31/08/2018 are the hand-computed ones of tests/test_engine_shipped.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
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
ELABORACION = date(2018, 9, 5)
REPORTS_DIR = ROOT / "artifacts" / "reports"

#: Texts a spreadsheet or a browser would execute if they were not kept inert.
HOSTILE = ['=HYPERLINK("http://example.com","x")', "@SUM(1)", "+1", "-1+1", "<script>alert(1)</script>"]


# --------------------------------------------------------------------------- fixtures, helpers


@pytest.fixture(scope="module")
def informe(plan) -> openpyxl.Workbook:
    data = exports.informe_excel(plan, CORTE, fecha_elaboracion=ELABORACION)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def informe_html(plan) -> str:
    return exports.informe_html(plan, CORTE, fecha_elaboracion=ELABORACION)


def _all_cells(book: openpyxl.Workbook):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _no_formulas(book: openpyxl.Workbook) -> None:
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in _all_cells(book) if c.data_type == "f"]
    assert formulas == []


def _rows_by_id(sheet) -> dict[str, dict[str, object]]:
    """Activity rows of the report table, by ID, as {column title: cell}."""
    header = exports.INFORME_HEADER_ROW
    titles = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
    rows = {}
    for r in range(header + 1, sheet.max_row + 1):
        ident = sheet.cell(r, titles.index("ID") + 1).value
        if ident:
            rows[str(ident)] = {t: sheet.cell(r, c) for c, t in enumerate(titles, start=1) if t}
    return rows


def _row_starting(sheet, text: str) -> dict[str, object]:
    header = exports.INFORME_HEADER_ROW
    titles = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
    for r in range(header + 1, sheet.max_row + 1):
        value = sheet.cell(r, 1).value
        if isinstance(value, str) and value.startswith(text):
            return {t: sheet.cell(r, c) for c, t in enumerate(titles, start=1) if t}
    raise AssertionError(f"No hay fila que empiece por {text!r}")


def _fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:].upper() if cell.fill.fill_type == "solid" else ""


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


# --------------------------------------------------------------------------- Excel report


def test_excel_report_lists_every_activity_with_its_texts(plan, informe):
    sheet = informe.worksheets[0]
    assert sheet.title == "Informe de seguimiento"
    rows = _rows_by_id(sheet)
    assert list(rows) == plan.actividades["id"].tolist()
    for activity in plan.actividades.itertuples(index=False):
        row = rows[activity.id]
        assert row["Subcomponente"].value == activity.subcomponente
        assert row["Actividades programadas"].value == activity.actividad
        assert row["Meta / indicador"].value == activity.meta_indicador
        assert row["Responsable"].value


def test_excel_report_header_block(informe):
    sheet = informe.worksheets[0]
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(1, exports.INFORME_HEADER_ROW)}
    assert labels["Entidad"] == "Alcaldía de Ibagué"
    assert labels["Vigencia"] == 2018
    assert labels["Componente"] == "Rendición de cuentas"
    assert labels["Fecha de corte"] == datetime(2018, 8, 31)
    assert labels["Fecha de elaboración"] == datetime(2018, 9, 5)
    values = [c.value for row in sheet.iter_rows(max_row=exports.INFORME_HEADER_ROW - 1) for c in row]
    assert "Avance del plan" in values
    assert pytest.approx(0.9) in values  # «Avance del plan»: only 4.2 (90 %) is due at 31/08, as a number
    assert "🟢 Verde" in values
    assert "Cumplimiento del cronograma" in values
    assert any(isinstance(v, str) and v.startswith("85,6 %") for v in values)  # the secondary index, no zone
    assert any(isinstance(v, str) and "1 de 19 actividades evaluadas al corte" in v for v in values)
    # The shipped workbook is example data with a reconstructed schedule, and the report says so on top.
    assert "DATOS DE EJEMPLO" in sheet.cell(3, 1).value and "ronograma reconstruido" in sheet.cell(3, 1).value


def test_excel_report_figures_at_the_august_cut(informe):
    rows = _rows_by_id(informe.worksheets[0])
    # 2.7: 33 reported / 66,7 expected -> cumplimiento del cronograma 49,5 %; not due yet: no zone.
    assert rows["2.7"]["Cumplimiento del cronograma"].value == pytest.approx(0.495)
    assert rows["2.7"]["Zona"].value == "⚪ No evaluada al corte"
    assert rows["2.7"]["% de avance"].value == pytest.approx(0.33)
    assert rows["2.7"]["Avance esperado"].value == pytest.approx(2 / 3)
    assert rows["2.2"]["Avance esperado"].value == pytest.approx(8 / 13)
    assert rows["2.2"]["Cumplimiento del cronograma"].value == pytest.approx(0.975)
    assert rows["2.4"]["Cumplimiento del cronograma"].value == pytest.approx(0.73125)
    # 4.2 ended in February: evaluated, the zone of its own 90 %.
    assert rows["4.2"]["% de avance"].value == pytest.approx(0.9)
    assert rows["4.2"]["Zona"].value == "🟢 Verde"
    assert rows["4.2"]["Estado"].value == "⚠ Vencida"
    assert rows["1.1"]["Estado"].value == "✔ Cumplida"
    assert rows["1.2"]["Estado"].value == "○ Sin programar"
    # Nothing due yet: no schedule index.
    assert rows["2.1"]["Cumplimiento del cronograma"].value is None
    for title in ("Avance esperado", "% de avance", "Cumplimiento del cronograma"):
        assert "%" in rows["2.7"][title].number_format
        assert rows["2.7"][title].data_type == "n"


def test_excel_report_totals_per_subcomponent_and_plan(informe):
    sheet = informe.worksheets[0]
    dialogo = _row_starting(sheet, "Total Diálogo")
    assert dialogo["Cumplimiento del cronograma"].value == pytest.approx(0.84025)
    assert dialogo["% de avance"].value is None  # no Diálogo activity is due at 31/08
    assert dialogo["Zona"].value == "⚪ Sin actividades evaluadas al corte"
    evaluacion = _row_starting(sheet, "Total Evaluación y seguimiento")
    assert evaluacion["Cumplimiento del cronograma"].value == pytest.approx(0.825)
    assert evaluacion["% de avance"].value == pytest.approx(0.9)
    assert "1 de 4 actividades evaluadas" in evaluacion["Subcomponente"].value
    informacion = _row_starting(sheet, "Total Información")
    assert informacion["Cumplimiento del cronograma"].value is None
    total = _row_starting(sheet, "TOTAL DEL PLAN")
    assert total["Cumplimiento del cronograma"].value == pytest.approx(0.85640625)
    assert total["% de avance"].value == pytest.approx(0.9)
    assert total["Zona"].value == "🟢 Verde"
    assert "1 ⚠ Vencida" in total["Estado"].value


def test_excel_report_at_the_final_cut(plan):
    book = openpyxl.load_workbook(io.BytesIO(exports.informe_excel(plan, date(2018, 12, 31))))
    total = _row_starting(book.worksheets[0], "TOTAL DEL PLAN")
    assert total["% de avance"].value == pytest.approx(0.73)  # the 19 activities' mean
    assert total["Zona"].value == "🟡 Amarillo"
    assert "19 de 19 actividades evaluadas" in total["Subcomponente"].value


def test_excel_report_zone_fills(plan, informe):
    december = openpyxl.load_workbook(io.BytesIO(exports.informe_excel(plan, date(2018, 12, 31))))
    rows = _rows_by_id(december.worksheets[0])
    assert _fill(rows["2.8"]["Zona"]) == "D55E00"  # 50 %, rojo: Okabe–Ito vermillion
    assert _fill(rows["3.1"]["Zona"]) == "E69F00"  # 60 %, amarillo: Okabe–Ito orange
    assert _fill(rows["2.2"]["Zona"]) == "009E73"  # 92 %, verde: Okabe–Ito bluish green
    august = _rows_by_id(informe.worksheets[0])
    assert _fill(august["2.1"]["Zona"]) == ""       # not evaluated: no colour, only text
    # The schedule index is never coloured with a zone.
    assert all(_fill(row["Cumplimiento del cronograma"]) == "" for row in rows.values())


def test_excel_report_prints_on_letter_landscape(informe):
    for sheet in informe.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 1  # letter
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert sheet.page_margins.left <= 0.5
    sheet = informe.worksheets[0]
    header = exports.INFORME_HEADER_ROW
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    for col, (_, width) in enumerate(exports.INFORME_COLUMNS, start=1):
        assert sheet.column_dimensions[openpyxl.utils.get_column_letter(col)].width == width
    assert sheet.cell(header + 1, 3).alignment.wrap_text


def test_excel_report_has_no_formula(informe):
    _no_formulas(informe)


def test_excel_report_of_a_filtered_view(plan):
    view = _view(plan, dependencias=("Secretaría Administrativa",))
    book = openpyxl.load_workbook(io.BytesIO(exports.informe_excel(plan, CORTE, view=view)))
    rows = _rows_by_id(book.worksheets[0])
    assert set(rows) == set(view.actividades["id"])
    with pytest.raises(ValueError, match="corte"):
        exports.informe_excel(plan, date(2018, 4, 30), view=view)


def test_excel_resumen_sheet(informe):
    sheet = informe["Resumen"]
    names = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    assert [sheet.cell(names["Subcomponente"], c).value for c in range(2, 7)] == [
        "Actividades", "Evaluadas al corte", "Avance", "Zona", "Cumplimiento del cronograma"]
    assert sheet.cell(names["Diálogo"], 6).value == pytest.approx(0.84025)
    assert sheet.cell(names["Diálogo"], 4).value is None
    assert sheet.cell(names["Total del plan"], 4).value == pytest.approx(0.9)
    assert sheet.cell(names["Total del plan"], 6).value == pytest.approx(0.85640625)
    row = names["Secretaría de Planeación"]
    assert (sheet.cell(row, 2).value, sheet.cell(row, 3).value) == (12, 1)
    assert sheet.cell(row, 6).value == pytest.approx((100 + 49.5 + 100 + 75 + 90) / 500)
    assert "DATOS DE EJEMPLO" in sheet.cell(2, 1).value


# --------------------------------------------------------------------------- HTML report


def test_html_report_is_self_contained(informe_html):
    page = informe_html
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "Content-Security-Policy" in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert page.count("plotly.js v") == 1  # the library, inlined once
    assert page.count("Plotly.newPlot(") == 4  # four charts
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    (REPORTS_DIR / "informe.html").write_text(page, encoding="utf-8")


def test_html_report_content(plan, informe_html):
    page = informe_html
    for text in ("Alcaldía de Ibagué", "Rendición de cuentas", "31/08/2018", "05/09/2018", "Avance del plan", "90 %",
                 "verde", "1 de 19 actividades evaluadas al corte", "Cumplimiento del cronograma", "85,6 %",
                 "Cronograma de actividades", "Avance por dependencia", "Por subcomponente", "DATOS DE EJEMPLO",
                 "ronograma reconstruido", "las que vencen hasta el corte"):
        assert text in page, text
    for activity in plan.actividades.itertuples(index=False):
        assert f"<td>{activity.id}</td>" in page
    assert "33 % · no evaluada al corte" in page  # 2.7: not due yet
    assert "90 % · verde" in page  # 4.2
    assert "49,5 % · rojo" not in page  # the schedule index never gets a zone
    assert "⚠ Vencida" in page
    activities = page[page.index("<h2>Actividades</h2>"):]
    assert "<a href" not in activities  # at 31/08 no standing report has a link for evidence
    december = exports.informe_html(plan, date(2018, 12, 31))
    assert '<a href="https://example.org/rendicion-2018/sitio-web" rel="noopener noreferrer">' in december


def test_html_report_prints_and_fits_phones(informe_html):
    assert "@media print" in informe_html
    assert "break-before: page" in informe_html
    assert "@page { size: letter landscape" in informe_html
    assert "overflow-x: auto" in informe_html
    assert "@media (max-width: 600px)" in informe_html


def test_html_report_of_an_empty_view(plan):
    view = _view(plan, dependencias=("Dirección de Talento Humano",), subcomponentes=("Evaluación y seguimiento",))
    assert view.empty
    page = exports.informe_html(plan, CORTE, view)
    assert "no tiene actividades" in page
    assert "plotly.js v" not in page


# --------------------------------------------------------------------------- hostile texts


def test_hostile_texts_stay_text_in_the_excel_report(hostile):
    book = openpyxl.load_workbook(io.BytesIO(exports.informe_excel(hostile, CORTE)))
    _no_formulas(book)
    strings = [c.value for c in _all_cells(book) if c.data_type == "s"]
    for text in HOSTILE:
        assert strings.count(text) >= 3, text  # activity, goal, evidence, note (office texts are split)
    assert "@SUM(1)" in strings  # an office name, whole
    rows = _rows_by_id(book.worksheets[0])
    for i, text in enumerate(HOSTILE):
        row = rows[f"1.{i + 1}"]
        assert row["Actividades programadas"].value == text
        assert row["Actividades programadas"].data_type == "s"
        assert row["Evidencia"].hyperlink is None


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


def test_hostile_texts_are_escaped_in_the_html_report(hostile):
    page = exports.informe_html(hostile, CORTE)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '=HYPERLINK(&quot;http://example.com&quot;,&quot;x&quot;)' in page
    assert 'href="http://example.com' not in page
    assert len(re.findall(r"<script\b", page)) == 1 + 1 + 4 + 1  # config, library, 4 charts, print helper


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


# --------------------------------------------------------------------------- PDF for review


def test_excel_report_converts_to_pdf_for_review(plan, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice no está instalado: no se genera el PDF de revisión del informe (opcional).")
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    source = REPORTS_DIR / "informe.xlsx"
    source.write_bytes(exports.informe_excel(plan, CORTE, fecha_elaboracion=ELABORACION))
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(REPORTS_DIR), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = REPORTS_DIR / "informe.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    # Letter, landscape: 792 × 612 points.
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+792(\.\d+)?\s+612", pdf.read_bytes())

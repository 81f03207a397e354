"""The blank template in the PAAC layout: sheets, columns, instructions, drop-down lists, and that a
template filled in as an office would reads back like the shipped plan."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from rendicion import cli
from rendicion.common.formatting import MONTHS
from rendicion.followup import engine, measure
from rendicion.outputs import blank_workbook, downloads
from rendicion.outputs.plan_workbook import set_text
from rendicion.plan.model import ORIGEN_FECHA_PROGRAMADA, Plan
from rendicion.reading.dates import read_schedule
from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED

CORTE = date(2018, 8, 31)
PAAC_HEADERS = ["Subcomponente", "Actividades", None, "Meta o producto", "Responsable", "Fecha programada"]


def _book(**kwargs) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(downloads.plantilla(**kwargs)))


def _find_row(sheet, first_cell: str) -> int:
    for r in range(1, sheet.max_row + 1):
        if sheet.cell(r, 1).value == first_cell:
            return r
    raise AssertionError(first_cell)


def _columns(sheet, row: int) -> dict[str, int]:
    return {sheet.cell(row, c).value: c for c in range(1, sheet.max_column + 1) if sheet.cell(row, c).value}


def _instruction_lines(book: openpyxl.Workbook) -> list[str]:
    sheet = book["Instrucciones"]
    return [str(sheet.cell(r, 1).value) for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value]


def _scheduled_months(plan: Plan) -> dict[str, list[date]]:
    """The first day of every calendar month each activity's schedule intervals touch, sorted."""
    found: dict[str, set[date]] = {}
    for ident, start, end in zip(plan.cronograma["actividad_id"], plan.cronograma["inicio"], plan.cronograma["fin"]):
        month = date(start.year, start.month, 1)
        while month <= end:
            found.setdefault(str(ident), set()).add(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return {ident: sorted(months) for ident, months in found.items()}


def _scheduled_days(cronograma) -> dict[str, set[date]]:
    """Every scheduled day of each activity."""
    days: dict[str, set[date]] = {}
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"]):
        days.setdefault(str(ident), set()).update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return days


def _months_text(starts: list[date]) -> str:
    """Runs of calendar months written the way the instructions teach: «enero a marzo de 2018 y enero de 2019»."""
    runs: list[list[date]] = []
    for start in sorted(starts):
        previous = runs[-1][-1] if runs else None
        if previous and (start.year * 12 + start.month) - (previous.year * 12 + previous.month) == 1:
            runs[-1].append(start)
        else:
            runs.append([start])

    def month(day: date, with_year: bool = True) -> str:
        return f"{MONTHS[day.month - 1]} de {day.year}" if with_year else MONTHS[day.month - 1]

    parts = [month(run[0]) if len(run) == 1 else
             f"{month(run[0], run[0].year != run[-1].year)} a {month(run[-1])}" for run in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]


def fill_template(data: bytes, plan: Plan, *, schedule: str = "meses") -> bytes:
    """Type ``plan`` into the blank template, cell by cell, as an office would (values only).

    ``schedule`` says how the schedule is written: "meses" marks the MES columns with an X,
    "fecha" writes the months as «Fecha programada» text.
    """
    book = openpyxl.load_workbook(io.BytesIO(data))
    params = book["Parámetros"]
    for label, value in (("Entidad", plan.parametros.entidad), ("Vigencia", plan.parametros.vigencia),
                         ("Mes 1 (mes calendario)", plan.parametros.mes_inicio),
                         ("Meses del cronograma", plan.parametros.meses)):
        set_text(params.cell(_find_row(params, label), 2), value)

    sheet = book["Plan"]
    header = _find_row(sheet, "Subcomponente")
    cols = _columns(sheet, header)
    months = _scheduled_months(plan)
    first = plan.parametros.mes_inicio
    previous = None
    for r, activity in enumerate(plan.actividades.itertuples(index=False), start=header + 1):
        if activity.subcomponente != previous:  # written once per group, as the instructions allow
            set_text(sheet.cell(r, cols["Subcomponente"]), activity.subcomponente)
            previous = activity.subcomponente
        set_text(sheet.cell(r, blank_workbook.NUMBER_COLUMN), activity.id)  # under the merged «Actividades»
        set_text(sheet.cell(r, blank_workbook.ACTIVITY_COLUMN), activity.actividad)
        set_text(sheet.cell(r, cols["Meta o producto"]), activity.meta_indicador)
        set_text(sheet.cell(r, cols["Responsable"]), activity.responsable_texto)
        scheduled = months.get(activity.id, [])
        if schedule == "meses":
            for month in scheduled:
                mes = (month.year - first.year) * 12 + month.month - first.month + 1
                set_text(sheet.cell(r, cols[f"MES {mes}"]), "X")
        elif scheduled:
            set_text(sheet.cell(r, cols["Fecha programada"]), _months_text(scheduled))

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


# --------------------------------------------------------------------------- the blank template


def test_template_sheets_and_instructions_first():
    book = _book(vigencia=2018)
    assert book.sheetnames == ["Instrucciones", "Plan", "Seguimiento", "Parámetros", "Listas"]
    assert book.active.title == "Instrucciones"
    assert book["Listas"].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in book.sheetnames[:-1])
    text = " ".join(_instruction_lines(book))
    for words in ("Hoja «Plan»", "formato del PAAC", "Fecha programada", "dd/mm/aaaa", "50 %", "0,5",
                  "marque con una X", "Listas", "Sin programar"):
        assert words.lower() in text.lower(), words
    formulas = [f"{c.parent.title}!{c.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
                for c in row if c.data_type == "f"]
    assert formulas == []


def test_the_plan_sheet_has_the_paac_columns_then_the_optional_months():
    sheet = _book(vigencia=2018)["Plan"]
    header = _find_row(sheet, "Subcomponente")
    titles = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
    assert titles == PAAC_HEADERS + [f"MES {m}" for m in range(1, 14)]
    assert "RENDICIÓN DE CUENTAS" in sheet.cell(1, 1).value
    assert "B4:C4" in {str(merged) for merged in sheet.merged_cells.ranges}  # «Actividades»: number and text
    assert sheet.cell(header + 1, 2).number_format == "@"  # activity numbers as text: 1.10 stays 1.10
    assert sheet.cell(header + 100, 6).border.left.style == "thin"  # formatted empty rows
    assert sheet.cell(header + 100, 19).border.left.style == "thin"
    assert sheet.cell(header + 1, 7).fill.fill_type is None  # months are shaded by a rule, not a fill
    rules = {str(rule.sqref): rule.rules for rule in sheet.conditional_formatting}
    assert rules["G5:S104"][0].formula == ["LEN(TRIM(G5))>0"]


def test_template_drop_down_lists():
    book = _book(vigencia=2018, filas=100)
    lists = book["Listas"]
    column = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)
                                       if lists.cell(r, c).value] for c in range(1, lists.max_column + 1)}
    assert column["Lista de subcomponentes"] == ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
    assert "Todas las dependencias" in column["Lista de dependencias"]
    assert "En ejecución" in column["Lista de estados"]
    assert "enero a junio de 2018" in column["Lista de fechas programadas"]

    def validations(sheet):
        return {str(v.sqref): v for v in book[sheet].data_validations.dataValidation}

    plan_v = validations("Plan")
    assert plan_v["A5:A104"].type == "list" and "Listas" in plan_v["A5:A104"].formula1
    assert "$A$2" in plan_v["A5:A104"].formula1 and plan_v["A5:A104"].errorStyle == "stop"
    assert plan_v["E5:E104"].type == "list" and "$B$2" in plan_v["E5:E104"].formula1
    assert plan_v["E5:E104"].errorStyle == "warning"  # several offices may be written by hand
    fechas = plan_v["F5:F104"]
    assert fechas.type == "list" and "$D$2" in fechas.formula1
    assert not fechas.showErrorMessage  # free text is the rule: the list only suggests
    assert "30/04/2018" in fechas.prompt and len(fechas.prompt) <= 255  # Excel's limit for an input message
    assert plan_v["G5:S104"].type == "list" and plan_v["G5:S104"].formula1 == '"X"'
    follow_v = validations("Seguimiento")
    assert follow_v["E5:E304"].type == "list" and "$C$2" in follow_v["E5:E304"].formula1
    assert follow_v["C5:C304"].type == "date"
    assert follow_v["D5:D304"].type == "decimal"


def test_suggested_dates_read_exactly_in_the_vigencia():
    for vigencia in (2018, 2024):
        for text in blank_workbook.fechas_sugeridas(vigencia):
            reading = read_schedule(text, vigencia)
            assert reading.intervals and reading.warning is None, text
            assert all(start.year == end.year == vigencia for start, end in reading.intervals), text


def test_every_fecha_programada_form_in_the_instructions_reads():
    lines = _instruction_lines(_book(vigencia=2019))
    first = next(i for i, line in enumerate(lines) if line.startswith("• Fecha programada"))
    forms = [quoted for line in lines[first + 1:] if line.startswith("–") for quoted in re.findall(r"«([^»]+)»", line)]
    assert len(forms) >= 14
    for text in forms:
        assert read_schedule(text, 2019).intervals, text
    assert "Diciembre 2019 - Enero 2020" in forms  # the years follow the template's vigencia


def test_blank_template_only_lacks_activities():
    loaded = read_plan(downloads.plantilla(vigencia=2020))
    assert [i.message for i in loaded.findings.warnings] == []
    assert len(loaded.findings.errors) == 1
    assert "no tiene actividades" in loaded.findings.errors[0].message


# --------------------------------------------------------------------------- filled in and read back


def test_filled_template_checks_like_the_shipped_plan(plan, tmp_path, capsys):
    path = tmp_path / "plantilla_llena.xlsx"
    path.write_bytes(fill_template(downloads.plantilla(vigencia=2024), plan))
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
    assert loaded.plan.actividades[["id", "actividad", "meta_indicador", "responsable_texto"]].equals(
        plan.actividades[["id", "actividad", "meta_indicador", "responsable_texto"]])
    # The same follow-up figures as the shipped plan, whatever the engine's rule.
    filled_total = measure.aggregate(engine.evaluate(loaded.plan, CORTE), params).iloc[0]
    shipped_total = measure.aggregate(engine.evaluate(plan, CORTE), plan.parametros).iloc[0]
    assert filled_total.to_dict() == pytest.approx(shipped_total.to_dict())
    assert filled_total["actividades"] == len(plan.actividades)


def test_a_schedule_written_as_fecha_programada_is_in_the_template(plan, tmp_path):
    """The shipped plan's months written as «Fecha programada» text: every activity's text reads
    as exactly the days of its scheduled months, the loader takes its schedule from that column,
    and the plan reads back with the same figures as the shipped one."""
    path = tmp_path / "plantilla_fechas.xlsx"
    path.write_bytes(fill_template(downloads.plantilla(vigencia=2018), plan, schedule="fecha"))
    sheet = openpyxl.load_workbook(path)["Plan"]
    header = _find_row(sheet, "Subcomponente")
    rows = range(header + 1, header + 1 + len(plan.actividades))
    written = {sheet.cell(r, 2).value: sheet.cell(r, 6).value for r in rows}
    expected_days = _scheduled_days(plan.cronograma)
    assert {ident for ident, text in written.items() if text} == set(expected_days)
    for ident, days in expected_days.items():
        reading = read_schedule(written[ident], plan.parametros.vigencia)
        assert reading.warning is None, written[ident]
        read_days = {start + timedelta(days=n) for start, end in reading.intervals
                     for n in range((end - start).days + 1)}
        assert read_days == days, (ident, written[ident])
    loaded = read_plan(path)
    assert loaded.ok
    assert loaded.plan.actividades["actividad"].tolist() == plan.actividades["actividad"].tolist()
    assert len(loaded.plan.seguimiento) == len(plan.seguimiento)
    # The loader reads the schedule from «Fecha programada»: the same days, none from MES columns.
    assert _scheduled_days(loaded.plan.cronograma) == expected_days
    assert set(loaded.plan.cronograma["origen"]) == {ORIGEN_FECHA_PROGRAMADA}
    assert not [w.message for w in loaded.findings.warnings if "«Fecha programada»" in w.message
                or "fecha programada «" in w.message]
    filled_total = measure.aggregate(engine.evaluate(loaded.plan, CORTE), loaded.plan.parametros).iloc[0]
    shipped_total = measure.aggregate(engine.evaluate(plan, CORTE), plan.parametros).iloc[0]
    assert filled_total.to_dict() == pytest.approx(shipped_total.to_dict())


# --------------------------------------------------------------------------- Control Interno's own columns


def test_the_follow_up_sheet_has_control_internos_columns_after_the_offices():
    book = _book(vigencia=2018)
    sheet = book["Seguimiento"]
    header = _find_row(sheet, "ID")
    titles = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
    assert titles == ["ID", "ACTIVIDAD", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES",
                      "ACTIVIDADES CUMPLIDAS", "% DE AVANCE VERIFICADO", "OBSERVACIONES DE CONTROL INTERNO"]
    assert sheet.cell(header + 1, 9).number_format == "0%"
    lines = " ".join(_instruction_lines(book))
    assert "% DE AVANCE VERIFICADO y OBSERVACIONES DE CONTROL INTERNO: las llena Control Interno" in lines
    for rule in ("programadas a la fecha", "las que vencen hasta el corte", "programadas en el cuatrimestre",
                 "todas las de la vigencia"):
        assert f"«{rule}»" in lines
    params = book["Parámetros"]
    assert params.cell(_find_row(params, "Actividades evaluadas en cada corte"), 2).value == "programadas a la fecha"


def test_a_template_with_verified_percentages_reads_back_both_figures(plan, tmp_path):
    """An office reports 60 % for 2.2 at 31/08; Control Interno verifies 45 % and says why."""
    data = fill_template(downloads.plantilla(vigencia=2018), plan)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Seguimiento"]
    header = _find_row(sheet, "ID")
    cols = _columns(sheet, header)
    row = next(r for r in range(header + 1, sheet.max_row + 1)
               if sheet.cell(r, cols["ID"]).value == "2.2" and sheet.cell(r, cols["FECHA DE CORTE"]).value is not None
               and sheet.cell(r, cols["FECHA DE CORTE"]).value.date() == CORTE)
    sheet.cell(row, cols["% DE AVANCE VERIFICADO"]).value = 0.45
    set_text(sheet.cell(row, cols["OBSERVACIONES DE CONTROL INTERNO"]), "Sin soportes de julio")
    path = tmp_path / "verificado.xlsx"
    book.save(path)
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    reports = loaded.plan.seguimiento.set_index(["actividad_id", "fecha_corte"])
    assert reports.loc[("2.2", CORTE), "avance"] == 60.0
    assert reports.loc[("2.2", CORTE), "avance_verificado"] == 45.0
    assert reports.loc[("2.2", CORTE), "observaciones_ci"] == "Sin soportes de julio"
    assert reports["avance_verificado"].notna().sum() == 1
    # At 31/08 the default rule evaluates 8: (45 + 45 + 50 + 50 + 33 + 50 + 50 + 90) / 8 = 413 / 8 = 51,625.
    total = measure.aggregate(engine.evaluate(loaded.plan, CORTE), loaded.plan.parametros).iloc[0]
    assert total["avance"] == pytest.approx(51.625) and total["verificadas"] == 1
    # The plan writer keeps both figures.
    from rendicion.outputs.plan_workbook import write_plan

    again = read_plan(write_plan(loaded.plan, tmp_path / "escrito.xlsx")).plan.seguimiento
    again = again.set_index(["actividad_id", "fecha_corte"])
    assert (again.loc[("2.2", CORTE), "avance"], again.loc[("2.2", CORTE), "avance_verificado"]) == (60.0, 45.0)
    assert again.loc[("2.2", CORTE), "observaciones_ci"] == "Sin soportes de julio"


def test_an_unreadable_verified_percentage_is_an_error_at_its_cell(plan, tmp_path):
    data = fill_template(downloads.plantilla(vigencia=2018), plan)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Seguimiento"]
    header = _find_row(sheet, "ID")
    cols = _columns(sheet, header)
    set_text(sheet.cell(header + 1, cols["% DE AVANCE VERIFICADO"]), "casi todo")
    sheet.cell(header + 2, cols["% DE AVANCE VERIFICADO"]).value = 1.5  # 150 % in the column's percentage format
    path = tmp_path / "malo.xlsx"
    book.save(path)
    errors = read_plan(path).findings.errors
    column = openpyxl.utils.get_column_letter(cols["% DE AVANCE VERIFICADO"])
    assert [(e.row, e.column) for e in errors] == [(header + 1, column), (header + 2, column)]
    assert errors[0].message.startswith("No se pudo leer el % de avance verificado «casi todo».")
    assert errors[1].message == ("El % de avance verificado 150 % es imposible: debe estar entre 0 y 100 %. "
                                 "¿Quiso decir 15 %? Corrija la celda.")

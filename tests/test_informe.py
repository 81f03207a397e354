"""Control Interno's follow-up report in the official format (rendicion.outputs.informe, informe_excel, informe_html).

The figures of the small follow-up workbook below are computed by hand in each test.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from rendicion import cli
from rendicion.outputs import informe
from rendicion.outputs.informe import Cierre
from rendicion.outputs.informe_excel import informe_excel
from rendicion.outputs.informe_html import informe_html
from rendicion.outputs.plan_workbook import set_text
from rendicion.plan.model import Parametros
from rendicion.reading.loader import read_plan
from tests.builders import ROOT, SHIPPED, build_xlsx
from tests.harness import in_ci

CUTS = {date(2018, 4, 30): (1, "01/01/2018 – 30/04/2018", "16/05/2018"),
        date(2018, 8, 31): (2, "01/05/2018 – 31/08/2018", "14/09/2018"),
        date(2018, 12, 31): (3, "01/09/2018 – 31/12/2018", "16/01/2019")}
ELABORACION = date(2018, 9, 5)
MONTHS = [f"MES {m}" for m in range(1, 13)]


def _months(*marked: int) -> list:
    return ["X" if m in marked else None for m in range(1, 13)]


def follow_up_workbook(path, *, texts: dict[str, str] | None = None, parametros: list[list] | None = None):
    """Six activities with known pesos, schedules and % de avance at the three cuts.

    Información: 1.1 months 1–3, peso 1 (100 at April); 1.2 months 2–4, peso 3 (50 April, 70 August);
    1.3 months 5–6, peso 1 (40 August). Diálogo: 2.1 months 1–12, peso 2 (20, 60, 90); 2.2 no schedule,
    peso 1 (100 August and December); 2.3 months 7–8, peso 1, never reported.
    """
    texts = texts or {}
    head = ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META DE PRODUCTO - INDICADOR", "RESPONSABLE", "PESO", *MONTHS]
    activities = [
        ("Información", "1.1", (1, 2, 3), 1), (None, "1.2", (2, 3, 4), 3), (None, "1.3", (5, 6), 1),
        ("Diálogo", "2.1", tuple(range(1, 13)), 2), (None, "2.2", (), 1), (None, "2.3", (7, 8), 1),
    ]
    plan_rows = [["PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA 2018"], [], head]
    for sub, ident, months, peso in activities:
        plan_rows.append([sub, ident, texts.get(ident, f"Realizar la tarea {ident}"), f"Meta {ident}",
                          "Secretaría de Planeación", peso, *_months(*months)])
    reports = {"1.1": [("30/04/2018", 100)], "1.2": [("30/04/2018", 50), ("31/08/2018", 70)],
               "1.3": [("31/08/2018", 40)], "2.1": [("30/04/2018", 20), ("31/08/2018", 60), ("31/12/2018", 90)],
               "2.2": [("31/08/2018", 100), ("31/12/2018", 100)]}
    follow = [["ID", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES",
               "OBSERVACIONES DE CONTROL INTERNO"]]
    for ident, rows in reports.items():
        for fecha, avance in rows:
            follow.append([ident, fecha, avance, "En ejecución", texts.get(f"evidencia {ident}", f"Evidencia {ident}"),
                           texts.get(f"nota {ident}", ""), texts.get(f"ci {ident}", "")])
    params = [["Parámetro", "Valor"], ["Entidad", "Alcaldía de Prueba"], ["Vigencia", 2018], ["Meses", 12],
              *(parametros or [])]
    build_xlsx(path, {"Plan": plan_rows, "Seguimiento": follow, "Parámetros": params})
    # openpyxl's append stores a str starting with "=" as a formula: keep it text, as a real workbook holds it.
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    set_text(cell, cell.value)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    loaded = read_plan(follow_up_workbook(tmp_path_factory.mktemp("informe") / "seguimiento.xlsx"))
    assert loaded.ok, loaded.findings.to_text()
    return loaded.plan


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _rows(sheet) -> list[list]:
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def _labelled(sheet) -> dict[str, object]:
    """Header fields: label in column A, value in column C."""
    return {row[0]: row[2] for row in _rows(sheet) if isinstance(row[0], str) and row[2] is not None}


def _row_starting(sheet, text: str) -> list:
    for row in _rows(sheet):
        if isinstance(row[0], str) and row[0].startswith(text):
            return row
    raise AssertionError(text)


def _table_rows(sheet, column: int | None = None) -> dict:
    """The activity rows of the table by their No. (the findings below repeat the numbers: the first wins)."""
    found = {}
    for row in _rows(sheet):
        if isinstance(row[0], str) and re.fullmatch(r"\d\.\d|[A-Z]", row[0]) and row[0] not in found:
            found[row[0]] = row if column is None else row[column]
    return found


def _text(page: str) -> str:
    """The page's visible text, tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<style.*?</style>|<title.*?</title>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


# --------------------------------------------------------------------------- dates and header


@pytest.mark.parametrize("corte, expected", [(c, d) for c, (_, _, d) in CUTS.items()])
def test_publication_deadline_is_the_tenth_business_day_with_colombian_holidays(corte, expected):
    assert f"{informe.limite_publicacion(corte):%d/%m/%Y}" == expected


def test_business_days_skip_weekends_and_moved_holidays():
    assert not informe.dia_habil(date(2018, 5, 1))  # Día del Trabajo
    assert not informe.dia_habil(date(2018, 5, 14))  # Ascensión, moved to Monday
    assert not informe.dia_habil(date(2019, 1, 7))  # Reyes Magos, moved to Monday
    assert not informe.dia_habil(date(2018, 9, 1))  # Saturday
    assert informe.dia_habil(date(2018, 9, 3))


LEGAL = "Decreto 1081 de 2015, título 4 de la parte 1 del libro 2, sustituido por el Decreto 124 de 2016; art. 2.1.4.6"
ACUMULADO = " (el % de avance es acumulado de la vigencia, desde el 1 de enero hasta el corte)"


@pytest.mark.parametrize("corte", list(CUTS))
def test_excel_report_header_at_each_cut(small, corte):
    numero, periodo, limite = CUTS[corte]
    sheet = _sheet(informe_excel(small, corte, fecha_elaboracion=ELABORACION))
    fields = _labelled(sheet)
    assert fields["Entidad"] == "Alcaldía de Prueba"
    assert fields["Vigencia"] == "2018"
    assert fields["Componente"] == "3 · Rendición de cuentas"
    assert fields["Seguimiento"] == f"Seguimiento {numero}"
    assert fields["Periodo evaluado"] == periodo + ACUMULADO
    assert fields["Fecha de corte"] == f"{corte:%d/%m/%Y}"
    assert fields["Fecha límite de publicación"] == limite
    # Not typed: a blank, bordered cell for the signer.
    labels = [row[0] for row in _rows(sheet)]
    assert "Fecha de publicación" in labels and "Fecha de publicación" not in fields
    # 05/09/2018 is before the deadlines of 14/09/2018 and 16/01/2019, after the one of 16/05/2018.
    late = corte == date(2018, 4, 30)
    assert fields["Fecha de elaboración"] == (
        "05/09/2018 (después de la fecha límite de publicación, 16/05/2018)" if late else "05/09/2018")
    assert fields["Actividades evaluadas"] == ("«programadas a la fecha»: las actividades cuyo cronograma ya empezó "
                                               "en la fecha de corte o antes")
    assert LEGAL in sheet["A2"].value


@pytest.mark.parametrize("corte", list(CUTS))
def test_html_report_header_at_each_cut(small, corte):
    numero, periodo, limite = CUTS[corte]
    page = informe_html(small, corte, fecha_elaboracion=ELABORACION, fecha_publicacion=date(2018, 9, 12))
    fields = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert fields["Entidad"] == "Alcaldía de Prueba"
    assert fields["Vigencia"] == "2018"
    assert fields["Componente"] == "3 · Rendición de cuentas"
    assert fields["Seguimiento"] == f"Seguimiento {numero}"
    assert fields["Periodo evaluado"] == periodo + ACUMULADO
    assert fields["Fecha de corte"] == f"{corte:%d/%m/%Y}"
    assert fields["Fecha límite de publicación"] == limite
    assert fields["Fecha de publicación"] == "12/09/2018"
    assert fields["Fecha de elaboración"].startswith("05/09/2018")
    assert fields["Actividades evaluadas"].startswith("«programadas a la fecha»")
    assert LEGAL in page


def test_elaboration_today_says_when_it_is_after_the_deadline(small):
    """The default «Fecha de elaboración» is today, years after 2018's deadlines: the report says so, visibly."""
    report = informe.build(small, date(2018, 8, 31))
    assert report.encabezado.fecha_elaboracion == date.today()
    fields = dict(report.encabezado.campos())
    assert fields["Fecha de elaboración"] == (f"{date.today():%d/%m/%Y} (después de la fecha límite de publicación, "
                                             "14/09/2018)")
    assert any(n.startswith(f"Este informe se elabora el {date.today():%d/%m/%Y}, después de la fecha límite")
               for n in report.notas)
    on_time = informe.build(small, date(2018, 8, 31), fecha_elaboracion=date(2018, 9, 14))
    assert dict(on_time.encabezado.campos())["Fecha de elaboración"] == "14/09/2018"
    assert not any("después de la fecha límite" in n for n in on_time.notas)


def test_a_cut_that_is_not_a_paac_cut_is_labelled_a_partial_cut_of_its_period(small):
    fields = _labelled(_sheet(informe_excel(small, date(2018, 6, 15))))
    assert fields["Seguimiento"] == "Seguimiento 2 (corte parcial del 15/06/2018)"
    assert fields["Periodo evaluado"] == ("01/05/2018 – 15/06/2018 "
                                          "(periodo del seguimiento: 01/05/2018 – 31/08/2018)" + ACUMULADO)
    assert fields["Fecha límite de publicación"].startswith(
        "14/09/2018 (décimo día hábil después del corte oficial")
    assert informe.periodo(date(2018, 1, 1)) == (1, date(2018, 1, 1), date(2018, 4, 30))
    assert informe.periodo(date(2018, 9, 1)) == (3, date(2018, 9, 1), date(2018, 12, 31))


def test_a_cut_after_the_vigencia_belongs_to_its_final_seguimiento():
    """A 13-month schedule (MES 13 = January 2019) can be cut after 31/12: that is the year's third follow-up."""
    assert informe.periodo(date(2019, 1, 31), 2018) == (3, date(2018, 9, 1), date(2018, 12, 31))
    assert informe.periodo(date(2017, 12, 31), 2018) == (1, date(2018, 1, 1), date(2018, 4, 30))
    plan = read_plan(SHIPPED).plan
    fields = dict(informe.build(plan, date(2019, 1, 31)).encabezado.campos())
    assert fields["Seguimiento"] == "Seguimiento 3 (corte del 31/01/2019, posterior al cierre de la vigencia)"
    assert fields["Periodo evaluado"] == "01/09/2018 – 31/12/2018" + ACUMULADO
    assert fields["Fecha límite de publicación"].startswith("16/01/2019")


# --------------------------------------------------------------------------- subtotals and total, by hand
#
# Rule «programadas a la fecha» (the default): an activity counts once its schedule has started.
# 30/04: 1.1 (100·1), 1.2 (50·3), 2.1 (20·2). Información (100 + 150) / 4 = 62,5 media; Diálogo 20 baja;
#        total (100 + 150 + 40) / 6 = 48,33 baja. Nothing has ended below 100 % (1.2 ends on 30/04 itself).
# 31/08: all scheduled ones. Información (100 + 210 + 40) / 5 = 70 media; Diálogo 2.1 (60·2) and 2.3 (0·1):
#        120 / 3 = 40 baja; total 470 / 8 = 58,75 -> 58,8 baja. Vencidas sin cumplir: 1.2 (70 %, April)
#        and 1.3 (40 %, June); 2.3 ends on 31/08 itself.
# 31/12: all six. Diálogo (180 + 100 + 0) / 4 = 70; total (350 + 280) / 9 = 70 media. Vencidas sin
#        cumplir: 1.2, 1.3 and 2.3 (0 %, August).
# Columns of a row: 0 No., 1 Actividad, 2 Meta, 3 Responsable, 4 Fecha programada, 5 Actividades
# cumplidas, 6 % de avance, 7 Zona, 8 Observaciones de Control Interno.


def test_subtotals_and_total_at_april(small):
    sheet = _sheet(informe_excel(small, date(2018, 4, 30)))
    row = _row_starting(sheet, "Subtotal Información")
    assert row[0] == "Subtotal Información · 2 de 3 actividades evaluadas; 1 cumplida al 100 %"
    assert row[6] == pytest.approx(0.625)
    assert row[7] == "Media (amarillo)"
    row = _row_starting(sheet, "Subtotal Diálogo")
    assert row[0] == "Subtotal Diálogo · 1 de 3 actividades evaluadas; 0 cumplidas al 100 %"
    assert row[6] == pytest.approx(0.20) and row[7] == "Baja (rojo)"
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[6] == pytest.approx(0.483) and total[7] == "Baja (rojo)"  # 48,33 shown as 48,3 %


def test_subtotals_and_total_at_august(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    info = _row_starting(sheet, "Subtotal Información")
    assert (info[0], info[6], info[7]) == (
        "Subtotal Información · 3 de 3 actividades evaluadas; 1 cumplida al 100 %; 2 vencidas sin cumplir",
        pytest.approx(0.70), "Media (amarillo)")
    dialogo = _row_starting(sheet, "Subtotal Diálogo")
    assert (dialogo[0], dialogo[6], dialogo[7]) == (
        "Subtotal Diálogo · 2 de 3 actividades evaluadas; 0 cumplidas al 100 %", pytest.approx(0.40), "Baja (rojo)")
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[0].endswith("8 de 6 actividades evaluadas") is False
    assert total[0] == ("TOTAL DEL COMPONENTE 3 · RENDICIÓN DE CUENTAS · 5 de 6 actividades evaluadas; 1 cumplida al "
                        "100 %; 2 vencidas sin cumplir")
    assert total[6] == pytest.approx(0.588) and total[7] == "Baja (rojo)"  # 58,75 rounded half up
    zones = _table_rows(sheet, 7)
    assert zones["1.2"] == "Media (amarillo)"
    assert zones["2.1"] == "Media (amarillo)"  # 60 %
    assert zones["2.3"] == "Baja (rojo)"  # never reported: 0 %
    assert zones["2.2"] == "No evaluada en este corte: sin fecha programada: se evalúa en el corte final"
    vencen = replace(small, parametros=replace(small.parametros, actividades_evaluadas="las que vencen hasta el corte"))
    zones = _table_rows(_sheet(informe_excel(vencen, date(2018, 8, 31))), 7)
    assert zones["2.1"] == "No evaluada en este corte: su cronograma termina después del corte"


def test_subtotals_and_total_at_december_in_both_formats(small):
    corte = date(2018, 12, 31)
    sheet = _sheet(informe_excel(small, corte))
    dialogo = _row_starting(sheet, "Subtotal Diálogo")
    assert dialogo[0] == ("Subtotal Diálogo · 3 de 3 actividades evaluadas; 1 cumplida al 100 %; 1 vencida sin "
                          "cumplir")
    assert dialogo[6] == pytest.approx(0.70)
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[0].endswith("6 de 6 actividades evaluadas; 2 cumplidas al 100 %; 3 vencidas sin cumplir")
    assert total[6] == pytest.approx(0.70) and total[7] == "Media (amarillo)"
    text = _text(informe_html(small, corte))
    assert "1 cumplidas" not in text
    assert ("Subtotal Diálogo · 3 de 3 actividades evaluadas; 1 cumplida al 100 %; 1 vencida sin cumplir 70 % "
            "Media (amarillo)") in text
    assert ("Total del componente 3 · Rendición de cuentas · 6 de 6 actividades evaluadas; 2 cumplidas al 100 %; 3 "
            "vencidas sin cumplir 70 % Media (amarillo)") in text
    assert "Avance del plan: 70 % Media (amarillo) · regla «programadas a la fecha»" in text
    assert "ponderado por el peso" in text  # the pesos differ


def test_subtotals_are_rows_of_their_own_below_their_activities(small):
    rows = _rows(_sheet(informe_excel(small, date(2018, 8, 31))))
    firsts = [r[0] for r in rows]
    start = firsts.index("Subcomponente: Información")
    assert firsts[start + 1:start + 5] == ["1.1", "1.2", "1.3", firsts[start + 4]]
    assert firsts[start + 4].startswith("Subtotal Información")
    assert firsts[start + 5] == "Subcomponente: Diálogo"
    subtotal = rows[start + 4]
    assert subtotal[4] is None  # nothing under «Fecha programada»: the text spans the row's first columns


def test_table_columns_and_schedule_as_written(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    rows = _rows(sheet)
    header = next(r for r in rows if r[0] == "No.")
    assert list(header) == ["No.", "Actividad", "Meta o producto", "Responsable", "Fecha programada",
                            "Actividades cumplidas", "% de avance", "Zona", "Observaciones de Control Interno"]
    by_id = _table_rows(sheet)
    assert {i: r[4] for i, r in by_id.items()} == {
        "1.1": "Enero a marzo", "1.2": "Febrero a abril", "1.3": "Mayo y junio", "2.1": "Enero a diciembre",
        "2.2": "Sin fecha programada", "2.3": "Julio y agosto"}
    assert by_id["1.2"][1:4] == ["Realizar la tarea 1.2", "Meta 1.2", "Secretaría de Planeación"]
    assert by_id["1.2"][5] == "Evidencia 1.2"  # what was done, never a status
    assert by_id["2.3"][5] is None  # no report: blank, not «Sin reporte al corte»
    assert by_id["1.2"][6] == pytest.approx(0.70)
    page = _text(informe_html(small, date(2018, 8, 31)))
    assert ("No. Actividad Meta o producto Responsable Fecha programada Actividades cumplidas % de avance Zona "
            "Observaciones de Control Interno") in page
    assert "1.2 Realizar la tarea 1.2 Meta 1.2 Secretaría de Planeación Febrero a abril Evidencia 1.2 70 %" in page


def test_months_in_words():
    params = Parametros(vigencia=2018, mes_inicio=date(2018, 1, 1), meses=13)
    assert informe.meses_texto([3, 6, 9, 11], params) == "Marzo, junio, septiembre y noviembre"
    assert informe.meses_texto(list(range(1, 14)), params) == "Enero de 2018 a enero de 2019"
    assert informe.meses_texto([13], params) == "Enero de 2019"
    assert informe.meses_texto([1, 2, 3, 4, 9], params) == "Enero a abril y septiembre"
    assert informe.meses_texto([], params) == "Sin fecha programada"
    # Dated intervals (schedules read from «Fecha programada»): whole months by name, others as dates.
    assert informe.cronograma_texto([(date(2018, 3, 15), date(2018, 4, 30)), (date(2018, 6, 1), date(2018, 6, 30))],
                                    2018) == "Junio y 15/03/2018 a 30/04/2018"
    assert informe.cronograma_texto([(date(2018, 1, 1), date(2018, 12, 31))], 2018) == "Enero a diciembre"
    assert informe.cronograma_texto([(date(2018, 11, 29), date(2018, 11, 29))], 2018) == "29/11/2018"


def test_fecha_programada_as_written_wins_over_the_months(small):
    actividades = small.actividades.assign(fecha_programada=["Primer trimestre", "", None, "Todo el año", "", ""])
    report = informe.build(replace(small, actividades=actividades), date(2018, 8, 31))
    fechas = {f.id: f.fecha_programada for g in report.grupos for f in g.filas}
    assert fechas["1.1"] == "Primer trimestre" and fechas["2.1"] == "Todo el año"
    assert fechas["1.2"] == "Febrero a abril" and fechas["1.3"] == "Mayo y junio"


def test_example_data_and_reconstructed_schedule_are_said_on_top(plan):
    """The shipped plan's Parámetros mark the follow-up as example data and the schedule as reconstructed."""
    corte = date(2018, 8, 31)
    sheet = _sheet(informe_excel(plan, corte))
    assert "DATOS DE EJEMPLO" in sheet["A3"].value and "ronograma reconstruido" in sheet["A3"].value
    page = informe_html(plan, corte)
    notice = re.search(r'<p class="aviso" role="note">(.*?)</p>', page).group(1)
    assert "DATOS DE EJEMPLO" in notice and "ronograma reconstruido" in notice
    assert page.index('class="aviso"') < page.index("<table")


def test_no_notice_when_parametros_do_not_ask_for_it(small):
    assert not small.parametros.aviso
    assert _sheet(informe_excel(small, date(2018, 8, 31)))["A3"].value is None
    assert 'class="aviso"' not in informe_html(small, date(2018, 8, 31))


# --------------------------------------------------------------------------- closing


def test_closing_prints_blank_lines_when_empty(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    rows = _rows(sheet)
    labels = [r[0] for r in rows]
    for label in ("Conclusiones", "Recomendaciones", "Elaboró", "Firma", "Nombre", "Cargo"):
        assert label in labels
    start = labels.index("Conclusiones") + 1
    underlined = [sheet.cell(start + i + 1, 1).border.bottom.style for i in range(3)]
    assert underlined == ["thin"] * 3 and rows[start][0] is None
    page = informe_html(small, date(2018, 8, 31))
    assert page.count('class="linea"') == 3 + 3 + 1 + 2  # conclusions, recommendations, signature, name, cargo


def test_closing_from_parametros(tmp_path):
    path = follow_up_workbook(tmp_path / "cierre.xlsx", parametros=[
        ["Conclusiones", "El plan avanza.\nFaltan dos foros."], ["Recomendaciones", "Programar los foros."],
        ["Elaboró (nombre)", "Ana Pérez"], ["Elaboró (cargo)", "Jefe de Control Interno"]])
    plan = read_plan(path).plan
    assert plan.parametros.conclusiones == "El plan avanza.\nFaltan dos foros."
    assert (plan.parametros.elaboro_nombre, plan.parametros.elaboro_cargo) == ("Ana Pérez", "Jefe de Control Interno")
    rows = _rows(_sheet(informe_excel(plan, date(2018, 8, 31))))
    flat = [v for row in rows for v in row if v is not None]
    for text in ("El plan avanza.\nFaltan dos foros.", "Programar los foros.", "Ana Pérez", "Jefe de Control Interno"):
        assert text in flat
    page = informe_html(plan, date(2018, 8, 31))
    assert "El plan avanza.\nFaltan dos foros." in page and "Ana Pérez" in page
    assert page.count('class="linea"') == 1  # only the signature line


@pytest.mark.parametrize("closing", [
    {"conclusiones": "Primera línea.\nSegunda línea.", "recomendaciones": "Publicar a tiempo.",
     "elaboro_nombre": "Ana Pérez", "elaboro_cargo": "Jefe de Control Interno"},
    {"conclusiones": "", "recomendaciones": "", "elaboro_nombre": "", "elaboro_cargo": ""},
])
def test_closing_round_trips_through_the_parametros_sheet(small, tmp_path, closing):
    """The workbook the app writes keeps the closing; empty fields are not read from their description."""
    from rendicion.outputs.plan_workbook import write_plan

    plan = replace(small, parametros=replace(small.parametros, **closing))
    path = tmp_path / "ida_y_vuelta.xlsx"
    write_plan(plan, path)
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert {name: getattr(loaded.plan.parametros, name) for name in closing} == closing


def test_closing_labels_as_people_write_them(tmp_path):
    path = follow_up_workbook(tmp_path / "cierre.xlsx", parametros=[
        ["Elaborado por", "Luis Gómez"], ["Cargo", "Asesor de Control Interno"], ["Conclusión", "Una sola."]])
    params = read_plan(path).plan.parametros
    assert (params.elaboro_nombre, params.elaboro_cargo, params.conclusiones) == (
        "Luis Gómez", "Asesor de Control Interno", "Una sola.")


def test_closing_typed_in_the_form_overrides_parametros(small):
    cierre = Cierre("Conclusión escrita", "", "Luis Gómez", "Jefe de la Oficina de Control Interno")
    page = informe_html(small, date(2018, 8, 31), cierre=cierre)
    assert "Conclusión escrita" in page and "Luis Gómez" in page
    assert page.count('class="linea"') == 3 + 1  # recommendations and the signature


# --------------------------------------------------------------------------- the HTML is fit for the website


def test_html_is_one_offline_file_without_scripts(small):
    page = informe_html(small, date(2018, 8, 31))
    assert len(page.encode("utf-8")) < 500_000
    assert "<script" not in page and "plotly" not in page.lower()
    assert "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<svg" in page and 'role="img"' in page
    assert '<html lang="es">' in page and 'name="viewport"' in page
    assert "@page { size: letter landscape" in page and "break-inside: avoid" in page
    assert "@media (max-width: 640px)" in page


def test_workbook_texts_are_inert_in_the_html(tmp_path):
    hostile = {"1.1": "<script>alert(1)</script>", "1.2": '<img src=x onerror="alert(2)">',
               "2.1": "**negrita** [enlace](javascript:alert(3)) <b>b</b>",
               "ci 1.2": "Nota <iframe src=//example.com>", "evidencia 2.1": "<a href='//x'>x</a>"}
    plan = read_plan(follow_up_workbook(tmp_path / "hostil.xlsx", texts=hostile)).plan
    cierre = Cierre("<script>alert(4)</script>", "# Título\n- lista", '<img src=y onerror=alert(5)>', "&amp;")
    page = informe_html(plan, date(2018, 12, 31), cierre=cierre)
    assert "<script" not in page and "<img" not in page and "<iframe" not in page and "<b>" not in page
    assert "<a " not in page and "<strong>negrita" not in page and "<em" not in page and "<h1>Título" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page
    assert "**negrita** [enlace](javascript:alert(3)) &lt;b&gt;b&lt;/b&gt;" in page
    assert "# Título\n- lista" in page and "&amp;amp;" in page
    text = _text(page)
    for value in [*hostile.values(), "<script>alert(4)</script>", "<img src=y onerror=alert(5)>"]:
        assert value in text


def test_workbook_texts_are_text_in_the_excel(tmp_path):
    hostile = {"1.1": '=HYPERLINK("http://example.com","x")', "1.2": "@SUM(1)", "ci 1.2": "+1",
               "evidencia 2.1": "-1+1"}
    plan = read_plan(follow_up_workbook(tmp_path / "hostil.xlsx", texts=hostile)).plan
    cierre = Cierre("=1+1", "", "@A1", "")
    book = openpyxl.load_workbook(io.BytesIO(informe_excel(plan, date(2018, 12, 31), cierre=cierre)))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    strings = {c.value for c in cells if c.data_type == "s"}
    for value in [*hostile.values(), "=1+1", "@A1"]:
        assert value in strings


def test_excel_prints_on_letter_landscape_one_page_wide(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_LETTER)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "No.")
    assert sheet.print_title_rows == f"${header}:${header}"


def test_report_of_a_filtered_view_keeps_only_its_activities(small):
    from rendicion.followup import engine
    from rendicion.followup.view import Filters, View

    corte = date(2018, 12, 31)
    view = View(small, engine.evaluate(small, corte), engine.membership(small),
                Filters(corte=corte, subcomponentes=("Diálogo",)))
    report = informe.build(small, corte, view)
    assert [g.subtotal.nombre for g in report.grupos] == ["Diálogo"]
    assert report.total.avance == pytest.approx(70.0)
    assert report.encabezado.filtros == "Subcomponentes: Diálogo"
    with pytest.raises(ValueError):
        informe.build(small, date(2018, 8, 31), view)


# --------------------------------------------------------------------------- CLI


def test_cli_report_takes_the_closing_as_options(tmp_path, capsys):
    source = follow_up_workbook(tmp_path / "plan.xlsx", parametros=[["Conclusiones", "De la hoja"]])
    out = tmp_path / "informe.html"
    code = cli.main(["report", str(source), "--corte", "2018-08-31", "--out", str(out),
                     "--recomendaciones", "Desde la línea de comandos", "--elaboro-nombre", "Ana Pérez",
                     "--elaboro-cargo", "Jefe de Control Interno"])
    assert code == cli.EXIT_OK, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    for text in ("De la hoja", "Desde la línea de comandos", "Ana Pérez", "Jefe de Control Interno", "14/09/2018"):
        assert text in page
    xlsx = tmp_path / "informe.xlsx"
    assert cli.main(["report", str(source), "--corte", "2018-04-30", "--out", str(xlsx), "--conclusiones", ""]) == 0
    fields = _labelled(_sheet(xlsx.read_bytes()))
    assert fields["Fecha límite de publicación"] == "16/05/2018"
    assert "De la hoja" not in [v for row in _rows(_sheet(xlsx.read_bytes())) for v in row]


# --------------------------------------------------------------------------- PDF for review (LibreOffice)


def test_excel_report_converts_to_letter_pdf_for_review(small, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice no está instalado (bash scripts/test.sh lo instala): no se genera el PDF del informe."
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    reports = ROOT / "artifacts" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    source = reports / "informe_seguimiento.xlsx"
    source.write_bytes(informe_excel(small, date(2018, 8, 31), fecha_elaboracion=ELABORACION))
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(reports), str(source)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = (reports / "informe_seguimiento.pdf").read_bytes()
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+792(\.\d+)?\s+612", pdf)


def test_version_comparisons_name_the_closing_fields_in_spanish(small):
    from dataclasses import fields

    from rendicion.versions.diff import CAMPOS, compare

    assert {item.name for item in fields(Parametros)} <= set(CAMPOS)
    signed = replace(small, parametros=replace(small.parametros, elaboro_nombre="Ana Pérez"))
    rows = compare(small, signed).parametros
    assert list(rows["campo"].map(CAMPOS)) == ["Elaboró (nombre)"]


# --------------------------------------------------------------------------- the three cuts, read back


@pytest.mark.parametrize("corte", list(CUTS))
def test_every_header_field_and_column_at_each_cut_in_both_formats(small, corte):
    fields = ["Entidad", "Vigencia", "Componente", "Seguimiento", "Periodo evaluado", "Fecha de corte",
              "Fecha límite de publicación", "Fecha de publicación", "Fecha de elaboración"]
    columns = informe.COLUMNAS
    assert columns == ["No.", "Actividad", "Meta o producto", "Responsable", "Fecha programada",
                       "Actividades cumplidas", "% de avance", "Zona", "Observaciones de Control Interno"]
    sheet = _sheet(informe_excel(small, corte, fecha_elaboracion=ELABORACION, fecha_publicacion=date(2018, 9, 12)))
    rows = _rows(sheet)
    labelled = _labelled(sheet)
    assert [f for f in fields if f in labelled] == fields
    assert labelled["Fecha de publicación"] == "12/09/2018"
    assert list(next(r for r in rows if r[0] == "No.")) == columns
    assert set(_table_rows(sheet)) == {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3"}
    page = informe_html(small, corte, fecha_elaboracion=ELABORACION)
    dts = re.findall(r"<dt>(.*?)</dt>", page)
    assert [f for f in fields if f in dts] == fields
    assert re.findall(r'<th scope="col">(.*?)</th>', page) == columns
    assert page.count('data-etiqueta="No."') == 6


def test_the_shipped_plan_report_carries_the_default_figures(plan):
    """37,7 % baja (6 evaluated), 53,5 % baja (8), 73 % media (19), beside the rule's name."""
    expected = {date(2018, 4, 30): ("37,7 %", "Baja (rojo)", 6, 1), date(2018, 8, 31): ("53,5 %", "Baja (rojo)", 8, 1),
                date(2018, 12, 31): ("73 %", "Media (amarillo)", 19, 0)}
    for corte, (shown, zona, evaluadas, vencidas) in expected.items():
        report = informe.build(plan, corte, fecha_elaboracion=ELABORACION)
        assert (report.total.zona, report.total.evaluadas, report.total.vencidas_sin_cumplir) == (zona, evaluadas,
                                                                                                  vencidas)
        assert report.cifra.startswith(f"Avance del plan: {shown} · {zona} · regla «programadas a la fecha» · "
                                       f"{evaluadas} de 19 actividades evaluadas")
        text = _text(informe_html(plan, corte, fecha_elaboracion=ELABORACION))
        assert f"Avance del plan: {shown} {zona} · regla «programadas a la fecha»" in text
        # The shipped plan has no peso column: a plain mean, never «ponderado».
        assert "ponderado" not in text
        # The chart names the total as the headline, with the zone's one label.
        assert f"Avance del plan: {shown} · {zona}." in text
    # Control Interno's own observation sits in its column, apart from the office's «Pendiente la retroalimentación».
    rows = _table_rows(_sheet(informe_excel(plan, date(2018, 12, 31), fecha_elaboracion=ELABORACION)))
    assert rows["4.2"][8] == "Se verificó el documento de evaluación del proceso anterior."
    assert rows["4.2"][5] == "Documento de evaluación del proceso anterior"


# --------------------------------------------------------------------------- findings


def findings_workbook(path):
    """One activity for each kind of finding, and one without any.

    V  Enero y febrero, 50 % at 30/04                  -> vencida sin cumplir
    S  no schedule                                      -> sin fecha programada
    N  MES 13 (enero de 2019)                           -> programada después del cierre de la vigencia
    P  Enero a marzo, 100 %, «Pendiente la retroalimentación» (the office's observation)  -> 100 % con pendientes
    Q  Enero a marzo, 100 %, Control Interno: «Falta publicar el acta»                     -> 100 % con pendientes
    K  Enero a abril, 100 %, «Terminada»                -> nothing to say
    """
    months = [f"MES {m}" for m in range(1, 14)]

    def marks(*marked):
        return ["X" if m in marked else None for m in range(1, 14)]

    plan = [["Vigencia: 2018"], ["ID", "SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE", *months],
            ["V", "Información", "Publicar el informe", "Informe", "Secretaría de Planeación", *marks(1, 2)],
            ["S", "Información", "Actualizar la página", "Página", "Secretaría de Planeación", *marks()],
            ["N", "Diálogo", "Realizar la audiencia", "Audiencia", "Secretaría de Gobierno", *marks(13)],
            ["P", "Diálogo", "Evaluar el proceso", "Evaluación", "Secretaría de Gobierno", *marks(1, 2, 3)],
            ["Q", "Diálogo", "Publicar las respuestas", "Respuestas", "Secretaría de Gobierno", *marks(1, 2, 3)],
            ["K", "Diálogo", "Convocar a las veedurías", "Convocatoria", "Secretaría de Gobierno", *marks(1, 2, 3, 4)]]
    follow = [["ID", "FECHA DE CORTE", "% DE AVANCE", "OBSERVACIONES", "OBSERVACIONES DE CONTROL INTERNO"],
              ["V", "30/04/2018", 50, "", ""], ["P", "30/04/2018", 100, "Pendiente la retroalimentación", ""],
              ["Q", "30/04/2018", 100, "", "Falta publicar el acta"], ["K", "30/04/2018", 100, "Terminada", "Bien"]]
    params = [["Parámetro", "Valor"], ["Entidad", "Alcaldía de Prueba"], ["Vigencia", 2018], ["Meses", 13]]
    return build_xlsx(path, {"Plan": plan, "Seguimiento": follow, "Parámetros": params})


def test_each_kind_of_finding_is_in_both_reports(tmp_path):
    loaded = read_plan(findings_workbook(tmp_path / "hallazgos.xlsx"))
    assert loaded.ok, loaded.findings.to_text()
    report = informe.build(loaded.plan, date(2018, 4, 30), fecha_elaboracion=ELABORACION)
    assert [(title, [f.id for f in found]) for title, found in report.hallazgos_por_tipo] == [
        ("Vencidas sin cumplir", ["V"]),
        ("Sin fecha programada", ["S"]),
        ("Programadas después del cierre de la vigencia", ["N"]),
        ("Al 100 % con pendientes en las observaciones", ["P", "Q"]),
    ]
    details = {f.id: f.detalle for f in report.hallazgos}
    assert details["V"] == "Su cronograma terminó el 28/02/2018 y su avance al corte es 50 %."
    assert details["N"].startswith("Está programada del 01/01/2019 al 31/01/2019, después del cierre de la vigencia")
    assert details["P"] == ("Tiene 100 % de avance, pero la observación de la dependencia dice «Pendiente la "
                            "retroalimentación».")
    assert details["Q"] == ("Tiene 100 % de avance, pero la observación de Control Interno dice «Falta publicar el "
                            "acta».")
    rows = _rows(_sheet(informe_excel(loaded.plan, date(2018, 4, 30), fecha_elaboracion=ELABORACION)))
    firsts = [r[0] for r in rows]
    start = firsts.index("Hallazgos")
    assert [f for f in firsts[start:] if isinstance(f, str) and f.endswith(")")][:4] == [
        "Vencidas sin cumplir (1)", "Sin fecha programada (1)", "Programadas después del cierre de la vigencia (1)",
        "Al 100 % con pendientes en las observaciones (2)"]
    flat = [v for row in rows[start:] for v in row if isinstance(v, str)]
    for detail in details.values():
        assert detail in flat
    text = _text(informe_html(loaded.plan, date(2018, 4, 30), fecha_elaboracion=ELABORACION))
    for title in ("Vencidas sin cumplir (1)", "Sin fecha programada (1)",
                  "Programadas después del cierre de la vigencia (1)", "Al 100 % con pendientes en las observaciones (2)"):
        assert title in text
    for detail in details.values():
        assert detail in text
    assert "K ·" not in text  # nothing to say about K


def test_a_report_without_findings_says_so(tmp_path):
    loaded = read_plan(findings_workbook(tmp_path / "hallazgos.xlsx"))
    from rendicion.followup import engine
    from rendicion.followup.view import Filters, View

    corte = date(2018, 4, 30)
    plan = loaded.plan
    view = View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte=corte))
    view.actividades = view.actividades[view.actividades["id"] == "K"]
    report = informe.build(plan, corte, view, fecha_elaboracion=ELABORACION)
    assert report.hallazgos == []
    assert "Sin hallazgos sobre los datos del plan." in _text(informe_html(plan, corte, view))


# --------------------------------------------------------------------------- Control Interno's verified %


def verified_workbook(path):
    """A (Enero a abril): reported 80 %, verified 60 % with Control Interno's observation; B (Enero a diciembre):
    reported 50 %, not verified. At 30/04 both have started: (60 + 50) / 2 = 55 % baja; with the reported
    figures it would have been (80 + 50) / 2 = 65 % media."""
    months = [f"MES {m}" for m in range(1, 13)]
    plan = [["Vigencia: 2018"], ["ID", "SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE", *months],
            ["A", "Información", "Publicar el informe", "Informe", "Secretaría de Planeación",
             *["X" if m <= 4 else None for m in range(1, 13)]],
            ["B", "Información", "Actualizar la página", "Página", "Secretaría de Planeación", *["X"] * 12]]
    follow = [["ID", "FECHA DE CORTE", "% DE AVANCE", "OBSERVACIONES", "% DE AVANCE VERIFICADO",
               "OBSERVACIONES DE CONTROL INTERNO"],
              ["A", "30/04/2018", 0.8, "Publicado en la web", 0.6, "Soportes incompletos: falta el acta"],
              ["B", "30/04/2018", 0.5, "En curso", None, None]]
    params = [["Parámetro", "Valor"], ["Entidad", "Alcaldía de Prueba"], ["Vigencia", 2018], ["Meses", 12]]
    return build_xlsx(path, {"Plan": plan, "Seguimiento": follow, "Parámetros": params})


def test_verified_figures_through_the_cli_json_keep_both_percentages(tmp_path):
    import json

    source = verified_workbook(tmp_path / "verificado.xlsx")
    out = tmp_path / "X.json"
    result = subprocess.run([sys.executable, "-m", "rendicion", "report", str(source), "--corte", "2018-04-30",
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["avance"], data["semaforo"], data["zona"]) == (55.0, "rojo", "Baja (rojo)")
    assert (data["evaluadas"], data["total_actividades"], data["verificadas"]) == (2, 2, 1)
    a, b = data["actividades"]
    assert (a["avance"], a["avance_reportado"], a["avance_verificado"], a["verificado"]) == (60.0, 80.0, 60.0, True)
    assert (a["observaciones"], a["observaciones_ci"]) == ("Publicado en la web", "Soportes incompletos: falta el acta")
    assert (b["avance"], b["avance_reportado"], b["avance_verificado"], b["verificado"]) == (50.0, 50.0, None, False)
    assert (a["semaforo"], b["semaforo"]) == ("amarillo", "rojo")  # 60 % is media, 50 % baja


def test_the_reports_say_which_figures_were_verified(tmp_path):
    plan = read_plan(verified_workbook(tmp_path / "verificado.xlsx")).plan
    corte = date(2018, 4, 30)
    report = informe.build(plan, corte, fecha_elaboracion=ELABORACION)
    assert report.total.avance == pytest.approx(55.0)
    assert ("Cifras verificadas por Control Interno: 1 de 2 actividades (A (60 % verificado (reportado: 80 %))). "
            "Las demás son las reportadas por las dependencias.") in " ".join(report.notas)
    sheet = _sheet(informe_excel(plan, corte, fecha_elaboracion=ELABORACION))
    rows = _table_rows(sheet)
    assert rows["A"][6] == pytest.approx(0.6) and rows["A"][8] == "Soportes incompletos: falta el acta"
    assert rows["B"][6] == pytest.approx(0.5) and rows["B"][8] is None
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 7) for r in range(1, sheet.max_row + 1)}
    assert "verificado" in cells["A"].number_format and "verificado" not in cells["B"].number_format
    text = _text(informe_html(plan, corte, fecha_elaboracion=ELABORACION))
    assert "A Publicar el informe Informe Secretaría de Planeación Enero a abril" in text
    assert "60 % verificado (reportado: 80 %) Media (amarillo) Soportes incompletos: falta el acta" in text

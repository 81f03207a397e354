"""Control Interno's follow-up report in the official format (rendicion.outputs.informe, informe_excel, informe_html).

The figures of the small follow-up workbook below are computed by hand in each test.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
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
    follow = [["ID", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES"]]
    for ident, rows in reports.items():
        for fecha, avance in rows:
            follow.append([ident, fecha, avance, "En ejecución", texts.get(f"evidencia {ident}", f"Evidencia {ident}"),
                           texts.get(f"nota {ident}", "")])
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


@pytest.mark.parametrize("corte", list(CUTS))
def test_excel_report_header_at_each_cut(small, corte):
    numero, periodo, limite = CUTS[corte]
    fields = _labelled(_sheet(informe_excel(small, corte, fecha_elaboracion=ELABORACION)))
    assert fields["Entidad"] == "Alcaldía de Prueba"
    assert fields["Vigencia"] == "2018"
    assert fields["Componente"] == "3 · Rendición de cuentas"
    assert fields["Seguimiento"] == f"Seguimiento {numero}"
    assert fields["Periodo evaluado"] == periodo
    assert fields["Fecha de corte"] == f"{corte:%d/%m/%Y}"
    assert fields["Fecha límite de publicación"] == limite
    assert fields["Fecha de elaboración"] == "05/09/2018"


@pytest.mark.parametrize("corte", list(CUTS))
def test_html_report_header_at_each_cut(small, corte):
    numero, periodo, limite = CUTS[corte]
    page = informe_html(small, corte, fecha_elaboracion=ELABORACION)
    fields = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert fields["Entidad"] == "Alcaldía de Prueba"
    assert fields["Componente"] == "3 · Rendición de cuentas"
    assert fields["Seguimiento"] == f"Seguimiento {numero}"
    assert fields["Periodo evaluado"] == periodo
    assert fields["Fecha de corte"] == f"{corte:%d/%m/%Y}"
    assert fields["Fecha límite de publicación"] == limite


def test_a_cut_that_is_not_a_paac_cut_is_labelled_a_partial_cut_of_its_period(small):
    fields = _labelled(_sheet(informe_excel(small, date(2018, 6, 15))))
    assert fields["Seguimiento"] == "Seguimiento 2 (corte parcial del 15/06/2018)"
    assert fields["Periodo evaluado"] == ("01/05/2018 – 15/06/2018 "
                                          "(periodo del seguimiento: 01/05/2018 – 31/08/2018)")
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
    assert fields["Periodo evaluado"] == "01/09/2018 – 31/12/2018"
    assert fields["Fecha límite de publicación"].startswith("16/01/2019")


# --------------------------------------------------------------------------- subtotals and total, by hand


def test_subtotals_and_total_at_april(small):
    sheet = _sheet(informe_excel(small, date(2018, 4, 30)))
    # Evaluated: 1.1 (100, peso 1) and 1.2 (50, peso 3): (100 + 150) / 4 = 62.5 → media.
    row = _row_starting(sheet, "Subtotal Información")
    assert row[2] == "2 de 3 actividades evaluadas; 1 cumplida al 100 %"
    assert row[4] == pytest.approx(0.625)
    assert row[5] == "Media (amarillo)"
    row = _row_starting(sheet, "Subtotal Diálogo")
    assert row[2].startswith("0 de 3") and row[4] is None and row[5] == "Sin actividades evaluadas"
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[4] == pytest.approx(0.625) and total[5] == "Media (amarillo)"


def test_subtotals_and_total_at_august(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    # Información: (100·1 + 70·3 + 40·1) / 5 = 70 → media. Diálogo: only 2.3 ends by 31/08, never
    # reported: 0 → baja; 2.1 ends in December and 2.2 has no schedule. Total: 350 / 6 = 58.33 → baja.
    info = _row_starting(sheet, "Subtotal Información")
    assert (info[2], info[4], info[5]) == ("3 de 3 actividades evaluadas; 1 cumplida al 100 %", pytest.approx(0.70),
                                           "Media (amarillo)")
    dialogo = _row_starting(sheet, "Subtotal Diálogo")
    assert (dialogo[2], dialogo[4], dialogo[5]) == ("1 de 3 actividades evaluadas; 0 cumplidas al 100 %", 0,
                                                    "Baja (rojo)")
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[2] == "4 de 6 actividades evaluadas; 1 cumplida al 100 %"
    assert total[4] == pytest.approx(350 / 6 / 100) and total[5] == "Baja (rojo)"
    zones = {row[1]: row[5] for row in _rows(sheet)
             if isinstance(row[1], str) and row[1].startswith("Realizar la tarea ")}
    assert zones["Realizar la tarea 1.2"] == "Media (amarillo)"
    assert zones["Realizar la tarea 2.1"] == "No se evalúa en este corte (vence después del corte)"
    assert zones["Realizar la tarea 2.2"].startswith("No se evalúa en este corte (sin fecha programada")


def test_subtotals_and_total_at_december_in_both_formats(small):
    corte = date(2018, 12, 31)
    sheet = _sheet(informe_excel(small, corte))
    # Everything is evaluated. Diálogo: (90·2 + 100·1 + 0·1) / 4 = 70. Total: (350 + 280) / 9 = 70.
    dialogo = _row_starting(sheet, "Subtotal Diálogo")
    assert dialogo[2] == "3 de 3 actividades evaluadas; 1 cumplida al 100 %"
    assert dialogo[4] == pytest.approx(0.70)
    total = _row_starting(sheet, "TOTAL DEL COMPONENTE")
    assert total[2] == "6 de 6 actividades evaluadas; 2 cumplidas al 100 %"
    assert total[4] == pytest.approx(0.70) and total[5] == "Media (amarillo)"
    text = _text(informe_html(small, corte))
    assert "Subtotal Diálogo 3 de 3 actividades evaluadas; 2 cumplidas" not in text
    assert "Subtotal Diálogo 3 de 3 actividades evaluadas; 1 cumplida al 100 % 70 % Media (amarillo)" in text
    assert ("Total del componente 3 · Rendición de cuentas 6 de 6 actividades evaluadas; 2 cumplidas al 100 % 70 % "
            "Media (amarillo)") in text


def test_table_columns_and_schedule_as_written(small):
    sheet = _sheet(informe_excel(small, date(2018, 8, 31)))
    rows = _rows(sheet)
    header = next(r for r in rows if r[0] == "Subcomponente")
    assert list(header) == ["Subcomponente", "Actividades programadas", "Fecha programada", "Actividades cumplidas",
                            "% de avance", "Zona", "Observaciones"]
    fechas = {r[1]: r[2] for r in rows if isinstance(r[1], str) and r[1].startswith("Realizar la tarea ")}
    assert fechas == {"Realizar la tarea 1.1": "Enero a marzo", "Realizar la tarea 1.2": "Febrero a abril",
                      "Realizar la tarea 1.3": "Mayo y junio", "Realizar la tarea 2.1": "Enero a diciembre",
                      "Realizar la tarea 2.2": "Sin fecha programada", "Realizar la tarea 2.3": "Julio y agosto"}


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
               "nota 1.2": "Nota <iframe src=//example.com>", "evidencia 2.1": "<a href='//x'>x</a>"}
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
    hostile = {"1.1": '=HYPERLINK("http://example.com","x")', "1.2": "@SUM(1)", "nota 1.2": "+1",
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
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Subcomponente")
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

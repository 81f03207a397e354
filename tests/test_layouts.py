"""Layouts taken from published PAACs read right, and what the reading decided is said.

Each workbook is built small in tmp_path with openpyxl, in the shape of the published table:
a whole PAAC on one sheet with a «Componente» column, a workbook of another component only,
«Fecha programada» merged over «Inicio» / «Fin», a Control Interno follow-up whose title says
the cut, and a plan with no cronograma.
"""

from __future__ import annotations

from datetime import date, datetime

from rendicion.reading.loader import read_plan
from tests.builders import build_xlsx

HEADER = ["COMPONENTE", "SUBCOMPONENTE", "ID", "ACTIVIDADES", "META", "RESPONSABLE", "FECHA PROGRAMADA"]


def _whole_paac() -> list[list]:
    """Components merged over their rows, IDs restarting at 1.1 in each component."""
    return [
        ["PLAN ANTICORRUPCIÓN Y DE ATENCIÓN AL CIUDADANO – VIGENCIA 2019"],
        HEADER,
        ["Componente 1: Gestión del riesgo de corrupción", "Política", "1.1", "Actualizar la política de riesgos",
         "Política", "Planeación", "Marzo de 2019"],
        [None, "Mapa", "1.2", "Publicar el mapa de riesgos", "Mapa", "Planeación", "Enero de 2019"],
        ["Componente 2: Racionalización de trámites", "Trámites", "1.1", "Racionalizar dos trámites", "Trámites",
         "Sistemas", "Junio de 2019"],
        ["Componente 3: Rendición de cuentas", "Información", "1.1", "Publicar el informe de gestión", "Informe",
         "Planeación", "Abril de 2019"],
        [None, "Diálogo", "2.1", "Realizar la audiencia pública", "Audiencia", "Planeación", "Noviembre de 2019"],
        ["Componente 4: Atención al ciudadano", "Servicio", "1.1", "Medir la satisfacción", "Encuesta", "Atención",
         "Diciembre de 2019"],
    ]


def test_a_whole_paac_on_one_sheet_keeps_component_3_and_names_the_others(tmp_path):
    path = build_xlsx(tmp_path / "paac.xlsx", {"PAAC 2019": _whole_paac()}, merges={"PAAC 2019": ["A3:A4", "A6:A7"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.actividades[["id", "actividad"]].values.tolist() == [
        ["1.1", "Publicar el informe de gestión"], ["2.1", "Realizar la audiencia pública"]]
    [said] = [w.message for w in loaded.findings.warnings if "columna «Componente»" in w.message]
    assert "se leyeron las filas del componente 3, Rendición de cuentas" in said
    assert "1, Gestión del riesgo de corrupción (filas 3 a 4)" in said
    assert "2, Racionalización de trámites (fila 5)" in said
    assert "4, Mecanismos para mejorar la atención al ciudadano (fila 8)" in said
    assert not any("no se usa" in w.message for w in loaded.findings.warnings)


def test_a_componente_column_of_component_3_alone_reads_as_before(tmp_path):
    rows = [_whole_paac()[0], HEADER, *_whole_paac()[5:7]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.actividades["id"].tolist() == ["1.1", "2.1"]
    assert not any("Componente" in w.message for w in loaded.findings.warnings)


def test_a_table_of_another_component_only_is_refused_naming_it(tmp_path):
    rows = [_whole_paac()[0], HEADER, *_whole_paac()[2:4]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"PAAC 2019": rows}))
    [error] = loaded.findings.errors
    assert "tiene el componente 1, Gestión del riesgo de corrupción" in error.message
    assert "sigue el componente 3, Rendición de cuentas" in error.message


def test_a_component_1_follow_up_is_refused_for_its_component_not_a_missing_header(tmp_path):
    rows = [["Componente 1: Gestión del riesgo de corrupción – Mapa de riesgos"],
            ["Seguimiento con corte a 30 de abril de 2019"],
            ["Riesgo", "Causa", "Actividades", "% de avance", "Observaciones"],
            ["Uso indebido de información", "Falta de controles", "Revisar permisos", "50 %", ""]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Seguimiento": rows}))
    [error] = loaded.findings.errors
    assert "tiene el componente 1, Gestión del riesgo de corrupción" in error.message
    assert "Falta la columna" not in loaded.findings.to_text()


def test_fecha_programada_merged_over_inicio_and_fin_is_an_interval(tmp_path):
    rows = [["VIGENCIA 2019"],
            ["SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE", "FECHA PROGRAMADA", None],
            [None, None, None, None, "Inicio", "Fin"],
            ["Diálogo", "Realizar la audiencia pública", "Audiencia", "Planeación", datetime(2019, 2, 1),
             datetime(2019, 6, 30)],
            ["", "Publicar las respuestas", "Respuestas", "Planeación", "01/03/2019", "Diciembre 2019"]]
    path = build_xlsx(tmp_path / "p.xlsx", {"Plan": rows},
                      merges={"Plan": ["E2:F2", "A2:A3", "B2:B3", "C2:C3", "D2:D3"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.cronograma[["actividad_id", "inicio", "fin"]].values.tolist() == [
        ["1.1", date(2019, 2, 1), date(2019, 6, 30)], ["1.2", date(2019, 3, 1), date(2019, 12, 31)]]
    assert not any("no coinciden" in w.message for w in loaded.findings.warnings)


def _control_interno(title: str) -> list[list]:
    return [["ALCALDÍA DE PRUEBA"], [title],
            ["Subcomponente", "Actividades", "Meta o producto", "Responsable", "Fecha programada",
             "% cumplimiento", "Observaciones"],
            ["Información", "Publicar estados financieros", "4 publicaciones", "Financiera", "Trimestral", "50%",
             "Publicados 2 de 4"],
            ["Diálogo", "Realizar la audiencia pública", "Audiencia", "Planeación", "Noviembre de 2019", "100%", ""]]


def test_a_follow_up_title_that_says_a_month_gives_its_last_day_as_the_cut(tmp_path):
    title = "Seguimiento al Plan Anticorrupción por la Oficina de Control Interno a diciembre 2019"
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Hoja1": _control_interno(title)}))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.parametros.vigencia == 2019
    assert loaded.plan.seguimiento[["actividad_id", "fecha_corte", "avance"]].values.tolist() == [
        ["1.1", date(2019, 12, 31), 50.0], ["2.1", date(2019, 12, 31), 100.0]]
    assert any("se tomó su último día, 31/12/2019" in w.message for w in loaded.findings.warnings)


def test_a_follow_up_title_with_corte_a_a_day_gives_that_day_in_the_vigencia(tmp_path):
    rows = _control_interno("Seguimiento con corte a 31 de agosto")
    rows.insert(1, ["Vigencia 2019"])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Hoja1": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert set(loaded.plan.seguimiento["fecha_corte"]) == {date(2019, 8, 31)}


def test_no_cronograma_warning_where_there_is_no_cronograma(tmp_path):
    """A progress column titled by its cut month («Diciembre 2019») is not a month of a cronograma."""
    rows = [["Seguimiento con corte a 31 de diciembre de 2019"],
            ["Subcomponente", "Actividades", "Responsable", "Fecha programada", "Diciembre 2019"],
            ["Información", "Publicar estados financieros", "Financiera", "Marzo de 2019", 0.5],
            ["Diálogo", "Realizar la audiencia pública", "Planeación", "Noviembre de 2019", 1]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Hoja1": rows}))
    assert loaded.ok, loaded.findings.to_text()
    text = loaded.findings.to_text()
    assert "cronograma" not in text.replace("No se encontró el cronograma", "")
    assert loaded.plan.cronograma[["actividad_id", "inicio", "fin"]].values.tolist() == [
        ["1.1", date(2019, 3, 1), date(2019, 3, 31)], ["2.1", date(2019, 11, 1), date(2019, 11, 30)]]
    assert any("«Diciembre 2019» no se usa" in w.message for w in loaded.findings.warnings)


def test_a_componente_column_that_names_no_component_is_still_named_unused(tmp_path):
    rows = [["Vigencia 2019"], HEADER,
            ["Estrategia de comunicaciones", "Información", "1.1", "Publicar el informe de gestión", "Informe",
             "Planeación", "Abril de 2019"]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert any("La columna «COMPONENTE» no se usa" in w.message for w in loaded.findings.warnings)

"""The layouts entities publish (issue 9, items 4–9): each read with no text lost and every % at its cut.

Every workbook is built in tmp_path in the shape of a published table: the PAAC layout with
«Actividades» merged over the number and the text, Control Interno's follow-ups (period in the
«Vigencia:» line, «% cumplimiento» after «Fecha programada», «Seguimiento n OCI» groups side by
side, one sheet per cut) and a whole PAAC workbook. The last tests use variants the reader was
not written for (other wording, order, blank rows, extra columns).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from rendicion.cli import main
from rendicion.reading.loader import read_plan
from tests.builders import build_xlsx

PAAC_HEADER = ["Subcomponente", "Actividades", None, "Meta o producto", "Responsable", "Fecha programada"]
PAAC_ROWS = [
    ["Subcomponente 1 Información de calidad y en lenguaje comprensible", 1.1,
     "Publicar el informe de gestión en la página web", "Informe publicado", "Secretaría de Planeación", "30/04/2018"],
    [None, 1.2, "Elaborar boletines de prensa sobre la gestión", "12 boletines",
     "Dirección de Comunicaciones\nSecretaría de Planeación", "Enero a diciembre"],
    ["Subcomponente 2 Diálogo de doble vía con la ciudadanía", 2.1,
     "Realizar la audiencia pública de rendición de cuentas", "Una audiencia",
     "Secretaría de Planeación; Secretaría de Gobierno", "Diciembre"],
]


def _activities(plan) -> dict[str, str]:
    return dict(zip(plan.actividades["id"], plan.actividades["actividad"]))


def _reports(plan) -> set[tuple[str, date, float]]:
    return {(i, f, a) for i, f, a in zip(plan.seguimiento["actividad_id"], plan.seguimiento["fecha_corte"],
                                         plan.seguimiento["avance"])}


def _messages(loaded, severity: str = "warning") -> list[str]:
    return [issue.message for issue in getattr(loaded.findings, severity + "s")]


def test_number_and_text_under_one_merged_actividades(tmp_path):
    path = build_xlsx(tmp_path / "paac.xlsx", {"Rendición de cuentas": [
        ["Entidad: Alcaldía de San Roque"], ["Vigencia: 2018"], ["Componente 3: Rendición de cuentas"],
        PAAC_HEADER, *PAAC_ROWS,
    ]}, merges={"Rendición de cuentas": ["B4:C4"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert _activities(plan) == {
        "1.1": "Publicar el informe de gestión en la página web",
        "1.2": "Elaborar boletines de prensa sobre la gestión",
        "2.1": "Realizar la audiencia pública de rendición de cuentas",
    }
    assert plan.parametros.entidad == "Alcaldía de San Roque" and plan.parametros.vigencia == 2018
    offices = plan.responsables.groupby("actividad_id")["dependencia"].apply(list).to_dict()
    assert offices["1.2"] == ["Dirección de Comunicaciones", "Secretaría de Planeación"]  # a line break separates
    assert offices["2.1"] == ["Secretaría de Planeación", "Secretaría de Gobierno"]  # and so does «;»
    assert not any("Actividades" in m and "no se usa" in m for m in _messages(loaded))


def test_number_and_text_under_actividades_without_merge_info(tmp_path):
    """The same table saved by a tool that drops merged ranges: the blank header beside «Actividades»."""
    path = build_xlsx(tmp_path / "paac.xlsx", {"Plan": [["Vigencia 2018"], PAAC_HEADER, *PAAC_ROWS]})
    plan = read_plan(path).plan
    assert _activities(plan)["2.1"] == "Realizar la audiencia pública de rendición de cuentas"


def test_leading_number_in_the_text_becomes_the_id_and_says_so(tmp_path):
    rows = [["Subcomponente", "Actividad", "Responsable"],
            ["Información", "1.1 Actualizar la sección de transparencia", "Oficina TIC"],
            [None, "1.2. Publicar el plan de acción", "Secretaría de Planeación"],
            ["Diálogo", "2.1 Realizar 3 mesas de trabajo con veedurías", "Secretaría de Gobierno"]]
    loaded = read_plan(build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert _activities(loaded.plan) == {"1.1": "Actualizar la sección de transparencia",
                                        "1.2": "Publicar el plan de acción",
                                        "2.1": "Realizar 3 mesas de trabajo con veedurías"}
    said = [i for i in loaded.findings.warnings if "se usa como su ID" in i.message]
    assert [(i.row, i.column) for i in said] == [(2, "B"), (3, "B"), (4, "B")]
    assert "se puede usar, con" in loaded.findings.verdict()


def test_activity_that_is_only_a_number_is_an_error_at_its_cell(tmp_path):
    rows = [["ID", "Subcomponente", "Actividad", "Responsable"],
            ["1.1", "Información", "Publicar el informe", "Planeación"],
            ["1.2", "Información", 1.2, "Planeación"]]
    loaded = read_plan(build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert not loaded.ok
    [error] = loaded.findings.errors
    assert (error.sheet, error.row, error.column) == ("Plan", 3, "C") and "solo un número" in error.message


def test_follow_up_with_percent_de_avance_and_the_period_in_the_vigencia_line(tmp_path):
    """A 2021 Control Interno follow-up: the cut is the end of the period in the «Vigencia:» line."""
    path = build_xlsx(tmp_path / "seguimiento.xlsx", {"Seguimiento PAAC": [
        ["Entidad: Unidad Administrativa Especial de Salud"],
        ["Vigencia: Periodo del 01 de enero al 30 de abril de 2021"],
        ["Componente 3: Rendición de cuentas"],
        [],
        ["Subcomponente", "Actividades programadas", "Responsable", "Actividades cumplidas", "% de Avance",
         "Observaciones"],
        ["Información", "Publicar el informe de gestión 2020", "Planeación", "Informe publicado el 15/03/2021",
         1, "Cumplida"],
        [None, "Actualizar el micrositio de rendición de cuentas", "Comunicaciones", "Se actualizó la sección",
         0.5, "Falta la sección de datos abiertos"],
        ["Diálogo", "Audiencia pública", "Gerencia", None, 0, "Programada para diciembre"],
    ]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert plan.parametros.vigencia == 2021 and plan.parametros.entidad == "Unidad Administrativa Especial de Salud"
    assert _reports(plan) == {("1.1", date(2021, 4, 30), 100.0), ("1.2", date(2021, 4, 30), 50.0),
                              ("2.1", date(2021, 4, 30), 0.0)}
    texts = plan.seguimiento.set_index("actividad_id")
    assert texts.loc["1.1", "actividades_cumplidas"] == "Informe publicado el 15/03/2021"
    # Control Interno's published layout: its % and its «Observaciones» are Control Interno's own.
    assert texts.loc["1.2", "observaciones_ci"] == "Falta la sección de datos abiertos"
    assert texts.loc["1.2", "observaciones"] == ""
    assert texts.loc["1.2", "avance_verificado"] == 50.0
    assert not any("no se usa" in m for m in _messages(loaded))


def test_control_interno_format_without_offices(tmp_path):
    """Función Pública's follow-up format as published: Componente · Actividades programadas ·
    Actividades cumplidas · % de avance · Observaciones, with no office column."""
    path = build_xlsx(tmp_path / "oci.xlsx", {"Hoja1": [
        ["Entidad: Unidad Administrativa Especial de Salud"],
        ["Vigencia: Periodo del 01 de enero al 30 de abril de 2021"],
        ["Componente", "Actividades programadas", "Actividades cumplidas", "% de avance", "Observaciones"],
        ["Rendición de cuentas", "1.1 Publicar el informe de gestión", "Publicado", "100%", None],
        [None, "1.2 Realizar la audiencia pública", None, "0%", "Programada en noviembre"],
    ]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert _activities(loaded.plan) == {"1.1": "Publicar el informe de gestión",
                                        "1.2": "Realizar la audiencia pública"}
    assert _reports(loaded.plan) == {("1.1", date(2021, 4, 30), 100.0), ("1.2", date(2021, 4, 30), 0.0)}
    assert any("no tiene la columna RESPONSABLE" in m for m in _messages(loaded))


def test_plan_and_follow_up_in_one_table_with_percent_cumplimiento_after_fecha_programada(tmp_path):
    """A 2019 hospital follow-up: plan columns, then «% cumplimiento» and «Observaciones»."""
    path = build_xlsx(tmp_path / "hospital.xlsx", {"PAAC 2019": [
        ["E.S.E. Hospital San Vicente"],
        ["Seguimiento Oficina de Control Interno – Fecha seguimiento: 31/08/2019"],
        ["Subcomponente", "Actividades", "Meta o producto", "Responsable", "Fecha programada", "% cumplimiento",
         "Observaciones"],
        ["Información", "Publicar estados financieros", "4 publicaciones", "Financiera", "Trimestral", "50%",
         "Publicados 2 de 4"],
        ["Diálogo", "Rendición de cuentas a la comunidad", "1 audiencia", "Gerencia / Planeación",
         "Noviembre", "0%", None],
    ]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert plan.parametros.vigencia == 2019
    assert any("se tomó 2019, el año del corte" in m for m in _messages(loaded))
    assert not any("fuera del periodo" in m for m in _messages(loaded))
    assert _reports(plan) == {("1.1", date(2019, 8, 31), 50.0), ("2.1", date(2019, 8, 31), 0.0)}
    assert plan.seguimiento.set_index("actividad_id").loc["1.1", "observaciones_ci"] == "Publicados 2 de 4"
    assert plan.seguimiento.set_index("actividad_id").loc["1.1", "avance_verificado"] == 50.0
    assert plan.parametros.entidad == "E.S.E. Hospital San Vicente"


SIDE_BY_SIDE = [
    ["Plan de Acción Rendición de Cuentas – Vigencia 2018"],
    [None, None, None, None, "Seguimiento 1 OCI", None, None, "Seguimiento 2 OCI", None, None,
     "Seguimiento 3 OCI", None, None],
    ["No.", "Subcomponente", "Actividades", "Responsable",
     "Actividades cumplidas", "% de avance", "Observaciones",
     "Actividades cumplidas", "% de avance", "Observaciones",
     "Actividades cumplidas", "% de avance", "Observaciones"],
    ["1.1", "Información", "Informe de gestión", "Planeación",
     "Borrador", 0.3, "A tiempo", "Publicado", 1, None, None, None, None],
    ["2.1", "Diálogo", "Audiencia pública", "Planeación",
     None, 0, "Sin iniciar", "Convocatoria", 0.2, None, "Realizada", 1, "Cumplida"],
]


def test_side_by_side_seguimiento_groups(tmp_path):
    path = build_xlsx(tmp_path / "oci.xlsx", {"Seguimiento": SIDE_BY_SIDE},
                      merges={"Seguimiento": ["E2:G2", "H2:J2", "K2:M2"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    abril, agosto, diciembre = date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)
    assert _reports(plan) == {("1.1", abril, 30.0), ("1.1", agosto, 100.0), ("2.1", abril, 0.0),
                              ("2.1", agosto, 20.0), ("2.1", diciembre, 100.0)}
    rows = plan.seguimiento.set_index(["actividad_id", "fecha_corte"])
    assert rows.loc[("2.1", diciembre), "actividades_cumplidas"] == "Realizada"
    assert rows.loc[("1.1", agosto), "actividades_cumplidas"] == "Publicado"
    conventions = [m for m in _messages(loaded) if m.startswith("Corte de seguimiento leído así")]
    assert len(conventions) == 3 and "31/08/2018" in conventions[1]
    assert not any("no se usa" in m for m in _messages(loaded))


def test_side_by_side_groups_without_merged_cells(tmp_path):
    """The group's label written only over its first column (no merge): the repeat of a field splits groups."""
    path = build_xlsx(tmp_path / "oci.xlsx", {"Seguimiento": SIDE_BY_SIDE})
    plan = read_plan(path).plan
    assert ("2.1", date(2018, 12, 31), 100.0) in _reports(plan) and len(plan.seguimiento) == 5


def test_one_sheet_per_cut(tmp_path):
    plan_rows = [["Vigencia", 2018], ["Entidad", "Alcaldía de San Roque"], [],
                 ["ID", "Subcomponente", "Actividad", "Responsable"],
                 ["1.1", "Información", "Publicar el informe de gestión", "Planeación"],
                 ["2.1", "Diálogo", "Realizar la audiencia pública", "Planeación"]]
    cut = [["Actividades programadas", "Actividades cumplidas", "% de avance", "Observaciones"]]
    path = build_xlsx(tmp_path / "cortes.xlsx", {
        "Plan": plan_rows,
        "Seguimiento 1": [["Fecha seguimiento: 30/04/2018"], *cut,
                          ["1.1 Publicar el informe de gestión", "Borrador listo", "40%", None],
                          ["Realizar la audiencia pública", None, "0%", "Sin iniciar"]],
        "II cuatrimestre": [*cut, ["1.1 Publicar el informe de gestión", "Publicado", "100%", None],
                            ["2.1 Realizar la audiencia pública", "Convocada", "30%", None]],
    })
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    conventions = [(i.sheet, i.message) for i in loaded.findings.warnings if i.message.startswith("Corte de")]
    assert [sheet for sheet, _ in conventions] == ["II cuatrimestre"]  # «Seguimiento 1» has its date written
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 40.0), ("2.1", date(2018, 4, 30), 0.0),
                                     ("1.1", date(2018, 8, 31), 100.0), ("2.1", date(2018, 8, 31), 30.0)}


def test_plan_sheets_repeated_per_cut(tmp_path):
    """Each cut's sheet repeats the plan's columns: the first is the plan, the others its follow-ups."""
    header = ["Subcomponente", "Actividades", "Responsable", "% de avance", "Observaciones"]
    path = build_xlsx(tmp_path / "cortes.xlsx", {
        "Seguimiento 1": [["Vigencia 2018"], header, ["Información", "Publicar el informe", "Planeación", 0.4, "x"]],
        "Seguimiento 2": [["Vigencia 2018"], header, ["Información", "Publicar el informe", "Planeación", 1, "y"]],
    })
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert len(loaded.plan.actividades) == 1
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 40.0), ("1.1", date(2018, 8, 31), 100.0)}


def test_whole_paac_workbook_reads_component_three_and_names_the_others(tmp_path):
    other = [["Subcomponente", "Actividades", "Responsable"], ["Política", "Otra actividad", "Control Interno"]]
    path = build_xlsx(tmp_path / "paac.xlsx", {
        "Riesgos de corrupción": other,
        "Racionalización de trámites": other,
        "Rendición de cuentas": [["Vigencia: 2018"], PAAC_HEADER, *PAAC_ROWS],
        "Atención al ciudadano": other,
        "Transparencia": other,
        "Iniciativas adicionales": other,
    }, merges={"Rendición de cuentas": ["B2:C2"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert sorted(_activities(loaded.plan)) == ["1.1", "1.2", "2.1"]
    [note] = [i.message for i in loaded.findings.warnings if "PAAC completo" in i.message]
    for sheet in ("Riesgos de corrupción", "Racionalización de trámites", "Atención al ciudadano", "Transparencia",
                  "Iniciativas adicionales"):
        assert f"«{sheet}»" in note
    assert "«Atención al ciudadano» (componente 4, Mecanismos para mejorar la atención al ciudadano)" in note
    assert "«Rendición de cuentas»" not in note


def test_whole_paac_workbook_by_title_rows(tmp_path):
    def sheet(title, activity):
        return [[title], ["Subcomponente", "Actividades", "Responsable"], ["Sub", activity, "Planeación"]]
    path = build_xlsx(tmp_path / "paac.xlsx", {
        "Hoja1": sheet("Componente 1: Gestión del riesgo de corrupción", "Mapa de riesgos"),
        "Hoja2": sheet("Componente 3: Rendición de cuentas", "Audiencia pública"),
    })
    loaded = read_plan(path)
    assert loaded.ok and list(loaded.plan.actividades["actividad"]) == ["Audiencia pública"]


def test_unused_columns_are_named_once_per_table_and_check_says_so(tmp_path, capsys):
    rows = [["ID", "Subcomponente", "Actividad", "Responsable", "Recursos", None],
            ["1.1", "Información", "Publicar", "Planeación", "$ 2.000.000", "nota suelta"],
            ["1.2", "Información", "Difundir", "Planeación", "$ 500.000", None]]
    path = build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows})
    loaded = read_plan(path)
    unused = [(i.column, i.message) for i in loaded.findings.warnings if "no lee sus datos" in i.message]
    assert unused == [("E", "La columna «Recursos» no se usa: el tablero no lee sus datos."),
                      ("F", unused[1][1])] and "no tiene título" in unused[1][1]
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "El libro se puede usar, con" in out and "«Recursos» no se usa" in out
    assert main(["check", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"].startswith("El libro se puede usar, con")
    assert any("Recursos" in w["message"] for w in result["warnings"])


def test_vigencia_title_with_period_does_not_block_the_workbook(tmp_path):
    rows = [["Entidad:", "Gobernación de Ejemplo"], ["Vigencia:", "Periodo del 01 de enero al 30 de abril de 2021"],
            [], ["Subcomponente", "Actividad", "Responsable"], ["Información", "Publicar", "Planeación"]]
    loaded = read_plan(build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.parametros.vigencia == 2021 and loaded.plan.parametros.entidad == "Gobernación de Ejemplo"


# ---- variants the reader was not written for ----------------------------------------------------


def test_unseen_variant_other_wording_order_and_blank_rows(tmp_path):
    """Responsable first, «Acciones» merged over number and text, «Avance %» then «Acciones realizadas»,
    blank rows inside the table, an extra «Recursos» column and the cut as «Corte: 31-08-2018»."""
    path = build_xlsx(tmp_path / "variante.xlsx", {"Componente 3": [
        ["MUNICIPIO DE VILLA NUEVA"], ["PLAN ANTICORRUPCIÓN Y DE ATENCIÓN AL CIUDADANO – VIGENCIA 2018"],
        ["Seguimiento con corte: 31-08-2018"], [],
        ["Dependencia responsable", "Componente", "Acciones", None, "Recursos", "Avance %", "Acciones realizadas"],
        ["Planeación", "Información", "1.1", "Publicar el informe", "Propios", 80, "Publicado en la web"],
        [],
        ["Comunicaciones", None, "1.2", "Emitir boletines", "Propios", 25, "3 de 12"],
        [None] * 7,
        ["Planeación", "Diálogo", "2.1", "Audiencia pública", "SGP", 0, None],
    ]}, merges={"Componente 3": ["C5:D5"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert _activities(plan) == {"1.1": "Publicar el informe", "1.2": "Emitir boletines", "2.1": "Audiencia pública"}
    assert _reports(plan) == {("1.1", date(2018, 8, 31), 80.0), ("1.2", date(2018, 8, 31), 25.0),
                              ("2.1", date(2018, 8, 31), 0.0)}
    assert plan.seguimiento.set_index("actividad_id").loc["1.2", "actividades_cumplidas"] == "3 de 12"
    unused = [m for m in _messages(loaded) if "no se usa" in m]
    assert unused == ["La columna «Recursos» no se usa: el tablero no lee sus datos."]


def test_unseen_variant_groups_named_by_cuatrimestre_with_their_own_cut_dates(tmp_path):
    """Groups named «I cuatrimestre» / «Segundo seguimiento (corte 31/08/2018)», with «Estado» inside."""
    path = build_xlsx(tmp_path / "grupos.xlsx", {"PAAC": [
        ["Vigencia 2018"],
        [None, None, None, "I cuatrimestre", None, "Segundo seguimiento (corte 31/08/2018)", None],
        ["Subcomponente", "Actividad", "Responsable", "Estado", "Avance", "Estado", "Avance"],
        ["Información", "Publicar el informe", "Planeación", "En ejecución", "50 %", "Cumplida", "100 %"],
    ]}, merges={"PAAC": ["D2:E2", "F2:G2"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    seguimiento = loaded.plan.seguimiento
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 50.0), ("1.1", date(2018, 8, 31), 100.0)}
    assert list(seguimiento.sort_values("fecha_corte")["estado"]) == ["En ejecución", "Cumplida"]


def test_unseen_variant_follow_up_sheet_named_by_its_cut_date(tmp_path):
    """The follow-up on a sheet named «Corte 30-04-2018», naming activities by number in a «N°» column."""
    path = build_xlsx(tmp_path / "corte.xlsx", {
        "Plan": [["ID", "Subcomponente", "Actividad", "Responsable"], ["1", "Información", "Publicar", "Planeación"],
                 ["2", "Diálogo", "Audiencia", "Planeación"]],
        "Corte 30-04-2018": [["N°", "Actividad", "% de avance", "Observaciones"], [2, "Audiencia", 0.1, "Convocada"],
                             [1, None, 0.9, None]],
    })
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert _reports(loaded.plan) == {("1", date(2018, 4, 30), 90.0), ("2", date(2018, 4, 30), 10.0)}


def test_unseen_variant_two_header_rows_with_sub_headers_under_actividades(tmp_path):
    """«Actividades» merged over a second header row «No.» · «Descripción de la actividad»."""
    path = build_xlsx(tmp_path / "dos.xlsx", {"Plan": [
        ["Vigencia 2018"],
        ["Subcomponente", "Actividades", None, "Responsable", "Observaciones"],
        [None, "No.", "Descripción de la actividad", None, None],
        ["Información", "1.1", "Publicar el informe", "Planeación", None],
        [None, "1.2", "Emitir boletines", "Comunicaciones", None],
    ]}, merges={"Plan": ["B2:C2", "A2:A3", "D2:D3", "E2:E3"]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert _activities(loaded.plan) == {"1.1": "Publicar el informe", "1.2": "Emitir boletines"}


def test_unseen_variant_componente_and_subcomponente_columns(tmp_path):
    """«Componente | Subcomponente | Actividades»: the subcomponent is the second; the first names the PAAC
    component of each row (here component 3 only, so every row is read and nothing is said about it)."""
    path = build_xlsx(tmp_path / "comp.xlsx", {"Rendición de cuentas": [
        ["Vigencia 2018"],
        ["Componente", "Subcomponente", "Actividades", "Responsable"],
        ["Rendición de cuentas", "Información", "Publicar el informe", "Planeación"],
        [None, "Diálogo", "Audiencia pública", "Planeación"],
    ]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert list(loaded.plan.actividades["subcomponente"]) == ["Información", "Diálogo"]
    assert "La columna «Componente» no se usa: el tablero no lee sus datos." not in _messages(loaded)
    assert not any("Componente" in message for message in _messages(loaded))


def test_unseen_variant_cut_inside_each_column_title(tmp_path):
    """No group header: «% avance I cuatrimestre», «Observaciones I cuatrimestre», «% avance a 31/08/2018»."""
    path = build_xlsx(tmp_path / "titulos.xlsx", {"Plan": [
        ["Vigencia: 2018"],
        ["ID", "Subcomponente", "Actividad", "Responsable", "% avance I cuatrimestre", "Observaciones I cuatrimestre",
         "% avance a 31/08/2018"],
        ["1.1", "Información", "Publicar el informe", "Planeación", 0.25, "Borrador", 0.75],
    ]})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 25.0), ("1.1", date(2018, 8, 31), 75.0)}
    assert loaded.plan.seguimiento.set_index("fecha_corte").loc[date(2018, 4, 30), "observaciones_ci"] == "Borrador"


def test_follow_up_data_on_a_row_without_activity_is_named(tmp_path):
    path = build_xlsx(tmp_path / "fila.xlsx", {"Plan": [
        ["Fecha de corte: 30/04/2018"],
        ["Subcomponente", "Actividad", "Responsable", "% de avance", "Observaciones"],
        ["Información", "Publicar el informe", "Planeación", 0.25, "Borrador"],
        [None, None, None, None, "continúa: falta la firma"],
    ]})
    loaded = read_plan(path)
    assert loaded.ok and len(loaded.plan.seguimiento) == 1
    [issue] = [i for i in loaded.findings.warnings if "datos de seguimiento pero no una actividad" in i.message]
    assert (issue.row, issue.column) == (4, "D")


def test_two_groups_with_one_cut_are_not_read_twice(tmp_path):
    path = build_xlsx(tmp_path / "doble.xlsx", {"Plan": [
        ["Fecha de corte: 30/04/2018"],
        ["Subcomponente", "Actividad", "Responsable", "% de avance", "% de avance"],
        ["Información", "Publicar el informe", "Planeación", 0.25, 0.5],
    ]})
    loaded = read_plan(path)
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 25.0)}
    assert any("ya reportan, y no se leyeron" in m for m in _messages(loaded))
    assert any("«% de avance» no se usa" in m for m in _messages(loaded))


def test_follow_up_numbering_that_differs_from_generated_ids_is_matched_by_text(tmp_path):
    """The plan writes no IDs (generated 1.1, 2.1); Control Interno numbers its rows in its own order."""
    path = build_xlsx(tmp_path / "numeros.xlsx", {
        "Plan": [["Vigencia 2018"], ["Subcomponente", "Actividad", "Responsable"],
                 ["Información", "Publicar el informe de gestión", "Planeación"],
                 ["Diálogo", "Realizar la audiencia pública", "Planeación"]],
        "Seguimiento 1": [["Actividades programadas", "% de avance"],
                          ["1.1 Realizar la audiencia pública", "10%"],
                          ["1.2 Publicar el informe de gestión", "50%"]],
    })
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    assert _reports(loaded.plan) == {("1.1", date(2018, 4, 30), 50.0), ("2.1", date(2018, 4, 30), 10.0)}


def test_plan_with_progress_but_no_cut_warns_instead_of_dropping_silently(tmp_path):
    rows = [["Subcomponente", "Actividad", "Responsable", "% de avance"], ["Información", "Publicar", "Planeación", 50]]
    loaded = read_plan(build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert loaded.ok
    assert loaded.plan.seguimiento.empty
    assert any("no dicen a qué corte corresponden" in m for m in _messages(loaded))
    assert any("«% de avance» no se usa" in m for m in _messages(loaded))


@pytest.mark.parametrize("cell", ["A - B", "A, B", "A / B", "A; B", "A\nB", "A\r\nB", "A;\n B"])
def test_responsable_separators(tmp_path, cell):
    rows = [["Subcomponente", "Actividad", "Responsable"], ["Información", "Publicar", cell.replace("A", "Planeación")
                                                             .replace("B", "Gobierno")]]
    plan = read_plan(build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows})).plan
    assert list(plan.responsables["dependencia"]) == ["Planeación", "Gobierno"]


def test_actividades_cumplidas_survive_the_tidy_workbook(tmp_path):
    """The plan written back in the municipal layout keeps Control Interno's «Actividades cumplidas»."""
    from rendicion.outputs.plan_workbook import write_plan

    source = read_plan(build_xlsx(tmp_path / "oci.xlsx", {"Seguimiento": SIDE_BY_SIDE},
                                  merges={"Seguimiento": ["E2:G2", "H2:J2", "K2:M2"]})).plan
    again = read_plan(write_plan(source, tmp_path / "tidy.xlsx"))
    assert again.ok, again.findings.to_text()
    columns = ["actividad_id", "fecha_corte", "avance", "actividades_cumplidas"]
    before = source.seguimiento[columns].sort_values(columns[:2]).reset_index(drop=True)
    after = again.plan.seguimiento[columns].sort_values(columns[:2]).reset_index(drop=True)
    assert before.equals(after) and "Realizada" in set(after["actividades_cumplidas"])


def test_tidy_csv_keeps_actividades_cumplidas(tmp_path):
    path = build_xlsx(tmp_path / "oci.xlsx", {"Seguimiento": SIDE_BY_SIDE},
                      merges={"Seguimiento": ["E2:G2", "H2:J2", "K2:M2"]})
    assert main(["tidy", str(path), str(tmp_path / "tidy")]) == 0
    text = (tmp_path / "tidy" / "seguimiento.csv").read_text(encoding="utf-8-sig")
    header = text.splitlines()[0]
    assert header.endswith('"actividades_cumplidas","avance_verificado","observaciones_ci"') and "Realizada" in text

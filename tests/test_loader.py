"""The loader on the shipped plan, on the source document's own layout, and on tolerated variants."""

from __future__ import annotations

from datetime import date

import pytest

from rendicion.plan.model import TODAS_LAS_DEPENDENCIAS
from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED, build_xlsx, months_by_id, source_like_workbook

EXPECTED_SUBCOMPONENTS = {"Información": 5, "Diálogo": 8, "Incentivos": 2, "Evaluación y seguimiento": 4}
EXPECTED_OFFICES = {
    "Dirección de Comunicaciones y Relaciones Públicas",
    "Dirección de Talento Humano",
    "Secretaría Administrativa",
    "Secretaría de Apoyo a la Gestión",
    "Secretaría de Planeación",
    TODAS_LAS_DEPENDENCIAS,
}


def _unmatched(report) -> list[str]:
    return [i.message for i in report.issues if "cronograma" in i.message and "no corresponde" in i.message]


def test_shipped_plan_summary():
    loaded = read_plan(SHIPPED)
    assert loaded.ok, loaded.findings.to_text()
    summary = loaded.plan.summary()
    assert summary["activities"] == 19
    assert summary["subcomponents"] == EXPECTED_SUBCOMPONENTS
    assert set(summary["offices"]) == EXPECTED_OFFICES
    assert summary["scheduled_activities"] == 13
    assert summary["progress_reports"] == 32
    assert _unmatched(loaded.findings) == []
    params = loaded.plan.parametros
    assert (params.entidad, params.vigencia, params.mes_inicio, params.meses) == (
        "Alcaldía de Ibagué", 2018, date(2018, 1, 1), 13)


def test_shipped_plan_tables_have_the_tidy_columns():
    plan = read_plan(SHIPPED).plan
    assert list(plan.actividades.columns) == ["id", "subcomponente", "actividad", "meta_indicador",
                                              "responsable_texto", "peso", "fecha_programada"]
    assert set(plan.actividades["fecha_programada"]) == {""}
    assert list(plan.responsables.columns) == ["actividad_id", "dependencia", "rol"]
    assert list(plan.cronograma.columns) == ["actividad_id", "inicio", "fin", "origen"]
    assert list(plan.seguimiento.columns) == ["actividad_id", "fecha_corte", "avance", "estado", "evidencia",
                                              "observaciones", "actividades_cumplidas", "avance_verificado",
                                              "observaciones_ci"]
    # The shipped follow-up is the offices' report: nothing verified by Control Interno yet, four observations of its own.
    assert plan.seguimiento["avance_verificado"].isna().all()
    noted = plan.seguimiento[plan.seguimiento["observaciones_ci"] != ""]
    assert [(i, f"{d:%d/%m}") for i, d in zip(noted["actividad_id"], noted["fecha_corte"])] == [
        ("2.4", "31/08"), ("2.7", "31/08"), ("4.2", "31/08"), ("4.2", "31/12")]
    assert noted["observaciones_ci"].iloc[-1] == "Se verificó el documento de evaluación del proceso anterior."
    hearing = plan.cronograma[plan.cronograma["actividad_id"] == "2.3"]
    assert hearing[["inicio", "fin", "origen"]].values.tolist() == [[date(2018, 11, 1), date(2018, 11, 30), "meses"]]
    # Continuous activities are one run of thirteen months (MES 13 is January 2019).
    continuous = plan.cronograma[plan.cronograma["actividad_id"] == "2.2"]
    assert continuous[["inicio", "fin"]].values.tolist() == [[date(2018, 1, 1), date(2019, 1, 31)]]


def test_shipped_plan_offices_and_roles():
    plan = read_plan(SHIPPED).plan
    roles = plan.responsables.set_index(["actividad_id", "dependencia"])["rol"].to_dict()
    # "Secretaría de Apoyo a la Gestión/ Dirección de Comunicaciones … - Secretaría de Planeación"
    assert roles[("2.3", "Secretaría de Apoyo a la Gestión")] == "principal"
    assert roles[("2.3", "Dirección de Comunicaciones y Relaciones Públicas")] == "apoyo"
    assert roles[("2.3", "Secretaría de Planeación")] == "apoyo"
    # "Dirección de Comunicaciones Relaciones Públicas." (no "y", trailing period) is the same office
    assert roles[("2.4", "Dirección de Comunicaciones y Relaciones Públicas")] == "principal"
    # "apoyo todas las dependencias" is the catch-all entry, as support
    assert roles[("1.1", TODAS_LAS_DEPENDENCIAS)] == "apoyo"
    assert roles[("2.6", TODAS_LAS_DEPENDENCIAS)] == "principal"


def test_source_document_layout_gives_the_same_summary(tmp_path):
    shipped = read_plan(SHIPPED).plan
    loaded = read_plan(source_like_workbook(tmp_path / "como_el_documento.xlsx"))
    assert loaded.ok, loaded.findings.to_text()
    assert _unmatched(loaded.findings) == []
    summary = loaded.plan.summary()
    expected = shipped.summary() | {"progress_reports": 0}
    assert summary == expected
    # Same activities (generated IDs follow the document order) and the same schedule.
    assert loaded.plan.actividades["id"].tolist() == shipped.actividades["id"].tolist()
    assert loaded.plan.cronograma.values.tolist() == shipped.cronograma.sort_values(["actividad_id", "inicio"]).pipe(
        lambda f: f.set_index("actividad_id").loc[loaded.plan.cronograma["actividad_id"].unique()].reset_index()
    ).values.tolist()
    assert loaded.plan.parametros.vigencia == 2018  # from the title "… VIGENCIA 2018"


HEADER_VARIANTS = [
    ["Componente", "Actividad", "Meta o producto", "Dependencia responsable"],
    ["subcomponente ", "ACTIVIDADES", "Indicador", "Responsables"],
    ["SUB-COMPONENTE", "Actividades programadas", "META/INDICADOR", "Responsable"],
    ["  Subcomponente", "actividades", "Meta", "dependencia"],
]


@pytest.mark.parametrize("headers", HEADER_VARIANTS, ids=lambda h: h[0].strip())
def test_headers_by_synonym_case_accent_and_spacing(tmp_path, headers):
    rows = [
        ["Plan de acción de rendición de cuentas"],
        [],
        headers,
        ["Diálogo", "Audiencia pública", "Audiencia realizada", "Secretaría de Planeación"],
        ["", "Foros con la comunidad", "Foros realizados", "Secretaría de Planeación"],
    ]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Cualquier nombre": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.actividades["actividad"].tolist() == ["Audiencia pública", "Foros con la comunidad"]
    assert loaded.plan.actividades["subcomponente"].tolist() == ["Diálogo", "Diálogo"]


def test_repeated_headers_blank_rows_and_subcomponent_on_first_row(tmp_path):
    header = ["SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE"]
    rows = [
        header,
        ["INFORMACIÓN", "A uno", "m", "Secretaría de Planeación"],
        [],
        ["", "A dos", "m", "Secretaría de Planeación"],
        header,
        ["", "A tres", "m", "Secretaría de Planeación"],
        ["DIÁLOGO", "A cuatro", "m", "Secretaría de Planeación"],
        ["", "", "", ""],
        header,
        ["", "A cinco", "m", "Secretaría de Planeación"],
    ]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows})).plan
    assert plan.actividades["subcomponente"].tolist() == ["Información"] * 3 + ["Diálogo"] * 2
    assert plan.actividades["id"].tolist() == ["1.1", "1.2", "1.3", "2.1", "2.2"]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Secretaría de Planeación - Secretaría Administrativa", ["Secretaría de Planeación", "Secretaría Administrativa"]),
        ("Secretaría de Planeación/Secretaría Administrativa", ["Secretaría de Planeación", "Secretaría Administrativa"]),
        ("Secretaría de Planeación, Secretaría Administrativa", ["Secretaría de Planeación", "Secretaría Administrativa"]),
        ("Secretaría de Planeación con apoyo de la Secretaría Administrativa",
         ["Secretaría de Planeación", "Secretaría Administrativa"]),
        ("SECRETARIA DE PLANEACION.", ["Secretaría de Planeación"]),
        ("Dirección de Comunicaciones Relaciones Públicas", ["Dirección de Comunicaciones y Relaciones Públicas"]),
        ("Secretaría de Planeación - apoyo todas las dependencias", ["Secretaría de Planeación", TODAS_LAS_DEPENDENCIAS]),
        ("todas las dependencias.", [TODAS_LAS_DEPENDENCIAS]),
    ],
)
def test_offices_split_and_canonical(tmp_path, cell, expected):
    header = ["SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE"]
    rows = [
        header,
        ["Diálogo", "Conocida uno", "m", "Secretaría de Planeación"],
        ["", "Conocida dos", "m", "Secretaría de Planeación"],
        ["", "Conocida tres", "m", "Dirección de Comunicaciones y Relaciones Públicas"],
        ["", "Conocida cuatro", "m", "Dirección de Comunicaciones y Relaciones Públicas"],
        ["", "Conocida cinco", "m", "Secretaría Administrativa"],
        ["", "Bajo prueba", "m", cell],
    ]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows})).plan
    found = plan.responsables[plan.responsables["actividad_id"] == "1.6"]
    assert found["dependencia"].tolist() == expected
    assert found["rol"].tolist() == ["principal"] + ["apoyo"] * (len(expected) - 1)


def test_y_never_splits_an_office(tmp_path):
    rows = [["SUBCOMPONENTE", "ACTIVIDADES", "RESPONSABLE"],
            ["Diálogo", "Una", "Dirección de Comunicaciones y Relaciones Públicas"]]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows})).plan
    assert plan.responsables["dependencia"].tolist() == ["Dirección de Comunicaciones y Relaciones Públicas"]


def _plan_rows(with_id: bool = True) -> list[list]:
    header = (["ID"] if with_id else []) + ["SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE"]
    body = [
        ["1", "Diálogo", "Realizar la audiencia pública participativa", "m", "Secretaría de Planeación"],
        ["2", "", "Publicar las respuestas a las preguntas ciudadanas", "m", "Secretaría de Planeación"],
        ["3", "", "Hacer seguimiento al cronograma", "m", "Secretaría de Planeación"],
    ]
    return [header] + [row if with_id else row[1:] for row in body]


def test_month_columns_beside_the_plan_with_month_names(tmp_path):
    months = ["Enero", "Feb", "MARZO", "abr", "Mayo", "Jun", "Julio", "Ago", "Sept", "Octubre", "Nov", "Dic", "Ene"]
    rows = _plan_rows()
    rows[0] = rows[0] + months
    rows[1] = rows[1] + ["X"] + [None] * 12                 # MES 1
    rows[2] = rows[2] + [None] * 3 + ["x", None, "✓"] + [None] * 7  # MES 4 and 6 (not contiguous)
    rows[3] = rows[3] + [None] * 12 + [1]                    # MES 13 (the second "Ene")
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert months_by_id(loaded.plan) == {"1": [1], "2": [4, 6], "3": [13]}


def test_schedule_table_by_id_text_and_short_text_with_fills(tmp_path):
    schedule = [
        ["Cronograma"],
        [None] + [f"MES {m}" for m in range(1, 14)],
        [1.0] + ["X"] + [None] * 12,                                    # by ID, numeric with ".0"
        ["Publicar las respuestas a las preguntas ciudadanas."] + [None] * 13,  # full text, shaded
        ["Hacer seguimiento al cronograma.0"] + [None] * 13,            # stray ".0", shaded months 2 and 9
        ["Audiencia pública participativa"] + [None] * 13,            # shortened: the end of activity 1
    ]
    fills = ["E4", "F4", "C5", "J5", "M6"]  # column B is MES 1: E/F = MES 4/5, C/J = MES 2/9, M = MES 12
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Crono": schedule},
                                  fills={"Crono": fills}))
    assert loaded.ok, loaded.findings.to_text()
    assert _unmatched(loaded.findings) == []
    assert months_by_id(loaded.plan) == {"1": [1, 12], "2": [4, 5], "3": [2, 9]}


def test_schedule_row_for_no_activity_is_a_warning(tmp_path):
    schedule = [[None] + [f"MES {m}" for m in range(1, 14)], ["Actividad que no existe en el plan"] + ["X"] * 13]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Crono": schedule}))
    assert loaded.ok
    [warning] = _unmatched(loaded.findings)
    assert "Actividad que no existe" in warning
    [issue] = [i for i in loaded.findings.warnings if i.message == warning]
    assert (issue.sheet, issue.row, issue.column) == ("Crono", 2, "A")


def _follow_up(rows: list[list]) -> list[list]:
    return [["Seguimiento (datos de ejemplo)"], ["ID", "Fecha de corte", "% de avance", "Estado", "Evidencia"], *rows]


def test_progress_and_date_formats(tmp_path):
    follow = _follow_up([
        ["1", date(2018, 4, 30), 50, "", ""],
        ["1", "31/08/2018", "75%", "", "https://example.org/a"],
        ["2", date(2018, 8, 31), "50 %", "", ""],
        ["3", "30/04/2018", 20, "", ""],
    ])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Seguimiento": follow}))
    assert loaded.ok, loaded.findings.to_text()
    got = loaded.plan.seguimiento[["actividad_id", "fecha_corte", "avance"]].values.tolist()
    assert got == [["1", date(2018, 4, 30), 50.0], ["1", date(2018, 8, 31), 75.0],
                   ["2", date(2018, 8, 31), 50.0], ["3", date(2018, 4, 30), 20.0]]


def test_progress_as_fractions(tmp_path):
    follow = _follow_up([["1", date(2018, 4, 30), 0.5, "", ""], ["2", date(2018, 4, 30), 1, "", ""]])
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Seguimiento": follow})).plan
    assert plan.seguimiento["avance"].tolist() == [50.0, 100.0]


def test_parameters_sheet(tmp_path):
    params = [["Parámetro", "Valor"], ["Entidad", "Municipio de Prueba"], ["Vigencia", 2020],
              ["Mes 1", "julio 2020"], ["Umbral amarillo", "50%"], ["Umbral verde", 0.9]]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Parámetros": params})).plan
    p = plan.parametros
    assert (p.entidad, p.vigencia, p.mes_inicio, p.umbral_amarillo, p.umbral_verde) == (
        "Municipio de Prueba", 2020, date(2020, 7, 1), 50.0, 90.0)


@pytest.mark.parametrize(("written", "margin"), [(20, 20.0), ("10 puntos", 10.0), ("12,5", 12.5), (0, 0.0)])
def test_parameters_sheet_margen_de_atraso(tmp_path, written, margin):
    params = [["Parámetro", "Valor"], ["Vigencia", 2018], ["Margen de atraso", written]]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Parámetros": params})).plan
    assert plan.parametros.margen_atraso == margin


def test_margen_de_atraso_defaults_to_15_and_a_wrong_one_is_an_error_at_its_cell(tmp_path):
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows()})).plan
    assert plan.parametros.margen_atraso == 15.0
    params = [["Parámetro", "Valor"], ["Vigencia", 2018], ["Margen de atraso", "mucho"]]
    loaded = read_plan(build_xlsx(tmp_path / "q.xlsx", {"Plan": _plan_rows(), "Parámetros": params}))
    [error] = [e for e in loaded.findings.errors if "margen de atraso" in e.message]
    assert (error.sheet, error.row, error.column) == ("Parámetros", 3, "B")


def test_defaults_without_parameters_sheet(tmp_path):
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": [["VIGENCIA 2019"], *_plan_rows()]})).plan
    p = plan.parametros
    assert (p.vigencia, p.mes_inicio, p.meses, p.umbral_amarillo, p.umbral_verde) == (
        2019, date(2019, 1, 1), 13, 60.0, 80.0)


# ---- errors: the workbook cannot be used, and the report says where ----------------------------


def _errors(tmp_path, sheets, **kwargs):
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", sheets, **kwargs))
    assert not loaded.ok and loaded.plan is None
    return loaded.findings.errors


def test_no_plan_table(tmp_path):
    [error] = _errors(tmp_path, {"Hoja1": [["Solo un título"], ["nada más", "aquí"]]})
    assert "No se encontró la tabla del plan" in error.message


def test_missing_required_column(tmp_path):
    rows = [["SUBCOMPONENTE", "ACTIVIDADES", "META"], ["Diálogo", "Una", "m"]]
    [error] = _errors(tmp_path, {"Plan": rows})
    assert "RESPONSABLE" in error.message and (error.sheet, error.row) == ("Plan", 1)


def test_no_activities(tmp_path):
    [error] = _errors(tmp_path, {"Plan": [["SUBCOMPONENTE", "ACTIVIDADES", "RESPONSABLE"]]})
    assert "no tiene actividades" in error.message


def test_duplicate_ids(tmp_path):
    rows = _plan_rows()
    rows[3][0] = "1"
    [error] = _errors(tmp_path, {"Plan": rows})
    assert "repetido" in error.message and (error.sheet, error.row, error.column) == ("Plan", 4, "A")


@pytest.mark.parametrize(
    "avance, fecha, column, words",
    [
        (150, date(2018, 4, 30), "C", "entre 0 y 100"),
        (-5, date(2018, 4, 30), "C", "entre 0 y 100"),
        ("mucho", date(2018, 4, 30), "C", "No se pudo leer el avance"),
        (50, "31/02/2018", "B", "No se pudo leer la fecha"),
        (50, None, "B", "Falta la fecha"),
    ],
)
def test_follow_up_value_errors(tmp_path, avance, fecha, column, words):
    [error] = _errors(tmp_path, {"Plan": _plan_rows(), "Seg": _follow_up([["2", fecha, avance, "", ""]])})
    assert words in error.message
    assert (error.sheet, error.row, error.column) == ("Seg", 3, column)


def test_follow_up_for_unknown_activity(tmp_path):
    [error] = _errors(tmp_path, {"Plan": _plan_rows(), "Seg": _follow_up([["99", date(2018, 4, 30), 10, "", ""]])})
    assert "«99»" in error.message and "no existe" in error.message
    assert (error.sheet, error.row, error.column) == ("Seg", 3, "A")


def test_all_errors_are_reported_at_once(tmp_path):
    follow = _follow_up([["99", date(2018, 4, 30), 10, "", ""], ["1", "ayer", 10, "", ""], ["2", date(2018, 4, 30), 300, "", ""]])
    errors = _errors(tmp_path, {"Plan": _plan_rows(), "Seg": follow})
    assert [e.row for e in errors] == [3, 4, 5]


def test_warnings_keep_the_plan_usable(tmp_path):
    rows = _plan_rows()
    rows[2][4] = ""  # activity 2 without office
    follow = _follow_up([["1", date(2017, 6, 30), 10, "", ""]])  # before the plan period
    schedule = [[None] + [f"MES {m}" for m in range(1, 14)], ["1"] + ["X"] + [None] * 12]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Seg": follow, "Crono": schedule}))
    assert loaded.ok
    messages = " | ".join(w.message for w in loaded.findings.warnings)
    assert "La actividad 2 no tiene dependencia responsable" in messages
    assert "La actividad 3 no tiene meses ni fecha programada" in messages
    assert "fuera del periodo del plan" in messages


def test_hidden_sheet_table_is_not_read(tmp_path):
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows(), "Oculta": _plan_rows()},
                                  hidden=("Oculta",)))
    assert loaded.ok and len(loaded.plan.actividades) == 3
    assert any("oculta" in w.message for w in loaded.findings.warnings)


def test_reads_bytes_as_well_as_paths(tmp_path):
    path = build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows()})
    assert read_plan(path.read_bytes()).plan.summary() == read_plan(path).plan.summary()


def test_month_one_in_year_zero_is_an_error_not_a_crash(tmp_path):
    params = [["Parámetro", "Valor"], ["Vigencia", 2018], ["Mes 1", "enero 0000"]]
    [error] = _errors(tmp_path, {"Plan": _plan_rows(), "Parámetros": params})
    assert "mes calendario del MES 1" in error.message and (error.sheet, error.row, error.column) == ("Parámetros", 3, "B")


def test_the_cyclic_collector_is_paused_during_a_read_and_restored_after() -> None:
    import gc

    from rendicion.reading.loader import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with cyclic_gc_paused():
            1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
    loaded = read_plan(SHIPPED)
    assert loaded.ok and gc.isenabled()


def test_margen_de_atraso_round_trips_through_the_written_plan(tmp_path):
    from dataclasses import replace

    from rendicion.outputs.plan_workbook import write_plan

    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": _plan_rows()})).plan
    plan = replace(plan, parametros=replace(plan.parametros, margen_atraso=22.5))
    loaded = read_plan(write_plan(plan, tmp_path / "ida_y_vuelta.xlsx"))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.parametros.margen_atraso == 22.5

"""Differences between two plans: each kind of change on variants of the shipped plan and on
small hand-built workbooks."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from rendicion.outputs.plan_workbook import write_plan
from rendicion.plan.model import ROL_PRINCIPAL
from rendicion.reading.loader import read_plan
from rendicion.versions.diff import CAMPOS, PlanDiff, compare
from tests.builders import SHIPPED, build_xlsx


@pytest.fixture(scope="module")
def shipped():
    loaded = read_plan(SHIPPED)
    assert loaded.ok, loaded.findings.to_text()
    return loaded.plan


def _rows(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def _only(diff: PlanDiff, *kinds: str) -> None:
    """Every kind of change other than ``kinds`` is empty."""
    for name, count in diff.counts().items():
        assert (count > 0) == (name in kinds), (name, count)


def test_identical_plans_have_no_differences(shipped):
    diff = compare(shipped, shipped)
    assert diff.empty
    assert set(diff.counts().values()) == {0}
    assert diff.summary_text() == "Sin diferencias con la versión actual."
    assert diff.summary_text(against="la versión 3") == "Sin diferencias con la versión 3."
    # Every frame exists, empty, with its columns.
    assert list(diff.agregadas.columns) == ["id", "subcomponente", "actividad"]
    assert list(diff.eliminadas.columns) == ["id", "subcomponente", "actividad"]
    assert list(diff.modificadas.columns) == ["id", "campo", "antes", "despues"]
    assert list(diff.responsables.columns) == ["id", "agregadas", "quitadas"]
    assert list(diff.meses.columns) == ["id", "agregados", "quitados"]
    assert list(diff.reportes_nuevos.columns) == ["id", "fecha_corte", "avance", "avance_verificado",
                                                  "observaciones_ci"]
    assert list(diff.reportes_corregidos.columns) == ["id", "fecha_corte", "campo", "antes", "despues", "cambio"]
    assert list(diff.reportes_quitados.columns) == ["id", "fecha_corte", "avance"]
    assert list(diff.avance.columns) == ["id", "antes", "despues"]
    assert list(diff.parametros.columns) == ["campo", "antes", "despues"]


def test_a_workbook_written_and_read_again_has_no_differences(shipped):
    assert compare(shipped, read_plan(write_plan(shipped)).plan).empty


def test_added_activity(shipped):
    new_row = {"id": "4.5", "subcomponente": "Evaluación y seguimiento", "actividad": "Publicar el informe final",
               "meta_indicador": "Informe publicado", "responsable_texto": "Secretaría de Planeación", "peso": 1.0}
    new = replace(
        shipped,
        actividades=pd.concat([shipped.actividades, pd.DataFrame([new_row])], ignore_index=True),
        responsables=pd.concat([shipped.responsables, pd.DataFrame(
            [{"actividad_id": "4.5", "dependencia": "Secretaría de Planeación", "rol": ROL_PRINCIPAL}])],
            ignore_index=True),
    )
    diff = compare(shipped, new)
    _only(diff, "agregadas")
    assert _rows(diff.agregadas) == [{"id": "4.5", "subcomponente": "Evaluación y seguimiento",
                                      "actividad": "Publicar el informe final"}]
    assert diff.summary_text() == "1 actividad agregada."


def test_removed_activities_and_their_reports_are_not_new_changes(shipped):
    keep = ~shipped.actividades["id"].isin(["1.1", "2.3"])
    gone = lambda frame: frame[~frame["actividad_id"].isin(["1.1", "2.3"])]  # noqa: E731
    new = replace(shipped, actividades=shipped.actividades[keep], responsables=gone(shipped.responsables),
                  cronograma=gone(shipped.cronograma), seguimiento=gone(shipped.seguimiento))
    diff = compare(shipped, new)
    _only(diff, "eliminadas")
    assert diff.eliminadas["id"].tolist() == ["1.1", "2.3"]
    assert diff.eliminadas["subcomponente"].tolist() == ["Información", "Diálogo"]
    assert diff.summary_text() == "2 actividades eliminadas."


def test_modified_fields(shipped):
    actividades = shipped.actividades.copy()
    index = actividades.index[actividades["id"] == "2.3"][0]
    old_text = actividades.at[index, "actividad"]
    actividades.at[index, "actividad"] = "Audiencia pública de rendición de cuentas (virtual)"
    actividades.at[index, "meta_indicador"] = "Una audiencia"
    actividades.at[index, "peso"] = 2.5
    other = actividades.index[actividades["id"] == "1.2"][0]
    actividades.at[other, "subcomponente"] = "Diálogo"
    diff = compare(shipped, replace(shipped, actividades=actividades))
    _only(diff, "modificadas")
    rows = _rows(diff.modificadas)
    assert [(r["id"], r["campo"]) for r in rows] == [("1.2", "subcomponente"), ("2.3", "actividad"),
                                                     ("2.3", "meta_indicador"), ("2.3", "peso")]
    assert rows[0]["antes"] == "Información" and rows[0]["despues"] == "Diálogo"
    assert rows[1]["antes"] == old_text
    assert (rows[3]["antes"], rows[3]["despues"]) == ("1", "2,5")
    assert all(isinstance(r["antes"], str) and isinstance(r["despues"], str) for r in rows)  # Arrow-friendly
    assert set(diff.modificadas["campo"]) <= set(CAMPOS)
    assert diff.counts()["modificadas"] == 2  # activities, not fields
    assert diff.summary_text() == "2 actividades modificadas."


def test_responsible_offices(shipped):
    responsables = shipped.responsables.copy()
    responsables = responsables[~((responsables["actividad_id"] == "1.1")
                                  & (responsables["dependencia"] == "Todas las dependencias"))]
    extra = pd.DataFrame([
        {"actividad_id": "1.1", "dependencia": "Dirección de Talento Humano", "rol": "apoyo"},
        {"actividad_id": "1.1", "dependencia": "Secretaría Administrativa", "rol": "apoyo"},
    ])
    diff = compare(shipped, replace(shipped, responsables=pd.concat([responsables, extra], ignore_index=True)))
    _only(diff, "responsables")
    assert _rows(diff.responsables) == [{"id": "1.1",
                                         "agregadas": "Dirección de Talento Humano · Secretaría Administrativa",
                                         "quitadas": "Todas las dependencias"}]
    assert diff.summary_text() == "Responsables cambiados en 1 actividad."


def test_schedule_months(shipped):
    params = shipped.parametros
    # 2.1 runs September–October: October leaves, March–April comes; 1.1 gains December.
    cronograma = shipped.cronograma[shipped.cronograma["actividad_id"] != "2.1"]
    added = pd.DataFrame([{"actividad_id": "2.1", "inicio": start, "fin": end, "origen": "meses"}
                          for start, end in params.month_runs([3, 4, 9])]
                         + [{"actividad_id": "1.1", "inicio": params.month_start(12), "fin": params.month_end(12),
                             "origen": "meses"}])
    diff = compare(shipped, replace(shipped, cronograma=pd.concat([cronograma, added], ignore_index=True)))
    _only(diff, "meses")
    assert _rows(diff.meses) == [{"id": "1.1", "agregados": "dic 2018", "quitados": ""},
                                 {"id": "2.1", "agregados": "mar 2018 – abr 2018", "quitados": "oct 2018"}]
    assert diff.summary_text() == "Cronograma cambiado en 2 actividades."


def test_schedule_days_in_words(shipped):
    # 2.3 (the hearing, all November) becomes two days of it.
    cronograma = shipped.cronograma[shipped.cronograma["actividad_id"] != "2.3"]
    hearing = pd.DataFrame([{"actividad_id": "2.3", "inicio": date(2018, 11, 19), "fin": date(2018, 11, 20),
                             "origen": "fecha_programada"}])
    diff = compare(shipped, replace(shipped, cronograma=pd.concat([cronograma, hearing], ignore_index=True)))
    assert _rows(diff.meses) == [{"id": "2.3", "agregados": "",
                                  "quitados": "01/11/2018 – 18/11/2018; 21/11/2018 – 30/11/2018"}]


def _report(ident: str, fecha: date, avance: float) -> dict:
    return {"actividad_id": ident, "fecha_corte": fecha, "avance": avance, "estado": "", "evidencia": "",
            "observaciones": ""}


def test_new_progress_reports_and_latest_progress(shipped):
    # Shipped: 2.2 reported 30, 60, 92 %; 2.8 reported 50 % on 31/12; 1.2 never reported.
    reports = pd.DataFrame([
        _report("2.2", date(2019, 1, 31), 100.0),  # a later cut: the latest progress changes
        _report("2.8", date(2018, 8, 31), 20.0),   # an earlier cut: a new report, the latest stays 50 %
        _report("1.2", date(2018, 12, 31), 40.0),  # the first report of an activity
    ])
    new = replace(shipped, seguimiento=pd.concat([shipped.seguimiento, reports], ignore_index=True))
    diff = compare(shipped, new)
    _only(diff, "reportes_nuevos", "avance")
    assert _rows(diff.reportes_nuevos[["id", "fecha_corte", "avance"]]) == [
        {"id": "2.2", "fecha_corte": date(2019, 1, 31), "avance": 100.0},
        {"id": "2.8", "fecha_corte": date(2018, 8, 31), "avance": 20.0},
        {"id": "1.2", "fecha_corte": date(2018, 12, 31), "avance": 40.0},
    ]
    # None of them verified by Control Interno.
    assert diff.reportes_nuevos["avance_verificado"].isna().all()
    assert diff.reportes_nuevos["observaciones_ci"].tolist() == ["", "", ""]
    rows = _rows(diff.avance)
    assert [row["id"] for row in rows] == ["1.2", "2.2"]  # plan order; 2.8's latest did not change
    assert math.isnan(rows[0]["antes"]) and rows[0]["despues"] == 40.0
    assert (rows[1]["antes"], rows[1]["despues"]) == (92.0, 100.0)
    assert diff.avance["antes"].dtype == float and diff.avance["despues"].dtype == float
    assert diff.summary_text() == "3 reportes de avance nuevos y avance más reciente cambiado en 2 actividades."


def test_changed_progress_value_is_a_correction_and_a_changed_latest(shipped):
    seguimiento = shipped.seguimiento.copy()
    ident = seguimiento["actividad_id"].iloc[0]
    last = seguimiento[seguimiento["actividad_id"] == ident].sort_values("fecha_corte").index[-1]
    before = seguimiento.at[last, "avance"]
    seguimiento.at[last, "avance"] = 99.0 if before != 99.0 else 98.0
    diff = compare(shipped, replace(shipped, seguimiento=seguimiento))
    _only(diff, "reportes_corregidos", "avance")
    assert _rows(diff.avance) == [{"id": ident, "antes": before, "despues": seguimiento.at[last, "avance"]}]
    assert diff.summary_text() == "1 reporte de avance corregido y avance más reciente cambiado en 1 actividad."


def test_a_corrected_report_shows_what_it_had_and_what_it_has(tmp_path, shipped):
    """2.7's report at 31/08/2018 goes from 33 % to 66 %, with evidence and observaciones written."""
    book = openpyxl.load_workbook(SHIPPED)
    sheet = book["Seguimiento"]
    [row] = [r for r in range(5, sheet.max_row + 1)
             if sheet.cell(r, 1).value == "2.7" and sheet.cell(r, 3).value == datetime(2018, 8, 31)]
    assert sheet.cell(row, 4).value == 0.33 and sheet.cell(row, 6).value is None
    sheet.cell(row, 4).value = 0.66
    sheet.cell(row, 6).value = "Actas del primer foro"
    sheet.cell(row, 7).value = "Se corrigió el avance"
    book.save(tmp_path / "corregido.xlsx")
    loaded = read_plan(tmp_path / "corregido.xlsx")
    assert loaded.ok, loaded.findings.to_text()
    diff = compare(shipped, loaded.plan)
    _only(diff, "reportes_corregidos")
    assert diff.reportes_corregidos["cambio"].tolist() == [
        "2.7 · 31/08/2018: 33 % → 66 %",
        "2.7 · 31/08/2018 · Evidencia: «Actas del primer foro» (antes vacío)",
        "2.7 · 31/08/2018 · Observaciones: «Se corrigió el avance» (antes vacío)",
    ]
    assert _rows(diff.reportes_corregidos)[0] == {"id": "2.7", "fecha_corte": date(2018, 8, 31), "campo": "avance",
                                                  "antes": "33 %", "despues": "66 %",
                                                  "cambio": "2.7 · 31/08/2018: 33 % → 66 %"}
    assert diff.counts()["reportes_corregidos"] == 1  # one report, three fields
    assert diff.summary_text() == "1 reporte de avance corregido."


def test_new_corrected_and_removed_reports_are_counted_apart(shipped):
    seguimiento = shipped.seguimiento.copy()
    first = seguimiento.index[0]  # 1.1 at 30/04/2018, 100 %
    seguimiento.at[first, "avance"] = 90.0
    seguimiento = seguimiento.drop(index=seguimiento.index[1])  # 1.5 at 31/08/2018, 40 %
    seguimiento = pd.concat([seguimiento, pd.DataFrame([_report("1.2", date(2018, 12, 31), 10.0)])],
                            ignore_index=True)
    diff = compare(shipped, replace(shipped, seguimiento=seguimiento))
    [added] = _rows(diff.reportes_nuevos)
    assert math.isnan(added.pop("avance_verificado"))  # not verified
    assert added == {"id": "1.2", "fecha_corte": date(2018, 12, 31), "avance": 10.0, "observaciones_ci": ""}
    assert diff.reportes_corregidos["cambio"].tolist() == ["1.1 · 30/04/2018: 100 % → 90 %"]
    assert _rows(diff.reportes_quitados) == [{"id": "1.5", "fecha_corte": date(2018, 8, 31), "avance": 40.0}]
    assert diff.summary_text() == ("1 reporte de avance nuevo, 1 corregido, 1 quitado y avance más reciente "
                                   "cambiado en 2 actividades.")


def test_control_interno_verifying_a_report_shows_in_the_preview(shipped):
    """Control Interno writes its verified % and its observation on a report the offices already sent."""
    seguimiento = shipped.seguimiento.copy()
    row = seguimiento.index[(seguimiento["actividad_id"] == "2.2") & (seguimiento["fecha_corte"] == date(2018, 8, 31))]
    seguimiento.loc[row, "avance_verificado"] = 45.0
    seguimiento.loc[row, "observaciones_ci"] = "Faltan los soportes de julio"
    diff = compare(shipped, replace(shipped, seguimiento=seguimiento))
    _only(diff, "reportes_corregidos")
    assert diff.reportes_corregidos["cambio"].tolist() == [
        "2.2 · 31/08/2018 · % de avance verificado: sin verificar → 45 %",
        "2.2 · 31/08/2018 · Observaciones de Control Interno: «Faltan los soportes de julio» (antes vacío)",
    ]
    assert diff.summary_text() == "1 reporte de avance corregido."


def test_parameters(shipped):
    params = replace(shipped.parametros, umbral_verde=85.0, mes_inicio=date(2018, 2, 1), entidad="Alcaldía de Ibagué (Tolima)")
    diff = compare(shipped, replace(shipped, parametros=params))
    _only(diff, "parametros")
    assert _rows(diff.parametros) == [
        {"campo": "entidad", "antes": "Alcaldía de Ibagué", "despues": "Alcaldía de Ibagué (Tolima)"},
        {"campo": "mes_inicio", "antes": "enero de 2018", "despues": "febrero de 2018"},
        {"campo": "umbral_verde", "antes": "80 %", "despues": "85 %"},
    ]
    assert set(diff.parametros["campo"]) <= set(CAMPOS)
    assert diff.summary_text() == "3 parámetros cambiados."


def test_measure_parameters_read_in_spanish(shipped):
    params = replace(shipped.parametros, datos_de_ejemplo=False, actividades_evaluadas="las que vencen hasta el corte")
    diff = compare(shipped, replace(shipped, parametros=params))
    assert _rows(diff.parametros) == [
        {"campo": "actividades_evaluadas", "antes": "programadas a la fecha",
         "despues": "las que vencen hasta el corte"},
        {"campo": "datos_de_ejemplo", "antes": "Sí", "despues": "No"},
    ]
    assert set(diff.parametros["campo"]) <= set(CAMPOS)


def test_summary_text_lists_every_kind_in_one_sentence(shipped):
    keep = shipped.actividades["id"] != "4.4"
    added = pd.DataFrame([{"id": f"5.{n}", "subcomponente": "Nuevo", "actividad": f"Nueva {n}", "meta_indicador": "",
                           "responsable_texto": "", "peso": 1.0} for n in (1, 2)])
    new = replace(shipped, actividades=pd.concat([shipped.actividades[keep], added], ignore_index=True),
                  parametros=replace(shipped.parametros, umbral_amarillo=50.0))
    diff = compare(shipped, new)
    assert diff.summary_text() == "2 actividades agregadas, 1 eliminada y 1 parámetro cambiado."
    assert diff.counts()["agregadas"] == 2 and diff.counts()["eliminadas"] == 1


def _workbook(tmp_path, name: str, rows: list[list], follow_up: list[list] | None = None):
    sheets = {"Plan": [["ID", "SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE", "MES 1", "MES 2", "MES 3"]] + rows}
    if follow_up is not None:
        sheets["Seguimiento"] = [["ID", "FECHA DE CORTE", "% DE AVANCE"]] + follow_up
    loaded = read_plan(build_xlsx(tmp_path / name, sheets))
    assert loaded.ok, loaded.findings.to_text()
    return loaded.plan


def test_hand_built_workbooks(tmp_path):
    old = _workbook(tmp_path, "antes.xlsx", [
        ["1", "Diálogo", "Realizar la audiencia pública", "Una audiencia", "Secretaría de Planeación", "X", "", ""],
        ["2", "Diálogo", "Publicar las respuestas", "Respuestas publicadas", "Secretaría de Planeación", "", "X", ""],
        ["3", "Información", "Difundir la convocatoria", "Convocatoria", "Secretaría Administrativa", "X", "", ""],
    ], follow_up=[["1", "31/01/2018", "50"]])
    new = _workbook(tmp_path, "despues.xlsx", [
        ["1", "Diálogo", "Realizar la audiencia pública", "Una audiencia", "Secretaría de Planeación", "X", "X", ""],
        ["2", "Diálogo", "Publicar las respuestas a la ciudadanía", "Respuestas publicadas",
         "Secretaría de Planeación - Secretaría Administrativa", "", "X", ""],
        ["4", "Información", "Informe de gestión", "Informe", "Secretaría de Planeación", "", "", "X"],
    ], follow_up=[["1", "31/01/2018", "50"], ["1", "28/02/2018", "80"]])
    diff = compare(old, new)
    assert diff.agregadas["id"].tolist() == ["4"] and diff.eliminadas["id"].tolist() == ["3"]
    assert [(r["id"], r["campo"]) for r in _rows(diff.modificadas)] == [("2", "actividad"), ("2", "responsable_texto")]
    assert _rows(diff.responsables) == [{"id": "2", "agregadas": "Secretaría Administrativa", "quitadas": ""}]
    # No vigencia in these workbooks: MES 1 is January of the current year.
    assert _rows(diff.meses) == [{"id": "1", "agregados": f"feb {old.parametros.vigencia}", "quitados": ""}]
    assert _rows(diff.reportes_nuevos[["id", "fecha_corte", "avance"]]) == [
        {"id": "1", "fecha_corte": date(2018, 2, 28), "avance": 80.0}]
    assert _rows(diff.avance) == [{"id": "1", "antes": 50.0, "despues": 80.0}]
    assert diff.summary_text() == (
        "1 actividad agregada, 1 eliminada, 1 modificada, responsables cambiados en 1 actividad, cronograma cambiado "
        "en 1 actividad, 1 reporte de avance nuevo y avance más reciente cambiado en 1 actividad."
    )
    assert compare(new, new).empty

"""«Avance del plan» on a follow-up workbook with known % de avance per cut, read from a real .xlsx.

The workbook (vigencia 2018, MES 1 = enero 2018, MES 13 = enero 2019):

    id  subcomponente  peso  months          30/04  31/08  31/12
    A   Información      2   1–4 (ends 30/04)   70     90    100
    B   Información      1   5–9 (ends 30/09)    —     50     80
    C   Diálogo          3   none                20     40     60
    D   Diálogo          1   12–13 (ends 31/01/2019, after the vigencia)  —  —  30
    E   Diálogo          1   1–2 (ends 28/02)   no report at all (0)

«programadas a la fecha» (default: the schedule has started by the cut):
  30/04: A, E             (2·70 + 1·0) / 3           = 46,67  rojo
  31/08: A, B, E          (2·90 + 50 + 0) / 4        = 57,5   rojo
  31/12: all five         (2·100 + 80 + 3·60 + 30 + 0) / 8 = 490/8 = 61,25 -> 61,3 (half up) amarillo
         Información (200 + 80) / 3 = 93,33 verde · Diálogo (180 + 30 + 0) / 5 = 42 rojo
«las que vencen hasta el corte»:
  30/04: A, E             (2·70 + 1·0) / 3           = 46,67  rojo
  31/08: A, E             (2·90 + 1·0) / 3           = 60     amarillo (exactly the threshold)
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rendicion.followup import engine, measure, summary
from rendicion.reading.loader import read_plan
from tests.builders import ROOT, build_xlsx

APRIL, AUGUST, DECEMBER = date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)
MONTHS = {"A": range(1, 5), "B": range(5, 10), "C": (), "D": (12, 13), "E": (1, 2)}


def _workbook(path: Path, *, regla: str | None = None, ejemplo: str | None = None) -> Path:
    plan = [
        ["Vigencia: 2018"],
        ["ID", "SUBCOMPONENTE", "ACTIVIDADES", "META", "RESPONSABLE", "PESO"],
        ["A", "Información", "Publicar el informe de gestión", "1 informe", "Secretaría de Planeación", 2],
        ["B", "", "Actualizar la página web", "Página", "Dirección de Comunicaciones - Secretaría de Planeación", 1],
        ["C", "Diálogo", "Realizar mesas con la ciudadanía", "3 mesas", "Secretaría de Gobierno", 3],
        ["D", "", "Realizar la audiencia pública", "1 audiencia", "Secretaría de Planeación", 1],
        ["E", "", "Convocar a las veedurías", "Convocatoria", "Secretaría de Gobierno", 1],
    ]
    cronograma = [["ID", "ACTIVIDAD", *[f"MES {m}" for m in range(1, 14)]]]
    for ident, months in MONTHS.items():
        if months:
            cronograma.append([ident, "", *["X" if m in months else None for m in range(1, 14)]])
    seguimiento = [
        ["ID", "FECHA DE CORTE", "% DE AVANCE", "OBSERVACIONES"],
        ["A", APRIL, 70, ""], ["A", AUGUST, 90, ""], ["A", DECEMBER, 100, "Terminada"],
        ["B", AUGUST, 0.5, ""], ["B", DECEMBER, "80 %", ""],
        ["C", APRIL, 20, ""], ["C", AUGUST, 40, ""], ["C", DECEMBER, 60, ""],
        ["D", DECEMBER, 30, ""],
    ]
    parametros = [["Parámetro", "Valor"], ["Entidad", "Municipio de Prueba"], ["Vigencia", 2018]]
    if regla is not None:
        parametros.append(["Actividades evaluadas en cada corte", regla])
    if ejemplo is not None:
        parametros += [["Datos de ejemplo", ejemplo], ["Cronograma reconstruido", ejemplo]]
    return build_xlsx(path, {"Plan": plan, "Cronograma": cronograma, "Seguimiento": seguimiento,
                             "Parámetros": parametros})


@pytest.fixture
def plan(tmp_path):
    loaded = read_plan(_workbook(tmp_path / "seguimiento.xlsx"))
    assert loaded.ok, loaded.findings.to_text()
    return loaded.plan


@pytest.mark.parametrize(("corte", "evaluadas", "avance", "zona"), [
    (APRIL, {"A", "E"}, 140 / 3, "rojo"),
    (AUGUST, {"A", "B", "E"}, 57.5, "rojo"),
    (DECEMBER, {"A", "B", "C", "D", "E"}, 61.25, "amarillo"),
])
def test_avance_del_plan_per_cut(plan, corte, evaluadas, avance, zona):
    evaluated = engine.evaluate(plan, corte)
    assert set(evaluated.loc[evaluated["evaluada"], "id"]) == evaluadas
    total = measure.aggregate(evaluated, plan.parametros).iloc[0]
    assert total["avance"] == pytest.approx(avance)
    assert total["semaforo"] == zona
    assert total["evaluadas"] == len(evaluadas)


def test_no_schedule_is_listed_until_the_final_cut_and_then_evaluated(plan):
    for corte in (APRIL, AUGUST):
        evaluated = engine.evaluate(plan, corte)
        assert list(measure.sin_fecha_programada(evaluated)["id"]) == ["C"]
        assert measure.aggregate(evaluated, plan.parametros).iloc[0]["sin_fecha"] == 1
    final = engine.evaluate(plan, DECEMBER).set_index("id")
    assert final.loc["C", "evaluada"] and final.loc["C", "semaforo"] == "amarillo"  # 60 %
    # D's schedule ends in January 2019, after the vigencia: the final cut evaluates it anyway.
    assert final.loc["D", "fin"] == date(2019, 1, 31)
    assert final.loc["D", "evaluada"] and final.loc["D", "semaforo"] == "rojo"  # 30 %
    # E never reported: 0 %, rojo, and it weighs in the mean.
    assert final.loc["E", "avance_reportado"] == 0.0 and final.loc["E", "semaforo"] == "rojo"


def test_subcomponents_at_the_final_cut(plan):
    by = measure.aggregate(engine.evaluate(plan, DECEMBER), plan.parametros, by="subcomponente")
    assert by["subcomponente"].tolist() == ["Información", "Diálogo"]
    assert by["avance"].tolist() == pytest.approx([280 / 3, 42.0])
    assert by["semaforo"].tolist() == ["verde", "rojo"]
    assert by["cumplidas"].tolist() == [1, 0]


def test_offices_follow_the_same_measure(plan):
    evaluated = engine.evaluate(plan, AUGUST)
    by = measure.aggregate_by_office(evaluated, engine.membership(plan), plan.parametros).set_index("dependencia")
    # Planeación: A (90, peso 2) and B (50, apoyo) have started; D not yet -> (180 + 50) / 3 = 76,67.
    # Gobierno: E (0) evaluated, C has no schedule -> 0.
    assert by.loc["Secretaría de Planeación", "avance"] == pytest.approx(230 / 3)
    assert by.loc["Secretaría de Planeación", "semaforo"] == "amarillo"
    assert by.loc["Secretaría de Gobierno", "avance"] == pytest.approx(0.0)
    assert by.loc["Secretaría de Gobierno", "semaforo"] == "rojo"
    # Comunicaciones only has B (50 %), started in May.
    assert by.loc["Dirección de Comunicaciones", "evaluadas"] == 1
    assert by.loc["Dirección de Comunicaciones", "semaforo"] == "rojo"


@pytest.mark.parametrize(("written", "rule", "evaluadas", "avance"), [
    # The former name of the default still reads as it.
    ("Las iniciadas hasta el corte", "programadas a la fecha", {"A", "B", "E"}, 57.5),
    ("Programadas a la fecha", "programadas a la fecha", {"A", "B", "E"}, 57.5),
    ("Las que vencen hasta el corte", "las que vencen hasta el corte", {"A", "E"}, 60.0),
    # May–August: A (Jan–Apr) and E (Jan–Feb) have no day in it; B (May–Sep) has: 50.
    ("Programadas en el cuatrimestre", "programadas en el cuatrimestre", {"B"}, 50.0),
    # All five at every cut: (2·90 + 50 + 3·40 + 0 + 0) / 8 = 350 / 8 = 43,75.
    ("Todas las de la vigencia", "todas las de la vigencia", {"A", "B", "C", "D", "E"}, 43.75),
])
def test_rule_from_the_parameters_sheet(tmp_path, written, rule, evaluadas, avance):
    loaded = read_plan(_workbook(tmp_path / "p.xlsx", regla=written))
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert plan.parametros.actividades_evaluadas == rule
    evaluated = engine.evaluate(plan, AUGUST)
    assert set(evaluated.loc[evaluated["evaluada"], "id"]) == evaluadas
    assert measure.aggregate(evaluated, plan.parametros).iloc[0]["avance"] == pytest.approx(avance)


def test_unknown_rule_is_an_error_at_its_cell(tmp_path):
    loaded = read_plan(_workbook(tmp_path / "p.xlsx", regla="al azar"))
    assert not loaded.ok
    [error] = loaded.findings.errors
    for rule in ("programadas a la fecha", "las que vencen hasta el corte", "programadas en el cuatrimestre",
                 "todas las de la vigencia"):
        assert rule in error.message
    assert (error.sheet, error.row, error.column) == ("Parámetros", 4, "B")


@pytest.mark.parametrize(("answer", "flag"), [("Sí", True), ("no", False), (True, True)])
def test_example_and_reconstructed_flags(tmp_path, answer, flag):
    plan = read_plan(_workbook(tmp_path / "p.xlsx", ejemplo=answer)).plan
    assert plan.parametros.datos_de_ejemplo is flag and plan.parametros.cronograma_reconstruido is flag
    assert ("DATOS DE EJEMPLO" in plan.parametros.aviso) is flag


def test_flag_that_is_no_answer_is_an_error(tmp_path):
    loaded = read_plan(_workbook(tmp_path / "p.xlsx", ejemplo="quizás"))
    assert {e.message for e in loaded.findings.errors} == {"Escriba «Sí» o «No»."}


# --------------------------------------------------------------------------- JSON export


def _run_report(workbook: Path, corte: str, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "rendicion", "report", str(workbook), "--corte", corte,
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_bytes().decode("utf-8"))


def test_json_report_is_exactly_the_mean_of_the_evaluated_activities(tmp_path):
    workbook = _workbook(tmp_path / "seguimiento.xlsx", ejemplo="Sí")
    data = _run_report(workbook, "2018-12-31", tmp_path / "informe.json")
    actividades = data["actividades"]
    evaluated = [a for a in actividades if a["evaluada"]]
    pesos = {"A": 2, "B": 1, "C": 3, "D": 1, "E": 1}
    mean = sum(pesos[a["id"]] * a["avance_reportado"] for a in evaluated) / sum(pesos[a["id"]] for a in evaluated)
    assert mean == pytest.approx(61.25)
    # Rounded as every page shows it: one decimal, half up.
    assert data["avance"] == 61.3
    assert (data["semaforo"], data["zona"], data["nombre_cifra"]) == ("amarillo", "Media (amarillo)", "Avance del plan")
    assert (data["regla"], data["evaluadas"], data["total_actividades"]) == ("programadas a la fecha", 5, 5)
    assert data["ponderado"] is True  # pesos 2, 1, 3, 1, 1
    assert (data["entidad"], data["vigencia"], data["corte"]) == ("Municipio de Prueba", 2018, "2018-12-31")
    assert data["subcomponentes"] == [
        {"subcomponente": "Información", "avance": 93.3, "semaforo": "verde", "zona": "Alta (verde)",
         "actividades": 2, "evaluadas": 2, "cumplidas": 1, "vencidas_sin_cumplir": 1},
        {"subcomponente": "Diálogo", "avance": 42.0, "semaforo": "rojo", "zona": "Baja (rojo)",
         "actividades": 3, "evaluadas": 3, "cumplidas": 0, "vencidas_sin_cumplir": 1},
    ]
    # B (May–Sep) ended at 80 % and E (Jan–Feb) without any report: vencidas sin cumplir.
    assert data["vencidas_sin_cumplir"] == [
        {"id": "B", "actividad": "Actualizar la página web", "fin": "2018-09-30", "avance": 80.0},
        {"id": "E", "actividad": "Convocar a las veedurías", "fin": "2018-02-28", "avance": 0.0}]
    assert data["avisos"] == ["DATOS DE EJEMPLO", "cronograma reconstruido"]
    b = next(a for a in actividades if a["id"] == "B")
    assert set(b) == {"id", "subcomponente", "actividad", "meta_indicador", "responsables", "fecha_programada",
                      "inicio", "fin", "evaluada", "avance", "avance_reportado", "avance_verificado", "verificado",
                      "fecha_reporte", "actividades_cumplidas", "observaciones", "observaciones_ci", "estado",
                      "vencida_sin_cumplir", "semaforo", "zona", "cumplimiento_cronograma"}
    assert (b["avance"], b["avance_verificado"], b["verificado"]) == (80.0, None, False)
    assert b["responsables"] == ["Dirección de Comunicaciones", "Secretaría de Planeación"]
    assert (b["inicio"], b["fin"], b["fecha_reporte"]) == ("2018-05-01", "2018-09-30", "2018-12-31")
    assert (b["avance_reportado"], b["semaforo"], b["fecha_programada"]) == (80.0, "verde", None)
    c = next(a for a in actividades if a["id"] == "C")
    assert (c["inicio"], c["fin"], c["cumplimiento_cronograma"]) == (None, None, None)


def test_json_report_before_the_final_cut(tmp_path):
    data = _run_report(_workbook(tmp_path / "s.xlsx"), "2018-08-31", tmp_path / "agosto.json")
    assert data["avance"] == 57.5 and data["semaforo"] == "rojo"
    assert [a["id"] for a in data["actividades"] if a["evaluada"]] == ["A", "B", "E"]
    assert [a["semaforo"] for a in data["actividades"]] == ["verde", "rojo", None, None, "rojo"]
    assert data["avisos"] == [] and data["datos_de_ejemplo"] is False


def test_json_report_keeps_accents_as_utf8(plan):
    text = summary.informe_json(plan, DECEMBER)
    assert "Información" in text and "\\u" not in text


@pytest.mark.parametrize("flag", [None, "Sí"])
def test_reports_say_what_is_example_only_when_marked(tmp_path, flag):
    import io

    import openpyxl

    from rendicion.outputs.informe_excel import informe_excel
    from rendicion.outputs.informe_html import informe_html

    plan = read_plan(_workbook(tmp_path / "p.xlsx", ejemplo=flag)).plan
    page = informe_html(plan, DECEMBER)
    book = openpyxl.load_workbook(io.BytesIO(informe_excel(plan, DECEMBER)))
    top = str(book.worksheets[0].cell(3, 1).value or "")
    for text in (page, top, summary.informe_json(plan, DECEMBER)):
        assert ("DATOS DE EJEMPLO" in text) is bool(flag)
        assert ("ronograma reconstruido" in text) is bool(flag)


#: Control Interno's follow-up as departments publish it: PAAC columns, «Seguimiento n OCI» groups side by side.
OCI = [
    ["Seguimiento Plan de Acción Rendición de Cuentas – Vigencia 2018"],
    [None, None, None, None, None, "Seguimiento 1 OCI", None, "Seguimiento 2 OCI", None, "Seguimiento 3 OCI", None],
    ["No.", "Subcomponente", "Actividades", "Responsable", "Fecha programada",
     "% de avance", "Observaciones", "% de avance", "Observaciones", "% de avance", "Observaciones"],
    ["1.1", "Información", "Publicar el informe de gestión", "Planeación", "30/04/2018", 0.8, None, 1, None, 1, None],
    ["1.2", "Información", "Elaborar boletines de prensa", "Comunicaciones", "Enero a diciembre",
     0.3, None, 0.6, None, 0.9, None],
    ["2.1", "Diálogo", "Realizar la audiencia pública", "Planeación", "Diciembre", 0, None, 0.2, None, 0.55, None],
    ["3.1", "Incentivos", "Capacitar a los servidores", "Talento Humano", None, None, None, None, None, 0.4, None],
]


@pytest.mark.parametrize("corte", ["2018-08-31", "2018-12-31"])
def test_json_of_a_control_interno_follow_up_is_the_mean_of_its_evaluated_activities(tmp_path, corte):
    workbook = build_xlsx(tmp_path / "oci.xlsx", {"Seguimiento": OCI},
                          merges={"Seguimiento": ["F2:G2", "H2:I2", "J2:K2"]})
    data = _run_report(workbook, corte, tmp_path / "oci.json")
    evaluated = [a["avance_reportado"] for a in data["actividades"] if a["evaluada"]]
    if corte == "2018-12-31":  # the final cut evaluates all four: (100 + 90 + 55 + 40) / 4 = 71,25
        assert evaluated == [100.0, 90.0, 55.0, 40.0]
        assert data["avance"] == 71.3 and data["semaforo"] == "amarillo"  # 71,25 rounded half up
    else:  # «programadas a la fecha» at 31/08: 1.1 (30/04) and 1.2 (from January) have started; 2.1
        # (December) has not, 3.1 has no schedule. Seguimiento 2: 1.1 at 1 (100 %), 1.2 at 0,6: (100 + 60) / 2.
        assert evaluated == [100.0, 60.0]
        assert data["avance"] == 80.0 and data["semaforo"] == "verde"  # 80 % is already the green zone
    for activity in data["actividades"]:
        assert activity["semaforo"] is None or activity["evaluada"]
    # Control Interno's published follow-up: its one % is its verified figure (and the only one given).
    reported = [a for a in data["actividades"] if a["fecha_reporte"] is not None]
    assert reported and all(a["verificado"] and a["avance_verificado"] == a["avance_reportado"] for a in reported)

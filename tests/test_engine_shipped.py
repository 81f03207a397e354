"""«Avance del plan» on the shipped plan at the three PAAC cuts, against figures computed by hand.

All weights are 1. MES 1 is January 2018, MES 13 January 2019; the vigencia ends on 31/12/2018.

Schedules (months) and the % de avance reported by each cut (latest report on or before it):

    id   months        30/04  31/08  31/12        id   months       30/04  31/08  31/12
    1.1  —               100    100    100        2.6  5,10             0     50    100
    1.2  —                 0      0      0        2.7  4,7,10          33     33    100
    1.3  —                 0      0      0        2.8  12–13            0      0     50
    1.4  —                 0      0      0        3.1  —                0     30     60
    1.5  —                 0     40    100        3.2  6,12             0     50    100
    2.1  9–10              0      0    100        4.1  4,8,12          33     50    100
    2.2  1–13             30     60     92        4.2  1,2             80     90    100
    2.3  11                0      0    100        4.3  12               0      0    100
    2.4  1–13             25     45     85        4.4  13               0      0      0
    2.5  3,6,9,11         25     50    100

Rule «las que vencen hasta el corte» (default):
  30/04: only 4.2 has ended (February)                   -> 80     verde    (1 of 19)
  31/08: still only 4.2                                   -> 90     verde    (1 of 19)
  31/12: final cut, all 19 (1387 / 19)                    -> 73     amarillo (19 of 19)
Rule «las iniciadas hasta el corte»:
  30/04: 2.2 2.4 2.5 2.7 4.1 4.2 = (30+25+25+33+33+80)/6 = 226/6 -> 37,67 rojo
  31/08: + 2.6 3.2: (60+45+50+50+33+50+50+90)/8 = 428/8     -> 53,5  rojo (the issue's figure)
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from rendicion.followup import engine, measure
from rendicion.plan.model import EVALUADAS_INICIADAS

APRIL, AUGUST, DECEMBER = date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)
UNSCHEDULED = {"1.1", "1.2", "1.3", "1.4", "1.5", "3.1"}


def _iniciadas(plan):
    return dataclasses.replace(plan, parametros=dataclasses.replace(plan.parametros,
                                                                    actividades_evaluadas=EVALUADAS_INICIADAS))


def _total(plan, corte):
    evaluated = engine.evaluate(plan, corte)
    return evaluated, measure.aggregate(evaluated, plan.parametros).iloc[0]


def test_the_shipped_plan_uses_the_default_rule_and_says_what_is_example(plan):
    assert plan.parametros.actividades_evaluadas == "las que vencen hasta el corte"
    assert plan.parametros.datos_de_ejemplo and plan.parametros.cronograma_reconstruido
    assert "DATOS DE EJEMPLO" in plan.parametros.aviso and "ronograma reconstruido" in plan.parametros.aviso


@pytest.mark.parametrize(("corte", "ids", "avance", "zona"), [
    (APRIL, {"4.2"}, 80.0, "verde"),
    (AUGUST, {"4.2"}, 90.0, "verde"),
    (DECEMBER, None, 1387 / 19, "amarillo"),
])
def test_avance_del_plan_at_the_three_cuts(plan, corte, ids, avance, zona):
    evaluated, total = _total(plan, corte)
    chosen = set(evaluated.loc[evaluated["evaluada"], "id"])
    assert chosen == (ids if ids is not None else set(evaluated["id"]))
    assert total["avance"] == pytest.approx(avance)
    assert total["semaforo"] == zona
    assert total["evaluadas"] == len(chosen) and total["actividades"] == 19
    # Before the final cut the activities without schedule are listed as «sin fecha programada».
    assert set(measure.sin_fecha_programada(evaluated)["id"]) == (UNSCHEDULED if corte < DECEMBER else set())
    assert total["sin_fecha"] == (6 if corte < DECEMBER else 0)


def test_the_final_cut_gives_the_issue_figure_and_each_activity_its_own_zone(plan):
    evaluated, total = _total(plan, DECEMBER)
    assert round(total["avance"], 1) == 73.0
    assert total["cumplidas"] == 11  # reported 100 % by 31/12
    zones = dict(zip(evaluated["id"], evaluated["semaforo"]))
    assert {i for i, z in zones.items() if z == "rojo"} == {"1.2", "1.3", "1.4", "2.8", "4.4"}  # 0, 0, 0, 50, 0
    assert {i for i, z in zones.items() if z == "amarillo"} == {"3.1"}  # 60
    assert zones["2.4"] == "verde"  # 85
    # Información (1.2–1.4 at 0 %) is now evaluated: (100 + 0 + 0 + 0 + 100) / 5 = 40.
    by = measure.aggregate(evaluated, plan.parametros, by="subcomponente").set_index("subcomponente")
    assert by["avance"].to_dict() == pytest.approx({"Información": 40.0, "Diálogo": 727 / 8, "Incentivos": 80.0,
                                                    "Evaluación y seguimiento": 75.0})
    assert by["semaforo"].tolist() == ["rojo", "verde", "verde", "amarillo"]


@pytest.mark.parametrize(("corte", "avance"), [(APRIL, 226 / 6), (AUGUST, 53.5)])
def test_rule_iniciadas_gives_the_mean_of_the_started_activities(plan, corte, avance):
    _, total = _total(_iniciadas(plan), corte)
    assert total["avance"] == pytest.approx(avance)
    assert total["semaforo"] == "rojo"


def test_offices_at_31_08_with_rule_iniciadas(plan):
    plan = _iniciadas(plan)
    evaluated = engine.evaluate(plan, AUGUST)
    by = measure.aggregate_by_office(evaluated, engine.membership(plan), plan.parametros).set_index("dependencia")
    expected = {
        # evaluated activities (own, support, and through "Todas las dependencias": 2.6)
        "Secretaría de Planeación": (12, (50 + 33 + 50 + 50 + 90) / 5, "rojo"),            # 2.6 2.7 3.2 4.1 4.2
        "Dirección de Comunicaciones y Relaciones Públicas": (11, (60 + 45 + 50 + 50) / 4, "rojo"),  # 2.2 2.4 2.5 2.6
        "Secretaría de Apoyo a la Gestión": (7, (50 + 90 + 50) / 3, "amarillo"),           # 4.1 4.2 2.6
        "Secretaría Administrativa": (5, 50.0, "rojo"),                                    # 3.2 2.6
        "Dirección de Talento Humano": (4, 50.0, "rojo"),                                  # 2.6
        "Todas las dependencias": (3, 50.0, "rojo"),                                       # 2.6
    }
    assert set(by.index) == set(expected)
    for office, (count, avance, zona) in expected.items():
        assert by.loc[office, "actividades"] == count, office
        assert by.loc[office, "avance"] == pytest.approx(avance), office
        assert by.loc[office, "semaforo"] == zona, office


def test_cumplimiento_del_cronograma_stays_as_the_secondary_index(plan, evaluated):
    """Reported ÷ expected at 31/08 (85,7 %), never with a zone.

    Expected progress counts scheduled days: 243 days of 2018 have elapsed at 31/08. Reported ÷
    expected: 2.2 60·396/243 = 97.78 · 2.4 45·396/243 = 73.33 · 2.5 50·121/61 = 99.18 · 2.6 100 ·
    2.7 33·92/61 = 49.77 · 3.2 100 (capped) · 4.1 50·92/61 = 75.41 · 4.2 90 -> 85.684 (it was
    85.641 when expected progress averaged month fractions: 8/13, 2/4 …).
    """
    rows = evaluated.set_index("id")
    assert rows.loc["2.2", "avance_esperado"] == pytest.approx(100 * 243 / 396)
    assert rows.loc["2.7", "avance_esperado"] == pytest.approx(100 * 61 / 92)
    assert rows.loc["2.7", "cumplimiento_cronograma"] == pytest.approx(33 * 92 / 61)  # 49,77
    total = measure.aggregate(evaluated, plan.parametros).iloc[0]
    assert total["cumplimiento_cronograma"] == pytest.approx(
        (60 * 396 / 243 + 45 * 396 / 243 + 50 * 121 / 61 + 100 + 33 * 92 / 61 + 100 + 50 * 92 / 61 + 90) / 8)
    assert total["cumplimiento_cronograma"] == pytest.approx(85.6839708561)
    # 2.7 is behind schedule (49,8 %) but not due yet: it has no zone at 31/08.
    assert rows.loc["2.7", "semaforo"] is None


def test_estados(evaluated):
    estados = dict(zip(evaluated["id"], evaluated["estado"]))
    assert {i for i, e in estados.items() if e == "Cumplida"} == {"1.1"}           # 100 reported on 30/04
    assert {i for i, e in estados.items() if e == "Vencida"} == {"4.2"}            # Jan–Feb, 90 reported
    assert {i for i, e in estados.items() if e == "Sin programar"} == {"1.2", "1.3", "1.4", "1.5", "3.1"}
    assert {i for i, e in estados.items() if e == "Por iniciar"} == {"2.1", "2.3", "2.8", "4.3", "4.4"}
    assert {i for i, e in estados.items() if e == "En ejecución"} == {"2.2", "2.5", "2.6", "3.2"}
    # Started and more than 15 points behind the expected (margen de atraso by default) at 31/08:
    # 2.4: 45 reported against 61,4 expected (MES 1–13, 243 of 396 days), 16,4 points behind;
    # 2.7: 33 against 66,3 (April, July, October: 61 of 92 days), 33,3 behind;
    # 4.1: 50 against 66,3 (April, August, December: 61 of 92 days), 16,3 behind.
    # 4.2 (January–February, 90 reported) ended unfinished: Vencida, not Atrasada.
    assert {i for i, e in estados.items() if e == "Atrasada"} == {"2.4", "2.7", "4.1"}

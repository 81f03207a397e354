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

Rule «programadas a la fecha» (default: the schedule has started by the cut):
  30/04: 2.2 2.4 2.5 2.7 4.1 4.2 = (30+25+25+33+33+80)/6 = 226/6 -> 37,67 -> 37,7 rojo (6 of 19)
  31/08: + 2.6 3.2: (60+45+50+50+33+50+50+90)/8 = 428/8     -> 53,5  rojo (8 of 19)
  31/12: final cut, all 19 (1387 / 19)                       -> 73    amarillo (19 of 19)
Rule «las que vencen hasta el corte»:
  30/04: only 4.2 has ended (February)                   -> 80     verde    (1 of 19)
  31/08: still only 4.2                                   -> 90     verde    (1 of 19)
  31/12: final cut, all 19                                -> 73     amarillo (19 of 19)
Rule «programadas en el cuatrimestre» (a scheduled day between the period's first day and the cut):
  30/04 (Jan–Apr): the same 6 as «programadas a la fecha» -> 226/6 = 37,7 rojo (6 of 19)
  31/08 (May–Aug): 2.2 (1–13) 2.4 (1–13) 2.5 (6) 2.6 (5) 2.7 (7) 3.2 (6) 4.1 (8); not 4.2 (Jan–Feb)
         (60+45+50+50+33+50+50)/7 = 338/7 = 48,29          -> 48,3 rojo (7 of 19)
  31/12: final cut, all 19                                -> 73     amarillo (19 of 19)
Rule «todas las de la vigencia» (all 19 at every cut, unscheduled ones included):
  30/04: 1.1 100 + 2.2 30 + 2.4 25 + 2.5 25 + 2.7 33 + 4.1 33 + 4.2 80 = 326 / 19 = 17,16 -> 17,2 rojo
  31/08: 1.1 100 + 1.5 40 + 2.2 60 + 2.4 45 + 2.5 50 + 2.6 50 + 2.7 33 + 3.1 30 + 3.2 50 + 4.1 50
         + 4.2 90 = 598 / 19 = 31,47                      -> 31,5 rojo
  31/12: 1387 / 19                                        -> 73     amarillo
Vencidas sin cumplir (schedule ended before the cut, below 100 %): 4.2 at 30/04 (80 %) and at 31/08
(90 %); none at 31/12 (every activity that ended before December reports 100 %).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from rendicion.common import formatting
from rendicion.followup import engine, measure
from rendicion.plan.model import EVALUADAS_CUATRIMESTRE, EVALUADAS_PROGRAMADAS, EVALUADAS_TODAS, EVALUADAS_VENCEN

APRIL, AUGUST, DECEMBER = date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)
UNSCHEDULED = {"1.1", "1.2", "1.3", "1.4", "1.5", "3.1"}


def _rule(plan, rule):
    return dataclasses.replace(plan, parametros=dataclasses.replace(plan.parametros, actividades_evaluadas=rule))


def _vencen(plan):
    return _rule(plan, EVALUADAS_VENCEN)


def _total(plan, corte):
    evaluated = engine.evaluate(plan, corte)
    return evaluated, measure.aggregate(evaluated, plan.parametros).iloc[0]


def test_the_shipped_plan_uses_the_default_rule_and_says_what_is_example(plan):
    assert plan.parametros.actividades_evaluadas == "programadas a la fecha"
    assert plan.parametros.datos_de_ejemplo and plan.parametros.cronograma_reconstruido
    assert "DATOS DE EJEMPLO" in plan.parametros.aviso and "ronograma reconstruido" in plan.parametros.aviso


@pytest.mark.parametrize(("corte", "ids", "avance", "zona"), [
    (APRIL, {"4.2"}, 80.0, "verde"),
    (AUGUST, {"4.2"}, 90.0, "verde"),
    (DECEMBER, None, 1387 / 19, "amarillo"),
])
def test_avance_del_plan_at_the_three_cuts_under_the_rule_vencen(plan, corte, ids, avance, zona):
    evaluated, total = _total(_vencen(plan), corte)
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


STARTED_APRIL = {"2.2", "2.4", "2.5", "2.7", "4.1", "4.2"}


@pytest.mark.parametrize(("rule", "corte", "ids", "avance", "shown", "zona"), [
    (EVALUADAS_PROGRAMADAS, APRIL, STARTED_APRIL, 226 / 6, "37,7 %", "rojo"),
    (EVALUADAS_PROGRAMADAS, AUGUST, STARTED_APRIL | {"2.6", "3.2"}, 53.5, "53,5 %", "rojo"),
    (EVALUADAS_PROGRAMADAS, DECEMBER, None, 1387 / 19, "73 %", "amarillo"),
    (EVALUADAS_VENCEN, APRIL, {"4.2"}, 80.0, "80 %", "verde"),
    (EVALUADAS_VENCEN, AUGUST, {"4.2"}, 90.0, "90 %", "verde"),
    (EVALUADAS_VENCEN, DECEMBER, None, 1387 / 19, "73 %", "amarillo"),
    (EVALUADAS_CUATRIMESTRE, APRIL, STARTED_APRIL, 226 / 6, "37,7 %", "rojo"),
    (EVALUADAS_CUATRIMESTRE, AUGUST, {"2.2", "2.4", "2.5", "2.6", "2.7", "3.2", "4.1"}, 338 / 7, "48,3 %", "rojo"),
    (EVALUADAS_CUATRIMESTRE, DECEMBER, None, 1387 / 19, "73 %", "amarillo"),
    (EVALUADAS_TODAS, APRIL, None, 326 / 19, "17,2 %", "rojo"),
    (EVALUADAS_TODAS, AUGUST, None, 598 / 19, "31,5 %", "rojo"),
    (EVALUADAS_TODAS, DECEMBER, None, 1387 / 19, "73 %", "amarillo"),
])
def test_each_rule_at_the_three_cuts_recomputed_by_hand(plan, rule, corte, ids, avance, shown, zona):
    evaluated, total = _total(_rule(plan, rule), corte)
    chosen = set(evaluated.loc[evaluated["evaluada"], "id"])
    assert chosen == (ids if ids is not None else set(evaluated["id"]))
    assert total["evaluadas"] == len(chosen) and total["actividades"] == 19
    assert total["avance"] == pytest.approx(avance)
    assert formatting.percent(total["avance"]) == shown
    assert total["semaforo"] == zona
    assert total["vencidas_sin_cumplir"] == (0 if corte == DECEMBER else 1)
    assert set(measure.vencidas_sin_cumplir(evaluated)["id"]) == (set() if corte == DECEMBER else {"4.2"})


def test_the_default_rule_gives_the_issue_figures(plan):
    """The shipped plan under its own (default) rule: 37,7 % rojo (6), 53,5 % rojo (8), 73 % amarillo (19)."""
    figures = []
    for corte in (APRIL, AUGUST, DECEMBER):
        _, total = _total(plan, corte)
        figures.append((formatting.percent(total["avance"]), total["semaforo"], int(total["evaluadas"])))
    assert figures == [("37,7 %", "rojo", 6), ("53,5 %", "rojo", 8), ("73 %", "amarillo", 19)]


def test_offices_at_31_08_with_the_default_rule(plan):
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
    # 2.7 is behind schedule (49,8 %); under the default rule it has started, so its own 33 % has a zone
    # (rojo); under «las que vencen hasta el corte» it is not due yet: no zone at 31/08.
    assert rows.loc["2.7", "semaforo"] == "rojo"
    vencen = engine.evaluate(_vencen(plan), AUGUST).set_index("id")
    assert vencen.loc["2.7", "semaforo"] is None
    assert vencen.loc["2.7", "cumplimiento_cronograma"] == pytest.approx(33 * 92 / 61)


def test_estados(evaluated):
    """At 31/08 (the ``evaluated`` fixture)."""
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

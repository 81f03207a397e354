"""The follow-up engine on the shipped plan at 2018-08-31, against figures computed by hand.

At 31/08/2018 months 1–8 (Jan–Aug 2018) have ended; 9–13 have not started. All weights are 1.
Counted activities (expected > 0), reported / expected:
  2.2  months 1–13   expected 8/13 = 61.538 %  reported 60  ->  97.5    verde
  2.4  months 1–13   expected 61.538 %          reported 45  ->  73.125  amarillo
  2.5  months 3,6,9,11 expected 2/4 = 50 %      reported 50  -> 100      verde
  2.6  months 5,10   expected 1/2 = 50 %        reported 50  -> 100      verde
  2.7  months 4,7,10 expected 2/3 = 66.667 %    reported 33  ->  49.5    rojo
  3.2  months 6,12   expected 50 %              reported 50  -> 100      verde
  4.1  months 4,8,12 expected 66.667 %          reported 50  ->  75      amarillo
  4.2  months 1,2    expected 100 %             reported 90  ->  90      verde (Vencida: February ended)
"""

from __future__ import annotations


import pytest

from rendicion import engine
from tests.builders import AUGUST_CUT

CORTE = AUGUST_CUT


def test_activities(evaluated):
    rows = evaluated.set_index("id")
    assert rows.loc["2.2", "avance_esperado"] == pytest.approx(800 / 13)
    assert rows.loc["2.7", "avance_esperado"] == pytest.approx(200 / 3)
    expected = {"2.2": (97.5, "verde"), "2.4": (73.125, "amarillo"), "2.5": (100, "verde"), "2.6": (100, "verde"),
                "2.7": (49.5, "rojo"), "3.2": (100, "verde"), "4.1": (75, "amarillo"), "4.2": (90, "verde")}
    for ident, (cumplimiento, semaforo) in expected.items():
        assert rows.loc[ident, "cumplimiento"] == pytest.approx(cumplimiento), ident
        assert rows.loc[ident, "semaforo"] == semaforo, ident
    counted = set(rows.index[rows["cumplimiento"].notna()])
    assert counted == set(expected)


def test_estados(evaluated):
    estados = dict(zip(evaluated["id"], evaluated["estado"]))
    assert {i for i, e in estados.items() if e == "Cumplida"} == {"1.1"}           # 100 reported on 30/04
    assert {i for i, e in estados.items() if e == "Vencida"} == {"4.2"}            # Jan–Feb, 90 reported
    assert {i for i, e in estados.items() if e == "Sin programar"} == {"1.2", "1.3", "1.4", "1.5", "3.1"}
    assert {i for i, e in estados.items() if e == "Por iniciar"} == {"2.1", "2.3", "2.8", "4.3", "4.4"}
    assert {i for i, e in estados.items() if e == "En ejecución"} == {"2.2", "2.4", "2.5", "2.6", "2.7", "3.2", "4.1"}


def test_plan(plan, evaluated):
    total = engine.aggregate(evaluated, plan.parametros).iloc[0]
    # (97.5 + 73.125 + 100 + 100 + 49.5 + 100 + 75 + 90) / 8 = 685.125 / 8
    assert total["cumplimiento"] == pytest.approx(85.640625)
    assert total["semaforo"] == "verde"
    assert (total["actividades"], total["Cumplida"], total["En ejecución"], total["Por iniciar"], total["Vencida"],
            total["Sin programar"]) == (19, 1, 7, 5, 1, 5)


def test_subcomponents(plan, evaluated):
    by = engine.aggregate(evaluated, plan.parametros, by="subcomponente").set_index("subcomponente")
    assert list(by.index) == ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
    assert by.loc["Información", "cumplimiento"] != by.loc["Información", "cumplimiento"]  # NaN: nothing due
    assert by.loc["Información", "semaforo"] is None
    assert by.loc["Diálogo", "cumplimiento"] == pytest.approx((97.5 + 73.125 + 100 + 100 + 49.5) / 5)  # 84.025
    assert by.loc["Incentivos", "cumplimiento"] == pytest.approx(100)
    assert by.loc["Evaluación y seguimiento", "cumplimiento"] == pytest.approx((75 + 90) / 2)  # 82.5
    assert by.loc[["Diálogo", "Incentivos", "Evaluación y seguimiento"], "semaforo"].tolist() == ["verde"] * 3


def test_offices(plan, evaluated):
    by = engine.aggregate_by_office(evaluated, engine.membership(plan), plan.parametros).set_index("dependencia")
    expected = {
        # counted activities (own, support, and through "Todas las dependencias": 2.6)
        "Secretaría de Planeación": (12, (100 + 49.5 + 100 + 75 + 90) / 5),           # 2.6 2.7 3.2 4.1 4.2
        "Dirección de Comunicaciones y Relaciones Públicas": (11, (97.5 + 73.125 + 100 + 100) / 4),  # 2.2 2.4 2.5 2.6
        "Secretaría de Apoyo a la Gestión": (7, (75 + 90 + 100) / 3),                  # 4.1 4.2 2.6
        "Secretaría Administrativa": (5, 100.0),                                       # 3.2 2.6
        "Dirección de Talento Humano": (4, 100.0),                                     # 2.6
        "Todas las dependencias": (3, 100.0),                                          # 2.6
    }
    assert set(by.index) == set(expected)
    for office, (count, cumplimiento) in expected.items():
        assert by.loc[office, "actividades"] == count, office
        assert by.loc[office, "cumplimiento"] == pytest.approx(cumplimiento), office
        assert by.loc[office, "semaforo"] == "verde", office

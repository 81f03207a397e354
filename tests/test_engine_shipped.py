"""The follow-up engine on the shipped plan at 2018-08-31, against figures computed by hand.

Expected progress counts scheduled days: at 31/08/2018 every day from 1 January to 31 August
2018 has elapsed (243 days). All weights are 1. Counted activities (expected > 0),
scheduled days elapsed / scheduled days, reported / expected:
  2.2  Jan 2018–Jan 2019 243/396 = 61.364 %  reported 60  ->  60*396/243 = 97.778  verde
  2.4  Jan 2018–Jan 2019 243/396              reported 45  ->  45*396/243 = 73.333  amarillo
  2.5  Mar, Jun, Sep, Nov  61/121 = 50.413 %  reported 50  ->  50*121/61  = 99.180  verde
  2.6  May, Oct            31/62  = 50 %      reported 50  -> 100                   verde
  2.7  Apr, Jul, Oct       61/92  = 66.304 %  reported 33  ->  33*92/61   = 49.770  rojo
  3.2  Jun, Dec            30/61  = 49.180 %  reported 50  -> 100 (capped)          verde
  4.1  Apr, Aug, Dec       61/92  = 66.304 %  reported 50  ->  50*92/61   = 75.410  amarillo
  4.2  Jan–Feb             59/59  = 100 %     reported 90  ->  90                   verde (Vencida)

Before the schedule counted days it averaged month fractions (8/13, 2/4, …); the colours and
estados are the same, the figures moved by less than 1.2 points (2.5: 100 -> 99.18).
"""

from __future__ import annotations


import pytest

from rendicion import engine
from tests.builders import AUGUST_CUT

CORTE = AUGUST_CUT
#: Compliance of the activities whose figure is not round (see the module docstring).
C22, C24, C25, C27, C41 = 60 * 396 / 243, 45 * 396 / 243, 50 * 121 / 61, 33 * 92 / 61, 50 * 92 / 61


def test_activities(evaluated):
    rows = evaluated.set_index("id")
    assert rows.loc["2.2", "avance_esperado"] == pytest.approx(100 * 243 / 396)
    assert rows.loc["2.7", "avance_esperado"] == pytest.approx(100 * 61 / 92)
    expected = {"2.2": (C22, "verde"), "2.4": (C24, "amarillo"), "2.5": (C25, "verde"), "2.6": (100, "verde"),
                "2.7": (C27, "rojo"), "3.2": (100, "verde"), "4.1": (C41, "amarillo"), "4.2": (90, "verde")}
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
    # (97.778 + 73.333 + 99.180 + 100 + 49.770 + 100 + 75.410 + 90) / 8 = 85.684
    assert total["cumplimiento"] == pytest.approx((C22 + C24 + C25 + 100 + C27 + 100 + C41 + 90) / 8)
    assert total["cumplimiento"] == pytest.approx(85.6839708561)
    assert total["semaforo"] == "verde"
    assert (total["actividades"], total["Cumplida"], total["En ejecución"], total["Por iniciar"], total["Vencida"],
            total["Sin programar"]) == (19, 1, 7, 5, 1, 5)


def test_subcomponents(plan, evaluated):
    by = engine.aggregate(evaluated, plan.parametros, by="subcomponente").set_index("subcomponente")
    assert list(by.index) == ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
    assert by.loc["Información", "cumplimiento"] != by.loc["Información", "cumplimiento"]  # NaN: nothing due
    assert by.loc["Información", "semaforo"] is None
    assert by.loc["Diálogo", "cumplimiento"] == pytest.approx((C22 + C24 + C25 + 100 + C27) / 5)  # 84.012
    assert by.loc["Incentivos", "cumplimiento"] == pytest.approx(100)
    assert by.loc["Evaluación y seguimiento", "cumplimiento"] == pytest.approx((C41 + 90) / 2)  # 82.705
    assert by.loc[["Diálogo", "Incentivos", "Evaluación y seguimiento"], "semaforo"].tolist() == ["verde"] * 3


def test_offices(plan, evaluated):
    by = engine.aggregate_by_office(evaluated, engine.membership(plan), plan.parametros).set_index("dependencia")
    expected = {
        # counted activities (own, support, and through "Todas las dependencias": 2.6)
        "Secretaría de Planeación": (12, (100 + C27 + 100 + C41 + 90) / 5),           # 2.6 2.7 3.2 4.1 4.2
        "Dirección de Comunicaciones y Relaciones Públicas": (11, (C22 + C24 + C25 + 100) / 4),  # 2.2 2.4 2.5 2.6
        "Secretaría de Apoyo a la Gestión": (7, (C41 + 90 + 100) / 3),                  # 4.1 4.2 2.6
        "Secretaría Administrativa": (5, 100.0),                                       # 3.2 2.6
        "Dirección de Talento Humano": (4, 100.0),                                     # 2.6
        "Todas las dependencias": (3, 100.0),                                          # 2.6
    }
    assert set(by.index) == set(expected)
    for office, (count, cumplimiento) in expected.items():
        assert by.loc[office, "actividades"] == count, office
        assert by.loc[office, "cumplimiento"] == pytest.approx(cumplimiento), office
        assert by.loc[office, "semaforo"] == "verde", office

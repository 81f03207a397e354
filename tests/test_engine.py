"""Follow-up engine: hand-computed cases, edges included.

Every expected number is worked out by hand in a comment next to it. The default
parameters put MES 1 in January 2018 and MES 13 in January 2019.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from rendicion.followup import engine
from rendicion.followup.engine import ESTADOS, evaluate, expected_progress, membership, select, semaforo
from rendicion.followup.measure import AGGREGATE_COLUMNS, aggregate, aggregate_by_office
from rendicion.plan.model import (
    ACTIVIDADES_COLUMNS,
    CRONOGRAMA_COLUMNS,
    EVALUADAS_VENCEN,
    RESPONSABLES_COLUMNS,
    SEGUIMIENTO_COLUMNS,
    TODAS_LAS_DEPENDENCIAS,
    Parametros,
    Plan,
)

PARAMS = Parametros()
PLANEACION = "Secretaría de Planeación"
COMUNICACIONES = "Dirección de Comunicaciones y Relaciones Públicas"
ADMINISTRATIVA = "Secretaría Administrativa"
TODAS = TODAS_LAS_DEPENDENCIAS


# --------------------------------------------------------------------------- plan builder


def act(id: str, meses=(), *, subcomponente="Información", dependencias=(PLANEACION,), peso=1.0) -> dict:
    """One activity: its schedule months and offices (the first leads, the others support)."""
    return {"id": id, "meses": list(meses), "subcomponente": subcomponente, "dependencias": list(dependencias), "peso": peso}


def rep(id: str, fecha: date, avance: float, estado="En curso", evidencia="", observaciones="") -> dict:
    """One follow-up report."""
    return {
        "actividad_id": id,
        "fecha_corte": fecha,
        "avance": avance,
        "estado": estado,
        "evidencia": evidencia,
        "observaciones": observaciones,
    }


def make_plan(activities, reports=(), parametros: Parametros = PARAMS) -> Plan:
    """A Plan from a few :func:`act` / :func:`rep` rows, shaped as the loader shapes it."""
    actividades = [
        {
            "id": a["id"],
            "subcomponente": a["subcomponente"],
            "actividad": f"Actividad {a['id']}",
            "meta_indicador": "Meta",
            "responsable_texto": " - ".join(a["dependencias"]),
            "peso": float(a["peso"]),
            "fecha_programada": "",
        }
        for a in activities
    ]
    responsables = [
        {"actividad_id": a["id"], "dependencia": name, "rol": "principal" if i == 0 else "apoyo"}
        for a in activities
        for i, name in enumerate(a["dependencias"])
    ]
    cronograma = [
        {"actividad_id": a["id"], "inicio": start, "fin": end, "origen": "meses"}
        for a in activities
        for start, end in parametros.month_runs(a["meses"])
    ]
    return Plan(
        parametros=parametros,
        actividades=pd.DataFrame(actividades, columns=ACTIVIDADES_COLUMNS),
        responsables=pd.DataFrame(responsables, columns=RESPONSABLES_COLUMNS),
        cronograma=pd.DataFrame(cronograma, columns=CRONOGRAMA_COLUMNS),
        seguimiento=pd.DataFrame(list(reports), columns=SEGUIMIENTO_COLUMNS),
    )


def _with_rule(plan: Plan, rule: str) -> Plan:
    return dataclasses.replace(plan, parametros=dataclasses.replace(plan.parametros, actividades_evaluadas=rule))


def row(frame: pd.DataFrame, id: str) -> pd.Series:
    matches = frame.loc[frame["id"] == id]
    assert len(matches) == 1
    return matches.iloc[0]


# --------------------------------------------------------------------------- semáforo


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "rojo"),
        (59.9, "rojo"),
        (59.94, "rojo"),  # shown as 59,9
        (59.96, "amarillo"),  # shown as 60,0
        (60.0, "amarillo"),
        (79.9, "amarillo"),
        (79.94, "amarillo"),  # shown as 79,9
        (79.96, "verde"),  # shown as 80,0
        (80.0, "verde"),
        (100.0, "verde"),
        (None, None),
        (float("nan"), None),
        (np.float64(85.0), "verde"),
    ],
)
def test_semaforo_default_thresholds(value, expected):
    assert semaforo(value, PARAMS) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(49.9, "rojo"), (50.0, "amarillo"), (59.9, "amarillo"), (80.0, "amarillo"), (89.9, "amarillo"), (89.96, "verde"), (90.0, "verde")],
)
def test_semaforo_custom_thresholds(value, expected):
    custom = Parametros(umbral_amarillo=50.0, umbral_verde=90.0)
    assert semaforo(value, custom) == expected


def test_vectorised_semaforo_matches_the_scalar_rule():
    # Every thousandth from 0 to 100 (including all the x,x5 ties) and their float neighbours.
    grid = np.arange(0, 100_001) / 1000
    values = np.concatenate([grid, np.nextafter(grid, -1.0), np.nextafter(grid, 200.0), [np.nan]])
    custom = Parametros(umbral_amarillo=59.95, umbral_verde=79.95)
    for parametros in (PARAMS, custom):
        vectorised = engine.semaforos(values, parametros)
        scalar = [semaforo(v, parametros) for v in values]
        assert list(vectorised) == scalar


# --------------------------------------------------------------------------- expected progress


def _cronograma(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=CRONOGRAMA_COLUMNS)


def test_expected_progress_pro_rata_with_literal_dates():
    cronograma = _cronograma(
        [
            ("M", date(2018, 3, 1), date(2018, 3, 31), "meses"),
            ("FM", date(2018, 2, 1), date(2018, 2, 28), "meses"),
            ("FM", date(2018, 3, 1), date(2018, 3, 31), "meses"),
            ("A", date(2018, 4, 1), date(2018, 4, 30), "meses"),
        ]
    )
    result = expected_progress(cronograma, date(2018, 3, 15))
    assert list(result.index) == ["M", "FM", "A"]
    assert result.index.name == "actividad_id"
    # March only, 15 of its 31 days elapsed: 100 * 15/31 = 48.387...
    assert result["M"] == pytest.approx(100 * 15 / 31)
    assert result["M"] == pytest.approx(48.3870967742)
    # Elapsed scheduled days: all 28 of February + 15 of March, over 59 days: 100 * 43/59 = 72.881...
    assert result["FM"] == pytest.approx(72.8813559322)
    # April has not started.
    assert result["A"] == 0.0


def test_expected_progress_month_edges():
    cronograma = _cronograma([("F", date(2018, 2, 1), date(2018, 2, 28), "meses"),
                              ("M", date(2018, 3, 1), date(2018, 3, 31), "meses")])
    # 14 of the 28 days of February 2018: exactly half.
    assert expected_progress(cronograma, date(2018, 2, 14))["F"] == pytest.approx(50.0)
    # The last day of the month counts fully (day D is over at the cut).
    assert expected_progress(cronograma, date(2018, 3, 31))["M"] == pytest.approx(100.0)
    # First day of the month: 1/31 -> 3.2258...
    assert expected_progress(cronograma, date(2018, 3, 1))["M"] == pytest.approx(3.2258064516)
    # The day before the month starts: nothing.
    assert expected_progress(cronograma, date(2018, 2, 28))["M"] == 0.0


def test_non_contiguous_months():
    plan = make_plan([act("X", [2, 5])])  # February and May 2018

    at_end_of_march = row(evaluate(plan, date(2018, 3, 31)), "X")
    # February's 28 days elapsed, May's 31 not started: 100 * 28/59 = 47.457...
    assert at_end_of_march["avance_esperado"] == pytest.approx(47.4576271186)
    # Nothing reported against 47,5 % expected: more than 15 points behind.
    assert at_end_of_march["estado"] == "Atrasada"
    assert (at_end_of_march["inicio"], at_end_of_march["fin"], at_end_of_march["dias_programados"]) == (
        date(2018, 2, 1), date(2018, 5, 31), 59)

    # The gap (March, April) adds nothing: still 28/59 in mid-April.
    assert row(evaluate(plan, date(2018, 4, 15)), "X")["avance_esperado"] == pytest.approx(47.4576271186)

    # Mid-May: (28 + 16) / 59 = 74.576...
    assert row(evaluate(plan, date(2018, 5, 16)), "X")["avance_esperado"] == pytest.approx(74.5762711864)

    after = row(evaluate(plan, date(2018, 6, 1)), "X")
    assert after["avance_esperado"] == pytest.approx(100.0)
    assert after["estado"] == "Vencida"


# --------------------------------------------------------------------------- whole-plan edges


def test_cut_before_the_plan():
    plan = make_plan(
        [act("A", [1]), act("B", [3, 4]), act("C", [13])],
        [rep("A", date(2018, 2, 1), 80.0)],  # after the cut: ignored
    )
    result = evaluate(plan, date(2017, 12, 31))
    assert list(result["estado"]) == ["Por iniciar"] * 3
    assert list(result["avance_esperado"]) == [0.0, 0.0, 0.0]
    assert list(result["avance_reportado"]) == [0.0, 0.0, 0.0]
    assert result["cumplimiento_cronograma"].isna().all()
    assert list(result["semaforo"]) == [None, None, None]

    total = aggregate(result, PARAMS).iloc[0]
    assert total["actividades"] == 3
    assert math.isnan(total["cumplimiento_cronograma"])
    assert total["semaforo"] is None
    assert total["Por iniciar"] == 3


def test_cut_after_the_plan():
    plan = make_plan(
        [act("A", [1]), act("B", [3, 4]), act("C", [13]), act("S", [])],
        [rep("A", date(2018, 2, 1), 100.0), rep("B", date(2018, 4, 30), 50.0)],
    )
    result = evaluate(plan, date(2019, 3, 1))  # the plan ends on 2019-01-31
    assert list(result["avance_esperado"]) == [100.0, 100.0, 100.0, 0.0]
    assert list(result["estado"]) == ["Cumplida", "Vencida", "Vencida", "Sin programar"]
    # min(100, 100*100/100) = 100; 100*50/100 = 50; 100*0/100 = 0; S has nothing due.
    assert list(result["cumplimiento_cronograma"])[:3] == [100.0, 50.0, 0.0]
    assert math.isnan(result["cumplimiento_cronograma"].iloc[3])
    # After the vigencia every activity is evaluated, S (no schedule) too: zones of 100, 50, 0, 0.
    assert list(result["evaluada"]) == [True] * 4
    assert list(result["semaforo"]) == ["verde", "rojo", "rojo", "rojo"]

    total = aggregate(result, PARAMS).iloc[0]
    # Cumplimiento del cronograma: (100 + 50 + 0) / 3 = 50; S has nothing due and is not counted.
    assert total["cumplimiento_cronograma"] == pytest.approx(50.0)
    # Avance del plan: (100 + 50 + 0 + 0) / 4 = 37.5 -> rojo.
    assert total["avance"] == pytest.approx(37.5)
    assert total["semaforo"] == "rojo"
    assert (total["evaluadas"], total["cumplidas"], total["sin_fecha"]) == (4, 1, 0)
    assert (total["Cumplida"], total["Vencida"], total["Sin programar"], total["actividades"]) == (1, 2, 1, 4)


@pytest.mark.parametrize(
    ("corte", "estado", "esperado"),
    [
        (date(2018, 3, 31), "Por iniciar", 0.0),
        (date(2018, 4, 1), "En ejecución", 100 / 30),  # 1 of the 30 days of April = 3.333...
        # last day: fully expected, not yet overdue; nothing reported, 100 points behind
        (date(2018, 4, 30), "Atrasada", 100.0),
        (date(2018, 5, 1), "Vencida", 100.0),
    ],
)
def test_estado_boundaries(corte, estado, esperado):
    plan = make_plan([act("A", [4])])  # April 2018
    result = row(evaluate(plan, corte), "A")
    assert result["estado"] == estado
    assert result["avance_esperado"] == pytest.approx(esperado)


@pytest.mark.parametrize(
    ("avance", "margen", "estado"),
    [
        # April–May 2018 (61 days); at 15/05 the expected is 100 * 45/61 = 73,77.
        (58.8, 15.0, "En ejecución"),  # 14,97 points behind: within the margin
        (58.7, 15.0, "Atrasada"),  # 15,07 points behind
        (0.0, 15.0, "Atrasada"),
        (50.0, 30.0, "En ejecución"),  # 23,77 points behind a margin of 30
        (50.0, 20.0, "Atrasada"),
        (100.0, 15.0, "Cumplida"),
    ],
)
def test_atrasada_is_started_and_behind_by_more_than_the_margin(avance, margen, estado):
    parametros = Parametros(margen_atraso=margen)
    plan = make_plan([act("A", [4, 5])], [rep("A", date(2018, 4, 30), avance)], parametros)
    result = row(evaluate(plan, date(2018, 5, 15)), "A")
    assert result["avance_esperado"] == pytest.approx(100 * 45 / 61)
    assert result["estado"] == estado


def test_atrasada_is_not_vencida_nor_por_iniciar():
    plan = make_plan([act("A", [4]), act("B", [6])], [rep("A", date(2018, 4, 30), 10.0)])
    # After April, A is Vencida (ended below 100), not Atrasada; B (June) has not started.
    assert list(evaluate(plan, date(2018, 5, 2))["estado"]) == ["Vencida", "Por iniciar"]
    # Its last day: 10 reported against 100 expected: Atrasada, not yet Vencida.
    assert list(evaluate(plan, date(2018, 4, 30))["estado"]) == ["Atrasada", "Por iniciar"]


def test_estado_rule_order():
    plan = make_plan(
        [act("S", []), act("S100", []), act("V100", [1]), act("P100", [12])],
        [rep("S100", date(2018, 1, 10), 100.0), rep("V100", date(2018, 1, 10), 100.0), rep("P100", date(2018, 1, 10), 100.0)],
    )
    result = evaluate(plan, date(2018, 6, 30))
    # Cumplida wins over Sin programar, Vencida and Por iniciar.
    assert list(result["estado"]) == ["Sin programar", "Cumplida", "Cumplida", "Cumplida"]
    # Unscheduled: expected 0, no compliance, <NA> months.
    unscheduled = row(result, "S")
    assert unscheduled["avance_esperado"] == 0.0
    assert math.isnan(unscheduled["cumplimiento_cronograma"])
    assert unscheduled["inicio"] is None and unscheduled["fin"] is None
    assert unscheduled["dias_programados"] == 0
    # P100 reported 100 but nothing was due: compliance stays undefined.
    assert math.isnan(row(result, "P100")["cumplimiento_cronograma"])


# --------------------------------------------------------------------------- reports


def _reports_plan() -> Plan:
    return make_plan(
        [act("A", [3]), act("B", [3])],  # March 2018
        [
            rep("A", date(2018, 3, 16), 90.0, "Avanzada", "informe.pdf", "posterior"),  # first in table, latest in date
            rep("A", date(2018, 3, 10), 20.0, "En curso", "acta.pdf", "inicio"),
            rep("A", date(2018, 3, 15), 30.0, "En curso", "fotos.zip", "primera"),
            rep("A", date(2018, 3, 15), 40.0, "En curso", "listado.xlsx", "corrige la anterior"),
            rep("ZZ", date(2018, 3, 1), 100.0),  # unknown activity: ignored
            {"actividad_id": "B", "fecha_corte": date(2018, 3, 1), "avance": 10.0, "estado": None, "evidencia": None, "observaciones": None},
        ],
    )


def test_report_dated_on_the_cut_counts_and_last_row_wins():
    result = row(evaluate(_reports_plan(), date(2018, 3, 15)), "A")
    # Two reports dated D: the last row (40) wins; the one of D+1 (90) does not count.
    assert result["avance_reportado"] == 40.0
    assert result["fecha_reporte"] == date(2018, 3, 15)
    assert (result["estado_reportado"], result["evidencia"], result["observaciones"]) == ("En curso", "listado.xlsx", "corrige la anterior")
    # expected 100*15/31 = 1500/31; compliance 100*40 / (1500/31) = 4000*31/1500 = 82.666... -> verde
    assert result["cumplimiento_cronograma"] == pytest.approx(82.6666666667)
    # March has started: evaluated under the default rule («programadas a la fecha»), 40 % is baja (rojo).
    assert result["evaluada"]
    assert result["semaforo"] == "rojo"
    # Under «las que vencen hasta el corte» March has not ended: not evaluated, no zone (the schedule
    # index never gets one).
    vencen = row(evaluate(_with_rule(_reports_plan(), EVALUADAS_VENCEN), date(2018, 3, 15)), "A")
    assert not vencen["evaluada"]
    assert vencen["semaforo"] is None


def test_report_of_the_day_after_does_not_count():
    result = row(evaluate(_reports_plan(), date(2018, 3, 14)), "A")
    assert result["avance_reportado"] == 20.0
    assert result["fecha_reporte"] == date(2018, 3, 10)
    # expected 100*14/31 = 1400/31; compliance 100*20 / (1400/31) = 2000*31/1400 = 44.2857...
    assert result["cumplimiento_cronograma"] == pytest.approx(44.2857142857)
    assert result["semaforo"] == "rojo"  # its own 20 %, evaluated since March started


def test_compliance_is_capped_at_100():
    result = row(evaluate(_reports_plan(), date(2018, 3, 16)), "A")
    # expected 1600/31 = 51.6; 100*90/51.6 = 174.4 -> capped at 100.
    assert result["avance_reportado"] == 90.0
    assert result["cumplimiento_cronograma"] == 100.0
    assert result["estado"] == "En ejecución"


def test_no_report_yet_and_missing_texts():
    result = evaluate(_reports_plan(), date(2018, 3, 9))
    a = row(result, "A")
    assert a["avance_reportado"] == 0.0
    assert a["fecha_reporte"] is None
    assert (a["estado_reportado"], a["evidencia"], a["observaciones"]) == ("", "", "")
    # expected 900/31 > 0, nothing reported: compliance 0; evaluated (March started) at 0 %: rojo.
    assert a["cumplimiento_cronograma"] == 0.0
    assert a["semaforo"] == "rojo"
    b = row(result, "B")
    assert b["avance_reportado"] == 10.0
    assert b["fecha_reporte"] == date(2018, 3, 1)
    assert (b["estado_reportado"], b["evidencia"], b["observaciones"]) == ("", "", "")


def test_reported_100_is_cumplida_even_if_overdue():
    plan = make_plan([act("A", [1])], [rep("A", date(2018, 3, 1), 100.0)])
    result = row(evaluate(plan, date(2018, 6, 1)), "A")
    assert result["estado"] == "Cumplida"
    assert result["cumplimiento_cronograma"] == 100.0


# --------------------------------------------------------------------------- evaluate shape


def test_evaluate_columns_order_and_types():
    plan = make_plan(
        [act("10", [2, 3]), act("2", []), act("1", [13])],
        [rep("10", date(2018, 2, 28), 25.0, "En curso", "acta.pdf", "bien")],
    )
    result = evaluate(plan, date(2018, 3, 15))
    assert list(result.columns) == [
        "id", "subcomponente", "actividad", "meta_indicador", "responsable_texto", "peso",
        "fecha_programada", "inicio", "fin", "dias_programados",
        "avance_esperado", "avance_reportado", "avance_verificado", "avance", "verificado", "fecha_reporte",
        "estado_reportado", "evidencia", "observaciones", "actividades_cumplidas", "observaciones_ci",
        "estado", "evaluada", "semaforo", "cumplimiento_cronograma", "vencida_sin_cumplir",
    ]  # fmt: skip
    assert list(result["id"]) == ["10", "2", "1"]  # plan order, not sorted
    assert list(result.index) == [0, 1, 2]
    assert list(result["inicio"]) == [date(2018, 2, 1), None, date(2019, 1, 1)]
    assert list(result["fin"]) == [date(2018, 3, 31), None, date(2019, 1, 31)]
    assert list(result["dias_programados"]) == [59, 0, 31]
    assert list(result["fecha_reporte"]) == [date(2018, 2, 28), None, None]
    assert list(result["evidencia"]) == ["acta.pdf", "", ""]
    # 10: 25 reported against 72,9 expected, 47,9 points behind: Atrasada.
    assert list(result["estado"]) == ["Atrasada", "Sin programar", "Por iniciar"]
    assert set(result["estado"]) <= set(ESTADOS)
    # 10: (28 + 15) / 59 days = 72.88 expected, 100*25/72.88 = 34.30
    assert result["avance_esperado"].iloc[0] == pytest.approx(72.8813559322)
    assert result["cumplimiento_cronograma"].iloc[0] == pytest.approx(34.3023255814)  # 2500 * 59 / 4300
    # By 15/03 only "10" has started (February): the default rule evaluates it, 25 % is rojo; "2" has no
    # schedule and "1" starts in January 2019.
    assert list(result["evaluada"]) == [True, False, False]
    assert list(result["semaforo"]) == ["rojo", None, None]
    # Nothing verified: the measured % is the reported one.
    assert list(result["avance"]) == [25.0, 0.0, 0.0]
    assert result["avance_verificado"].isna().all() and not result["verificado"].any()
    assert list(result["vencida_sin_cumplir"]) == [False, False, False]
    # Under «las que vencen hasta el corte» nothing has ended by 15/03: none is evaluated, none has a zone.
    vencen = evaluate(_with_rule(plan, EVALUADAS_VENCEN), date(2018, 3, 15))
    assert list(vencen["evaluada"]) == [False, False, False]
    assert list(vencen["semaforo"]) == [None, None, None]


def test_schedule_rows_without_dates_are_ignored():
    plan = make_plan([act("A", [3]), act("B", [3])])
    cronograma = plan.cronograma.astype(object)
    cronograma.loc[cronograma["actividad_id"] == "B", ["inicio", "fin"]] = None
    plan = Plan(parametros=plan.parametros, actividades=plan.actividades, responsables=plan.responsables, cronograma=cronograma)
    result = evaluate(plan, date(2018, 3, 15))
    # MES 3 = March 2018: 100 * 15/31 = 48.387...
    assert row(result, "A")["avance_esperado"] == pytest.approx(48.3870967742)
    assert (row(result, "B")["estado"], row(result, "B")["dias_programados"]) == ("Sin programar", 0)


# --------------------------------------------------------------------------- aggregates


def _weights_plan(pesos: dict) -> Plan:
    return make_plan(
        [
            act("A", [1, 2, 3, 4], peso=pesos["A"]),
            act("B", [4], peso=pesos["B"]),
            act("C", [6], peso=pesos["C"]),  # nothing due at the end of April
            act("D", [], peso=pesos["D"]),  # unscheduled
        ],
        [rep("A", date(2018, 4, 30), 90.0), rep("B", date(2018, 4, 30), 60.0), rep("C", date(2018, 4, 1), 10.0)],
    )


def test_weights_change_the_aggregate_and_expected_zero_is_excluded():
    corte = date(2018, 4, 30)
    weighted = evaluate(_weights_plan({"A": 2, "B": 1, "C": 5, "D": 3}), corte)
    # A: expected 100, compliance 90. B: expected 100 (30 April is over), compliance 60.
    assert list(weighted["cumplimiento_cronograma"])[:2] == [90.0, 60.0]
    total = aggregate(weighted, PARAMS).iloc[0]
    # (2*90 + 1*60) / (2 + 1) = 240 / 3 = 80 -> verde. C (peso 5) and D (peso 3) have nothing due.
    assert total["cumplimiento_cronograma"] == pytest.approx(80.0)
    assert total["semaforo"] == "verde"
    assert total["actividades"] == 4

    equal = evaluate(_weights_plan({"A": 1, "B": 1, "C": 1, "D": 1}), corte)
    total = aggregate(equal, PARAMS).iloc[0]
    # (90 + 60) / 2 = 75 -> amarillo
    assert total["cumplimiento_cronograma"] == pytest.approx(75.0)
    assert total["semaforo"] == "amarillo"


def test_aggregate_by_subcomponent_in_plan_order():
    plan = make_plan(
        [
            act("I1", [1, 2, 3, 4], subcomponente="Información"),
            act("D1", [2], subcomponente="Diálogo"),
            act("I2", [6], subcomponente="Información"),
            act("D2", [3], subcomponente="Diálogo"),
            act("N1", [], subcomponente="Incentivos"),
        ],
        [rep("I1", date(2018, 4, 30), 90.0), rep("D1", date(2018, 2, 20), 100.0), rep("D2", date(2018, 3, 31), 30.0)],
    )
    result = evaluate(plan, date(2018, 4, 30))
    assert list(result["estado"]) == ["En ejecución", "Cumplida", "Por iniciar", "Vencida", "Sin programar"]

    by_sub = aggregate(result, PARAMS, by="subcomponente")
    assert list(by_sub.columns) == ["subcomponente", *AGGREGATE_COLUMNS]
    assert list(by_sub["subcomponente"]) == ["Información", "Diálogo", "Incentivos"]
    assert list(by_sub["actividades"]) == [2, 2, 1]
    # Información: only I1 counts -> 90 (verde). Diálogo: (100 + 30) / 2 = 65 (amarillo). Incentivos: nothing due.
    assert by_sub["cumplimiento_cronograma"].iloc[0] == pytest.approx(90.0)
    assert by_sub["cumplimiento_cronograma"].iloc[1] == pytest.approx(65.0)
    assert math.isnan(by_sub["cumplimiento_cronograma"].iloc[2])
    assert list(by_sub["semaforo"]) == ["verde", "amarillo", None]
    assert by_sub[list(ESTADOS)].values.tolist() == [
        # Cumplida, En ejecución, Atrasada, Por iniciar, Vencida, Sin programar
        [0, 1, 0, 1, 0, 0],
        [1, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 1],
    ]

    total = aggregate(result, PARAMS)
    assert list(total.columns) == AGGREGATE_COLUMNS
    assert len(total) == 1
    # (90 + 100 + 30) / 3 = 73.333... -> amarillo
    assert total["cumplimiento_cronograma"].iloc[0] == pytest.approx(73.3333333333)
    assert total["semaforo"].iloc[0] == "amarillo"
    assert total[list(ESTADOS)].values.tolist() == [[1, 1, 0, 1, 1, 1]]


def test_aggregate_of_nothing():
    empty = evaluate(make_plan([act("A", [1])]), date(2018, 1, 15)).iloc[0:0]
    total = aggregate(empty, PARAMS)
    assert len(total) == 1
    assert total["actividades"].iloc[0] == 0
    assert math.isnan(total["cumplimiento_cronograma"].iloc[0])
    assert total["semaforo"].iloc[0] is None
    assert aggregate(empty, PARAMS, by="subcomponente").empty


# --------------------------------------------------------------------------- offices


def _offices_plan() -> Plan:
    return make_plan(
        [
            act("A1", [1, 2, 3, 4], subcomponente="Información", dependencias=(PLANEACION, TODAS), peso=2.0),
            act("A2", [2], subcomponente="Diálogo", dependencias=(TODAS,)),
            act("A3", [3], subcomponente="Diálogo", dependencias=(COMUNICACIONES, ADMINISTRATIVA)),
            act("A4", [6], subcomponente="Información", dependencias=(PLANEACION,)),
            act("A5", [1], subcomponente="Incentivos", dependencias=(ADMINISTRATIVA,)),
        ],
        [rep("A1", date(2018, 4, 30), 90.0), rep("A2", date(2018, 2, 28), 100.0), rep("A3", date(2018, 3, 31), 30.0)],
    )


def test_membership_expands_todas_las_dependencias():
    plan = _offices_plan()
    # Offices of the plan (accent-insensitive sort, "Todas" last): Dirección…, Secretaría Administrativa, Secretaría de Planeación.
    assert plan.dependencias == [COMUNICACIONES, ADMINISTRATIVA, PLANEACION, TODAS]
    members = membership(plan)
    assert list(members.columns) == ["actividad_id", "dependencia", "rol"]
    assert list(members.itertuples(index=False, name=None)) == [
        ("A1", PLANEACION, "principal"),
        ("A1", TODAS, "apoyo"),
        ("A1", COMUNICACIONES, "todas"),
        ("A1", ADMINISTRATIVA, "todas"),  # Planeación is already named in A1: not repeated
        ("A2", TODAS, "principal"),
        ("A2", COMUNICACIONES, "todas"),
        ("A2", ADMINISTRATIVA, "todas"),
        ("A2", PLANEACION, "todas"),
        ("A3", COMUNICACIONES, "principal"),
        ("A3", ADMINISTRATIVA, "apoyo"),
        ("A4", PLANEACION, "principal"),
        ("A5", ADMINISTRATIVA, "principal"),
    ]


@pytest.mark.parametrize(
    ("dependencias", "subcomponentes", "expected"),
    [
        ((), (), ["A1", "A2", "A3", "A4", "A5"]),
        ([PLANEACION], (), ["A1", "A2", "A4"]),  # principal, todas, principal
        ([COMUNICACIONES], (), ["A1", "A2", "A3"]),  # todas, todas, principal
        ([ADMINISTRATIVA], ["Diálogo"], ["A2", "A3"]),  # todas, apoyo; A1 and A5 are in other subcomponents
        ([TODAS], (), ["A1", "A2"]),
        ((), ["Información"], ["A1", "A4"]),
        ((), ["Información", "Incentivos"], ["A1", "A4", "A5"]),
        ([PLANEACION, COMUNICACIONES], (), ["A1", "A2", "A3", "A4"]),
        (["Oficina inexistente"], (), []),
    ],
)
def test_select(dependencias, subcomponentes, expected):
    assert select(_offices_plan(), dependencias, subcomponentes) == expected


def test_aggregate_by_office():
    plan = _offices_plan()
    result = evaluate(plan, date(2018, 4, 30))
    # A1 90 (peso 2, En ejecución), A2 100 (Cumplida), A3 30 (Vencida), A4 nothing due (Por iniciar),
    # A5 0 (January is over: Vencida).
    assert list(result["estado"]) == ["En ejecución", "Cumplida", "Vencida", "Por iniciar", "Vencida"]
    by_office = aggregate_by_office(result, membership(plan), PARAMS)
    assert list(by_office.columns) == ["dependencia", *AGGREGATE_COLUMNS]
    assert list(by_office["dependencia"]) == [COMUNICACIONES, ADMINISTRATIVA, PLANEACION, TODAS]
    assert list(by_office["actividades"]) == [3, 4, 3, 2]
    # Comunicaciones: A1, A2, A3 -> (2*90 + 100 + 30) / 4 = 310/4 = 77.5
    # Administrativa: A1, A2, A3, A5 -> (2*90 + 100 + 30 + 0) / 5 = 310/5 = 62
    # Planeación: A1, A2, A4 (excluded) -> (2*90 + 100) / 3 = 93.333...
    # Todas: A1, A2 -> (2*90 + 100) / 3 = 93.333...
    assert by_office["cumplimiento_cronograma"].tolist() == pytest.approx([77.5, 62.0, 93.3333333333, 93.3333333333])
    assert list(by_office["semaforo"]) == ["amarillo", "amarillo", "verde", "verde"]
    assert by_office[list(ESTADOS)].values.tolist() == [
        # Cumplida, En ejecución, Atrasada, Por iniciar, Vencida, Sin programar
        [1, 1, 0, 0, 1, 0],
        [1, 1, 0, 0, 2, 0],
        [1, 1, 0, 1, 0, 0],
        [1, 1, 0, 0, 0, 0],
    ]


def test_aggregate_by_office_with_filters():
    plan = _offices_plan()
    result = evaluate(plan, date(2018, 4, 30))
    members = membership(plan)

    # Members pre-filtered to one office.
    only = aggregate_by_office(result, members.loc[members["dependencia"] == PLANEACION], PARAMS)
    assert list(only["dependencia"]) == [PLANEACION]
    assert only["cumplimiento_cronograma"].tolist() == pytest.approx([93.3333333333])

    # Activities filtered to Diálogo and Incentivos (A2, A3, A5); A2 is for every office.
    kept = select(plan, subcomponentes=["Diálogo", "Incentivos"])
    filtered = aggregate_by_office(result.loc[result["id"].isin(kept)], members, PARAMS)
    assert list(filtered["dependencia"]) == [COMUNICACIONES, ADMINISTRATIVA, PLANEACION, TODAS]
    assert list(filtered["actividades"]) == [2, 3, 1, 1]
    # Comunicaciones: A2, A3 -> (100 + 30) / 2 = 65; Administrativa: A2, A3, A5 -> 130 / 3 = 43.333...
    # Planeación: A2 -> 100; Todas: A2 -> 100
    assert filtered["cumplimiento_cronograma"].tolist() == pytest.approx([65.0, 43.3333333333, 100.0, 100.0])

    # Only Incentivos (A5): the offices without any of the kept activities disappear.
    incentivos = aggregate_by_office(result.loc[result["id"] == "A5"], members, PARAMS)
    assert list(incentivos["dependencia"]) == [ADMINISTRATIVA]
    assert incentivos["cumplimiento_cronograma"].tolist() == [0.0]  # expected 100, reported 0
    assert list(incentivos["Vencida"]) == [1]

    # Only A4 (nothing due): Planeación appears with no compliance.
    a4 = aggregate_by_office(result.loc[result["id"] == "A4"], members, PARAMS)
    assert list(a4["dependencia"]) == [PLANEACION]
    assert math.isnan(a4["cumplimiento_cronograma"].iloc[0])
    assert a4["semaforo"].iloc[0] is None


def test_reported_progress_out_of_range_or_missing():
    plan = make_plan(
        [act("OVER", [1]), act("NONE", [1])],
        [rep("OVER", date(2018, 1, 20), 120.0), rep("NONE", date(2018, 1, 20), None, "Sin dato")],
    )
    result = evaluate(plan, date(2018, 1, 31))
    over, none = row(result, "OVER"), row(result, "NONE")
    # Clipped to 100: Cumplida, compliance 100.
    assert over["avance_reportado"] == 100.0
    assert over["estado"] == "Cumplida"
    assert over["cumplimiento_cronograma"] == 100.0
    # A report without a figure counts as 0 but is still the report of record.
    assert none["avance_reportado"] == 0.0
    assert none["fecha_reporte"] == date(2018, 1, 20)
    assert none["estado_reportado"] == "Sin dato"
    assert none["cumplimiento_cronograma"] == 0.0

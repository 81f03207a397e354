"""Follow-up engine: where every activity of the plan stands at a cut date.

Pure pandas, no Streamlit. Given a :class:`~rendicion.plan.model.Plan` and a cut date ``D``
(``corte``), :func:`evaluate` computes one row per activity with its reported % de avance,
whether Control Interno evaluates it at D (*evaluada*), the PAAC zone of its own % de avance
(*semáforo*), its status (*estado*) and the secondary schedule index (*cumplimiento del
cronograma*). :mod:`rendicion.followup.measure` rolls those rows up into «Avance del plan» for the whole
plan, per subcomponent and per office.

Each rule is documented where it is implemented:

- expected progress (*avance esperado*): :func:`_schedule_by_position` / :func:`expected_progress`;
- reported progress (*avance reportado*): :func:`_latest_reports`;
- evaluated activities at D: :func:`evaluadas`;
- status: :func:`_estado`;
- cumplimiento del cronograma: :func:`_cumplimiento_cronograma`;
- semáforo (PAAC zones): :func:`semaforo`;
- office membership ("Todas las dependencias"): :func:`membership`.

Everything is vectorised (numpy / groupby / merge), never a Python loop over the
schedule or the reports: a plan of 10,000 activities evaluates in a few tens of
milliseconds. Activities are addressed internally by their position in the plan
(integers), which keeps string hashing to one pass per table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from rendicion.common import formatting
from rendicion.plan.model import (
    ACTIVIDADES_COLUMNS,
    EVALUADAS_CUATRIMESTRE,
    EVALUADAS_TODAS,
    EVALUADAS_VENCEN,
    TODAS_LAS_DEPENDENCIAS,
    SEGUIMIENTO_COLUMNS,
    Parametros,
    Plan,
    periodo,
)

#: Activity statuses, in display order.
ESTADOS = ("Cumplida", "En ejecución", "Atrasada", "Por iniciar", "Vencida", "Sin programar")
CUMPLIDA, EN_EJECUCION, ATRASADA, POR_INICIAR, VENCIDA, SIN_PROGRAMAR = ESTADOS
#: The statuses of what is behind: started and short of its schedule, or ended unfinished.
PENDIENTES = (ATRASADA, VENCIDA)

#: PAAC zones of a % de avance (Función Pública): alta (verde), media (amarillo), baja (rojo), best first.
SEMAFOROS = ("verde", "amarillo", "rojo")
VERDE, AMARILLO, ROJO = SEMAFOROS

#: Role of an office that counts for an activity only because the activity is assigned
#: to "Todas las dependencias" (see :func:`membership`).
ROL_TODAS = "todas"

#: Columns of :func:`evaluate`, in order.
EVALUATE_COLUMNS = [
    *ACTIVIDADES_COLUMNS,
    "inicio",
    "fin",
    "dias_programados",
    "avance_esperado",
    "avance_reportado",
    "avance_verificado",
    "avance",
    "verificado",
    "fecha_reporte",
    "estado_reportado",
    "evidencia",
    "observaciones",
    "actividades_cumplidas",
    "observaciones_ci",
    "estado",
    "evaluada",
    "semaforo",
    "cumplimiento_cronograma",
    "vencida_sin_cumplir",
]

#: Columns of :func:`membership`.
MEMBERSHIP_COLUMNS = ["actividad_id", "dependencia", "rol"]

#: Text fields of a follow-up report kept by :func:`evaluate` (seguimiento column -> output column).
_REPORT_TEXT_COLUMNS = {"estado": "estado_reportado", "evidencia": "evidencia", "observaciones": "observaciones",
                        "actividades_cumplidas": "actividades_cumplidas", "observaciones_ci": "observaciones_ci"}

_NAT = np.datetime64("NaT", "D")


# --------------------------------------------------------------------------- semáforo


def semaforo(value: float | None, parametros: Parametros) -> str | None:
    """PAAC zone of a % de avance (0–100): baja (rojo), media (amarillo), alta (verde).

    - "rojo" below ``parametros.umbral_amarillo`` (60 by default);
    - "amarillo" from ``umbral_amarillo`` up to below ``umbral_verde`` (80 by default);
    - "verde" from ``umbral_verde`` on;
    - ``None`` when there is no value (``None`` / NaN: nothing evaluated yet).

    The value is compared **after rounding to one decimal, half up**
    (:func:`rendicion.common.formatting.round_half_up`), the figure every page, report and the JSON
    show: 79.96 is shown as "80" and is therefore verde, not amarillo, 79.95 too, and 59.94 is
    shown as "59,9" and stays rojo. So the colour always matches the figure shown.
    """
    if value is None or pd.isna(value):
        return None
    shown = formatting.round_half_up(float(value), 1)
    if shown >= parametros.umbral_verde:
        return VERDE
    if shown >= parametros.umbral_amarillo:
        return AMARILLO
    return ROJO


def _round1(values: np.ndarray) -> np.ndarray:
    """Vectorised :func:`rendicion.common.formatting.round_half_up` to one decimal (NaN stays NaN).

    The few values lying (almost) exactly halfway between two tenths are rounded one by one with
    it, so the vectorised result is exactly the scalar one.
    """
    values = np.asarray(values, dtype=float)
    rounded = np.round(values, 1)
    scaled = values * 10.0
    with np.errstate(invalid="ignore"):
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for i in np.flatnonzero(near_half):
        rounded[i] = formatting.round_half_up(float(values[i]), 1)
    return rounded


def rounded(values: pd.Series | np.ndarray) -> np.ndarray:
    """Percentages rounded as every page, report and the JSON show them: one decimal, half up (vectorised)."""
    return _round1(np.asarray(values, dtype=float))


def semaforos(values: pd.Series | np.ndarray, parametros: Parametros) -> np.ndarray:
    """:func:`semaforo` of every value (same rule, vectorised): an object array of str or None."""
    shown = _round1(values)
    colours = np.select(
        [np.isnan(shown), shown >= parametros.umbral_verde, shown >= parametros.umbral_amarillo],
        [None, VERDE, AMARILLO],
        default=ROJO,
    )
    return colours.astype(object)


# --------------------------------------------------------------------------- dates


def _as_day(values: pd.Series) -> np.ndarray:
    """A column of dates (``datetime.date``, Timestamps or datetime64) as ``datetime64[D]``.

    Missing values become NaT. Date columns hold few distinct values (one per schedule
    month or follow-up cut), so only the distinct values are converted.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return np.full(len(values), _NAT, dtype="datetime64[D]")
    days = pd.to_datetime(pd.Index(uniques)).to_numpy().astype("datetime64[D]")
    out = days[np.where(codes < 0, 0, codes)]
    out[codes < 0] = _NAT
    return out


def _dates(days: np.ndarray) -> np.ndarray:
    """``datetime64[D]`` values as an object array of ``datetime.date`` (None for NaT)."""
    out = np.full(len(days), None, dtype=object)
    known = ~np.isnat(days)
    out[known] = days[known].astype(object)
    return out


# --------------------------------------------------------------------------- expected progress


def _schedule_by_position(positions: np.ndarray, start: np.ndarray, end: np.ndarray, size: int, corte: date):
    """Per-activity scheduled days, expected progress (0–100), first and last scheduled day.

    Activities are addressed by position (``-1``: unknown, ignored); rows without dates, or
    ending before they start, are ignored. Overlapping or repeated intervals of an activity
    count their common days once. At the cut date D (day D itself is over at the cut):

    - scheduled days: the days of the union of the activity's intervals;
    - elapsed days: those of its scheduled days that are on or before D;
    - expected = 100 * elapsed / scheduled, and 0 for an activity with no scheduled day.

    So a one-day activity goes from 0 to 100 on its day, a gap between two intervals adds
    nothing, and an interval spanning D counts its days up to D.
    """
    keep = (positions >= 0) & ~np.isnat(start) & ~np.isnat(end)
    keep[keep] = end[keep] >= start[keep]
    positions, start, end = positions[keep], start[keep].astype("int64"), end[keep].astype("int64")
    order = np.lexsort((start, positions))
    positions, start, end = positions[order], start[order], end[order]
    # Clip every interval to begin after the latest end seen before it in the same activity.
    frame = pd.DataFrame({"p": positions, "end": end})
    reach = frame.groupby("p", sort=False)["end"].cummax().to_numpy()
    previous = np.full(len(reach), np.iinfo(np.int64).min)
    same = np.zeros(len(reach), dtype=bool)
    same[1:] = positions[1:] == positions[:-1]
    previous[1:] = np.where(same[1:], reach[:-1], previous[1:])
    start = np.maximum(start, previous + 1)
    days = np.maximum(end - start + 1, 0)
    cut = np.datetime64(corte, "D").astype("int64")
    elapsed_days = np.clip(np.minimum(end, cut) - start + 1, 0, None)
    elapsed_days = np.minimum(elapsed_days, days)
    counts = np.bincount(positions, weights=days, minlength=size).astype(np.int64)
    elapsed = np.bincount(positions, weights=elapsed_days, minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(counts > 0, 100.0 * elapsed / counts, 0.0)
    first = np.full(size, _NAT, dtype="datetime64[D]")
    last = np.full(size, _NAT, dtype="datetime64[D]")
    counted = days > 0
    if counted.any():
        bounds = pd.DataFrame({"p": positions[counted], "s": start[counted], "e": end[counted]}).groupby("p").agg(
            s=("s", "min"), e=("e", "max"))
        first[bounds.index.to_numpy()] = bounds["s"].to_numpy().astype("datetime64[D]")
        last[bounds.index.to_numpy()] = bounds["e"].to_numpy().astype("datetime64[D]")
    return counts, expected, first, last


def expected_progress(cronograma: pd.DataFrame, corte: date) -> pd.Series:
    """Expected progress (0–100) of each scheduled activity at the cut date ``corte`` (D).

    The share of the activity's scheduled days elapsed at D (see
    :func:`_schedule_by_position`). Uses the cronograma's ``inicio``/``fin`` dates; rows
    without them are ignored.

    Returns a float Series named "avance_esperado", indexed by ``actividad_id`` in
    order of first appearance, holding only the activities present in ``cronograma``
    (an activity without scheduled days has expected 0: :func:`evaluate` fills it in).
    """
    codes, ids = pd.factorize(cronograma["actividad_id"], use_na_sentinel=True)
    _, expected, _, _ = _schedule_by_position(
        codes, _as_day(cronograma["inicio"]), _as_day(cronograma["fin"]), len(ids), corte
    )
    present = np.bincount(codes[codes >= 0], minlength=len(ids)) > 0
    index = pd.Index(ids, name="actividad_id")
    return pd.Series(expected, index=index, name="avance_esperado", dtype=float)[present]


# --------------------------------------------------------------------------- reported progress


def _latest_reports(positions: np.ndarray, fechas: pd.Series, corte: date, size: int) -> np.ndarray:
    """Row (in seguimiento) of the report that stands for each activity at D; -1 when none.

    Rule: the latest report with ``fecha_corte <= D`` (a report dated exactly D counts,
    one dated D + 1 does not); when several share that date, the last row in table
    order wins. Reports without a date or for an unknown activity are ignored.
    """
    cut = np.datetime64(corte, "D")
    days = _as_day(fechas)
    rows = np.flatnonzero((positions >= 0) & ~np.isnat(days) & (days <= cut))
    # lexsort is stable: sorted by activity, then date, then table order; the last row of
    # each activity's run is its latest report (last in table order among equal dates).
    order = rows[np.lexsort((days[rows].astype("int64"), positions[rows]))]
    sorted_positions = positions[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = sorted_positions[:-1] != sorted_positions[1:]
    latest = np.full(size, -1, dtype=np.int64)
    latest[sorted_positions[last]] = order[last]
    return latest


def _pick(values: pd.Series, rows: np.ndarray, missing: object) -> np.ndarray:
    """``values`` at ``rows`` as an object array; ``missing`` where the row is -1 or the value is missing."""
    source = values.to_numpy(dtype=object)
    out = np.full(len(rows), missing, dtype=object)
    found = rows >= 0
    picked = source[rows[found]]
    picked[pd.isna(picked)] = missing
    out[found] = picked
    return out


# --------------------------------------------------------------------------- status and compliance


def _estado(reported: np.ndarray, days: np.ndarray, first_start: np.ndarray, last_end: np.ndarray, corte: date,
            expected: np.ndarray | None = None, margin: float | None = None) -> np.ndarray:
    """Status of each activity at the cut date D: the first rule that applies.

    1. "Cumplida": reported progress >= 100.
    2. "Sin programar": no scheduled day.
    3. "Vencida": its last scheduled day is before D (``fin < D``). On that last day it is
       still "En ejecución" (or "Atrasada") although expected is already 100.
    4. "Atrasada": its first scheduled day has come and the reported progress is below the
       expected by more than ``margin`` points (``expected - reported > margin``, on the
       values as computed; :attr:`Parametros.margen_atraso`, 15 by default). Only when
       ``expected`` and ``margin`` are given.
    5. "En ejecución": its first scheduled day has come (``inicio <= D``), gaps included.
    6. "Por iniciar": its first scheduled day is after D.
    """
    cut = np.datetime64(corte, "D")
    started = first_start <= cut
    behind = np.zeros(len(reported), dtype=bool)
    if expected is not None and margin is not None:
        behind = started & (np.asarray(expected, dtype=float) - reported > margin)
    conditions = [reported >= 100.0, days == 0, last_end < cut, behind, started]
    choices = [CUMPLIDA, SIN_PROGRAMAR, VENCIDA, ATRASADA, EN_EJECUCION]
    return np.select(conditions, choices, default=POR_INICIAR)


def evaluadas(days: np.ndarray, first_start: np.ndarray, last_end: np.ndarray, corte: date,
              parametros: Parametros) -> np.ndarray:
    """Which activities Control Interno evaluates at the cut date D (bool per activity).

    Rule («Actividades evaluadas en cada corte», ``parametros.actividades_evaluadas``):

    - «programadas a la fecha» (default, the practice of published follow-ups): the activity's
      first scheduled day is on or before D (its schedule has started);
    - «las que vencen hasta el corte»: its last scheduled day is on or before D (an activity ending
      on D itself is evaluated at D);
    - «programadas en el cuatrimestre»: it has a scheduled day in the period evaluated, from the
      first day of the cut's four-month period (:func:`rendicion.plan.model.periodo`) to D;
    - «todas las de la vigencia»: every activity, at every cut (the cumulative count);
    - whatever the rule, every activity is evaluated once D is on or after the last day of the
      vigencia (:attr:`Parametros.fin_vigencia`, 31 December): the final follow-up covers the
      whole year, including activities without a schedule and schedules ending after it.

    An activity without a schedule is therefore evaluated only at the final cut, except under
    «todas las de la vigencia».
    """
    rule = parametros.actividades_evaluadas
    if corte >= parametros.fin_vigencia or rule == EVALUADAS_TODAS:
        return np.ones(len(days), dtype=bool)
    cut = np.datetime64(corte, "D")
    scheduled = (np.asarray(days) > 0) & ~np.isnat(first_start) & ~np.isnat(last_end)
    first = np.where(scheduled, first_start, cut)
    last = np.where(scheduled, last_end, cut)
    if rule == EVALUADAS_VENCEN:
        return scheduled & (last <= cut)
    if rule == EVALUADAS_CUATRIMESTRE:
        start = np.datetime64(periodo(corte, parametros.vigencia)[1], "D")
        return scheduled & (first <= cut) & (last >= start)
    return scheduled & (first <= cut)


def no_evaluada_motivo(row, corte: date, parametros: Parametros) -> str:
    """Why an activity (a row of :func:`evaluate`) is not evaluated at ``corte``, in Spanish ("" when it is)."""
    if row.evaluada:
        return ""
    if not row.dias_programados:
        return "sin fecha programada: se evalúa en el corte final"
    rule = parametros.actividades_evaluadas
    if rule == EVALUADAS_VENCEN:
        return "su cronograma termina después del corte"
    if rule == EVALUADAS_CUATRIMESTRE and row.inicio is not None and row.inicio <= corte:
        return "no tiene días programados en el cuatrimestre evaluado"
    return "su cronograma empieza después del corte"


def _cumplimiento_cronograma(reported: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """«Cumplimiento del cronograma» of each activity: ``min(100, 100 * reported / expected)``.

    A secondary schedule index (where activities behind schedule are spotted), never the PAAC
    measure nor given a zone. Only defined when expected > 0; NaN otherwise (nothing was due
    yet, so the activity is not counted in its aggregate).
    """
    due = expected > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.minimum(100.0, 100.0 * reported / expected)
    return np.where(due, ratio, np.nan)


# --------------------------------------------------------------------------- evaluate


def evaluate(plan: Plan, corte: date) -> pd.DataFrame:
    """Where each activity stands at the cut date ``corte``: one row per activity, in plan order.

    Columns (:data:`EVALUATE_COLUMNS`): the ``actividades`` columns, then ``inicio``/``fin``
    (first and last scheduled day, ``datetime.date`` or None when unscheduled),
    ``dias_programados`` (int), ``avance_esperado`` (float 0–100), then the % de avance:

    - ``avance_reportado``: the office's reported % of the report chosen by :func:`_latest_reports`
      (0 when there is none; a missing value counts as 0, values are clipped to 0–100);
    - ``avance_verificado``: Control Interno's verified % of that same report, NaN when it has none;
    - ``avance``: the figure the measure uses, the verified % when there is one, else the reported;
      ``verificado`` (bool) says which;

    then ``fecha_reporte`` (date or None), the report's texts ``estado_reportado``/``evidencia``/
    ``observaciones``/``actividades_cumplidas``/``observaciones_ci`` (str, "" when missing),
    ``estado`` (one of :data:`ESTADOS`, from ``avance``), ``evaluada`` (bool, see :func:`evaluadas`),
    ``semaforo`` (the PAAC zone of the activity's own ``avance`` when evaluated, None otherwise),
    ``cumplimiento_cronograma`` (float, NaN when nothing is due) and ``vencida_sin_cumplir``
    (its schedule ended before D and its ``avance`` is below 100: estado «Vencida»).
    """
    actividades = plan.actividades.reindex(columns=ACTIVIDADES_COLUMNS).reset_index(drop=True)
    fechas = actividades["fecha_programada"].astype(object)
    actividades["fecha_programada"] = fechas.where(fechas.notna(), "").astype(str)
    # Position of every activity id; duplicated ids (a loader error) share their first row's data.
    ids = pd.Index(actividades["id"]).unique()
    row = ids.get_indexer(actividades["id"])
    size = len(ids)

    # Schedule: scheduled days, expected progress, first and last scheduled day.
    cronograma = plan.cronograma
    positions = ids.get_indexer(cronograma["actividad_id"])
    start, end = _as_day(cronograma["inicio"]), _as_day(cronograma["fin"])
    counts, expected, first_day, last_day = _schedule_by_position(positions, start, end, size, corte)

    # Follow-up: the report that stands at D, the office's % and Control Interno's.
    seguimiento = plan.seguimiento.reindex(columns=SEGUIMIENTO_COLUMNS)
    latest = _latest_reports(ids.get_indexer(seguimiento["actividad_id"]), seguimiento["fecha_corte"], corte, size)
    reported = np.clip(np.nan_to_num(_percent_at(seguimiento["avance"], latest), nan=0.0), 0.0, 100.0)
    verified = np.clip(_percent_at(seguimiento["avance_verificado"], latest), 0.0, 100.0)
    is_verified = ~np.isnan(verified)
    measured = np.where(is_verified, verified, reported)

    compliance = _cumplimiento_cronograma(measured, expected)
    evaluated = evaluadas(counts, first_day, last_day, corte, plan.parametros)
    zones = np.where(evaluated, semaforos(measured, plan.parametros), None)
    estados = _estado(measured, counts, first_day, last_day, corte, expected, plan.parametros.margen_atraso)
    columns = {
        "peso": pd.to_numeric(actividades["peso"], errors="coerce").to_numpy(dtype=float),
        "inicio": pd.Series(_dates(first_day[row]), dtype=object),
        "fin": pd.Series(_dates(last_day[row]), dtype=object),
        "dias_programados": counts[row].astype(int),
        "avance_esperado": expected[row],
        "avance_reportado": reported[row],
        "avance_verificado": verified[row],
        "avance": measured[row],
        "verificado": is_verified[row],
        "fecha_reporte": pd.Series(_pick(seguimiento["fecha_corte"], latest, None)[row], dtype=object),
        **{
            new: pd.Series(_pick(seguimiento[old], latest, "")[row], dtype=object).astype(str)
            for old, new in _REPORT_TEXT_COLUMNS.items()
        },
        "estado": estados[row],
        "evaluada": evaluated[row],
        "semaforo": pd.Series(zones[row], dtype=object),
        "cumplimiento_cronograma": compliance[row],
        "vencida_sin_cumplir": (estados == VENCIDA)[row],
    }
    out = actividades.assign(**columns)
    out["estado"] = out["estado"].astype(str)
    return out[EVALUATE_COLUMNS]


def _percent_at(values: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The numbers of ``values`` at ``rows`` (NaN where the row is -1 or the value is missing)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if not len(numbers):
        return np.full(len(rows), np.nan)
    return np.where(rows >= 0, numbers[np.maximum(rows, 0)], np.nan)


# --------------------------------------------------------------------------- offices and filters


def office_order(names: Iterable[str]) -> list[str]:
    """Offices sorted exactly as :attr:`Plan.dependencias` sorts them ("Todas las dependencias" last)."""
    return Plan(responsables=pd.DataFrame({"dependencia": pd.Series(list(names), dtype=object)})).dependencias


def membership(plan: Plan) -> pd.DataFrame:
    """Which offices each activity counts for: columns ``actividad_id``, ``dependencia``, ``rol``.

    Rule: every row of ``plan.responsables`` is kept with its role ("principal" or
    "apoyo"). An activity assigned to "Todas las dependencias" (in either role) also
    counts for every concrete office of the plan (:attr:`Plan.dependencias`), with role
    "todas", unless that office is already named in the activity; the "Todas las
    dependencias" row itself is kept too.

    Rows come in plan order of the activities; within an activity, the named offices in
    their original order, then the "todas" offices in :attr:`Plan.dependencias` order.
    """
    named = plan.responsables[MEMBERSHIP_COLUMNS].reset_index(drop=True).astype(object)
    offices = office_order(named["dependencia"].dropna().unique())
    concrete = pd.DataFrame({"dependencia": pd.Series([o for o in offices if o != TODAS_LAS_DEPENDENCIAS], dtype=object)})
    for_all = named.loc[named["dependencia"] == TODAS_LAS_DEPENDENCIAS, ["actividad_id"]].drop_duplicates()
    implied = for_all.merge(concrete, how="cross").merge(
        named[["actividad_id", "dependencia"]].drop_duplicates(), how="left", on=["actividad_id", "dependencia"], indicator=True
    )
    implied = implied.loc[implied["_merge"] == "left_only", ["actividad_id", "dependencia"]].assign(rol=ROL_TODAS)

    members = pd.concat([named.assign(_tier=0), implied.assign(_tier=1)], ignore_index=True)
    ids = pd.Index(plan.actividades["id"]).unique()
    position = ids.get_indexer(members["actividad_id"])
    members["_pos"] = np.where(position >= 0, position, len(ids))  # unknown activities last
    members = members.sort_values(["_pos", "_tier"], kind="stable")
    return members[MEMBERSHIP_COLUMNS].reset_index(drop=True).astype(str)


def select(plan: Plan, dependencias: Sequence[str] = (), subcomponentes: Sequence[str] = ()) -> list[str]:
    """Ids of the activities kept by the dashboard filters, in plan order.

    An empty sequence means no filter on that axis; both filters combine with "and".
    An activity is kept for an office when the office leads it (principal), supports it
    (apoyo) or counts for it through "Todas las dependencias" (see :func:`membership`).
    """
    if isinstance(dependencias, str):
        dependencias = (dependencias,)
    if isinstance(subcomponentes, str):
        subcomponentes = (subcomponentes,)
    actividades = plan.actividades
    keep = np.ones(len(actividades), dtype=bool)
    if len(subcomponentes):
        keep &= actividades["subcomponente"].isin(list(subcomponentes)).to_numpy()
    if len(dependencias):
        members = membership(plan)
        ids = members.loc[members["dependencia"].isin(list(dependencias)), "actividad_id"]
        keep &= actividades["id"].isin(ids).to_numpy()
    return [str(value) for value in actividades.loc[keep, "id"]]

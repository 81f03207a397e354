"""«Avance del plan»: the PAAC measure of the plan, per subcomponent and per office, at a cut date.

Pure pandas, no Streamlit. Rolls up the rows of :func:`rendicion.followup.engine.evaluate`:

- **Avance del plan** (headline, :func:`_avance`): the mean of the % de avance of the activities
  *evaluated at D* (:func:`rendicion.followup.engine.evaluadas`, by the rule of Parámetros),
  weighted by ``peso`` (all 1 when the plan has no peso column: a plain mean); each activity's
  value is its latest report on or before D, Control Interno's verified % when that report has
  one, else the office's reported %, and 0 when it has none. The semáforo (the PAAC zones,
  thresholds from Parámetros) applies to this figure.
- **Cumplimiento del cronograma** (secondary, :func:`_cumplimiento_cronograma`): the weighted
  mean of the activities' reported ÷ expected progress (capped at 100), over those with
  expected progress > 0. A schedule index, never given a zone.

Source of the measure and the zones: Función Pública, «Estrategias para la construcción del Plan
Anticorrupción y de Atención al Ciudadano – versión 2», adopted by Decreto 124 de 2016, which replaced
title 4 of part 1 of book 2 of Decreto 1081 de 2015 (art. 2.1.4.6: Control Interno follows the plan up).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rendicion.followup.engine import ESTADOS, office_order, semaforos
from rendicion.plan.model import Parametros

#: Columns of :func:`aggregate` after the optional grouping column.
AGGREGATE_COLUMNS = ["actividades", "evaluadas", "cumplidas", "sin_fecha", "vencidas_sin_cumplir", "verificadas",
                     "avance", "semaforo", "cumplimiento_cronograma", *ESTADOS]


def _weighted_mean(values: np.ndarray, counted: np.ndarray, weight: np.ndarray, codes: np.ndarray,
                   size: int) -> np.ndarray:
    """Per group, the mean of ``values`` over ``counted`` rows weighted by ``weight``.

    Rows with a missing or non-positive weight do not count. NaN when a group has no counted row.
    """
    with np.errstate(invalid="ignore"):
        counted = counted & (weight > 0)
    total = np.bincount(codes, weights=np.where(counted, weight, 0.0), minlength=size)
    weighted = np.bincount(codes, weights=np.where(counted, values * np.where(counted, weight, 0.0), 0.0),
                           minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, weighted / total, np.nan)


def _avance(evaluated: pd.DataFrame, codes: np.ndarray, size: int) -> np.ndarray:
    """«Avance del plan» per group: the ``peso``-weighted mean of ``avance`` (verified when there is a
    verified %, else reported) of the activities with ``evaluada``; NaN when a group has no evaluated
    activity (with positive peso)."""
    reported = evaluated["avance"].to_numpy(dtype=float)
    counted = evaluated["evaluada"].to_numpy(dtype=bool)
    return _weighted_mean(np.nan_to_num(reported), counted, evaluated["peso"].to_numpy(dtype=float), codes, size)


def _cumplimiento_cronograma(evaluated: pd.DataFrame, codes: np.ndarray, size: int) -> np.ndarray:
    """«Cumplimiento del cronograma» per group: the ``peso``-weighted mean of the activities'
    ``cumplimiento_cronograma`` over those with expected progress > 0 (NaN when none)."""
    compliance = evaluated["cumplimiento_cronograma"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        counted = (evaluated["avance_esperado"].to_numpy(dtype=float) > 0) & ~np.isnan(compliance)
    return _weighted_mean(np.nan_to_num(compliance), counted, evaluated["peso"].to_numpy(dtype=float), codes, size)


def _aggregate(evaluated: pd.DataFrame, codes: np.ndarray, labels: list, column: str | None,
               parametros: Parametros) -> pd.DataFrame:
    """Aggregate rows of ``evaluated`` by group code (``labels[code]`` names the group)."""
    size = len(labels)
    avance = _avance(evaluated, codes, size)
    evaluada = evaluated["evaluada"].to_numpy(dtype=bool)
    done = evaluated["avance"].to_numpy(dtype=float) >= 100.0
    estados = evaluated["estado"].to_numpy(dtype=object)
    frame = pd.DataFrame(index=pd.RangeIndex(size))
    if column is not None:
        frame[column] = pd.Series(labels, dtype=object).astype(str)
    frame["actividades"] = np.bincount(codes, minlength=size).astype(int)
    frame["evaluadas"] = np.bincount(codes[evaluada], minlength=size).astype(int)
    frame["cumplidas"] = np.bincount(codes[evaluada & done], minlength=size).astype(int)
    unscheduled = evaluated["fin"].isna().to_numpy(dtype=bool)
    frame["sin_fecha"] = np.bincount(codes[~evaluada & unscheduled], minlength=size).astype(int)
    overdue = evaluated["vencida_sin_cumplir"].to_numpy(dtype=bool)
    frame["vencidas_sin_cumplir"] = np.bincount(codes[overdue], minlength=size).astype(int)
    verified = evaluated["verificado"].to_numpy(dtype=bool)
    frame["verificadas"] = np.bincount(codes[evaluada & verified], minlength=size).astype(int)
    frame["avance"] = avance
    frame["semaforo"] = pd.Series(semaforos(avance, parametros), dtype=object)
    frame["cumplimiento_cronograma"] = _cumplimiento_cronograma(evaluated, codes, size)
    for estado in ESTADOS:
        frame[estado] = np.bincount(codes[estados == estado], minlength=size).astype(int)
    return frame[([column] if column is not None else []) + AGGREGATE_COLUMNS]


def aggregate(evaluated: pd.DataFrame, parametros: Parametros, by: str | None = None) -> pd.DataFrame:
    """Roll up :func:`rendicion.followup.engine.evaluate` rows for the whole plan (``by=None``) or per ``by`` column.

    ``by=None`` gives a one-row frame (also for an empty ``evaluated``: 0 activities, NaN
    avance); ``by="subcomponente"`` gives one row per subcomponent, in plan order. Columns: the
    ``by`` column if any, then :data:`AGGREGATE_COLUMNS`:

    - ``actividades``: activities in the group; ``evaluadas``: those evaluated at the cut;
      ``cumplidas``: evaluated ones at 100 %; ``sin_fecha``: those not evaluated because
      they have no schedule («sin fecha programada», evaluated only at the final cut);
      ``vencidas_sin_cumplir``: those whose schedule ended before the cut below 100 %, evaluated or
      not; ``verificadas``: evaluated ones whose % was verified by Control Interno;
    - ``avance`` («Avance del plan», see :func:`_avance`) and its ``semaforo``;
    - ``cumplimiento_cronograma`` (secondary, no zone);
    - one count column per status, named exactly as :data:`rendicion.followup.engine.ESTADOS`.
    """
    if by is None:
        return _aggregate(evaluated, np.zeros(len(evaluated), dtype=np.int64), [None], None, parametros)
    codes, labels = pd.factorize(evaluated[by], sort=False)
    return _aggregate(evaluated, codes, list(labels), by, parametros)


def aggregate_by_office(evaluated: pd.DataFrame, members: pd.DataFrame, parametros: Parametros) -> pd.DataFrame:
    """Roll up :func:`rendicion.followup.engine.evaluate` rows per office (column ``dependencia``).

    An activity counts once for every office that ``members`` (output of
    :func:`rendicion.followup.engine.membership`, possibly pre-filtered) lists for it, whatever the role
    (so «Todas las dependencias» activities count for every office). Only offices with at least
    one activity in ``evaluated`` appear, sorted as :attr:`Plan.dependencias` ("Todas las
    dependencias" last). Same columns as :func:`aggregate`.
    """
    rows = evaluated.reset_index(drop=True)
    if not rows["id"].is_unique:  # a loader error; count each id once
        rows = rows.drop_duplicates("id").reset_index(drop=True)
    pairs = members[["actividad_id", "dependencia"]].drop_duplicates()
    position = pd.Index(rows["id"]).get_indexer(pairs["actividad_id"])
    found = position >= 0
    joined = rows.iloc[position[found]].reset_index(drop=True)
    offices = pairs["dependencia"].to_numpy(dtype=object)[found]
    labels = office_order(pd.unique(offices))
    codes = pd.Index(labels).get_indexer(offices)
    return _aggregate(joined, codes, labels, "dependencia", parametros)


def sin_fecha_programada(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The activities listed as «sin fecha programada»: no schedule and not evaluated yet at the cut."""
    keep = evaluated["fin"].isna() & ~evaluated["evaluada"].astype(bool)
    return evaluated[keep]


def vencidas_sin_cumplir(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The activities «vencidas sin cumplir» at the cut: schedule ended before it, % de avance below 100."""
    return evaluated[evaluated["vencida_sin_cumplir"].astype(bool)]


def ponderado(plan_actividades: pd.DataFrame) -> bool:
    """Whether the measure is a weighted mean: some activity's peso differs from another's.

    A plan without a peso column gives every activity peso 1, and its mean is a plain one: the
    pages and reports then never say «ponderado».
    """
    pesos = pd.to_numeric(plan_actividades["peso"], errors="coerce").fillna(1.0)
    return bool(len(pesos)) and pesos.nunique() > 1

"""The evaluated plan as JSON: what ``python -m rendicion report ARCHIVO --out informe.json`` writes.

Pure Python and pandas (no Plotly, no Streamlit): :func:`informe` builds a dict of plain JSON
values, :func:`informe_json` its UTF-8 text. Fields (issue 9 item 10, meanings of issue 10):

- top level: ``entidad``, ``vigencia``, ``corte`` (ISO day), ``avance`` («Avance del plan»: the
  peso-weighted mean of the % de avance of the activities evaluated at the cut, see
  :mod:`rendicion.followup.measure`; null when none is evaluated), ``semaforo`` (its PAAC zone),
  ``actividades_evaluadas`` (the rule), ``evaluadas`` / ``total_actividades``,
  ``cumplimiento_cronograma`` (the secondary schedule index), ``datos_de_ejemplo``,
  ``cronograma_reconstruido`` and ``avisos`` («DATOS DE EJEMPLO», «cronograma reconstruido»);
- ``subcomponentes``: ``{subcomponente, avance, semaforo, evaluadas, cumplidas}`` in plan order;
- ``actividades``: ``id``, ``subcomponente``, ``actividad``, ``responsables`` (list, principal
  first), ``fecha_programada`` (the text as written, or null), ``inicio`` / ``fin`` (first and
  last scheduled day, or null), ``evaluada``, ``avance_reportado`` (0–100), ``fecha_reporte``,
  ``estado``, ``semaforo`` (zone of its own % de avance when evaluated, else null) and
  ``cumplimiento_cronograma`` (null when nothing was due).

Numbers are not rounded: ``avance`` is exactly the mean the dashboard shows to one decimal.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd

from rendicion.followup import engine, measure
from rendicion.plan.model import ROL_PRINCIPAL, Plan


def _number(value: object) -> float | None:
    """A float, or None for a missing value (JSON has no NaN)."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _day(value: object) -> str | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date().isoformat()


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _responsables(plan: Plan) -> dict[str, list[str]]:
    """Offices of each activity, principal first, each once."""
    rows = plan.responsables.assign(_apoyo=plan.responsables["rol"] != ROL_PRINCIPAL)
    rows = rows.sort_values("_apoyo", kind="stable").drop_duplicates(["actividad_id", "dependencia"])
    return {str(k): [str(v) for v in group] for k, group in rows.groupby("actividad_id", sort=False)["dependencia"]}


def _fechas_programadas(plan: Plan) -> dict[str, str | None]:
    """The «Fecha programada» text of each activity, when the plan has that column."""
    if "fecha_programada" not in plan.actividades.columns:
        return {}
    return {str(i): _text(t) for i, t in zip(plan.actividades["id"], plan.actividades["fecha_programada"])}


def informe(plan: Plan, corte: date) -> dict:
    """The plan evaluated at ``corte`` as a dict of JSON values (see the module docstring)."""
    params = plan.parametros
    evaluated = engine.evaluate(plan, corte)
    total = measure.aggregate(evaluated, params).iloc[0]
    by_sub = measure.aggregate(evaluated, params, by="subcomponente")
    offices = _responsables(plan)
    fechas = _fechas_programadas(plan)
    return {
        "entidad": params.entidad,
        "vigencia": int(params.vigencia),
        "corte": corte.isoformat(),
        "avance": _number(total["avance"]),
        "semaforo": total["semaforo"],
        "actividades_evaluadas": params.actividades_evaluadas,
        "evaluadas": int(total["evaluadas"]),
        "total_actividades": int(total["actividades"]),
        "cumplimiento_cronograma": _number(total["cumplimiento_cronograma"]),
        "datos_de_ejemplo": bool(params.datos_de_ejemplo),
        "cronograma_reconstruido": bool(params.cronograma_reconstruido),
        "avisos": params.avisos,
        "subcomponentes": [
            {
                "subcomponente": str(row["subcomponente"]),
                "avance": _number(row["avance"]),
                "semaforo": row["semaforo"],
                "evaluadas": int(row["evaluadas"]),
                "cumplidas": int(row["cumplidas"]),
            }
            for _, row in by_sub.iterrows()
        ],
        "actividades": [
            {
                "id": str(row.id),
                "subcomponente": str(row.subcomponente),
                "actividad": str(row.actividad),
                "responsables": offices.get(str(row.id), []),
                "fecha_programada": fechas.get(str(row.id)),
                "inicio": _day(row.inicio),
                "fin": _day(row.fin),
                "evaluada": bool(row.evaluada),
                "avance_reportado": float(row.avance_reportado),
                "fecha_reporte": _day(row.fecha_reporte),
                "estado": str(row.estado),
                "semaforo": row.semaforo,
                "cumplimiento_cronograma": _number(row.cumplimiento_cronograma),
            }
            for row in evaluated.itertuples(index=False)
        ],
    }


def informe_json(plan: Plan, corte: date) -> str:
    """:func:`informe` as JSON text (accents kept as written; encode it as UTF-8)."""
    return json.dumps(informe(plan, corte), ensure_ascii=False, indent=2) + "\n"

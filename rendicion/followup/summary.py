"""The evaluated plan as JSON: what ``python -m rendicion report ARCHIVO --out informe.json`` writes.

Pure Python and pandas (no Plotly, no Streamlit): :func:`informe` builds a dict of plain JSON
values, :func:`informe_json` its UTF-8 text. Fields (issue 9 item 10, meanings of issue 10):

- top level: ``entidad``, ``vigencia``, ``corte`` (ISO day), ``nombre_cifra`` («Avance del plan»),
  ``avance`` (the mean of the % de avance of the activities evaluated at the cut, see
  :mod:`rendicion.followup.measure`; null when none is evaluated), ``semaforo`` and ``zona`` (its
  PAAC zone: "rojo", "Baja (rojo)"), ``regla`` (= ``actividades_evaluadas``, the rule) and
  ``regla_descripcion``, ``ponderado`` (whether pesos make it a weighted mean), ``evaluadas`` /
  ``total_actividades``, ``verificadas`` (evaluated activities whose % Control Interno verified),
  ``vencidas_sin_cumplir`` (list of ``{id, actividad, fin, avance}``), ``cumplimiento_cronograma``
  (the secondary schedule index), ``datos_de_ejemplo``, ``cronograma_reconstruido``, ``avisos``
  («DATOS DE EJEMPLO», «cronograma reconstruido») and ``hallazgos`` (:mod:`rendicion.followup.flags`:
  ``{tipo, titulo, id, actividad, detalle}``);
- ``subcomponentes``: ``{subcomponente, avance, semaforo, zona, actividades, evaluadas, cumplidas,
  vencidas_sin_cumplir}`` in plan order;
- ``actividades``: ``id``, ``subcomponente``, ``actividad``, ``meta_indicador``, ``responsables``
  (list, principal first), ``fecha_programada`` (the text as written, or null), ``inicio`` / ``fin``
  (first and last scheduled day, or null), ``evaluada``, ``avance`` (the figure measured),
  ``avance_reportado`` (the office's, 0–100), ``avance_verificado`` (Control Interno's, or null),
  ``verificado``, ``fecha_reporte``, ``actividades_cumplidas``, ``observaciones``,
  ``observaciones_ci``, ``estado``, ``vencida_sin_cumplir``, ``semaforo`` / ``zona`` (zone of its
  own % de avance when evaluated, else null) and ``cumplimiento_cronograma`` (null when nothing
  was due).

Every % is rounded as the pages and reports show it: one decimal, half up
(:func:`rendicion.common.formatting.round_half_up`), so 28,25 is 28.3 everywhere.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd

from rendicion.common import formatting
from rendicion.followup import engine, flags, measure, palette
from rendicion.plan.model import REGLAS_DESCRIPCION, ROL_PRINCIPAL, Plan


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


def _rounded(value: object) -> float | None:
    """A % rounded as every page and report shows it: one decimal, half up (None when missing)."""
    number = _number(value)
    return None if number is None else formatting.round_half_up(number, 1)


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
        "nombre_cifra": palette.AVANCE_DEL_PLAN,
        "avance": _rounded(total["avance"]),
        "semaforo": total["semaforo"],
        "zona": palette.zona_nombre(total["semaforo"]) or None,
        "actividades_evaluadas": params.actividades_evaluadas,
        "regla": params.actividades_evaluadas,
        "regla_descripcion": REGLAS_DESCRIPCION[params.actividades_evaluadas],
        "ponderado": measure.ponderado(plan.actividades),
        "evaluadas": int(total["evaluadas"]),
        "total_actividades": int(total["actividades"]),
        "verificadas": int(total["verificadas"]),
        "vencidas_sin_cumplir": [
            {"id": str(row.id), "actividad": str(row.actividad), "fin": _day(row.fin), "avance": _rounded(row.avance)}
            for row in measure.vencidas_sin_cumplir(evaluated).itertuples(index=False)
        ],
        "cumplimiento_cronograma": _rounded(total["cumplimiento_cronograma"]),
        "datos_de_ejemplo": bool(params.datos_de_ejemplo),
        "cronograma_reconstruido": bool(params.cronograma_reconstruido),
        "avisos": params.avisos,
        "hallazgos": [
            {"tipo": flag.tipo, "titulo": flag.titulo, "id": flag.id, "actividad": flag.actividad,
             "detalle": flag.detalle}
            for flag in flags.flags(evaluated, corte, params)
        ],
        "subcomponentes": [
            {
                "subcomponente": str(row["subcomponente"]),
                "avance": _rounded(row["avance"]),
                "semaforo": row["semaforo"],
                "zona": palette.zona_nombre(row["semaforo"]) or None,
                "actividades": int(row["actividades"]),
                "evaluadas": int(row["evaluadas"]),
                "cumplidas": int(row["cumplidas"]),
                "vencidas_sin_cumplir": int(row["vencidas_sin_cumplir"]),
            }
            for _, row in by_sub.iterrows()
        ],
        "actividades": [
            {
                "id": str(row.id),
                "subcomponente": str(row.subcomponente),
                "actividad": str(row.actividad),
                "meta_indicador": _text(row.meta_indicador),
                "responsables": offices.get(str(row.id), []),
                "fecha_programada": fechas.get(str(row.id)),
                "inicio": _day(row.inicio),
                "fin": _day(row.fin),
                "evaluada": bool(row.evaluada),
                "avance": _rounded(row.avance),
                "avance_reportado": _rounded(row.avance_reportado),
                "avance_verificado": _rounded(row.avance_verificado),
                "verificado": bool(row.verificado),
                "fecha_reporte": _day(row.fecha_reporte),
                "actividades_cumplidas": _text(row.actividades_cumplidas),
                "observaciones": _text(row.observaciones),
                "observaciones_ci": _text(row.observaciones_ci),
                "estado": str(row.estado),
                "vencida_sin_cumplir": bool(row.vencida_sin_cumplir),
                "semaforo": row.semaforo,
                "zona": palette.zona_nombre(row.semaforo) or None,
                "cumplimiento_cronograma": _rounded(row.cumplimiento_cronograma),
            }
            for row in evaluated.itertuples(index=False)
        ],
    }


def informe_json(plan: Plan, corte: date) -> str:
    """:func:`informe` as JSON text (accents kept as written; encode it as UTF-8)."""
    return json.dumps(informe(plan, corte), ensure_ascii=False, indent=2) + "\n"

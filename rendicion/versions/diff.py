"""Differences between two plans: the upload preview and the history comparison.

Activities are matched by ID. Each kind of change is one tidy frame whose columns are Spanish
nouns in snake_case (the page gives them display titles; :data:`CAMPOS` names the fields):

- ``agregadas`` / ``eliminadas``: id, subcomponente, actividad.
- ``modificadas``: id, campo, antes, despues — one row per changed field of a matched activity
  (campo is one of actividad, meta_indicador, subcomponente, responsable_texto, peso; antes
  and despues are display texts).
- ``responsables``: id, agregadas, quitadas — canonical offices joined by " · ".
- ``meses``: id, agregados, quitados — scheduled days added and removed, as intervals in words
  ("mar 2018 – abr 2018", "30/04/2018").
- ``reportes_nuevos``: id, fecha_corte, avance, avance_verificado, observaciones_ci — follow-up
  reports the old plan did not have (no report of that activity at that cut): the office's reported
  %, Control Interno's verified % (NaN when none) and its observation.
- ``reportes_corregidos``: id, fecha_corte, campo, antes, despues, cambio — one row per changed
  field (avance, avance_verificado, estado, evidencia, observaciones, observaciones_ci,
  actividades_cumplidas) of a report the old plan had at the same activity and cut; ``cambio`` says
  it in one line: «2.7 · 31/08/2018: 33 % → 66 %».
- ``reportes_quitados``: id, fecha_corte, avance — reports of the old plan the new one lacks
  (of activities the new plan keeps: a removed activity's reports go with it).
- ``avance``: id, antes, despues — latest reported progress (0–100, NaN when none) of matched
  activities, only where it changed.
- ``parametros``: campo, antes, despues — plan parameters that changed (display texts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from rendicion.common import formatting
from rendicion.common.text import fold
from rendicion.plan.model import Parametros, Plan

#: Spanish display names of the ``campo`` values of ``modificadas`` and ``parametros``.
CAMPOS = {
    "actividad": "Actividad",
    "meta_indicador": "Meta / indicador",
    "subcomponente": "Subcomponente",
    "responsable_texto": "Responsable",
    "peso": "Peso",
    "entidad": "Entidad",
    "vigencia": "Vigencia",
    "mes_inicio": "Mes 1 del plan",
    "meses": "Número de meses",
    "umbral_amarillo": "Umbral amarillo del semáforo",
    "umbral_verde": "Umbral verde del semáforo",
    "margen_atraso": "Margen de atraso (puntos)",
    "actividades_evaluadas": "Actividades evaluadas en cada corte",
    "datos_de_ejemplo": "Datos de ejemplo",
    "cronograma_reconstruido": "Cronograma reconstruido",
    "conclusiones": "Conclusiones del informe",
    "recomendaciones": "Recomendaciones del informe",
    "elaboro_nombre": "Elaboró (nombre)",
    "elaboro_cargo": "Elaboró (cargo)",
    "avance": "Avance",
    "estado": "Estado",
    "evidencia": "Evidencia",
    "observaciones": "Observaciones",
    "actividades_cumplidas": "Actividades cumplidas",
    "avance_verificado": "% de avance verificado",
    "observaciones_ci": "Observaciones de Control Interno",
}

#: Fields of a follow-up report compared at the same activity and cut, in display order.
REPORT_FIELDS = ["avance", "avance_verificado", "estado", "evidencia", "observaciones", "observaciones_ci",
                 "actividades_cumplidas"]
#: Number fields among REPORT_FIELDS (compared as numbers, shown as percentages).
_REPORT_NUMBERS = {"avance", "avance_verificado"}

#: Activity fields compared, in display order.
ACTIVITY_FIELDS = ["subcomponente", "actividad", "meta_indicador", "responsable_texto", "peso"]

_COLUMNS = {
    "agregadas": ["id", "subcomponente", "actividad"],
    "eliminadas": ["id", "subcomponente", "actividad"],
    "modificadas": ["id", "campo", "antes", "despues"],
    "responsables": ["id", "agregadas", "quitadas"],
    "meses": ["id", "agregados", "quitados"],
    "reportes_nuevos": ["id", "fecha_corte", "avance", "avance_verificado", "observaciones_ci"],
    "reportes_corregidos": ["id", "fecha_corte", "campo", "antes", "despues", "cambio"],
    "reportes_quitados": ["id", "fecha_corte", "avance"],
    "avance": ["id", "antes", "despues"],
    "parametros": ["campo", "antes", "despues"],
}
_SEPARATOR = " · "


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    columns = _COLUMNS[name]
    if not rows:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    return pd.DataFrame(rows, columns=columns)


@dataclass
class PlanDiff:
    """What changed from an old plan to a new one (see the module docstring for the frames)."""

    agregadas: pd.DataFrame
    eliminadas: pd.DataFrame
    modificadas: pd.DataFrame
    responsables: pd.DataFrame
    meses: pd.DataFrame
    reportes_nuevos: pd.DataFrame
    reportes_corregidos: pd.DataFrame
    reportes_quitados: pd.DataFrame
    avance: pd.DataFrame
    parametros: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when the plans have no difference."""
        return not any(self.counts().values())

    def counts(self) -> dict[str, int]:
        """Number of changes of each kind (``modificadas`` counts activities and ``reportes_corregidos``
        reports, not fields)."""
        counts = {name: int(len(getattr(self, name))) for name in _COLUMNS}
        counts["modificadas"] = int(self.modificadas["id"].nunique())
        corrected = self.reportes_corregidos
        counts["reportes_corregidos"] = int(len(corrected[["id", "fecha_corte"]].drop_duplicates()))
        return counts

    def summary_text(self, against: str = "la versión actual") -> str:
        """One Spanish sentence: "2 actividades agregadas, 1 eliminada y 3 reportes de avance nuevos."."""
        counts = self.counts()
        parts: list[str] = []
        activity_named = False
        for name, singular, plural in (("agregadas", "agregada", "agregadas"), ("eliminadas", "eliminada", "eliminadas"),
                                       ("modificadas", "modificada", "modificadas")):
            n = counts[name]
            if not n:
                continue
            noun = "" if activity_named else (" actividad" if n == 1 else " actividades")
            parts.append(f"{formatting.number(n)}{noun} {singular if n == 1 else plural}")
            activity_named = True
        if counts["responsables"]:
            parts.append(f"responsables cambiados en {_activities(counts['responsables'])}")
        if counts["meses"]:
            parts.append(f"cronograma cambiado en {_activities(counts['meses'])}")
        report_named = False
        for name, singular, plural in (("reportes_nuevos", "nuevo", "nuevos"),
                                       ("reportes_corregidos", "corregido", "corregidos"),
                                       ("reportes_quitados", "quitado", "quitados")):
            n = counts[name]
            if not n:
                continue
            noun = "" if report_named else (" reporte de avance" if n == 1 else " reportes de avance")
            parts.append(f"{formatting.number(n)}{noun} {singular if n == 1 else plural}")
            report_named = True
        if counts["avance"]:
            parts.append(f"avance más reciente cambiado en {_activities(counts['avance'])}")
        if counts["parametros"]:
            n = counts["parametros"]
            parts.append(formatting.plural(n, "parámetro cambiado"))
        if not parts:
            return f"Sin diferencias con {against}."
        sentence = formatting.join(parts)
        return sentence[0].upper() + sentence[1:] + "."


def _activities(n: int) -> str:
    return formatting.plural(n, "actividad")


# --------------------------------------------------------------------------------- compare


def compare(old: Plan, new: Plan) -> PlanDiff:
    """The differences from ``old`` to ``new``, activities matched by ID."""
    old_acts = _by_id(old.actividades)
    new_acts = _by_id(new.actividades)
    matched = [ident for ident in new_acts if ident in old_acts]
    return PlanDiff(
        agregadas=_frame("agregadas", [_identity(row) for ident, row in new_acts.items() if ident not in old_acts]),
        eliminadas=_frame("eliminadas", [_identity(row) for ident, row in old_acts.items() if ident not in new_acts]),
        modificadas=_frame("modificadas", _modified(old_acts, new_acts, matched)),
        responsables=_frame("responsables", _offices(old, new, matched)),
        meses=_frame("meses", _months(old, new, matched)),
        **_reports(old, new),
        avance=_progress(old, new, matched),
        parametros=_frame("parametros", _parameters(old.parametros, new.parametros)),
    )


def _by_id(actividades: pd.DataFrame) -> dict[str, dict]:
    records = actividades.drop_duplicates("id").to_dict("records")
    return {str(record["id"]): record for record in records}


def _identity(row: dict) -> dict:
    return {"id": str(row["id"]), "subcomponente": _text(row["subcomponente"]), "actividad": _text(row["actividad"])}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _weight(value: object) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 1.0
    return 1.0 if math.isnan(number) else number


def _weight_text(value: float) -> str:
    if float(value).is_integer():
        return formatting.number(value)
    return formatting.number(value, 2).rstrip("0").rstrip(",")


def _modified(old: dict[str, dict], new: dict[str, dict], matched: list[str]) -> list[dict]:
    rows = []
    for ident in matched:
        for name in ACTIVITY_FIELDS:
            if name == "peso":
                before, after = _weight(old[ident].get(name)), _weight(new[ident].get(name))
                if not math.isclose(before, after, abs_tol=1e-9):
                    rows.append({"id": ident, "campo": name, "antes": _weight_text(before), "despues": _weight_text(after)})
                continue
            before, after = _text(old[ident].get(name)), _text(new[ident].get(name))
            if before != after:
                rows.append({"id": ident, "campo": name, "antes": before, "despues": after})
    return rows


def _sets(frame: pd.DataFrame, column: str) -> dict[str, set]:
    result: dict[str, set] = {}
    for ident, value in zip(frame["actividad_id"], frame[column]):
        result.setdefault(str(ident), set()).add(value)
    return result


def _offices(old: Plan, new: Plan, matched: list[str]) -> list[dict]:
    before, after = _sets(old.responsables, "dependencia"), _sets(new.responsables, "dependencia")
    rows = []
    for ident in matched:
        added = after.get(ident, set()) - before.get(ident, set())
        removed = before.get(ident, set()) - after.get(ident, set())
        if added or removed:
            rows.append({"id": ident, "agregadas": _SEPARATOR.join(sorted(added, key=fold)),
                         "quitadas": _SEPARATOR.join(sorted(removed, key=fold))})
    return rows


def _months(old: Plan, new: Plan, matched: list[str]) -> list[dict]:
    """Activities whose scheduled days changed: the days added and removed, as intervals in words."""
    before, after = _intervals(old.cronograma), _intervals(new.cronograma)
    rows = []
    for ident in matched:
        added = _subtract(after.get(ident, []), before.get(ident, []))
        removed = _subtract(before.get(ident, []), after.get(ident, []))
        if added or removed:
            rows.append({"id": ident, "agregados": _interval_list(added), "quitados": _interval_list(removed)})
    return rows


def _intervals(cronograma: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Each activity's scheduled days as sorted, merged (first, last) day ordinals."""
    result: dict[str, list[tuple[int, int]]] = {}
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"], strict=True):
        if pd.isna(start) or pd.isna(end):
            continue
        result.setdefault(str(ident), []).append((_ordinal(start), _ordinal(end)))
    for ident, spans in result.items():
        merged: list[list[int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        result[ident] = [(first, last) for first, last in merged]
    return result


def _ordinal(value: object) -> int:
    return pd.Timestamp(value).date().toordinal()


def _subtract(spans: list[tuple[int, int]], minus: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The days of ``spans`` not in ``minus`` (both sorted and merged), as intervals."""
    out = []
    for first, last in spans:
        for cut_first, cut_last in minus:
            if cut_last < first or cut_first > last:
                continue
            if cut_first > first:
                out.append((first, cut_first - 1))
            first = cut_last + 1
            if first > last:
                break
        if first <= last:
            out.append((first, last))
    return out


def _interval_list(spans: list[tuple[int, int]]) -> str:
    return "; ".join(formatting.interval(date.fromordinal(a), date.fromordinal(b)) for a, b in spans)


def _reports(old: Plan, new: Plan) -> dict[str, pd.DataFrame]:
    """New, corrected and removed reports: reports are paired by activity and cut, in the order written."""
    compared = [name for name in REPORT_FIELDS if name in old.seguimiento.columns and name in new.seguimiento.columns]
    before: dict[tuple, list[dict]] = {}
    for record in old.seguimiento.to_dict("records"):
        before.setdefault((str(record["actividad_id"]), record["fecha_corte"]), []).append(record)
    added, corrected = [], []
    for record in new.seguimiento.to_dict("records"):
        key = (str(record["actividad_id"]), record["fecha_corte"])
        olds = before.get(key)
        if not olds:
            verificado = _float(record.get("avance_verificado"))
            added.append({"id": key[0], "fecha_corte": key[1], "avance": float(record["avance"]),
                          "avance_verificado": math.nan if verificado is None else verificado,
                          "observaciones_ci": _text(record.get("observaciones_ci"))})
            continue
        previous = olds.pop(0)
        for name in compared:
            a, b = previous.get(name), record.get(name)
            if name in _REPORT_NUMBERS:
                if _same_number(a, b):
                    continue
                a_text, b_text = _percent_text(a), _percent_text(b)
                label = "" if name == "avance" else f" · {CAMPOS[name]}"
                change = f"{key[0]} · {_day(key[1])}{label}: {a_text} → {b_text}"
            else:
                a_text, b_text = _text(a), _text(b)
                if a_text == b_text:
                    continue
                change = (f"{key[0]} · {_day(key[1])} · {CAMPOS[name]}: «{_clip(a_text)}» → «{_clip(b_text)}»"
                          if a_text and b_text else
                          f"{key[0]} · {_day(key[1])} · {CAMPOS[name]}: " + (
                              f"«{_clip(b_text)}» (antes vacío)" if b_text else f"«{_clip(a_text)}» borrado"))
            corrected.append({"id": key[0], "fecha_corte": key[1], "campo": name, "antes": a_text, "despues": b_text,
                              "cambio": change})
    kept = {str(ident) for ident in new.actividades["id"].tolist()}  # a removed activity's reports go with it
    removed = [{"id": key[0], "fecha_corte": key[1], "avance": float(record["avance"])}
               for key, records in before.items() if key[0] in kept for record in records]
    return {"reportes_nuevos": _frame("reportes_nuevos", added),
            "reportes_corregidos": _frame("reportes_corregidos", corrected),
            "reportes_quitados": _frame("reportes_quitados", removed)}


def _float(value: object) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _percent_text(value: object) -> str:
    number = _float(value)
    return "sin verificar" if number is None else formatting.percent(number)


def _same_number(a: object, b: object) -> bool:
    x, y = _float(a), _float(b)
    return x == y if x is None or y is None else math.isclose(x, y, abs_tol=1e-9)


def _day(value: object) -> str:
    try:
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return _text(value)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _latest(seguimiento: pd.DataFrame) -> dict[str, float]:
    """Latest reported progress per activity (the last report of the latest cut date)."""
    latest: dict[str, tuple] = {}
    for order, (ident, fecha, avance) in enumerate(
            zip(seguimiento["actividad_id"], seguimiento["fecha_corte"], seguimiento["avance"])):
        key = (fecha, order)
        if str(ident) not in latest or key >= latest[str(ident)][0]:
            latest[str(ident)] = (key, float(avance))
    return {ident: value for ident, (_, value) in latest.items()}


def _progress(old: Plan, new: Plan, matched: list[str]) -> pd.DataFrame:
    before, after = _latest(old.seguimiento), _latest(new.seguimiento)
    rows = []
    for ident in matched:
        a, b = before.get(ident), after.get(ident)
        if a is None and b is None:
            continue
        if a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9):
            continue
        rows.append({"id": ident, "antes": math.nan if a is None else a, "despues": math.nan if b is None else b})
    if not rows:
        return pd.DataFrame({"id": pd.Series(dtype=object), "antes": pd.Series(dtype=float),
                             "despues": pd.Series(dtype=float)})
    return pd.DataFrame(rows, columns=_COLUMNS["avance"]).astype({"antes": float, "despues": float})


def _parameter_text(name: str, value: object) -> str:
    if name == "mes_inicio":
        return formatting.month(value)
    if name in ("umbral_amarillo", "umbral_verde"):
        return formatting.percent(value)
    if isinstance(value, bool):
        return "Sí" if value else "No"
    return str(value)


def _parameters(old: Parametros, new: Parametros) -> list[dict]:
    rows = []
    for item in fields(Parametros):
        before, after = getattr(old, item.name), getattr(new, item.name)
        if before != after:
            rows.append({"campo": item.name, "antes": _parameter_text(item.name, before),
                         "despues": _parameter_text(item.name, after)})
    return rows

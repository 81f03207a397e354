"""Header vocabulary: which column of a sheet holds which field, whatever the wording.

Headers are compared on their folded form (no case, accents or punctuation), first as a
whole against the synonyms below, then word by word, so "META DE PRODUCTO - INDICADOR",
"Meta o producto" and "Indicador" all land on ``meta_indicador``. Month headers are
recognised as "MES 1" … "MES n", Spanish month names or abbreviations ("Enero", "ene",
"ene-18", "Enero 2018") and real dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from rendicion.common.text import fold

#: Whole-header synonyms, checked first (folded form).
_EXACT = {
    "id": {"id", "no", "n", "n°", "nº", "num", "numero", "item", "codigo", "cod", "#", "id actividad", "codigo actividad",
           "no actividad", "numero actividad", "n actividad", "consecutivo"},
    "subcomponente": {"subcomponente", "subcomponentes", "componente", "subcomponente proceso", "proceso",
                      "subcomponente componente", "eje"},
    "actividad": {"actividad", "actividades", "actividades programadas", "actividad programada",
                  "descripcion de la actividad", "descripcion actividad", "accion", "acciones"},
    "meta_indicador": {"meta", "indicador", "meta o producto", "meta producto", "meta de producto", "producto",
                       "meta indicador", "meta de producto indicador", "meta producto indicador", "indicadores",
                       "metas", "producto esperado", "meta e indicador", "meta y producto", "entregable"},
    "responsable": {"responsable", "responsables", "dependencia responsable", "dependencias responsables",
                    "dependencia", "dependencias", "area responsable", "oficina responsable", "lider", "responsable s"},
    "peso": {"peso", "ponderacion", "peso %", "% peso", "peso relativo"},
    "fecha_corte": {"fecha de corte", "fecha corte", "corte", "fecha", "fecha de seguimiento", "fecha seguimiento",
                    "fecha del reporte", "fecha de reporte", "fecha reporte"},
    "avance": {"avance", "% de avance", "% avance", "avance %", "porcentaje de avance", "porcentaje avance",
               "avance reportado", "% de cumplimiento", "porcentaje de cumplimiento", "avance porcentual",
               "% cumplimiento", "cumplimiento", "porcentaje cumplimiento", "% de avance de la actividad",
               "nivel de cumplimiento", "% avance de cumplimiento"},
    "actividades_cumplidas": {"actividades cumplidas", "actividad cumplida", "acciones cumplidas",
                              "actividades realizadas", "acciones realizadas", "actividades ejecutadas",
                              "acciones ejecutadas", "avance cualitativo", "descripcion del avance",
                              "descripcion de lo cumplido", "seguimiento cualitativo"},
    "avance_verificado": {"% de avance verificado", "avance verificado", "% avance verificado", "% verificado",
                          "porcentaje de avance verificado", "porcentaje verificado", "avance verificado por oci",
                          "% de avance verificado por control interno", "avance verificado por control interno",
                          "% de avance oci", "% avance oci", "avance oci", "% de avance control interno",
                          "avance segun control interno", "avance segun oci", "verificacion % de avance"},
    "observaciones_ci": {"observaciones de control interno", "observaciones control interno", "observaciones oci",
                         "observacion oci", "observaciones de la oci", "observaciones ci", "observacion de control interno",
                         "observaciones de la oficina de control interno", "concepto de control interno",
                         "concepto oci", "observaciones del seguimiento oci"},
    "estado": {"estado", "estado de la actividad", "estado actividad", "situacion"},
    "evidencia": {"evidencia", "evidencias", "soporte", "soportes", "enlace", "enlace evidencia", "link",
                  "evidencia enlace", "url"},
    "observaciones": {"observaciones", "observacion", "comentarios", "comentario", "notas", "nota"},
    "fecha_programada": {"fecha programada", "fechas programadas", "fecha de ejecucion", "fecha ejecucion",
                         "fechas de ejecucion", "plazo", "plazo de ejecucion", "fecha limite", "fecha limite de ejecucion",
                         "fecha programada de ejecucion", "fecha programada de cumplimiento", "fecha de cumplimiento",
                         "periodo de ejecucion", "fecha de entrega", "fecha programada para su ejecucion",
                         "fecha de realizacion", "fecha realizacion", "tiempo de ejecucion", "fechas",
                         "fecha de ejecucion programada", "fecha programada de realizacion"},
    "fecha_inicio": {"fecha inicio", "fecha de inicio", "fecha inicial", "inicio", "fecha de iniciacion",
                     "fecha inicio programada", "fecha de inicio programada"},
    "fecha_fin": {"fecha fin", "fecha final", "fecha de fin", "fecha de finalizacion", "fecha finalizacion",
                  "fecha de terminacion", "fecha terminacion", "fin", "fecha fin programada",
                  "fecha de finalizacion programada"},
}

#: Word-level fallbacks, in priority order: the first field whose word appears wins.
_WORDS = [
    ("avance", ("esperado", "programado")),  # "Avance esperado" is computed, never read as progress
    ("fecha_corte", ()),
    ("actividades_cumplidas", ()),  # before "actividad": "Actividades cumplidas" is the follow-up's account
    ("subcomponente", ()),
    ("actividad", ()),
    ("meta_indicador", ()),
    ("responsable", ()),
    ("evidencia", ()),
    ("observaciones", ()),
    ("peso", ()),
    ("fecha_programada", ()),
]
_FIELD_WORDS = {
    "avance": {"avance", "%"},
    "fecha_corte": {"corte"},
    "actividades_cumplidas": {"cumplidas", "cumplida", "realizadas", "ejecutadas"},
    "subcomponente": {"subcomponente", "componente"},
    "actividad": {"actividad", "actividades"},
    "meta_indicador": {"meta", "metas", "indicador", "indicadores", "producto"},
    "responsable": {"responsable", "responsables"},
    "evidencia": {"evidencia", "evidencias", "soporte", "soportes"},
    "observaciones": {"observaciones", "observacion"},
    "peso": {"ponderacion"},
    "fecha_programada": {"programada", "plazo", "limite"},
}

#: Words that make a progress or observations column Control Interno's own.
_CONTROL_INTERNO_WORDS = {"verificado", "verificada", "oci"}

MONTH_NAMES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH_ABBREVIATIONS = {
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9,
    "set": 9, "oct": 10, "nov": 11, "dic": 12,
}
_MES_N = re.compile(r"^mes\s*(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)(?:\s+(?:de\s+)?(\d{2}|\d{4}))?$")


@dataclass(frozen=True)
class MonthHeader:
    """A schedule column: either a plan month number ("MES 3") or a calendar month (year may be unknown)."""

    mes: int | None = None
    month: int | None = None
    year: int | None = None


def field_of(value: object) -> str | None:
    """The field a header cell names, or None. Only text cells can be headers."""
    if not isinstance(value, str):
        return None
    key = fold(value)
    if not key or len(key) > 60:
        return None
    for name, synonyms in _EXACT.items():
        if key in synonyms:
            return name
    words = set(key.split())
    if "%" in value:
        words.add("%")
    if words & _CONTROL_INTERNO_WORDS or {"control", "interno"} <= words:
        # «% de avance verificado», «Observaciones OCI»: Control Interno's own columns, never the office's.
        if words & _FIELD_WORDS["avance"] and not words & {"esperado", "programado"}:
            return "avance_verificado"
        if words & _FIELD_WORDS["observaciones"]:
            return "observaciones_ci"
    for name, excluded in _WORDS:
        if words & _FIELD_WORDS[name] and not words & set(excluded):
            return name
    return None


def month_of(value: object) -> MonthHeader | None:
    """The schedule month a header cell names, or None."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return MonthHeader(month=value.month, year=value.year)
    if not isinstance(value, str):
        return None
    key = fold(value)
    match = _MES_N.match(key)
    if match:
        mes = int(match.group(1))
        return MonthHeader(mes=mes) if mes >= 1 else None
    match = _NAMED_MONTH.match(key)
    if not match:
        return None
    word, year = match.groups()
    month = MONTH_NAMES.get(word) or _MONTH_ABBREVIATIONS.get(word)
    if month is None:
        return None
    if year is not None:
        year = int(year) + (2000 if len(year) == 2 else 0)
    return MonthHeader(month=month, year=year)

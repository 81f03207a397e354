"""Read the plan's parameters: the Parámetros rows (a name, then its value) and the title rows.

The first sheet with at least two parameter names in its rows' first filled cells gives the
parameters. The title rows above each sheet's first table may name the entity («Alcaldía de …»,
«Entidad: …») and the vigencia («Vigencia: 2018»); with no vigencia written anywhere, the year of a
follow-up cut named in a title is taken, and said. A bad value is an error at its cell.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from rendicion.common import formatting
from rendicion.common.text import clean, fold, short
from rendicion.plan.model import (
    EVALUADAS_CUATRIMESTRE,
    EVALUADAS_PROGRAMADAS,
    EVALUADAS_TODAS,
    EVALUADAS_VENCEN,
    REGLAS_EVALUACION,
    Parametros,
)
from rendicion.reading import paac
from rendicion.reading.findings import Findings
from rendicion.reading.values import as_percentages, is_blank, number, percent, to_month
from rendicion.reading.workbook import Sheet, column_letter

_PARAMETER_KEYS = {
    "entidad": ("entidad", "nombre de la entidad", "municipio", "nombre entidad"),
    "vigencia": ("vigencia", "ano", "año"),
    "mes_inicio": ("mes 1", "mes inicial", "mes de inicio", "primer mes", "inicio del plan", "fecha de inicio",
                   "mes inicio"),
    "meses": ("meses", "numero de meses", "duracion"),
    "umbral_amarillo": ("umbral amarillo", "semaforo amarillo", "amarillo"),
    "umbral_verde": ("umbral verde", "semaforo verde", "verde"),
    "margen_atraso": ("margen de atraso", "margen atraso", "puntos de atraso", "atrasada"),
    "actividades_evaluadas": ("actividades evaluadas en cada corte", "actividades evaluadas", "regla de evaluacion"),
    "datos_de_ejemplo": ("datos de ejemplo", "seguimiento de ejemplo"),
    "cronograma_reconstruido": ("cronograma reconstruido",),
    # Closing of Control Interno's follow-up report (rendicion.outputs.informe). The cargo comes before
    # the name: "Elaboró (cargo)" must not be read as the name.
    "conclusiones": ("conclusiones", "conclusion"),
    "recomendaciones": ("recomendaciones", "recomendacion"),
    "elaboro_cargo": ("elaboro cargo", "cargo de quien elabora", "cargo del jefe de control interno", "cargo"),
    "elaboro_nombre": ("elaboro nombre", "elaboro", "elaborado por", "jefe de control interno"),
}
#: Parameters that are free texts: kept as written, paragraphs included.
_TEXT_PARAMETERS = ("conclusiones", "recomendaciones", "elaboro_cargo", "elaboro_nombre")
#: Yes/no answers of the flag parameters («Datos de ejemplo», «Cronograma reconstruido»), folded.
_YES = {"si", "s", "x", "verdadero", "true", "1"}
_NO = {"no", "n", "falso", "false", "0"}
#: Rows above a sheet's first table read as titles (entity, vigencia); a sheet without tables
#: would otherwise give every row.
MAX_TITLE_ROWS = 30
#: A title line about the vigencia: its year is the last four-digit year in it («Vigencia: 2018»,
#: «Vigencia 2018», «Vigencia: Periodo del 01 de enero al 30 de abril de 2021» → 2021).
_VIGENCIA_IN_TITLE = re.compile(r"^(?:.*\b)?vigencia\b")
_YEAR = re.compile(r"\b(\d{4})\b")
_ENTITY_IN_TITLE = re.compile(
    r"^(alcaldia|gobernacion|municipio|departamento|concejo|personeria|contraloria|instituto|empresa|hospital|"
    r"e s e|ese|unidad|secretaria|superintendencia|ministerio|agencia|universidad|corporacion)\b"
)
#: «Entidad: Alcaldía de …» in one cell: the entity is what follows the colon.
_ENTITY_LABEL = re.compile(r"^\s*(?:nombre de la )?entidad\s*:\s*(\S.*)$", re.IGNORECASE | re.DOTALL)


def regla_de(value: object) -> str | None:
    """The rule «Actividades evaluadas en cada corte» a text names (None when it names none).

    Accepts each rule's name and its usual wordings: «vencen»/«vencidas» (las que vencen hasta el
    corte), «cuatrimestre» (programadas en el cuatrimestre), «todas» (todas las de la vigencia),
    «programadas a la fecha» and the former «las iniciadas hasta el corte».
    """
    rule = fold(clean(value))
    if not rule:
        return None
    if "cuatrimestre" in rule or "periodo" in rule:
        return EVALUADAS_CUATRIMESTRE
    if "vencen" in rule or "vencidas" in rule:
        return EVALUADAS_VENCEN
    if "todas" in rule or "vigencia" in rule or "acumulad" in rule:
        return EVALUADAS_TODAS
    if "iniciad" in rule or "programadas" in rule or "a la fecha" in rule:
        return EVALUADAS_PROGRAMADAS
    return None


def read_parametros(sheets: list[Sheet], titles: list[str], findings: Findings) -> tuple[Parametros, bool, bool]:
    """The parameters, and whether the workbook names its vigencia (parameters or a «Vigencia» title)
    and its MES 1. ``titles`` are the title lines of the sheets read; problems go to ``findings``."""
    values: dict[str, tuple[object, Sheet, int, int]] = {}
    for sheet in sheets:
        found = {}
        for r, row in enumerate(sheet.rows):
            first = _first_filled(row, 0)
            if first is None:
                continue
            name = _parameter_of(first[1])
            if not name or name in found:
                continue
            second = _first_filled(row, first[0] + 1)
            if second is not None:
                found[name] = (second[1], sheet, r, second[0])
        if len(found) >= 2:
            values = found
            break
    vigencia_title = next((year for t in titles if _VIGENCIA_IN_TITLE.match(fold(t))
                           and (year := _last_year(t)) is not None), None)
    if vigencia_title is None and "vigencia" not in values:
        vigencia_title = _vigencia_from_cuts(titles, findings)
    entity_title = next((m.group(1).strip() if m else t for t in titles
                         if (m := _ENTITY_LABEL.match(t)) or _ENTITY_IN_TITLE.match(fold(t))), "")
    vigencia_given = vigencia_title is not None or "vigencia" in values
    mes_inicio_given = "mes_inicio" in values
    default_year = vigencia_title or date.today().year
    params = Parametros(entidad=entity_title, vigencia=default_year, mes_inicio=date(default_year, 1, 1))

    def bad(name: str, message: str) -> None:
        _, sheet, r, c = values[name]
        findings.error(message, sheet=sheet.name, row=r + 1, column=column_letter(c))

    if "entidad" in values:
        params = replace(params, entidad=clean(values["entidad"][0]))
    if "vigencia" in values:
        year = number(values["vigencia"][0])
        if year is None and isinstance(values["vigencia"][0], str):
            year = _last_year(values["vigencia"][0])  # «Periodo del 01 de enero al 30 de abril de 2021»
        if year is None or not 1990 <= year <= 2100 or not float(year).is_integer():
            bad("vigencia", "La vigencia debe ser un año de cuatro cifras, por ejemplo 2018.")
        else:
            params = replace(params, vigencia=int(year), mes_inicio=date(int(year), 1, 1))
    if "mes_inicio" in values:
        try:
            month = to_month(values["mes_inicio"][0])
        except ValueError:  # "enero 0000": a year no calendar has
            month = None
        if month is None:
            bad("mes_inicio", "No se pudo leer el mes calendario del MES 1. Escríbalo como fecha (01/01/2018) "
                              "o como «enero 2018».")
        else:
            params = replace(params, mes_inicio=month)
    if "meses" in values:
        meses = number(values["meses"][0])
        if meses is None or not 1 <= meses <= 60 or not float(meses).is_integer():
            bad("meses", "El número de meses del cronograma debe ser un entero entre 1 y 60.")
        else:
            params = replace(params, meses=int(meses))
    for name in ("umbral_amarillo", "umbral_verde"):
        if name in values:
            value, _ = percent(values[name][0])
            scaled = as_percentages([(value, False)])[0] if value is not None else None
            if scaled is None or not 0 < scaled <= 100:
                bad(name, "El umbral del semáforo debe ser un porcentaje entre 1 y 100.")
            else:
                params = replace(params, **{name: scaled})
    if "margen_atraso" in values:
        raw = values["margen_atraso"][0]
        if isinstance(raw, str):  # «15 puntos», «15 pts.»
            raw = re.sub(r"\s*(?:puntos|pts?)\.?\s*$", "", raw, flags=re.IGNORECASE)
        value, _ = percent(raw)
        scaled = as_percentages([(value, False)])[0] if value is not None else None
        if scaled is None or not 0 <= scaled < 100:
            bad("margen_atraso", "El margen de atraso debe ser un número de puntos de avance entre 0 y 99, por "
                                 "ejemplo 15.")
        else:
            params = replace(params, margen_atraso=scaled)
    if "actividades_evaluadas" in values:
        rule = regla_de(values["actividades_evaluadas"][0])
        if rule is None:
            names = ", ".join(f"«{name}»" for name in REGLAS_EVALUACION[:-1])
            bad("actividades_evaluadas", f"Las actividades evaluadas en cada corte deben ser {names} o "
                                         f"«{REGLAS_EVALUACION[-1]}».")
        else:
            params = replace(params, actividades_evaluadas=rule)
    for name in ("datos_de_ejemplo", "cronograma_reconstruido"):
        if name in values:
            raw = values[name][0]
            answer = fold(clean(raw)) if not isinstance(raw, bool) else ("si" if raw else "no")
            if answer in _YES or answer in _NO:
                params = replace(params, **{name: answer in _YES})
            else:
                bad(name, "Escriba «Sí» o «No».")
    for name in _TEXT_PARAMETERS:
        if name in values:
            params = replace(params, **{name: _paragraphs(values[name][0])})
    try:
        params.month_end(params.meses)
    except (ValueError, OverflowError):  # past 31/12/9999: no calendar has those months
        where = values.get("mes_inicio") or values.get("vigencia")
        message = (f"El periodo del plan ({params.meses} meses desde {params.mes_inicio:%m/%Y}) termina después "
                   "del año 9999. Revise la vigencia, el mes calendario del MES 1 y el número de meses.")
        if where is not None:
            _, sheet, r, c = where
            findings.error(message, sheet=sheet.name, row=r + 1, column=column_letter(c))
        else:
            findings.error(message)
        params = Parametros()  # the plan is not used; this only lets the rest of the reading finish
    if params.umbral_amarillo >= params.umbral_verde:
        findings.error(
            f"El umbral amarillo ({_pct(params.umbral_amarillo)}) debe ser menor que el verde "
            f"({_pct(params.umbral_verde)})."
        )
    return params, vigencia_given, mes_inicio_given


def title_line(cells: list[object]) -> str:
    """A title row as one line: its non-blank cells, dates as dd/mm/aaaa."""
    parts = []
    for value in cells:
        if isinstance(value, date):
            parts.append(f"{value:%d/%m/%Y}")
        elif value is not None and value != "":
            text = clean(value)
            if text:
                parts.append(text)
    return " ".join(parts)


def _vigencia_from_cuts(titles: list[str], findings: Findings) -> int | None:
    """With no vigencia written, the year of a follow-up cut written in a title line (and say so)."""
    for line in titles:
        if paac.mentions_cut(line) and (year := _last_year(line)) is not None:
            findings.warning(
                f"El libro no dice su vigencia; se tomó {year}, el año del corte del seguimiento "
                f"«{short(line)}». Si no es así, escriba «Vigencia: AAAA» encima de la tabla."
            )
            return year
    return None


def _first_filled(row: list[object], start: int) -> tuple[int, object] | None:
    """(column, value) of the first non-blank cell of ``row`` at or after ``start``."""
    for col in range(start, len(row)):
        value = row[col]
        if value is None or value == "":
            continue  # the common blank cells, without cleaning them
        if not is_blank(value):
            return col, value
    return None


def _paragraphs(value: object) -> str:
    """A free-text cell as text: each line cleaned, line breaks kept, blank lines dropped."""
    if isinstance(value, str):
        return "\n".join(line for line in (clean(part) for part in value.splitlines()) if line)
    return clean(value)


def _parameter_of(cell: object) -> str | None:
    if not isinstance(cell, str) or len(cell) > 200 or cell[:1].isdigit():
        return None  # every parameter name is a short text starting with a letter (IDs: not worth folding)
    return _parameter_name(cell)


@lru_cache(maxsize=1 << 14, typed=True)
def _parameter_name(cell: object) -> str | None:
    key = fold(clean(cell))
    for name, synonyms in _PARAMETER_KEYS.items():
        for synonym in synonyms:
            if key == synonym or key.startswith(synonym + " "):
                return name
    return None


def _last_year(text: object) -> int | None:
    """The last plausible four-digit year (1990–2100) written in ``text``."""
    years = [int(y) for y in _YEAR.findall(clean(text)) if 1990 <= int(y) <= 2100]
    return years[-1] if years else None


def _pct(value: float) -> str:
    # An absurd value (1e308) would print 300 digits: keep the message readable.
    return short(formatting.percent(value), 24)

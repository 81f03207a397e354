"""The PAAC's own structure: its six components and its three four-monthly follow-up cuts.

Published plans and Control Interno's follow-ups name both in words rather than dates:

- a whole PAAC workbook has one sheet per component («Riesgos de corrupción», «Racionalización de
  trámites», «Rendición de cuentas» …); the dashboard reads component 3 (:func:`component_of`);
- a follow-up names its cut in a header: «Fecha seguimiento: 30/04/2018», «Periodo del 01 de enero
  al 30 de abril de 2021», «Seguimiento 2», «Seguimiento 1 OCI», «II cuatrimestre»
  (:func:`cut_of`). The n-th follow-up or cuatrimestre is the n-th PAAC cut of the vigencia:
  30 April, 31 August, 31 December.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rendicion.common.text import clean
from rendicion.reading.headers import MONTH_NAMES

#: The PAAC's components (Decreto 124 de 2016), by number.
COMPONENTS = {
    1: "Gestión del riesgo de corrupción",
    2: "Racionalización de trámites",
    3: "Rendición de cuentas",
    4: "Mecanismos para mejorar la atención al ciudadano",
    5: "Transparencia y acceso a la información",
    6: "Iniciativas adicionales",
}
RENDICION_DE_CUENTAS = 3

#: Words that name each component in a sheet name or a «Componente …» title (plain lowercase form).
_COMPONENT_WORDS = {
    1: ("riesgo",),
    2: ("tramite", "racionalizacion"),
    3: ("rendicion",),
    4: ("atencion", "servicio al ciudadano"),
    5: ("transparencia",),
    6: ("iniciativa",),
}
_COMPONENT_NUMBER = re.compile(r"\b(?:componente|comp|c)\s*(?:n[o°º]?\.?\s*)?([1-6])\b")

_ROMAN = {"i": 1, "ii": 2, "iii": 3}
_ORDINAL_WORDS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3, "tercero": 3,
                  "tercera": 3}
_ORDINAL = r"(?:(\d)\s*(?:er|ro|do|to|°|º|o|a)?\.?|(i{1,3})|(primer[oa]?|segund[oa]|tercer[oa]?))"
_CUT_ORDINAL = [
    re.compile(rf"\b(?:seguimiento|cuatrimestre|corte|informe)\s*(?:n[o°º]?\.?|numero)?\s*{_ORDINAL}(?!\d)"),
    re.compile(rf"\b{_ORDINAL}\s*(?:seguimiento|cuatrimestre|corte|informe)\b"),
]
_MONTH = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WORDED_DATE = re.compile(rf"\b(\d{{1,2}})\s+(?:de\s+)?({_MONTH})(?:\s+(?:de|del)?\s*(\d{{4}}))?")
_MONTH_FIRST_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?!\d)(?:\s*(?:de|del|,)?\s*(\d{{4}}))?")
_MONTH_RANGE = re.compile(rf"\b({_MONTH})\s*(?:a|al|hasta|-|–)\s*({_MONTH})(?:\s+(?:de|del)?\s*(\d{{4}}))?")
#: A cut named by its month alone: «… a diciembre 2019», «con corte a agosto», «corte diciembre de 2019».
_MONTH_END = re.compile(rf"\b(?:a|al|hasta|corte\s*:?)\s+(?:de\s+|del\s+|mes\s+de\s+)?({_MONTH})\b"
                        rf"(?:\s+(?:de|del)?\s*(\d{{4}}))?")
_MONTH_LIST_TAIL = re.compile(rf"(?:\s*(?:,|y)\s*({_MONTH})\b)+")
_YEAR = re.compile(r"\b(19\d\d|20\d\d|2100)\b")
#: Words that make a title line or a sheet name a statement about a follow-up cut.
_CUT_WORDS = ("seguimiento", "corte", "periodo", "cuatrimestre", "informe", "evaluacion")


@dataclass(frozen=True)
class Cut:
    """A cut date read from a header, and how (None when the header wrote the date itself)."""

    fecha: date
    convention: str | None = None


def plain(text: object) -> str:
    """Lowercase text without accents, punctuation kept (dates keep their slashes)."""
    decomposed = unicodedata.normalize("NFKD", clean(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def component_of(sheet_name: str, titles: list[str]) -> int | None:
    """The PAAC component a sheet holds, from its name or a «Componente …» title line; None if unsaid."""
    name = plain(sheet_name)
    found = _component_in(name)
    if found is not None:
        return found
    for title in titles:
        line = plain(title)
        if line.startswith("componente") or _COMPONENT_NUMBER.match(line):
            found = _component_in(line)
            if found is not None:
                return found
    return None


def component_of_cell(value: object) -> int | None:
    """The PAAC component a «Componente» cell names: «Componente 3: Rendición de cuentas», «Rendición de
    cuentas», «3»; None when it names none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if value == int(value) and 1 <= value <= 6 else None
    text = plain(value)
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 6 else None
    return _component_in(text) if text else None


def _component_in(text: str) -> int | None:
    numbered = _COMPONENT_NUMBER.search(text)
    if numbered:
        return int(numbered.group(1))
    named = [number for number, words in _COMPONENT_WORDS.items() if any(word in text for word in words)]
    return named[0] if len(named) == 1 else None


def mentions_cut(text: object) -> bool:
    """True when a title line speaks about a follow-up period or cut (so a date in it is a cut)."""
    line = plain(text)
    return any(word in line for word in _CUT_WORDS)


def cut_of(label: object, vigencia: int) -> Cut | None:
    """The cut date a follow-up header names, or None.

    Read in this order: an end date («al 30 de abril de 2021»), a single date («Fecha seguimiento:
    30/04/2018»), a month range («enero a abril de 2021» → its last day), an ordinal follow-up or
    cuatrimestre («Seguimiento 2», «II cuatrimestre» → that PAAC cut). A year missing from a date
    is the vigencia's; a year written in the header wins over the vigencia for ordinals.
    """
    line = plain(label)
    if not line:
        return None
    years = [int(y) for y in _YEAR.findall(line)]
    year = years[-1] if years else vigencia
    dates = _dates_in(line, year)
    if dates:
        ends = [day for position, day in dates if re.search(r"\b(?:al|a|hasta)\s*$", line[:position])]
        return Cut(ends[-1] if ends else dates[-1][1])
    months = _MONTH_RANGE.search(line)
    if months:
        month = MONTH_NAMES[months.group(2)]
        month_year = int(months.group(3)) if months.group(3) else year
        last = calendar.monthrange(month_year, month)[1]
        return Cut(date(month_year, month, last), f"el periodo «{clean(label)}» termina el {last:02d}/{month:02d}/"
                                                  f"{month_year}")
    month_end = _MONTH_END.search(line)
    if month_end:
        more = _MONTH_LIST_TAIL.match(line, month_end.end(1))  # «a marzo y abril»: the last month named
        month = MONTH_NAMES[more.group(1) if more else month_end.group(1)]
        month_year = int(month_end.group(2)) if month_end.group(2) and not more else year
        last = calendar.monthrange(month_year, month)[1]
        return Cut(date(month_year, month, last), f"«{clean(label)}» dice el mes sin el día: se tomó su último día, "
                                                  f"{last:02d}/{month:02d}/{month_year}")
    for pattern in _CUT_ORDINAL:
        match = pattern.search(line)
        if match:
            digit, roman, word = match.groups()
            n = int(digit) if digit else _ROMAN.get(roman or "") or _ORDINAL_WORDS.get(word or "")
            if n in (1, 2, 3):
                fecha = _paac_cuts(year)[n - 1]
                return Cut(fecha, f"«{clean(label)}» es el {_ORDINAL_NAMES[n]} corte cuatrimestral del PAAC "
                                  f"({fecha:%d/%m/%Y})")
    return None


_ORDINAL_NAMES = {1: "primer", 2: "segundo", 3: "tercer"}


def _paac_cuts(year: int) -> list[date]:
    return [date(year, 4, 30), date(year, 8, 31), date(year, 12, 31)]


def _dates_in(line: str, year: int) -> list[tuple[int, date]]:
    """(position, date) of every explicit day in ``line``, in order."""
    found: list[tuple[int, date]] = []
    for match in _NUMERIC_DATE.finditer(line):
        day, month, yy = (int(g) for g in match.groups())
        full = yy + 2000 if yy < 100 else yy
        found.append((match.start(), _day(full, month, day)))
    for match in _ISO_DATE.finditer(line):
        yy, month, day = (int(g) for g in match.groups())
        found.append((match.start(), _day(yy, month, day)))
    for match in _WORDED_DATE.finditer(line):
        day, month, yy = match.groups()
        found.append((match.start(), _day(int(yy) if yy else year, MONTH_NAMES[month], int(day))))
    for match in _MONTH_FIRST_DATE.finditer(line):  # «agosto 31 de 2018»
        month, day, yy = match.groups()
        found.append((match.start(), _day(int(yy) if yy else year, MONTH_NAMES[month], int(day))))
    return sorted((position, day) for position, day in found if day is not None)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

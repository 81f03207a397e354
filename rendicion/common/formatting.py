"""Spanish (Colombia) display formats: numbers, percentages, dates and month names."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre"]
_ONE_DAY = timedelta(days=1)
MONTHS_SHORT = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]


def number(value: float, decimals: int = 0) -> str:
    """12345.6 -> "12.345,6": point for thousands, comma for decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def round_half_up(value: float, decimals: int = 1) -> float:
    """``value`` rounded half up, as a person rounds by hand: 28.25 -> 28.3, 37.666… -> 37.7.

    Python's :func:`round` rounds the binary value half to even (28.25 -> 28.2); every figure
    the product shows (pages, reports, JSON) is rounded here instead, so all of them agree. The
    value is first cut to nine decimals, so that a mean that floating point leaves at
    28.249999999999996 still counts as the 28.25 it is.
    """
    value = float(value)
    if not math.isfinite(value) or abs(value) >= 1e15:  # beyond what a person reads by its decimals
        return value
    exact = Decimal(repr(value)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def percent(value: float | None, decimals: int = 1) -> str:
    """87.25 -> "87,3 %" (half up, :func:`round_half_up`); whole numbers lose the decimals ("80 %");
    None/NaN -> "—"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    rounded = round_half_up(float(value), decimals)
    if rounded.is_integer():
        decimals = 0
    return f"{number(rounded, decimals)} %"


def shown(value: object) -> str:
    """Any table cell as the user reads it: None, NaN, NaT and blank text -> "—", a date as
    dd/mm/aaaa, anything else as its text."""
    if value is None or value == "":
        return "—"
    try:
        if value != value:  # NaN, NaT, pd.NA raise or compare unequal to themselves
            return "—"
    except TypeError:
        return "—"
    if isinstance(value, date):
        return day(value)
    return str(value)


def day(value: date) -> str:
    """date(2018, 8, 31) -> "31/08/2018"."""
    return f"{value:%d/%m/%Y}"


def long_day(value: date) -> str:
    """date(2018, 8, 31) -> "31 de agosto de 2018"."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def month(value: date) -> str:
    """date(2018, 1, 1) -> "enero de 2018"."""
    return f"{MONTHS[value.month - 1]} de {value.year}"


def short_month(value: date) -> str:
    """date(2018, 1, 1) -> "ene 2018"."""
    return f"{MONTHS_SHORT[value.month - 1]} {value.year}"


def month_span(start: date, end: date) -> str:
    """A run of months: "mar 2018" for one month, "ene 2018 – ene 2019" for several."""
    first, last = short_month(start), short_month(end)
    return first if first == last else f"{first} – {last}"


#: Stressed final syllables that lose their accent in the plural: versión -> versiones, inglés -> ingleses.
_UNACCENT = str.maketrans("áéíóú", "aeiou")


def plural_word(word: str) -> str:
    """The plural of one Spanish noun or adjective: actividad -> actividades, versión -> versiones,
    cumplida -> cumplidas, día -> días, mes -> meses, vez -> veces, error -> errores."""
    if not word:
        return word
    last = word[-1].lower()
    if last in "aeiouáéó":
        return word + "s"
    if last == "z":
        return word[:-1] + "ces"
    if last in "íú":  # rubí -> rubíes is the learned form; the dashboard has none of these
        return word + "s"
    if len(word) >= 2 and word[-2] in "áéíóú" and last in "ns":
        return word[:-2] + word[-2].translate(_UNACCENT) + last + "es"
    return word + "es"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """The count and its words in agreement, the one way the dashboard writes a count before a noun:
    1 -> "1 versión", 2 -> "2 versiones", 0 -> "0 errores", 1234 -> "1.234 actividades".

    ``singular`` may be several words that all agree with the count («actividad cumplida» ->
    «3 actividades cumplidas»); a phrase with words that do not («reporte de avance») passes its
    ``plural_form``."""
    if count == 1:
        return f"1 {singular}"
    if plural_form is None:
        plural_form = " ".join(plural_word(word) for word in singular.split(" "))
    decimals = 0 if float(count).is_integer() else 1  # «12,5 puntos»
    return f"{number(count, decimals)} {plural_form}"


def join(items: Sequence[str], separator: str = ", ") -> str:
    """The Spanish enumeration, the one way the product writes a list: "a", "a y b", "a, b y c"
    (``separator="; "`` when the items may hold commas: "a; b y c"); "" for no item."""
    items = list(items)
    if len(items) <= 1:
        return items[0] if items else ""
    return separator.join(items[:-1]) + " y " + items[-1]


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip(" ,;:.·-") + "…"


def wrap(text: str, width: int, separator: str = "<br>") -> str:
    """``text`` broken at spaces into lines of about ``width`` characters joined by ``separator``.

    Only spaces are replaced, so ``result.replace(separator, " ")`` gives ``text`` back
    (for text with single spaces).
    """
    lines: list[str] = []
    current = ""
    for word in str(text).split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return separator.join(lines)


def interval(start: date, end: date) -> str:
    """A schedule interval: "30/04/2018" (one day), "abr 2018" or "ene 2018 – mar 2018" (whole
    months), otherwise "22/04/2017 – 28/04/2017"."""
    if start == end:
        return day(start)
    whole = start.day == 1 and (end + _ONE_DAY).day == 1
    if whole:
        return month_span(start, end)
    return f"{day(start)} – {day(end)}"

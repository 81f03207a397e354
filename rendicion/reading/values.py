"""Cell values as people type them: progress, dates, numbers, schedule marks.

Each parser returns ``None`` for a value it cannot read; the loader turns that into a
Spanish issue with the cell's location.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rendicion.common.text import clean, fold
from rendicion.reading.headers import MONTH_NAMES

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")
_SPANISH_DATE = re.compile(r"^(\d{1,2})\s+(?:de\s+)?([a-z]+)\s+(?:de\s+|del\s+)?(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:([a-z]+)\s+(?:de\s+|del\s+)?(\d{4})|(\d{1,2})[/-](\d{4})|(\d{4})[/-](\d{1,2}))$")
#: Values that explicitly say "not this month" in a schedule cell.
_NO_MARK = {"0", "no", "-", "–", "n a", "na", "false", "falso"}


def is_blank(value: object) -> bool:
    """True for None, NaN and text that is empty once cleaned."""
    kind = type(value)
    if kind is str and value.isprintable():  # the common cells, without building a cleaned copy
        return not value.strip()
    if kind is float:
        return value != value  # NaN
    return value is None or clean(value) == ""


def number(value: object) -> float | None:
    """A number written as a number or as text with a comma or point decimal ("12,5")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if value != value else float(value)
    text = clean(value).replace(" ", "")
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return None


def percent(value: object) -> tuple[float | None, bool]:
    """Progress as written: 50, 0.5, "50%", "50 %", "50,5 %".

    Returns (number, explicit) where explicit is True when the text carried a "%" sign, so the
    number is already a percentage. Whether a bare number <= 1 is a fraction is decided for the
    whole column by the caller (see :func:`as_percentages`).
    """
    if type(value) is float or type(value) is int:  # a number cell: no "%" to look for
        return number(value), False
    text = clean(value)
    if text.endswith("%"):
        return number(text[:-1]), True
    return number(value), False


def as_percentages(parsed: list[tuple[float | None, bool]]) -> list[float | None]:
    """Scale a column of progress values to 0–100.

    Rule: when every bare number of the column is between 0 and 1 the column is written as
    fractions (Excel percentage format stores 50 % as 0.5) and is multiplied by 100; otherwise a
    bare non-integer below 1 is still a fraction, and everything else is already a percentage.
    """
    bare = [value for value, explicit in parsed if value is not None and not explicit]
    fractions = bool(bare) and all(0 <= value <= 1 for value in bare)
    result: list[float | None] = []
    for value, explicit in parsed:
        if value is None or explicit:
            result.append(value)
        elif fractions or (0 < value < 1 and not value.is_integer()):
            result.append(round(value * 100, 6))
        else:
            result.append(value)
    return result


#: The largest impossible progress (in %) for which a typo is guessed: 800 % → 80 %; 10.000.000 % is no typo.
_LARGEST_TYPO = 100_000.0

#: How one progress cell was read (:class:`Progress`).
WRITTEN = "escrito"  # text with a «%» sign: «80 %»
FORMATTED = "formato"  # a number in a cell with a percentage format: 0,8 shown as 80 %
FRACTION = "fraccion"  # a bare number between 0 and 1 (not 0 or 1): 0,8 = 80 %
WHOLE = "porcentaje"  # a bare number above 1 (or below 0): 80 = 80 %
ZERO = "cero"  # a bare 0: 0 % on either scale
ONE = "uno"  # a bare 1: 1 % or 100 %, decided by the column's other bare numbers


@dataclass(frozen=True)
class Progress:
    """One progress cell as read on its own: its value on the 0–100 scale, the number it holds, and how."""

    value: float | None
    number: float | None
    how: str | None


def read_progress(value: object, formatted: bool) -> Progress:
    """A progress cell judged on its own: by its «%» sign, else by its number format, else by its size.

    Only a bare 1 cannot be judged alone (1 % or 100 %): it keeps ``value`` None and ``how`` ONE,
    and :func:`progress_column` decides it.
    """
    parsed, explicit = percent(value)
    if parsed is None:
        return Progress(None, None, None)
    if explicit:
        return Progress(parsed, parsed, WRITTEN)
    if formatted and isinstance(value, (int, float)):
        return Progress(round(parsed * 100, 6), parsed, FORMATTED)
    if parsed == 0:
        return Progress(0.0, parsed, ZERO)
    if parsed == 1:
        return Progress(None, parsed, ONE)
    if 0 < parsed < 1:
        return Progress(round(parsed * 100, 6), parsed, FRACTION)
    return Progress(parsed, parsed, WHOLE)


@dataclass
class ProgressColumn:
    """A column of progress cells read one by one (see :func:`progress_column`)."""

    values: list[float | None]
    readings: list[Progress]
    #: Whether the bare numbers of the column are written as fractions (0,8) rather than as percentages (80).
    fractions: bool
    #: Indices of the bare numbers written on the scale the rest of the column does not use.
    odd: list[int]
    #: Indices of the bare numbers in a column whose other cells carry a percentage format.
    unformatted: list[int]


def progress_column(cells: list[object], formatted: list[bool]) -> ProgressColumn:
    """Read a column of progress cells, each on its own; a typo in one never rescales the others.

    Each cell is read by its «%» sign, else its percentage format, else its size (0,8 is a
    fraction, 80 a percentage). A bare 1 follows the majority of the column's other bare numbers
    (fractions on a tie or when there are none: 1 = 100 %). The column also says which bare
    numbers are on the minority scale (a mixed column) and which are bare among formatted cells,
    so that the reader states their readings at their cells.
    """
    readings = [read_progress(cell, fmt) for cell, fmt in zip(cells, formatted)]
    fractions_n = sum(1 for p in readings if p.how == FRACTION)
    wholes_n = sum(1 for p in readings if p.how == WHOLE and 1 < p.number <= 100)
    fractions = fractions_n >= wholes_n
    odd: list[int] = []
    if fractions_n and wholes_n:
        minority = {FRACTION} if fractions_n < wholes_n else {WHOLE} if wholes_n < fractions_n else {FRACTION, WHOLE}
        odd = [i for i, p in enumerate(readings) if p.how in minority and (p.how == FRACTION or 1 < p.number <= 100)]
        odd += [i for i, p in enumerate(readings) if p.how == ONE]
        odd.sort()
    formatted_n = sum(1 for p in readings if p.how == FORMATTED)
    bare = [i for i, p in enumerate(readings) if p.how in (FRACTION, WHOLE, ONE)]
    odd_set = set(odd)
    unformatted = [i for i in bare if i not in odd_set] if formatted_n > len(bare) else []
    values = [(100.0 if fractions else 1.0) if p.how == ONE else p.value for p in readings]
    return ProgressColumn(values, readings, fractions, odd, unformatted)


def probably_meant(value: float, reading: Progress | None = None) -> list[float]:
    """What an impossible progress (below 0 or above 100 %) probably meant, most likely first.

    A digit too many (800 % → 80 %), the number typed in a percentage cell (8 shown as 800 % → 8 %),
    a stray minus sign (-50 → 50 %).
    """
    guesses: list[float] = []
    magnitude = abs(value)
    if not math.isfinite(magnitude):
        return guesses
    if value < 0 and magnitude <= 100:
        guesses.append(magnitude)
    if 100 < magnitude <= _LARGEST_TYPO:  # a digit or two too many; a larger number is no typo of a percentage
        shrunk = magnitude
        while shrunk > 100:
            shrunk /= 10
        guesses.append(round(shrunk, 6))
    if reading is not None and reading.how == FORMATTED and reading.number is not None and 0 <= reading.number <= 100:
        guesses.append(reading.number)
    return list(dict.fromkeys(guesses))


def to_date(value: object) -> date | None:
    """A date from an Excel date, an Excel serial number, or text (dd/mm/yyyy, ISO, "31 de agosto de 2018")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value != value or not 1 <= value <= _EXCEL_MAX_SERIAL:
            return None
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = clean(value)
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = _SPANISH_DATE.match(fold(text))
    if match and match.group(2) in MONTH_NAMES:
        try:
            return date(int(match.group(3)), MONTH_NAMES[match.group(2)], int(match.group(1)))
        except ValueError:
            return None
    return None


def to_month(value: object) -> date | None:
    """The first day of a calendar month from a date, "enero 2018", "01/2018" or "2018-01"."""
    day = to_date(value)
    if day is not None:
        return day.replace(day=1)
    text = clean(value)
    match = _MONTH_YEAR.match(text) or _MONTH_YEAR.match(fold(text))
    if not match:
        return None
    name, year1, month2, year2, year3, month3 = match.groups()
    try:
        if name:
            month = MONTH_NAMES.get(name)
            return date(int(year1), month, 1) if month else None
        year, month = (int(year2), int(month2)) if month2 else (int(year3), int(month3))
        return date(year, month, 1) if 1 <= month <= 12 else None
    except ValueError:  # year 0 ("enero 0000"): not a date
        return None


def is_mark(value: object) -> bool:
    """A schedule cell that marks its month: any non-empty value except an explicit "no" (0, no, -)."""
    if isinstance(value, bool):
        return value
    text = clean(value)
    return bool(text) and fold(text) not in _NO_MARK and text not in _NO_MARK

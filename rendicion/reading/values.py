"""Cell values as people type them: progress, dates, numbers, schedule marks.

Each parser returns ``None`` for a value it cannot read; the loader turns that into a
Spanish issue with the cell's location.
"""

from __future__ import annotations

import re
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

"""«Fecha programada» cells read as inclusive day intervals.

Public interface (used by the loader): :class:`ScheduleReading` and :func:`read_schedule`.
The grammar is being filled in; today only exact dates are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rendicion.text import clean
from rendicion.values import to_date


@dataclass(frozen=True)
class ScheduleReading:
    """How one «Fecha programada» cell was read."""

    text: str  # the cell as written (a date cell rendered dd/mm/aaaa)
    intervals: tuple[tuple[date, date], ...]  # inclusive [start, end] days, sorted, merged; () when unreadable
    convention: str | None  # Spanish: how a vague/periodic/partial expression was read; None when exact
    warning: str | None  # Spanish message for the validation report at this cell
    due_only: bool = False  # «Hasta el 31 de enero de 2019»: only a due date
    years: frozenset[int] = frozenset()  # years written explicitly in the text


def read_schedule(value: object, vigencia: int) -> ScheduleReading:
    """Read a «Fecha programada» cell; a missing year means ``vigencia``. Never raises."""
    day = to_date(value)
    text = day.strftime("%d/%m/%Y") if day is not None and not isinstance(value, str) else clean(value)
    if day is not None:
        return ScheduleReading(text, ((day, day),), None, None, years=frozenset({day.year}))
    return ScheduleReading(text, (), None, f"No se pudo leer la fecha programada «{text}».")

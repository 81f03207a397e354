"""The schedule as dated intervals: how «Fecha programada» cells and MES marks become ``cronograma`` rows.

The loader finds the cells; this module decides what they mean:

- :func:`read_cell` reads one «Fecha programada» cell (or a synonym) with
  :func:`rendicion.reading.dates.read_schedule` and says which Spanish warning, if any, belongs at
  that cell (texts over :data:`MAX_FECHA_CHARS` and years outside 1990–2100 are not read);
- :func:`read_pair` reads a «Fecha inicio» / «Fecha fin» pair of cells;
- :func:`row_schedule` decides one plan row: marked months, then «Fecha programada», then the
  pair; every other source that cannot be read or names other days is warned at its cell;
- :func:`vigencia_from_years` picks the vigencia of a workbook that names none;
- :func:`readings_table` is the upload preview: how each «Fecha programada» was read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from rendicion.common import formatting
from rendicion.common.text import clean
from rendicion.plan.model import ORIGEN_FECHA_INICIO_FIN, ORIGEN_FECHA_PROGRAMADA, ORIGEN_MESES, Plan
from rendicion.reading.dates import ScheduleReading, read_schedule
from rendicion.reading.values import is_blank

Interval = tuple[date, date]

#: Column names of :func:`readings_table`, as the upload page shows them.
READINGS_COLUMNS = ["ID", "Actividad", "Fecha programada", "Se leyó como", "Cómo se leyó", "Cronograma usado"]

_ORIGEN_LABELS = {
    ORIGEN_FECHA_PROGRAMADA: "Fecha programada",
    ORIGEN_FECHA_INICIO_FIN: "Fecha inicio y Fecha fin",
    ORIGEN_MESES: "Columnas de meses",
}


@dataclass(frozen=True)
class CellReading:
    """A «Fecha programada» cell read: the reading and the warning to give at the cell (or None)."""

    reading: ScheduleReading
    warning: str | None


#: Years a schedule may fall in, as the vigencia (a date cell of 1900 or 9999 is a typing error, not a plan).
FIRST_YEAR, LAST_YEAR = 1990, 2100

#: Longest «Fecha programada» text that is read. Published plans write at most a line or two
#: («30 de abril, 31 de agosto y 31 de diciembre de 2018» has 51 characters); a longer cell is a
#: note, not a date, and reading thousands of them would cost seconds.
MAX_FECHA_CHARS = 200


def read_cell(value: object, vigencia: int) -> CellReading:
    """Read one «Fecha programada» cell; every convention used, and every failure, gives a warning.

    Memoised per (cell value, vigencia): the loader asks for each cell more than once, and plans
    repeat their dates. A text longer than :data:`MAX_FECHA_CHARS` is not read.
    """
    try:
        hash(value)
    except TypeError:  # an unhashable value (never from a workbook): read it without the memo
        return _read_cell.__wrapped__(value, vigencia)
    return _read_cell(value, vigencia)


@lru_cache(maxsize=1 << 16, typed=True)
def _read_cell(value: object, vigencia: int) -> CellReading:
    if isinstance(value, str) and len(value) > MAX_FECHA_CHARS:
        text = clean(value)
        if len(text) > MAX_FECHA_CHARS:
            shown = text[:60].rstrip() + "…"
            return CellReading(
                ScheduleReading(text, (), None, None),
                f"La fecha programada «{shown}» tiene {formatting.plural(len(text), 'carácter', 'caracteres')}: no parece una "
                f"fecha y no se leyó (se leen hasta {MAX_FECHA_CHARS}). La actividad queda sin programar; escriba "
                "solo la fecha, por ejemplo «30/04/2018» o «Abril a diciembre de 2018».",
            )
    reading = read_schedule(value, vigencia)
    if any(not FIRST_YEAR <= day.year <= LAST_YEAR for interval in reading.intervals for day in interval):
        return CellReading(
            ScheduleReading(reading.text, (), None, None, years=frozenset()),
            f"La fecha programada «{reading.text}» cae fuera de los años {FIRST_YEAR} a {LAST_YEAR} y no se leyó: "
            "la actividad queda sin programar. Revise el año.",
        )
    return _warned(reading)


def _warned(reading: ScheduleReading) -> CellReading:
    warning = reading.warning
    if warning is None and reading.convention:
        warning = f"La fecha programada «{reading.text}» se leyó así: {reading.convention}."
    if warning is None and not reading.intervals:
        warning = f"No se pudo leer la fecha programada «{reading.text}»; la actividad queda sin programar."
    return CellReading(reading, warning)


def read_pair(start_value: object, end_value: object, vigencia: int) -> tuple[Interval | None, str | None]:
    """A «Fecha inicio» / «Fecha fin» pair as one interval, and the warning for the pair (or None).

    Each cell is read with the «Fecha programada» grammar: the interval runs from the first
    day the start cell names to the last day the end cell names. A missing cell takes the
    other one's day (a one-day activity), and says so.
    """
    start = read_cell(start_value, vigencia).reading.intervals if not is_blank(start_value) else ()
    end = read_cell(end_value, vigencia).reading.intervals if not is_blank(end_value) else ()
    start_text, end_text = clean(start_value), clean(end_value)
    if not start and not end:
        if start_text or end_text:
            return None, (f"No se pudieron leer la fecha de inicio «{start_text}» ni la fecha de fin «{end_text}»; "
                          "la actividad queda sin programar.")
        return None, None
    if not end:
        day = start[0][0]
        note = f"falta la fecha de fin" if not end_text else f"no se pudo leer la fecha de fin «{end_text}»"
        return (day, start[-1][1]), f"En esta fila {note}: se programó solo desde {formatting.day(day)} hasta " \
                                     f"{formatting.day(start[-1][1])}."
    if not start:
        day = end[-1][1]
        note = f"falta la fecha de inicio" if not start_text else f"no se pudo leer la fecha de inicio «{start_text}»"
        return (end[0][0], day), f"En esta fila {note}: se programó solo {formatting.interval(end[0][0], day)}."
    first, last = start[0][0], end[-1][1]
    if last < first:
        return None, (f"La fecha de fin ({formatting.day(last)}) es anterior a la de inicio ({formatting.day(first)}); "
                      "la actividad queda sin programar. Revise las dos fechas.")
    return (first, last), None


def months_touched(intervals) -> set[tuple[int, int]]:
    """(year, month) of every calendar month in which one of ``intervals`` has a day."""
    found: set[tuple[int, int]] = set()
    for start, end in intervals:
        index = start.year * 12 + start.month - 1
        while index <= end.year * 12 + end.month - 1:
            found.add((index // 12, index % 12 + 1))
            index += 1
    return found


@dataclass(frozen=True)
class _Candidate:
    """One source of a row's schedule: what it is called in a message, its days and its cell."""

    origen: str
    label: str  # «la fecha programada «…» (…)», «las fechas de inicio y fin (…)», «los meses marcados … (…)»
    short: str  # «la fecha programada», «las fechas de inicio y fin», «los meses marcados»
    intervals: list[Interval]
    warning: str | None  # how the cell was read (a convention) or why it could not be
    column: int | None


def _agree(winner: _Candidate, other: _Candidate) -> bool:
    """Month columns are compared by month (a mark covers its whole month); dates by day."""
    if ORIGEN_MESES in (winner.origen, other.origen):
        return months_touched(winner.intervals) == months_touched(other.intervals)
    return merge(winner.intervals) == merge(other.intervals)


def _plural(label: str) -> bool:
    return label.startswith(("los ", "las "))


def disagreement(winner: _Candidate, loser: _Candidate) -> str:
    """The warning at a losing cell whose schedule differs from the one used."""
    verb = "coinciden" if _plural(loser.label) else "coincide"
    used = "Se usan" if _plural(winner.short) else "Se usa"
    return (f"{loser.label[0].upper()}{loser.label[1:]} no {verb} con {winner.label}. {used} {winner.short}; "
            "corrija la que esté mal.")


def _unread(winner: _Candidate, loser: _Candidate) -> str:
    """The warning at a losing cell that could not be read."""
    verb = "pudieron" if _plural(loser.label) else "pudo"
    used = "se usan" if _plural(winner.short) else "se usa"
    return f"No se {verb} leer {loser.label}; {used} {winner.short}."


def _spans(intervals) -> str:
    return "; ".join(formatting.interval(a, b) for a, b in intervals)


def _candidates(fechas: dict[str, tuple[object, int]], runs: list[Interval], vigencia: int) -> list[_Candidate]:
    """The row's schedule sources, in precedence order (only those present)."""
    found = []
    if runs:
        found.append(_Candidate(ORIGEN_MESES, f"los meses marcados en el cronograma ({_spans(runs)})",
                                "los meses marcados", list(runs), None, None))
    if "fecha_programada" in fechas:
        value, col = fechas["fecha_programada"]
        cell = read_cell(value, vigencia)
        intervals = list(cell.reading.intervals)
        shown = f" ({_spans(intervals)})" if intervals else ""
        found.append(_Candidate(ORIGEN_FECHA_PROGRAMADA, f"la fecha programada «{cell.reading.text}»{shown}",
                                "la fecha programada", intervals, cell.warning, col))
    if "fecha_inicio" in fechas or "fecha_fin" in fechas:
        start_value, start_col = fechas.get("fecha_inicio", (None, None))
        end_value, end_col = fechas.get("fecha_fin", (None, None))
        pair, warning = read_pair(start_value, end_value, vigencia)
        shown = f" ({formatting.interval(*pair)})" if pair is not None else ""
        found.append(_Candidate(ORIGEN_FECHA_INICIO_FIN, f"las fechas de inicio y fin{shown}",
                                "las fechas de inicio y fin", [pair] if pair is not None else [], warning,
                                start_col if start_col is not None else end_col))
    return found


@dataclass(frozen=True)
class RowSchedule:
    """The schedule of one plan row: where it comes from, its intervals and the warnings for its cells."""

    origen: str | None
    intervals: list[Interval]
    #: (Spanish message, 0-based column of the cell it belongs to)
    warnings: list[tuple[str, int]]


def row_schedule(fechas: dict[str, tuple[object, int]], runs: list[Interval], vigencia: int) -> RowSchedule:
    """Decide the schedule of a plan row from its marked month ``runs`` and its date cells.

    ``fechas`` maps "fecha_programada", "fecha_inicio", "fecha_fin" to (cell value, column).
    Precedence: marked months, then «Fecha programada», then the «Fecha inicio» / «Fecha fin»
    pair; the first that gives days is used, and its cell's warning (a convention, a missing
    date of the pair) is given. Every other source of the row is still read: one that cannot be
    read, or names other days (other months, against marked months), is warned at its cell; the
    conventions of an unused source are not (they changed nothing).
    """
    if not fechas:  # the marked months alone (most rows of a month-column schedule): nothing to weigh
        return RowSchedule(ORIGEN_MESES if runs else None, list(runs), [])
    candidates = _candidates(fechas, runs, vigencia)
    winner = next((c for c in candidates if c.intervals), None)
    warnings: list[tuple[str, int]] = []
    for candidate in candidates:
        if candidate.column is None:
            continue  # the marked months: their own problems are reported where they are read
        if candidate is winner or winner is None:
            if candidate.warning:
                warnings.append((candidate.warning, candidate.column))
        elif not candidate.intervals:
            if candidate.warning:
                warnings.append((_unread(winner, candidate), candidate.column))
        elif not _agree(winner, candidate):
            warnings.append((disagreement(winner, candidate), candidate.column))
    if winner is None:
        return RowSchedule(None, [], warnings)
    return RowSchedule(winner.origen, winner.intervals, warnings)


def vigencia_from_years(years: Counter) -> int | None:
    """The most common explicit year of a workbook's dates (the latest on a tie), or None when there is none."""
    plausible = Counter({year: count for year, count in years.items() if 1990 <= year <= 2100})
    if not plausible:
        return None
    return max(plausible, key=lambda year: (plausible[year], year))


def merge(intervals) -> list[Interval]:
    """Intervals sorted, with overlapping or touching ones joined."""
    merged: list[list[date]] = []
    for start, end in sorted(intervals):
        if merged and start.toordinal() <= merged[-1][1].toordinal() + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def readings_table(plan: Plan) -> pd.DataFrame:
    """How each activity's «Fecha programada» was read, for the upload preview (Spanish columns).

    One row per activity that has a «Fecha programada» text or a schedule taken from
    «Fecha inicio» / «Fecha fin»: the text as written, the intervals read from it (several
    runs joined by «;»), the convention used («Fecha exacta» when none was needed, or why it
    could not be read) and which schedule the dashboard uses (the MES marks win over the text
    when a row has both). Empty (with the columns) when no activity has one.
    """
    cronograma = plan.cronograma
    origin = cronograma.groupby("actividad_id", sort=False)["origen"].first().to_dict()
    runs: dict[str, list[str]] = {}
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"], strict=True):
        runs.setdefault(str(ident), []).append(formatting.interval(start, end))
    rows = []
    texts = plan.actividades.get("fecha_programada", pd.Series("", index=plan.actividades.index))
    for ident, actividad, text in zip(plan.actividades["id"], plan.actividades["actividad"], texts, strict=True):
        ident, text = str(ident), "" if pd.isna(text) else str(text)
        used = origin.get(ident)
        if not text and used != ORIGEN_FECHA_INICIO_FIN:
            continue
        if text:
            cell = read_cell(text, plan.parametros.vigencia)
            read = "; ".join(formatting.interval(a, b) for a, b in cell.reading.intervals) or "Sin programar"
            how = cell.reading.convention or (cell.warning if not cell.reading.intervals else "Fecha exacta")
        else:
            read, how = "; ".join(runs.get(ident, [])), "Fechas de inicio y fin"
        rows.append((ident, actividad, text, read, how, _ORIGEN_LABELS.get(used, "Sin programar")))
    return pd.DataFrame(rows, columns=READINGS_COLUMNS)

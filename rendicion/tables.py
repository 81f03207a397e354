"""Finding the tables of a workbook by their header rows, on any sheet, below any title rows.

A header row is a row with at least two cells that name known fields (see ``headers``), or
at least three month headers. Its *kind* decides what the rows below it are:

- ``plan``: names the activity and at least one of subcomponent, goal/indicator or office;
  month columns beside it are the schedule;
- ``seguimiento``: names progress and a cut date, plus the activity (by ID or text);
- ``cronograma``: at least three month headers (plus, optionally, an ID or activity column).

A table runs from its header to the next header row of another kind, or the end of the
sheet. A header row of the same kind inside it (repeated at a page break) is skipped, and
its column positions are taken up for the rows that follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rendicion.headers import MonthHeader, field_of, month_of
from rendicion.workbook import Sheet

PLAN = "plan"
SEGUIMIENTO = "seguimiento"
CRONOGRAMA = "cronograma"

_PLAN_COMPANIONS = {"subcomponente", "responsable", "meta_indicador"}
#: Headers longer than this many words are sentences, not column titles.
_MAX_HEADER_WORDS = 6
#: Texts up to this length have their header meaning memoised (a plan repeats its cell texts).
_MEMO_CHARS = 200
#: Cell types that never name a header (only texts and dates can); None is a blank cell.
_NEVER_HEADERS = frozenset({float, int, bool, type(None)})
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Segment:
    """Rows of a table under one header row, with that header's column positions."""

    header_row: int
    columns: dict[str, int]
    months: dict[int, MonthHeader]
    rows: list[int] = field(default_factory=list)


@dataclass
class Table:
    """One table: its kind, sheet, and segments (more than one when the header repeats)."""

    kind: str
    sheet: Sheet
    segments: list[Segment] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return self.segments[0].header_row

    @property
    def columns(self) -> dict[str, int]:
        return self.segments[0].columns

    def has(self, name: str) -> bool:
        """True when any segment of the table has this field's column."""
        return any(name in segment.columns for segment in self.segments)


def classify(row: list[object]) -> tuple[str | None, dict[str, int], dict[int, MonthHeader]]:
    """Kind of a row as a header (None when it is not one), its field columns and month columns."""
    columns: dict[str, int] = {}
    months: dict[int, MonthHeader] = {}
    for col, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if not value:
                continue  # most cells of a sheet; the cheapest test first
            month, name = _text_meaning(value) if len(value) <= _MEMO_CHARS else _uncached_text_meaning(value)
        elif kind in _NEVER_HEADERS:
            continue
        else:
            month, name = _header_meaning(value)
        if month is not None:
            months[col] = month
        elif name is not None and name not in columns:
            columns[name] = col
    names = set(columns)
    if "fecha_corte" in names and "avance" in names and names & {"id", "actividad"}:
        return SEGUIMIENTO, columns, months
    if "actividad" in names and names & _PLAN_COMPANIONS:
        return PLAN, columns, months
    if "avance" in names and names & {"id", "actividad"} and len(names) >= 2:
        return SEGUIMIENTO, columns, months
    if len(months) >= 3:
        return CRONOGRAMA, columns, months
    return None, columns, months


def find_tables(sheet: Sheet) -> tuple[list[Table], list[int]]:
    """The tables of one sheet, in order, and the rows above the first header (titles)."""
    tables: list[Table] = []
    current: Table | None = None
    titles: list[int] = []
    for index, row in enumerate(sheet.rows):
        for value in row:
            if _filled(value):
                break
        else:
            continue  # a blank row
        kind, columns, months = classify(row)
        if kind is not None:
            segment = Segment(index, columns, months)
            if current is not None and current.kind == kind:
                current.segments.append(segment)
            else:
                current = Table(kind, sheet, [segment])
                tables.append(current)
        elif current is None:
            titles.append(index)
        else:
            current.segments[-1].rows.append(index)
    return tables, titles


def _header_meaning(value: object) -> tuple[MonthHeader | None, str | None]:
    """What a cell would mean in a header row: a month, a field name, or neither.

    Only texts and dates can be headers. Texts of more than ``_MAX_HEADER_WORDS`` words are
    sentences; short texts are memoised, so every distinct text is folded once per process.
    """
    if isinstance(value, str):
        if len(value) <= _MEMO_CHARS:
            return _text_meaning(value)
        return _uncached_text_meaning(value)
    if isinstance(value, date):  # datetime too
        return _date_meaning(value)
    return None, None


@lru_cache(maxsize=1 << 12)
def _date_meaning(value: date) -> tuple[MonthHeader | None, None]:
    """A date names its month (memoised: a follow-up table repeats its few cut dates)."""
    return month_of(value), None


def _uncached_text_meaning(value: str) -> tuple[MonthHeader | None, str | None]:
    if len(value.split()) > _MAX_HEADER_WORDS:
        return None, None
    if not _HAS_LETTER.search(value) and "%" not in value and "#" not in value:
        return None, None  # IDs, numbers, dates as text: months and fields are named with letters ("%", "#" aside)
    month = month_of(value)
    return (month, None) if month is not None else (None, field_of(value))


_text_meaning = lru_cache(maxsize=1 << 16)(_uncached_text_meaning)


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True

"""Finding the tables of a workbook by their header rows, on any sheet, below any title rows.

A header row is a row with at least two cells that name known fields (see ``headers``), or
at least three month headers. Its *kind* decides what the rows below it are:

- ``plan``: names the activity and at least one of subcomponent, goal/indicator or office;
  month columns beside it are the schedule;
- ``seguimiento``: names progress and a cut date, plus the activity (by ID or text);
- ``cronograma``: at least three month headers (plus, optionally, an ID or activity column).

«Actividades» may stand over two columns, the activity number and its text (a merged header, or
a blank header beside it): :func:`split_activity_columns` reads the number as the ID and the text
as the activity. :func:`data_columns` and :func:`header_title` let the loader name the columns it
did not read.

A table runs from its header to the next header row of another kind, or the end of the
sheet. A header row of the same kind inside it (repeated at a page break) is skipped, and
its column positions are taken up for the rows that follow it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rendicion.common.text import clean, leading_id
from rendicion.reading.headers import MonthHeader, field_of, month_of
from rendicion.reading.values import is_blank
from rendicion.reading.workbook import Sheet

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
        elif name == "subcomponente" and _is_subcomponente_proper(value):
            # «Componente | Subcomponente»: the subcomponent is the second one, the first names the PAAC component
            if _is_componente(row[columns[name]]):
                columns["componente"] = columns[name]
            columns[name] = col
        elif name == "subcomponente" and "componente" not in columns and _is_componente(value):
            columns["componente"] = col  # «Subcomponente | Componente»
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
    last_header: int | None = None
    for index, row in enumerate(sheet.rows):
        for value in row:
            if _filled(value):
                break
        else:
            continue  # a blank row
        if last_header is not None and index == last_header + 1 and current is not None:
            last_header = None
            if _is_sub_header(row):
                _, columns, months = classify(row)
                # «No.» and «Actividad» under «Actividades»; «Inicio» and «Fin» under «Fecha programada»: a
                # sub-column replaces the field its merged title gave to its column.
                below = set(columns.values()) | set(months)
                segment = current.segments[-1]
                for name in [n for n, c in segment.columns.items() if c in below and n not in columns]:
                    del segment.columns[name]
                segment.columns.update(columns)
                current.segments[-1].months.update(months)
                continue
        kind, columns, months = classify(row)
        if kind is not None:
            last_header = index
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


def _is_subcomponente_proper(value: object) -> bool:
    return isinstance(value, str) and value.strip().casefold().startswith("subcomponente")


def _is_componente(value: object) -> bool:
    return isinstance(value, str) and value.strip().casefold().startswith("componente")


def _is_sub_header(row: list[object]) -> bool:
    """A second header row: two or more filled cells, each naming a field or a month («No.» · «Actividad»).

    A lone group title under the header («Subcomponente 1: Información») is data, not a sub-header.
    """
    meanings = [_header_meaning(value) for value in row if _filled(value)]
    return len(meanings) >= 2 and all(month is not None or name is not None for month, name in meanings)


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


# --------------------------------------------------------------------------------------------
# Column layout inside a table


#: An activity number in its own column: 1, 1.1, 1.1.2 (as text or as an Excel number).
_ID_LIKE = re.compile(r"^\d{1,4}(?:\.\d{1,4})*\.?$")


def _is_id_like(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value == value and 0 < value < 10000
    return isinstance(value, str) and bool(_ID_LIKE.match(value.strip()))


def split_activity_columns(table: Table) -> None:
    """«Actividades» over a number column and a text column (merged header, or a blank header beside it):
    the number is the ID (when there is no ID column) and the text is the activity."""
    sheet = table.sheet
    heads = sorted({segment.header_row for segment in table.segments if "actividad" in segment.columns})
    spans: dict[tuple[int, int], range] = {}  # (header row, first column) -> columns of a merged header cell
    for r0, c0, r1, c1 in sheet.merged:
        if c1 > c0:
            for head in heads[bisect_left(heads, r0):bisect_right(heads, r1)]:
                spans.setdefault((head, c0), range(c0, c1 + 1))
    for segment in table.segments:
        col = segment.columns.get("actividad")
        if col is None:
            continue
        span = spans.get((segment.header_row, col))
        if span is None:
            header = sheet.rows[segment.header_row]
            if is_blank(_cell(header, col + 1)) and col + 1 not in segment.months:
                span = range(col, col + 2)
            else:
                continue
        numbers: dict[int, int] = {}
        texts: dict[int, int] = {}
        for r in segment.rows:
            cells = sheet.rows[r]
            for c in span:
                value = _cell(cells, c)
                if value is None or value == "" or is_blank(value):
                    continue
                if _is_id_like(value):
                    numbers[c] = numbers.get(c, 0) + 1
                else:
                    texts[c] = texts.get(c, 0) + 1
        text_col = max(texts, key=lambda c: texts[c], default=None)
        id_col = next((c for c in span if numbers.get(c, 0) > texts.get(c, 0)), None)
        if text_col is None or id_col is None or text_col == id_col:
            continue
        segment.columns["actividad"] = text_col
        if "id" not in segment.columns:
            segment.columns["id"] = id_col


def mostly_numbered(sheet: Sheet, segment: Segment) -> bool:
    """True when at least half of a segment's activity texts start with an activity number («1.1 …»)."""
    col = segment.columns.get("actividad")
    texts = [clean(_cell(sheet.rows[r], col)) for r in segment.rows]
    texts = [t for t in texts if t]
    return bool(texts) and 2 * sum(leading_id(t) is not None for t in texts) >= len(texts)


def data_columns(sheet: Sheet, rows: list[int]) -> set[int]:
    """Columns with some non-blank value in ``rows``."""
    found: set[int] = set()
    width = max((len(sheet.rows[r]) for r in rows), default=0)
    for r in rows:
        for c, value in enumerate(sheet.rows[r]):
            if c in found or value is None or value == "":
                continue
            if not isinstance(value, str) or value.strip() and (value.isprintable() or not is_blank(value)):
                found.add(c)
        if len(found) == width:
            break  # every column already has a value: the remaining rows cannot add one
    return found


def header_title(sheet: Sheet, header_row: int, col: int) -> str:
    """The header text of a column: its own cell, or the merged header over it."""
    text = clean(_cell(sheet.rows[header_row], col))
    if text:
        return text
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= header_row <= r1 and c0 <= col <= c1:
            return clean(_cell(sheet.rows[r0], c0))
    return ""


def _cell(cells: list[object], col: int | None) -> object:
    return cells[col] if col is not None and col < len(cells) else None

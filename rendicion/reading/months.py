"""Read month-column schedules: which months (MES n) each activity has marked or shaded.

Month columns (MES 1 … MES 13, month names, dates) of the plan tables and of separate schedule
tables are resolved to the plan's MES numbers (columns outside the plan period are named and
skipped). A month counts when its cell holds a mark (an X) or, read with openpyxl only when some
month cell is empty, a solid fill. Schedule-table rows name their activity by ID or text
(:class:`~rendicion.reading.matcher.Matcher`); a row naming none, or several, is said at its cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from rendicion.common import formatting
from rendicion.common.errors import UnreadableWorkbook
from rendicion.common.text import clean, short
from rendicion.plan.model import Parametros
from rendicion.reading.findings import Findings
from rendicion.reading.headers import MonthHeader
from rendicion.reading.matcher import Matcher
from rendicion.reading.tables import CRONOGRAMA, PLAN, Segment, Table
from rendicion.reading.values import is_blank, is_mark, number
from rendicion.reading.workbook import column_letter, filled_cells, has_solid_fills


@dataclass
class MonthReader:
    """The month marks of every activity, from the plan tables and the schedule tables (one workbook)."""

    data: bytes
    tables: list[Table]
    parametros: Parametros
    findings: Findings
    #: (sheet, 0-based row) of each activity row of the plan tables -> activity ID.
    row_ids: dict[tuple[str, int], str]
    #: The loader's columns read by each table segment: schedule tables add their reference columns.
    used: dict[tuple[str, int], set[int]]
    #: Whether the "shading could not be read" warning was given (once per workbook).
    _fills_warned: bool = False

    def marks(self, matcher: Matcher) -> dict[str, set[int]]:
        """Marked (or shaded) MES numbers of every activity, from its plan row and any schedule table."""
        marks: dict[str, set[int]] = {}
        fills_available = has_solid_fills(self.data)
        for table in self.tables:
            if table.kind not in (PLAN, CRONOGRAMA):
                continue
            filled = self._fills(table) if fills_available else set()
            for segment in table.segments:
                self._drop_value_columns(table, segment)
                month_cols = self._resolve_months(table, segment)
                if not month_cols:
                    continue
                reference_cols = self._reference_columns(table, segment, month_cols)
                if table.kind == CRONOGRAMA:
                    self.used.setdefault((table.sheet.name, segment.header_row), set()).update(reference_cols)
                rows_months = marked_months(table.sheet.rows, segment.rows, month_cols, filled)
                for r, months in zip(segment.rows, rows_months):
                    cells = table.sheet.rows[r]
                    if table.kind == PLAN:
                        ident = self.row_ids.get((table.sheet.name, r))
                        if ident is not None and months:
                            marks.setdefault(ident, set()).update(months)
                        continue
                    self._schedule_row(table, segment, r, cells, reference_cols, months, matcher, marks)
        return marks

    def _schedule_row(self, table, segment, r, cells, reference_cols, months, matcher, marks) -> None:
        reference = next((cells[c] for c in reference_cols if c < len(cells) and not is_blank(cells[c])), None)
        if reference is None:
            if months:
                self.findings.warning(
                    "La fila del cronograma tiene meses marcados pero no dice a qué actividad corresponde.",
                    sheet=table.sheet.name, row=r + 1,
                )
            return
        found = matcher(reference)
        where = dict(sheet=table.sheet.name, row=r + 1, column=_letter(reference_cols[0] if reference_cols else None))
        text_col = segment.columns.get("actividad")
        text = _cell(cells, text_col) if text_col is not None and reference is not _cell(cells, text_col) else None
        if found is None and not is_blank(text):
            by_text = matcher(text)
            if by_text is not None and by_text is not Matcher.AMBIGUOUS:
                self.findings.warning(
                    f"El ID «{short(reference)}» de la fila del cronograma no es el de ninguna actividad del plan; su "
                    f"texto es el de la actividad {by_text}, y sus meses se asignaron a {by_text}. Corrija el ID si no "
                    "es así.", **where,
                )
                found = by_text
        elif found is not None and found is not Matcher.AMBIGUOUS and not is_blank(text):
            owner = matcher.exact_text(text)
            if owner is not None and owner != found:
                self.findings.warning(
                    f"La fila del cronograma dice el ID {found}, pero su texto («{short(text)}») es el de la actividad "
                    f"{owner}. Sus meses se asignaron a {found}, por su ID; si son de {owner}, corrija el ID.", **where,
                )
        if found is not None and found is not Matcher.AMBIGUOUS:
            marks.setdefault(found, set()).update(months)
            return
        if found is Matcher.AMBIGUOUS:
            self.findings.warning(
                f"«{short(reference)}» coincide con varias actividades; use el ID o el nombre completo. "
                "La fila no se asignó.", **where,
            )
        elif months:
            self.findings.warning(
                f"La fila del cronograma «{short(reference)}» no corresponde a ninguna actividad del plan. "
                "Revise que el nombre o el ID coincidan con la tabla del plan.", **where,
            )

    def _reference_columns(self, table: Table, segment: Segment, month_cols: dict[int, int]) -> list[int]:
        named = [segment.columns[n] for n in ("id", "actividad") if n in segment.columns]
        if named:
            return named
        width = max((len(table.sheet.rows[r]) for r in segment.rows), default=0)
        first_month = min(month_cols)
        for col in range(min(width, first_month)):
            if any(isinstance(_cell(table.sheet.rows[r], col), str) for r in segment.rows):
                return [col]
        return [0]

    def _drop_value_columns(self, table: Table, segment: Segment) -> None:
        """Month-titled columns that hold values, not marks, are not a cronograma: «Diciembre 2019» over
        progress percentages, a date over cut dates. A column is one when most of its filled cells are numbers
        other than 0 and 1, percentages or dates; it is then left out of the months (and named as unused)."""
        for col in list(segment.months):
            rows = table.sheet.rows
            counts = Counter(value for value in (_cell(rows[r], col) for r in segment.rows) if not is_blank(value))
            kinds = Counter()
            for value, n in counts.items():
                kinds[_kind(value)] += n
            # Most cells are quantities; or, with no written mark, fractions as many as the ones (1 = 100 %).
            if (kinds["value"] + kinds["fraction"] > kinds["mark"] + kinds["one"]
                    or (not kinds["mark"] and kinds["fraction"] and kinds["fraction"] * 2 >= kinds["one"])):
                del segment.months[col]

    def _resolve_months(self, table: Table, segment: Segment) -> dict[int, int]:
        """Map month columns to plan month numbers (MES n), reporting columns outside the plan period."""
        params = self.parametros
        resolved: dict[int, int] = {}
        previous: tuple[int, int] | None = None  # (mes, calendar month)
        start_index = params.mes_inicio.year * 12 + params.mes_inicio.month - 1
        for col in sorted(segment.months):
            header: MonthHeader = segment.months[col]
            if header.mes is not None:
                mes = header.mes
            elif header.year is not None:
                mes = header.year * 12 + header.month - 1 - start_index + 1
            elif previous is None:
                mes = (header.month - params.mes_inicio.month) % 12 + 1
            else:
                mes = previous[0] + ((header.month - previous[1]) % 12 or 12)
            if header.month is not None:
                previous = (mes, header.month)
            if not 1 <= mes <= params.meses:
                self.findings.warning(
                    f"La columna de mes queda fuera del periodo del plan ({params.meses} meses desde "
                    f"{formatting.month(params.mes_inicio)}) y no se leyó.",
                    sheet=table.sheet.name, row=segment.header_row + 1, column=column_letter(col),
                )
                continue
            resolved[col] = mes
        return resolved

    def _fills(self, table: Table) -> set[tuple[int, int]]:
        """Shaded month cells of a table (openpyxl, only when some month cell has no text)."""
        month_cols = {c for s in table.segments for c in s.months}
        rows = [r for s in table.segments for r in s.rows]
        if not month_cols or not rows:
            return set()
        if all(not is_blank(_cell(table.sheet.rows[r], c)) for r in rows for c in month_cols):
            return set()
        row_range = range(min(rows), max(rows) + 1)
        col_range = range(min(month_cols), max(month_cols) + 1)
        try:
            filled = filled_cells(self.data, table.sheet.name, row_range, col_range)
        except UnreadableWorkbook:
            if not self._fills_warned:
                self._fills_warned = True
                self.findings.warning(
                    "No se pudo leer el sombreado de las celdas del cronograma (el libro tiene partes internas "
                    "dañadas): solo se leen los meses marcados con texto, como una X. Guarde el libro de nuevo "
                    "desde Excel y vuelva a cargarlo.",
                    sheet=table.sheet.name,
                )
            return set()
        for r0, c0, r1, c1 in table.sheet.merged:
            if (r0, c0) in filled:
                # Only the part of the merged range inside the table counts: a range may cover the sheet.
                filled.update((r, c) for r in range(r0, min(r1, row_range.stop - 1) + 1)
                              for c in range(c0, min(c1, col_range.stop - 1) + 1))
        return {(r, c) for r, c in filled if c in month_cols}


def marked_months(grid: list[list[object]], rows: list[int], month_cols: dict[int, int],
                  filled: set[tuple[int, int]]) -> list[set[int]]:
    """The MES numbers each of ``rows`` marks (:func:`is_mark`) or shades (``filled``), in the order of ``rows``.

    Read column by column: a month column repeats a few values ("X", ""), so each distinct value
    is judged once and every cell costs one set lookup.
    """
    found: list[set[int]] = [set() for _ in rows]
    for col, mes in month_cols.items():
        column = [cells[col] if col < len(cells) else None for cells in map(grid.__getitem__, rows)]
        marking = {value for value in set(column) if is_mark(value)}
        if not marking:
            continue
        for months, value in zip(found, column):
            if value in marking:
                months.add(mes)
    if filled:
        position = {r: i for i, r in enumerate(rows)}
        for r, col in filled:
            i = position.get(r)
            if i is not None and col in month_cols:
                found[i].add(month_cols[col])
    return found


def _kind(value: object) -> str:
    """What a filled month cell holds: a «mark» (X, ✓, a text, True), a «one» (1: a mark or 100 %), a
    «fraction» (0,5 or «50 %»: progress) or another «value» (a quantity or a date); 0 is a «mark» (of no month)."""
    if isinstance(value, bool):
        return "mark"
    if isinstance(value, (int, float)):
        return "one" if value == 1 else "mark" if value == 0 else "fraction" if 0 < value < 1 else "value"
    if isinstance(value, (date, datetime)):
        return "value"
    text = clean(value)
    if text.endswith("%"):
        return "fraction"
    parsed = number(text)
    if parsed is None:
        return "mark"
    return "one" if parsed == 1 else "mark" if parsed == 0 else "fraction" if 0 < parsed < 1 else "value"


def _cell(cells: list[object], col: int | None) -> object:
    return cells[col] if col is not None and col < len(cells) else None


def _letter(col: int | None) -> str | None:
    return column_letter(col) if col is not None else None

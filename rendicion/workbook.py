"""Raw access to an .xlsx that has passed the guard: cell values as a grid, and cell fills.

Values come from python-calamine (fast, Rust). Only the schedule needs cell styles (a month
marked by shading), and only then is openpyxl opened, read-only, on that one region; openpyxl
parses XML through defusedxml.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
import python_calamine

from rendicion.errors import UnreadableWorkbook

#: Rows of one sheet we accept; a larger sheet makes the workbook unusable (reported, not read).
MAX_ROWS = 60_000
#: Columns we read; cells further right are ignored (reported as a warning).
MAX_COLUMNS = 120
#: Characters kept from one cell (Excel's own limit); longer texts are cut (reported as a warning).
MAX_CELL_CHARS = 32_767

_SOLID_FILL = re.compile(rb'patternType="solid"')
_WHITE = {"FFFFFFFF", "00FFFFFF"}


@dataclass
class Sheet:
    """One worksheet's values; ``rows[r][c]`` is the cell at Excel row r+1, column c+1."""

    name: str
    rows: list[list[object]]
    hidden: bool = False
    #: Merged ranges as 0-based inclusive (first_row, first_col, last_row, last_col).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Problems met while reading: ("rows"|"columns"|"cell", detail).
    limits_hit: list[tuple[str, object]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet's values (chart sheets skipped), bounded by MAX_ROWS / MAX_COLUMNS / MAX_CELL_CHARS."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [_read_sheet(book, meta) for meta in book.sheets_metadata if _is_worksheet(meta)]
    except python_calamine.CalamineError as exc:
        raise UnreadableWorkbook(
            "No se pudo leer el libro: el archivo está dañado o no es un libro de Excel válido. "
            "Ábralo en Excel, guárdelo de nuevo como «Libro de Excel (.xlsx)» y vuelva a cargarlo."
        ) from exc


def _is_worksheet(meta) -> bool:
    return meta.typ == python_calamine.SheetTypeEnum.WorkSheet


def _read_sheet(book, meta) -> Sheet:
    raw = book.get_sheet_by_name(meta.name)
    sheet = Sheet(name=meta.name, rows=[], hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible)
    if raw.start is None:
        return sheet
    (first_row, first_col), (last_row, last_col) = raw.start, raw.end
    if last_row - first_row + 1 > MAX_ROWS:
        sheet.limits_hit.append(("rows", last_row - first_row + 1))
        return sheet
    if last_col - first_col + 1 > MAX_COLUMNS:
        sheet.limits_hit.append(("columns", last_col - first_col + 1))
    rows = [list(row) for row in raw.iter_rows()]
    # calamine yields rows from the top of the sheet, columns from the first used one.
    row_offset = last_row + 1 - len(rows)
    width = min(last_col + 1, MAX_COLUMNS)
    grid: list[list[object]] = [[] for _ in range(row_offset)]
    for r, row in enumerate(rows):
        cells: list[object] = [""] * first_col + row
        del cells[width:]
        for c, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                sheet.limits_hit.append(("cell", (row_offset + r, c, len(value))))
                cells[c] = value[:MAX_CELL_CHARS]
        grid.append(cells)
    sheet.rows = grid
    sheet.merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
    return sheet


def has_solid_fills(data: bytes) -> bool:
    """Cheap pre-check: does the workbook's style sheet define any solid fill at all?"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            styles = archive.read("xl/styles.xml")
        except KeyError:
            return False
    return bool(_SOLID_FILL.search(styles))


def filled_cells(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]]:
    """0-based (row, col) of cells in the region with a solid, non-white fill."""
    if not rows or not cols:
        return set()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[sheet_name]
        found = set()
        for r, row in enumerate(
            sheet.iter_rows(min_row=rows.start + 1, max_row=rows.stop, min_col=cols.start + 1, max_col=cols.stop),
            start=rows.start,
        ):
            for c, cell in enumerate(row, start=cols.start):
                if _is_marking_fill(getattr(cell, "fill", None)):
                    found.add((r, c))
        return found
    finally:
        book.close()


def _is_marking_fill(fill) -> bool:
    if fill is None or fill.patternType != "solid":
        return False
    color = fill.fgColor
    if color is None:
        return True
    if color.type == "rgb":
        return str(color.rgb).upper() not in _WHITE
    if color.type == "theme":
        return not (color.theme == 0 and not color.tint)  # theme 0 is the background (white)
    if color.type == "indexed":
        return color.indexed not in (1, 9, 64)  # white and the system background
    return True

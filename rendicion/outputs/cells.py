"""Writing the cells of generated workbooks: text always as text, one style vocabulary, letter paper.

Shared by the downloads of :mod:`rendicion.outputs.downloads` and the follow-up report of
:mod:`rendicion.outputs.informe_excel`. Every string goes through :func:`put`, which stores it as a
string cell (:func:`rendicion.outputs.plan_workbook.set_text`): a text starting with "=" never becomes a formula.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

from rendicion.outputs import plan_workbook
from rendicion.outputs.plan_workbook import set_text

_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BODY_FONT = Font(name="Calibri", size=10)
BOLD = Font(name="Calibri", size=10, bold=True)
HEADER_FONT = Font(name="Calibri", size=10, bold=True, color="FFFFFF")
HEADER_FILL = plan_workbook.HEADER_FILL
SUBTOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
TOTAL_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")


def text(value: object) -> str:
    """A value as a cell string openpyxl accepts (control characters removed, Excel's length limit)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:32_767]


def put(sheet, row: int, col: int, value: object, *, font: Font = BODY_FONT, alignment: Alignment = WRAP,
         border: Border | None = BORDER, number_format: str | None = None, fill: PatternFill | None = None):
    """Write one cell: strings always as text (never a formula), with its style."""
    if isinstance(value, str):
        value = text(value)
    cell = set_text(sheet.cell(row, col), value)
    cell.font, cell.alignment = font, alignment
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def row_height(texts: Sequence[tuple[str, float]], line_pt: float = 13.0) -> float:
    """Height (points) of a row whose wrapped cells hold ``(text, column width)``: Excel does not
    measure wrapped text of generated files, so the height is estimated (generously)."""
    lines = 1
    for text, width in texts:
        per_line = max(1.0, width * 1.15)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, count)
    return lines * line_pt + 3


def print_setup(sheet, title_rows: str | None) -> None:
    """Letter paper, landscape, one page wide, title rows repeated, page numbers in Spanish."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Página &P de &N"
    sheet.oddFooter.center.size = 9


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

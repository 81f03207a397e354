"""What the user downloads besides the follow-up report: the blank template and table exports.

- :func:`plantilla`: the blank plan workbook with instructions and drop-down lists.
- :func:`tabla_csv` / :func:`tabla_excel`: any displayed table, tidy.

Control Interno's follow-up report lives in :mod:`rendicion.outputs.informe` (its data),
:mod:`rendicion.outputs.informe_excel` and :mod:`rendicion.outputs.informe_html`.

Safety, everywhere: no text that comes from a workbook ever becomes a formula.

- xlsx: every string is stored as a string cell (:func:`rendicion.outputs.cells.put`; openpyxl
  would otherwise store a str starting with "=" as a formula). This module writes no formula
  at all, so every cell of its workbooks has ``data_type != "f"``.
- CSV: every text field is quoted and its formula triggers (``=``, ``+``, ``-``, ``@``, tab,
  CR at its start or after a separator) get a single quote in front (:mod:`rendicion.outputs.csvsafe`),
  so a spreadsheet in any locale shows them as text instead of evaluating them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from rendicion.common import formatting
from rendicion.outputs import cells, csvsafe
from rendicion.outputs.blank_workbook import template_workbook
from rendicion.outputs.cells import print_setup as _print_setup
from rendicion.outputs.cells import put as _put
from rendicion.outputs.cells import save as _save
from rendicion.outputs.cells import text as _text

#: Number format of progress and compliance cells (values are fractions 0–1). Excel and
#: LibreOffice show the decimal separator of the user's locale: "85,6 %" in Colombia.
PERCENT_FORMAT = '0.0 %'
DATE_FORMAT = "DD/MM/YYYY"

#: CSV choices, for Excel in Colombia (decimal comma): ";" between fields, "," for decimals,
#: UTF-8 with a byte-order mark (so Excel reads the accents right), CRLF line ends.
CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
#: First characters that make a spreadsheet evaluate a CSV cell (OWASP).
CSV_FORMULA_TRIGGERS = csvsafe.FORMULA_TRIGGERS

_HEADER_FONT = cells.HEADER_FONT
_HEADER_FILL = cells.HEADER_FILL
_CENTER = cells.CENTER
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- template


def plantilla(*, vigencia: int | None = None, filas: int = 100) -> bytes:
    """The blank plan workbook (.xlsx) in the PAAC layout.

    An «Instrucciones» sheet first (it explains the «Fecha programada» forms); «Plan» with
    Subcomponente · Actividades (number and text) · Meta o producto · Responsable · Fecha
    programada and the optional MES columns, ``filas`` empty formatted rows and drop-down lists;
    «Seguimiento» with three times as many rows; «Parámetros» pre-filled for ``vigencia`` (default: the current
    year); the lists on a hidden «Listas» sheet. See :func:`rendicion.outputs.blank_workbook.template_workbook`.
    """
    return _save(template_workbook(vigencia or date.today().year, filas))


# --------------------------------------------------------------------------- tables


def _csv_cell(value: object) -> tuple[str, bool]:
    """One CSV field and whether it is text (quoted): numbers with a decimal comma and bare,
    dates dd/mm/aaaa, booleans Sí/No, texts defused; missing values empty and bare."""
    if _missing(value):
        return "", False
    if isinstance(value, (bool, np.bool_)):
        return ("Sí" if value else "No"), True
    if isinstance(value, (int, np.integer)):
        return str(int(value)), False
    if isinstance(value, (float, np.floating)):
        # 15 significant digits: no binary noise (0.8290000000000001 -> "0,829"), no thousands separator.
        return f"{float(value):.15g}".replace(".", CSV_DECIMAL), False
    if isinstance(value, (pd.Timestamp, datetime)):
        if value.hour or value.minute or value.second:
            return f"{value:%d/%m/%Y %H:%M}", True
        return formatting.day(value), True
    if isinstance(value, date):
        return formatting.day(value), True
    return defuse_csv(str(value)), True


def defuse_csv(text: str) -> str:
    """``text`` made inert for a spreadsheet (see :func:`rendicion.outputs.csvsafe.defuse`)."""
    return csvsafe.defuse(text)


def tabla_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV for Excel in Colombia: UTF-8 with BOM, ";" separator, decimal comma, CRLF.

    Column titles are written as they are (rename them to Spanish first); the index is not
    written. Dates are dd/mm/aaaa, booleans Sí/No, missing values empty. Every text field is
    quoted and its formula triggers defused (see the module's safety notes).
    """
    lines = [csvsafe.line(((defuse_csv(str(name)), True) for name in frame.columns), CSV_SEPARATOR)]
    for row in frame.itertuples(index=False, name=None):
        lines.append(csvsafe.line((_csv_cell(value) for value in row), CSV_SEPARATOR))
    return ("\ufeff" + "".join(text + "\r\n" for text in lines)).encode("utf-8")


def _sheet_name(name: str) -> str:
    cleaned = _SHEET_NAME_BAD.sub(" ", str(name)).strip().strip("'")[:31].strip()
    return cleaned or "Datos"


def _excel_value(value: object) -> tuple[object, str | None]:
    """A frame value as (cell value, number format)."""
    if _missing(value):
        return None, None
    if isinstance(value, (bool, np.bool_)):
        return ("Sí" if value else "No"), None
    if isinstance(value, (int, np.integer)):
        return int(value), None
    if isinstance(value, (float, np.floating)):
        return float(value), None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        if value.hour or value.minute or value.second:
            return value, "DD/MM/YYYY HH:MM"
        return value, DATE_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    return _text(value), None


def tabla_excel(frame: pd.DataFrame, sheet: str = "Datos", *, porcentajes: Sequence[str] = ()) -> bytes:
    """``frame`` as an .xlsx workbook of one sheet: a bold header row (frozen, with filters) and
    one row per record. Texts are text (never formulas), numbers are numbers, dates are dates
    (dd/mm/aaaa), booleans Sí/No. Columns named in ``porcentajes`` hold fractions (0–1) and get
    a percentage format. The index is not written."""
    book = Workbook()
    ws = book.active
    ws.title = _sheet_name(sheet)
    columns = [str(name) for name in frame.columns]
    percent = {str(name) for name in porcentajes}
    widths = [min(60, max(8, len(name) + 2)) for name in columns]
    for col, name in enumerate(columns, start=1):
        _put(ws, 1, col, name, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_CENTER)
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, raw in enumerate(record, start=1):
            value, number_format = _excel_value(raw)
            if columns[c - 1] in percent and isinstance(value, float):
                number_format = PERCENT_FORMAT
            _put(ws, r, c, value, number_format=number_format)
            if isinstance(value, str):
                widths[c - 1] = min(60, max(widths[c - 1], len(value) + 2))
    for col, width_chars in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width_chars
    if columns:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"
    _print_setup(ws, "1:1")
    return _save(book)

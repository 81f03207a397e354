"""Safe CSV text: what keeps a spreadsheet from evaluating a workbook's words as formulas.

Shared by the tables the dashboard exports (:func:`rendicion.outputs.downloads.tabla_csv`) and the tidy
tables of ``python -m rendicion tidy`` (:func:`tidy_csv`); it imports nothing heavy, so the CLI
stays quick.

Two defences, both needed (OWASP "CSV injection"):

- **Every text field is quoted**, whatever the separator. A spreadsheet whose list separator
  is not the file's (Excel with «,» opening a «;» file, or the other way round) would otherwise
  split ``x,=cmd|' /C calc'!A0`` into two cells, the second one a formula.
- **Formula triggers are defused**: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return, and any part of it that starts so right after a separator or a line
  break (``,``, ``;``, tab, CR, LF), gets a single quote in front of that trigger. The cost,
  accepted: such texts ("- item", "a, -1") show the quote in tools that do not hide it.
  Numbers are written as numbers, never defused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

import pandas as pd

#: First characters that make a spreadsheet evaluate a cell (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: A trigger at the start of the text or right after a list separator or a line break.
_TRIGGER = re.compile(r"(?:^|(?<=[,;\t\r\n]))(?=[=+\-@\t\r])")


def defuse(text: str) -> str:
    """``text`` made inert for a spreadsheet: a "'" before every trigger that starts the text or
    follows a separator or a line break. Texts without triggers come back unchanged."""
    return _TRIGGER.sub("'", text)


def quoted(text: str) -> str:
    """One CSV field, always between double quotes (inner quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def line(fields: Iterable[tuple[str, bool]], separator: str) -> str:
    """One CSV record from ``(text, is_text)`` pairs: texts quoted, numbers and blanks bare."""
    return separator.join(quoted(text) if is_text else text for text, is_text in fields)


def tidy_csv(frame: pd.DataFrame, *, crudo: bool = False) -> bytes:
    """A tidy table for analysts: UTF-8, «,» between fields, «.» for decimals, ISO dates.

    Every text is quoted; with ``crudo`` the texts are written exactly as they are (the caller
    says so to the user), otherwise formula triggers are defused."""
    frame = frame.copy()
    if not crudo:
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
                frame[column] = frame[column].map(lambda v: defuse(v) if isinstance(v, str) else v)
        frame.columns = [defuse(str(name)) for name in frame.columns]
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")

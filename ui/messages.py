"""The one place that turns what the domain reports into what the user sees.

A validation's findings become a table (sheet, row, column, message) with its downloads; a
domain error (:class:`~rendicion.common.errors.RendicionError`, expected and explained in Spanish)
becomes an error box with its words shown literally; a limit hit by an isolated validation is
logged with its details and shown as a Spanish refusal. Anything else is a bug: it propagates,
and :func:`ui.session.run_page` logs it.
"""

from __future__ import annotations

import logging

import streamlit as st

from rendicion.common import formatting
from rendicion.common.errors import RendicionError, ValidationLimit
from rendicion.reading.findings import Findings
from ui.downloads import table_downloads
from ui.widgets import grid_height, literal, row_height

logger = logging.getLogger("rendicion.dashboard")


#: Width (px) of the findings' «Mensaje» column, the characters of a wrapped line in it and its most lines.
MESSAGE_WIDTH_PX = 560
MESSAGE_CHARS_PER_LINE = 62
MESSAGE_MAX_LINES = 12


def show_findings(findings: Findings, title: str) -> None:
    """A validation findings as a table: errors first, with sheet, row and column."""
    if findings.errors:
        st.error(f"{literal(title)}: {formatting.plural(findings.error_count, 'error')}. Corrija el libro y vuelva a cargarlo.")
    elif findings.warnings:
        st.warning(f"{literal(title)}: {findings.verdict()}")
    if findings.issues:
        frame = findings.to_frame()
        # The message is the widest column and its rows are as tall as its longest text wrapped at
        # about 60 characters: «cómo corregirlo», the second half of a long message, was cut off.
        rows_px = row_height(frame, ["Mensaje"], MESSAGE_CHARS_PER_LINE, max_lines=MESSAGE_MAX_LINES)
        st.dataframe(frame, hide_index=True, width="stretch", row_height=rows_px,
                     height=grid_height(len(frame), rows_px) if len(frame) <= 30 else "auto",
                     column_config={"Nivel": st.column_config.TextColumn(width="small"),
                                    "Hoja": st.column_config.TextColumn(width="small"),
                                    "Fila": st.column_config.NumberColumn(width="small", format="%d"),
                                    "Columna": st.column_config.TextColumn(width="small"),
                                    "Mensaje": st.column_config.TextColumn(width=MESSAGE_WIDTH_PX)})
        table_downloads(frame, "validacion_del_libro", f"validacion_{len(frame)}")



def show_error(error: RendicionError) -> None:
    """A domain error (expected, explained in Spanish) as an error box; other exceptions propagate.
    Its words are shown literally: messages quote file names and workbook texts."""
    st.error(literal(str(error)))



def show_validation_limit(error: ValidationLimit) -> None:
    """An upload whose isolated validation hit a limit: the Spanish refusal, and the details in the log."""
    logger.warning("Validación aislada detenida (%s): %s %s", type(error).__name__, error,
                   getattr(error, "detail", ""))
    st.error(literal(str(error)), icon=":material/block:")

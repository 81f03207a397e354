"""What the user downloads: follow-up reports (Excel, HTML), the blank template, table exports.

- :func:`informe_excel`: the *Informe de seguimiento* in the layout of the PAAC follow-up
  format, ready to print on letter paper, landscape.
- :func:`informe_html`: one self-contained HTML file (Plotly JS inlined once, no network).
- :func:`plantilla`: the blank plan workbook with instructions and drop-down lists.
- :func:`tabla_csv` / :func:`tabla_excel`: any displayed table, tidy.

Safety, everywhere: no text that comes from a workbook ever becomes a formula or markup.

- xlsx: every string is stored as a string cell (:func:`rendicion.layout.set_text`; openpyxl
  would otherwise store a str starting with "=" as a formula). This module writes no formula
  at all, so every cell of its workbooks has ``data_type != "f"``.
- CSV: every text field is quoted and its formula triggers (``=``, ``+``, ``-``, ``@``, tab,
  CR at its start or after a separator) get a single quote in front (:mod:`rendicion.csvsafe`),
  so a spreadsheet in any locale shows them as text instead of evaluating them.
- HTML: every text is escaped with :func:`html.escape`; links are only made of http(s) URLs;
  chart data is JSON in which Plotly escapes ``<``, ``>`` and ``/``, and the figures escape the
  texts of their labels (:mod:`rendicion.figures`).

No new dependency: openpyxl writes the workbooks, the HTML is built with the standard
library (no template engine).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from rendicion import csvsafe, engine, figures, formatting, layout, palette
from rendicion.engine import ESTADOS, VENCIDA
from rendicion.layout import set_text
from rendicion.plan import Plan
from rendicion.view import Filters, View, activity_table

#: Name of the PAAC component every report is about.
COMPONENTE = "Rendición de cuentas"
TITULO_INFORME = "Informe de seguimiento"

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

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY_FONT = Font(name="Calibri", size=10)
_BOLD = Font(name="Calibri", size=10, bold=True)
_HEADER_FONT = Font(name="Calibri", size=10, bold=True, color="FFFFFF")
_HEADER_FILL = layout.HEADER_FILL
_SUBTOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_TOTAL_FILL = PatternFill("solid", fgColor="D9D9D9")
_LINK_FONT = Font(name="Calibri", size=10, color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="top")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


# --------------------------------------------------------------------------- shared pieces


def _view(plan: Plan, corte: date, view: View | None) -> View:
    """The view a report shows: the given one (same cut date) or the whole plan at ``corte``."""
    if view is None:
        return View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte=corte))
    if view.filters.corte != corte:
        raise ValueError(f"La vista es del corte {formatting.day(view.filters.corte)}, no del {formatting.day(corte)}.")
    return view


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _fraction(value: object) -> float | None:
    """A percentage (0–100) as the fraction a percent-formatted cell holds; None when missing."""
    return None if _missing(value) else float(value) / 100


def _semaforo_text(semaforo: str | None) -> str:
    """"🟢 Verde"; "⚪ Sin avance esperado" when nothing was due."""
    if not semaforo:
        return f"{palette.SIN_SEMAFORO_ICON} {palette.SIN_AVANCE_ESPERADO}"
    return f"{palette.semaforo_icon(semaforo)} {semaforo.capitalize()}"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _semaforo_fill(semaforo: str | None) -> PatternFill | None:
    return PatternFill("solid", fgColor=_hex(palette.semaforo_color(semaforo))) if semaforo else None


def _is_url(text: str) -> bool:
    return bool(_URL.match(text))


def _text(value: object) -> str:
    """A value as a cell string openpyxl accepts (control characters removed, Excel's length limit)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:32_767]


def _put(sheet, row: int, col: int, value: object, *, font: Font = _BODY_FONT, alignment: Alignment = _WRAP,
         border: Border | None = _BORDER, number_format: str | None = None, fill: PatternFill | None = None):
    """Write one cell: strings always as text (never a formula), with its style."""
    if isinstance(value, str):
        value = _text(value)
    cell = set_text(sheet.cell(row, col), value)
    cell.font, cell.alignment = font, alignment
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def _row_height(texts: Sequence[tuple[str, float]], line_pt: float = 13.0) -> float:
    """Height (points) of a row whose wrapped cells hold ``(text, column width)``: Excel does not
    measure wrapped text of generated files, so the height is estimated (generously)."""
    lines = 1
    for text, width in texts:
        per_line = max(1.0, width * 1.15)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, count)
    return lines * line_pt + 3


def _print_setup(sheet, title_rows: str | None) -> None:
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


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _estado_counts_text(row: pd.Series) -> str:
    """"1 ✔ Cumplida · 7 ▶ En ejecución …" (only the estados present)."""
    parts = [f"{int(row[e])} {palette.estado_label(e)}" for e in ESTADOS if int(row.get(e, 0) or 0)]
    return " · ".join(parts)


# --------------------------------------------------------------------------- Excel report

#: Columns of the report table: (title, width).
INFORME_COLUMNS = [
    ("Subcomponente", 14),
    ("ID", 6),
    ("Actividades programadas", 38),
    ("Meta / indicador", 28),
    ("Responsable", 22),
    ("Avance esperado", 10),
    ("% de avance", 10),
    ("Cumplimiento", 12),
    ("Semáforo", 13),
    ("Estado", 14),
    ("Evidencia", 24),
    ("Observaciones", 24),
]
_COL = {title: index for index, (title, _) in enumerate(INFORME_COLUMNS, start=1)}
#: Row of the report table's header (rows above it: title and header block).
INFORME_HEADER_ROW = 10


def informe_excel(plan: Plan, corte: date, *, fecha_elaboracion: date | None = None,
                  view: View | None = None) -> bytes:
    """The *Informe de seguimiento* at ``corte`` as an .xlsx file.

    Sheet «Informe de seguimiento»: a header block (Entidad, Vigencia, Componente, Fecha de
    corte, Fecha de elaboración; the plan's cumplimiento and semáforo, the estados, the
    semáforo legend and the filters), then one row per activity grouped by subcomponent —
    Subcomponente · ID · Actividades programadas · Meta / indicador · Responsable · Avance
    esperado · % de avance · Cumplimiento · Semáforo · Estado · Evidencia · Observaciones —
    with a total row per subcomponent and one for the plan. Progress and compliance are
    numbers (fractions with a percentage format); the semáforo is a cell fill *and* a text
    ("🟢 Verde"). Frozen header row; letter paper, landscape, one page wide, header row
    repeated on every page. Sheet «Resumen»: compliance and estados per subcomponent and per
    office. ``view`` (same cut date) restricts the report to the dashboard's filters;
    ``fecha_elaboracion`` defaults to today.
    """
    view = _view(plan, corte, view)
    fecha_elaboracion = fecha_elaboracion or date.today()
    book = Workbook()
    sheet = book.active
    sheet.title = TITULO_INFORME
    _informe_header(sheet, view, corte, fecha_elaboracion)
    _informe_table(sheet, view)
    _resumen_sheet(book.create_sheet("Resumen"), view, corte)
    return _save(book)


def _informe_header(sheet, view: View, corte: date, elaboracion: date) -> None:
    width = len(INFORME_COLUMNS)
    params = view.parametros
    _put(sheet, 1, 1, f"{TITULO_INFORME.upper()} · PLAN DE ACCIÓN DE RENDICIÓN DE CUENTAS",
         font=Font(name="Calibri", size=14, bold=True), border=None, alignment=Alignment(vertical="center"))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 22
    _put(sheet, 2, 1, "Plan Anticorrupción y de Atención al Ciudadano (PAAC) · Componente 3: Rendición de cuentas",
         font=Font(name="Calibri", size=10, italic=True), border=None, alignment=Alignment(vertical="center"))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)

    # Left block: the identification of the report (labels A:B, values C:D).
    left = [
        ("Entidad", params.entidad or "Entidad no indicada", None),
        ("Vigencia", params.vigencia, "0"),
        ("Componente", COMPONENTE, None),
        ("Fecha de corte", corte, DATE_FORMAT),
        ("Fecha de elaboración", elaboracion, DATE_FORMAT),
    ]
    for offset, (label, value, number_format) in enumerate(left):
        row = 4 + offset
        _put(sheet, row, 1, label, font=_BOLD, fill=_SUBTOTAL_FILL)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        _put(sheet, row, 3, value, number_format=number_format, alignment=Alignment(horizontal="left", vertical="top",
                                                                                      wrap_text=True))
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)

    # Right block: the plan's result (labels E, values F:L).
    resumen = view.resumen
    cumplimiento, semaforo = resumen["cumplimiento"], resumen["semaforo"]
    estados = _estado_counts_text(resumen) or "—"
    legend = " · ".join(palette.semaforo_legend(s, params.umbral_amarillo, params.umbral_verde)
                        for s in ("rojo", "amarillo", "verde"))
    label_col, first_value, last_col = _COL["Responsable"], _COL["Avance esperado"], width
    _put(sheet, 4, label_col, "Cumplimiento del plan", font=_BOLD, fill=_SUBTOTAL_FILL)
    _put(sheet, 4, first_value, _fraction(cumplimiento), font=Font(name="Calibri", size=12, bold=True),
         number_format=PERCENT_FORMAT, alignment=_RIGHT)
    sheet.merge_cells(start_row=4, start_column=first_value, end_row=4, end_column=first_value + 1)
    _put(sheet, 4, first_value + 2, _semaforo_text(semaforo), font=_BOLD, fill=_semaforo_fill(semaforo),
         alignment=_CENTER)
    sheet.merge_cells(start_row=4, start_column=first_value + 2, end_row=4, end_column=first_value + 3)
    right = [
        ("Actividades", f"{formatting.plural(int(resumen['actividades']), 'actividad')}: {estados}"),
        ("Semáforo", legend),
        ("Cómo se calcula", "Avance esperado: parte de los meses programados transcurrida al corte. Cumplimiento: "
                            "avance reportado ÷ avance esperado (máximo 100 %); las actividades sin avance esperado "
                            "no cuentan en los totales."),
        ("Filtros", _filters_text(view)),
    ]
    for offset, (label, text) in enumerate(right, start=1):
        row = 4 + offset
        _put(sheet, row, label_col, label, font=_BOLD, fill=_SUBTOTAL_FILL)
        _put(sheet, row, first_value, text)
        sheet.merge_cells(start_row=row, start_column=first_value, end_row=row, end_column=last_col)
    value_width = sum(w for _, w in INFORME_COLUMNS[first_value - 1:])
    for row in range(4, 9):
        texts = [(str(sheet.cell(row, first_value).value or ""), value_width),
                 (str(sheet.cell(row, 3).value or ""), INFORME_COLUMNS[2][1] + INFORME_COLUMNS[3][1])]
        sheet.row_dimensions[row].height = _row_height(texts)
    for col, (_, width_chars) in enumerate(INFORME_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width_chars


def _filters_text(view: View) -> str:
    filters = view.filters
    if not filters.dependencias and not filters.subcomponentes:
        return "Todo el plan (sin filtros)."
    parts = []
    if filters.dependencias:
        parts.append("Dependencias: " + ", ".join(filters.dependencias))
    if filters.subcomponentes:
        parts.append("Subcomponentes: " + ", ".join(filters.subcomponentes))
    return " · ".join(parts)


def _informe_table(sheet, view: View) -> None:
    header = INFORME_HEADER_ROW
    for col, (title, _) in enumerate(INFORME_COLUMNS, start=1):
        _put(sheet, header, col, title, font=_HEADER_FONT, fill=_HEADER_FILL,
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    sheet.row_dimensions[header].height = 30
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    _print_setup(sheet, f"{header}:{header}")

    rows = view.actividades.reset_index(drop=True)
    responsables = view.responsables
    by_sub = view.por_subcomponente.set_index("subcomponente")
    row = header + 1
    if rows.empty:
        _put(sheet, row, 1, view.empty_message())
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(INFORME_COLUMNS))
        row += 1
    for subcomponente, group in rows.groupby("subcomponente", sort=False):
        for activity in group.itertuples(index=False):
            _activity_row(sheet, row, activity, responsables.get(activity.id, "Sin responsable"))
            row += 1
        _total_row(sheet, row, f"Total {subcomponente}", by_sub.loc[subcomponente], _SUBTOTAL_FILL)
        row += 1
    if not rows.empty:
        _total_row(sheet, row, "TOTAL DEL PLAN", view.resumen, _TOTAL_FILL)
        row += 1
    sheet.print_area = f"A1:{get_column_letter(len(INFORME_COLUMNS))}{row - 1}"


def _activity_row(sheet, row: int, activity, responsable: str) -> None:
    evidencia = str(activity.evidencia or "")
    values = {
        "Subcomponente": activity.subcomponente,
        "ID": activity.id,
        "Actividades programadas": activity.actividad,
        "Meta / indicador": activity.meta_indicador,
        "Responsable": responsable,
        "Estado": palette.estado_label(activity.estado),
        "Evidencia": evidencia,
        "Observaciones": activity.observaciones,
    }
    for title, value in values.items():
        font = _BOLD if title == "Estado" and activity.estado == VENCIDA else _BODY_FONT
        _put(sheet, row, _COL[title], value, font=font, alignment=_CENTER if title == "ID" else _WRAP)
    if evidencia and _is_url(evidencia):
        cell = sheet.cell(row, _COL["Evidencia"])
        cell.hyperlink = evidencia
        cell.font = _LINK_FONT
    for title, value in (("Avance esperado", activity.avance_esperado), ("% de avance", activity.avance_reportado),
                         ("Cumplimiento", activity.cumplimiento)):
        _put(sheet, row, _COL[title], _fraction(value), number_format=PERCENT_FORMAT, alignment=_RIGHT)
    _put(sheet, row, _COL["Semáforo"], _semaforo_text(activity.semaforo), fill=_semaforo_fill(activity.semaforo),
         font=_BOLD if activity.semaforo else Font(name="Calibri", size=9, color="595959"), alignment=_CENTER)
    widths = dict(INFORME_COLUMNS)
    sheet.row_dimensions[row].height = _row_height([(str(values[t] or ""), widths[t]) for t in values])


def _total_row(sheet, row: int, label: str, totals: pd.Series, fill: PatternFill) -> None:
    for col in range(1, len(INFORME_COLUMNS) + 1):
        _put(sheet, row, col, None, fill=fill)
    text = f"{label} ({formatting.plural(int(totals['actividades']), 'actividad')})"
    _put(sheet, row, 1, text, font=_BOLD, fill=fill)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=_COL["Avance esperado"] - 1)
    _put(sheet, row, _COL["Cumplimiento"], _fraction(totals["cumplimiento"]), font=_BOLD, fill=fill,
         number_format=PERCENT_FORMAT, alignment=_RIGHT)
    semaforo = totals["semaforo"]
    _put(sheet, row, _COL["Semáforo"], _semaforo_text(semaforo), font=_BOLD, alignment=_CENTER,
         fill=_semaforo_fill(semaforo) or fill)
    _put(sheet, row, _COL["Estado"], _estado_counts_text(totals), fill=fill)
    sheet.merge_cells(start_row=row, start_column=_COL["Estado"], end_row=row, end_column=len(INFORME_COLUMNS))
    sheet.row_dimensions[row].height = _row_height([(text, 84), (_estado_counts_text(totals), 62),
                                                    (_semaforo_text(semaforo), 11)])


_RESUMEN_COLUMNS = [("Actividades", 12), ("Cumplimiento", 14), ("Semáforo", 22)] + [(palette.estado_label(e), 14)
                                                                                    for e in ESTADOS]


def _resumen_sheet(sheet, view: View, corte: date) -> None:
    width = 1 + len(_RESUMEN_COLUMNS)
    _put(sheet, 1, 1, f"Resumen del seguimiento · corte {formatting.day(corte)}",
         font=Font(name="Calibri", size=14, bold=True), border=None)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    row = 3
    row = _resumen_table(sheet, row, "Subcomponente", view.por_subcomponente, "subcomponente", view)
    row = _resumen_table(sheet, row + 1, "Dependencia", view.por_dependencia, "dependencia", None)
    _put(sheet, row + 1, 1, "Una actividad cuenta para cada dependencia responsable (principal o de apoyo); las "
                            "actividades de «Todas las dependencias» cuentan para todas.",
         font=Font(name="Calibri", size=9, italic=True), border=None)
    sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    sheet.column_dimensions["A"].width = 44
    for col, (_, width_chars) in enumerate(_RESUMEN_COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(col)].width = width_chars
    sheet.freeze_panes = "B4"
    _print_setup(sheet, None)


def _resumen_table(sheet, row: int, title: str, frame: pd.DataFrame, column: str, view: View | None) -> int:
    headers = [title] + [name for name, _ in _RESUMEN_COLUMNS]
    for col, text in enumerate(headers, start=1):
        _put(sheet, row, col, text, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_CENTER)
    row += 1
    records = [(str(r[column]), r, None) for _, r in frame.iterrows()]
    if view is not None:
        records.append(("Total del plan", view.resumen, _TOTAL_FILL))
    for name, totals, fill in records:
        font = _BOLD if fill is not None else _BODY_FONT
        _put(sheet, row, 1, name, font=font, fill=fill)
        _put(sheet, row, 2, int(totals["actividades"]), font=font, fill=fill, alignment=_RIGHT)
        _put(sheet, row, 3, _fraction(totals["cumplimiento"]), font=font, fill=fill, number_format=PERCENT_FORMAT,
             alignment=_RIGHT)
        _put(sheet, row, 4, _semaforo_text(totals["semaforo"]), font=_BOLD, alignment=_CENTER,
             fill=_semaforo_fill(totals["semaforo"]) or fill)
        for col, estado in enumerate(ESTADOS, start=5):
            _put(sheet, row, col, int(totals[estado]), font=font, fill=fill, alignment=_RIGHT)
        row += 1
    return row


# --------------------------------------------------------------------------- HTML report

#: Plotly options of the report's charts: no toolbar (its tooltips are in English).
HTML_PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True, "displaylogo": False}

_CSS = """
:root { --texto: #262730; --suave: #595959; --borde: #d0d3da; --fondo: #f4f5f7; --azul: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: var(--texto);
       line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 1040px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; color: var(--azul); }
h2 { font-size: 1.25rem; margin: 28px 0 10px; border-bottom: 2px solid var(--azul); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 8px; }
.sub { color: var(--suave); margin: 0 0 12px; }
.ficha { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 0; }
.ficha div { background: var(--fondo); border-radius: 6px; padding: 8px 10px; }
.ficha dt { font-size: .8rem; color: var(--suave); }
.ficha dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
.kpi { border: 1px solid var(--borde); border-radius: 8px; padding: 10px 14px; min-width: 180px; }
.kpi .valor { font-size: 2rem; font-weight: 700; }
.kpi .etiqueta { color: var(--suave); font-size: .85rem; }
.semaforo { display: inline-block; border-radius: 999px; padding: 1px 10px; font-weight: 700; color: #000;
            white-space: nowrap; }
.semaforo.ninguno { background: #e6e6e6; color: var(--suave); font-weight: 400; }
.estados { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
.nota { color: var(--suave); font-size: .85rem; }
.tabla { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--borde); padding: 5px 7px; vertical-align: top; text-align: left; }
thead th { background: var(--azul); color: #fff; }
td.num { text-align: right; white-space: nowrap; }
tr.grupo th { background: var(--fondo); color: var(--texto); }
tr.total td, tr.total th { font-weight: 700; background: #ededed; }
table.actividades { min-width: 980px; }
table.actividades td:nth-child(2) { min-width: 220px; }
.grafico { overflow-x: auto; margin: 8px 0 20px; break-inside: avoid; page-break-inside: avoid; }
.grafico > div { min-width: 560px; }
.grafico.ancho > div { min-width: 940px; }
figure { margin: 0; }
figcaption { color: var(--suave); font-size: .85rem; }
a { color: #0563c1; overflow-wrap: anywhere; }
footer { color: var(--suave); font-size: .8rem; margin: 24px 0 8px; }
@media (max-width: 600px) {
  main { padding: 10px; }
  h1 { font-size: 1.3rem; }
  .kpi .valor { font-size: 1.6rem; }
}
@page { size: letter landscape; margin: 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  .tabla, .grafico { overflow: visible; }
  .grafico > div, .grafico.ancho > div { min-width: 0; }
  .salto { break-before: page; page-break-before: always; }
  table { font-size: 8.5pt; }
  table.actividades { min-width: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; }
}
"""

#: Charts are drawn at the page's width when printing (Plotly draws SVG at a fixed size).
_PRINT_SCRIPT = """
(function () {
  function charts(f) { document.querySelectorAll(".js-plotly-plot").forEach(f); }
  window.addEventListener("beforeprint", function () {
    charts(function (el) { Plotly.relayout(el, {width: 940}); });
  });
  window.addEventListener("afterprint", function () {
    charts(function (el) { Plotly.relayout(el, {width: null}); Plotly.Plots.resize(el); });
  });
})();
"""

#: The file may run scripts and styles written inline, and load nothing from anywhere.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; connect-src 'none'")


def _e(value: object) -> str:
    """Escaped text of any value ("" for a missing one)."""
    return "" if _missing(value) else html.escape(str(value), quote=True)


def _badge(value: float | None, semaforo: str | None, *, with_value: bool = True) -> str:
    if not semaforo or _missing(value):
        text = f"{palette.SIN_SEMAFORO_ICON} {palette.SIN_AVANCE_ESPERADO}"
        return f'<span class="semaforo ninguno">{_e(text)}</span>'
    text = f"{formatting.percent(value)} · {semaforo}" if with_value else semaforo
    colour = palette.semaforo_color(semaforo)
    return (f'<span class="semaforo" style="background:{_e(colour)}">'
            f"{_e(palette.semaforo_icon(semaforo))} {_e(text)}</span>")


def informe_html(plan: Plan, corte: date, view: View | None = None, *,
                 fecha_elaboracion: date | None = None) -> str:
    """The follow-up report at ``corte`` as ONE self-contained HTML file (a str, UTF-8).

    Holds the identification of the report, the summary (the plan's cumplimiento and semáforo,
    estados, per subcomponent and per office tables), the charts (compliance per subcomponent
    and per office, estados per office, the Gantt) and the activity table. Plotly's JS is
    inlined once (no CDN, no network; a Content-Security-Policy forbids loading anything).
    ``lang="es"``, a viewport for phones (tables and wide charts scroll sideways), print CSS
    for letter paper, landscape. ``view`` (same cut date) restricts it to the dashboard's filters.
    """
    view = _view(plan, corte, view)
    elaboracion = fecha_elaboracion or date.today()
    params = view.parametros
    entidad = params.entidad or "Entidad no indicada"
    title = f"{TITULO_INFORME} · Rendición de cuentas {params.vigencia} · {entidad}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="es">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        _html_header(view, entidad, corte, elaboracion),
        _html_summary(view),
        _html_charts(view, plan, corte),
        _html_activities(view),
        f"<footer>Generado con Rendición el {_e(formatting.day(elaboracion))}. Los porcentajes se calculan al "
        f"corte del {_e(formatting.long_day(corte))}.</footer>",
        "</main>",
        f"<script>{_PRINT_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


def _html_header(view: View, entidad: str, corte: date, elaboracion: date) -> str:
    params = view.parametros
    ficha = [
        ("Entidad", entidad),
        ("Vigencia", str(params.vigencia)),
        ("Componente", COMPONENTE),
        ("Fecha de corte", formatting.day(corte)),
        ("Fecha de elaboración", formatting.day(elaboracion)),
        ("Filtros", _filters_text(view)),
    ]
    items = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in ficha)
    return (
        "<header>"
        f"<h1>{_e(TITULO_INFORME)} · Plan de acción de rendición de cuentas</h1>"
        '<p class="sub">Plan Anticorrupción y de Atención al Ciudadano (PAAC) · Componente 3: Rendición de cuentas</p>'
        f'<dl class="ficha">{items}</dl>'
        "</header>"
    )


def _aggregate_table(frame: pd.DataFrame, column: str, title: str, total: pd.Series | None) -> str:
    head = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in
                   [title, "Actividades", "Cumplimiento"] + [palette.estado_label(e) for e in ESTADOS])
    rows = []
    records = [(r[column], r, "") for _, r in frame.iterrows()]
    if total is not None:
        records.append(("Total del plan", total, ' class="total"'))
    for name, r, css in records:
        cells = "".join(f'<td class="num">{_e(formatting.number(int(r[e])))}</td>' for e in ESTADOS)
        rows.append(
            f'<tr{css}><th scope="row">{_e(name)}</th>'
            f'<td class="num">{_e(formatting.number(int(r["actividades"])))}</td>'
            f"<td>{_badge(r['cumplimiento'], r['semaforo'])}</td>{cells}</tr>"
        )
    return f'<div class="tabla"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _html_summary(view: View) -> str:
    resumen = view.resumen
    params = view.parametros
    if view.empty:
        return f'<section><h2>Resumen</h2><p>{_e(view.empty_message())}</p></section>'
    estados = "".join(f"<li>{_e(palette.estado_label(e))}: <b>{_e(formatting.number(int(resumen[e])))}</b></li>"
                      for e in ESTADOS)
    legend = " · ".join(palette.semaforo_legend(s, params.umbral_amarillo, params.umbral_verde)
                        for s in ("rojo", "amarillo", "verde"))
    cumplimiento = resumen["cumplimiento"]
    return (
        "<section><h2>Resumen</h2>"
        '<div class="kpis">'
        f'<div class="kpi"><div class="etiqueta">Cumplimiento del plan</div>'
        f'<div class="valor">{_e(formatting.percent(cumplimiento))}</div>'
        f"<div>{_badge(cumplimiento, resumen['semaforo'], with_value=False)}</div></div>"
        f'<div class="kpi"><div class="etiqueta">Actividades</div>'
        f'<div class="valor">{_e(formatting.number(int(resumen["actividades"])))}</div>'
        f'<ul class="estados">{estados}</ul></div>'
        "</div>"
        f'<p class="nota">Semáforo: {_e(legend)}. Avance esperado: parte de los meses programados transcurrida al '
        "corte. Cumplimiento: avance reportado ÷ avance esperado (máximo 100 %), promedio ponderado de las "
        "actividades con avance esperado mayor que cero.</p>"
        "<h3>Por subcomponente</h3>"
        f"{_aggregate_table(view.por_subcomponente, 'subcomponente', 'Subcomponente', resumen)}"
        "<h3>Por dependencia</h3>"
        f"{_aggregate_table(view.por_dependencia, 'dependencia', 'Dependencia', None)}"
        '<p class="nota">Una actividad cuenta para cada dependencia responsable (principal o de apoyo); las '
        "actividades de «Todas las dependencias» cuentan para todas.</p>"
        "</section>"
    )


def _html_charts(view: View, plan: Plan, corte: date) -> str:
    if view.empty:
        return ""
    charts = [
        ("cumplimiento-subcomponente", figures.cumplimiento_por_subcomponente(view.por_subcomponente, view.parametros),
         "Cumplimiento por subcomponente, con los umbrales del semáforo.", False),
        ("cumplimiento-dependencia", figures.cumplimiento_por_dependencia(view.por_dependencia, view.parametros),
         "Cumplimiento por dependencia, con los umbrales del semáforo.", False),
        ("estado-dependencia", figures.estado_por_dependencia(view.actividades, view.members),
         "Actividades por dependencia y estado.", False),
        ("cronograma", figures.gantt(view.actividades, plan.cronograma, view.parametros, corte),
         "Cronograma: meses programados de cada actividad, coloreados por estado; la línea marca la fecha de corte.",
         True),
    ]
    blocks = []
    for index, (name, figure, caption, wide) in enumerate(charts):
        chart = figure.to_html(full_html=False, include_plotlyjs=index == 0, div_id=f"grafico-{name}",
                               config=HTML_PLOTLY_CONFIG)
        css = "grafico ancho" if wide else "grafico"
        heading = '<h2 class="salto">Cronograma</h2>' if name == "cronograma" else ""
        blocks.append(f'{heading}<figure class="{css}" aria-label="{_e(caption)}">{chart}'
                      f"<figcaption>{_e(caption)}</figcaption></figure>")
    return '<section class="salto"><h2>Gráficos</h2>' + "".join(blocks) + "</section>"


_HTML_ACTIVITY_COLUMNS = ["ID", "Actividad", "Meta / indicador", "Responsables", "Estado", "Avance esperado",
                          "Avance reportado", "Cumplimiento", "Evidencia", "Observaciones"]


def _html_activities(view: View) -> str:
    if view.empty:
        return ""
    table = activity_table(view)
    raw = view.actividades.reset_index(drop=True)
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in _HTML_ACTIVITY_COLUMNS)
    body = []
    for subcomponente, group in table.groupby("subcomponente", sort=False):
        body.append(f'<tr class="grupo"><th colspan="{len(_HTML_ACTIVITY_COLUMNS)}" scope="rowgroup">'
                    f"{_e(subcomponente)} · {_e(formatting.plural(len(group), 'actividad'))}</th></tr>")
        for index, row in group.iterrows():
            source = raw.loc[index]
            text = str(source["evidencia"] or "")
            if _is_url(text):
                evidencia = f'<a href="{_e(text)}" rel="noopener noreferrer">{_e(text)}</a>'
            else:
                evidencia = _e(text)
            cells = [
                f"<td>{_e(row['id'])}</td>",
                f"<td>{_e(row['actividad'])}</td>",
                f"<td>{_e(row['meta_indicador'])}</td>",
                f"<td>{_e(row['responsables'])}</td>",
                f"<td>{_e(row['estado'])}</td>",
                f'<td class="num">{_e(formatting.percent(source["avance_esperado"]))}</td>',
                f'<td class="num">{_e(formatting.percent(source["avance_reportado"]))}</td>',
                f"<td>{_badge(source['cumplimiento'], source['semaforo'])}</td>",
                f"<td>{evidencia}</td>",
                f"<td>{_e(row['observaciones'])}</td>",
            ]
            body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<section class="salto"><h2>Actividades</h2>'
        '<p class="nota">En un teléfono, deslice la tabla hacia los lados para ver todas las columnas.</p>'
        f'<div class="tabla"><table class="actividades"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></section>"
    )


# --------------------------------------------------------------------------- template


def plantilla(*, vigencia: int | None = None, filas: int = 100) -> bytes:
    """The blank plan workbook (.xlsx) in the layout of ``data/plan_2018.xlsx``.

    An «Instrucciones» sheet first; «Plan», «Cronograma», «Seguimiento» with ``filas`` empty
    formatted rows (three times as many follow-up rows) and drop-down lists; «Parámetros»
    pre-filled for ``vigencia`` (default: the current year); the lists on a hidden «Listas»
    sheet. See :func:`rendicion.layout.template_workbook`.
    """
    return _save(layout.template_workbook(vigencia or date.today().year, filas))


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
    """``text`` made inert for a spreadsheet (see :func:`rendicion.csvsafe.defuse`)."""
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

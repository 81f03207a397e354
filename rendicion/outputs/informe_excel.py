"""Control Interno's follow-up report as an .xlsx workbook, in the official PAAC format.

One sheet, «Seguimiento», laid out as the format of Función Pública's «Estrategias … versión 2»:

1. the header: Entidad, Vigencia, Componente, Seguimiento N, Periodo evaluado (the % is
   accumulated for the vigencia), Fecha de corte, Fecha límite de publicación, Fecha de
   publicación (blank for the signer unless typed), Fecha de elaboración (with a note when after
   the deadline), the rule of evaluated activities and the report's scope; then «Avance del plan»
   in one line and the notes;
2. the table No. · Actividad · Meta o producto · Responsable · Fecha programada · Actividades
   cumplidas · % de avance · Zona · Observaciones de Control Interno, each subcomponent under a
   row naming it and followed by its subtotal row (evaluated and fully done activities, % de
   avance, zone), then the component's total;
3. the findings (hallazgos): vencidas sin cumplir, sin fecha programada, programadas después del
   cierre de la vigencia, al 100 % con pendientes;
4. the closing: Conclusiones, Recomendaciones and Elaboró (name, cargo, signature line); an
   empty field prints blank lines to fill in by hand.

Every string is written as text through :func:`rendicion.outputs.cells.put` (never a formula);
percentages are numbers with a percent format. Letter paper, landscape, one page wide, the
table's header repeated on every page.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from rendicion.common import formatting
from rendicion.followup import palette
from rendicion.followup.view import View
from rendicion.outputs import informe as informe_data
from rendicion.outputs.cells import (
    BOLD,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    RIGHT,
    SUBTOTAL_FILL,
    TOTAL_FILL,
    print_setup,
    put,
    row_height,
    save,
)
from rendicion.outputs.informe import Cierre, Informe, Subtotal
from rendicion.plan.model import Plan

SHEET_TITLE = "Seguimiento"
#: Columns of the table: (title, width in characters).
COLUMNS = list(zip(informe_data.COLUMNAS, (7, 38, 24, 22, 16, 30, 13, 16, 30)))
COL = {title: index for index, (title, _) in enumerate(COLUMNS, start=1)}
WIDTH = len(COLUMNS)
PERCENT_FORMAT = "0.0 %"
#: The % of an activity whose figure Control Interno verified says so in its cell.
VERIFIED_FORMAT = '0.0 %" verificado"'
#: Lines printed for a closing field left empty.
BLANK_LINES = 3

_TITLE_FONT = Font(name="Calibri", size=14, bold=True)
_ITALIC = Font(name="Calibri", size=9, italic=True)
_AVISO_FONT = Font(name="Calibri", size=11, bold=True, color="9C0006")
_LINE = Border(bottom=Side(style="thin", color="000000"))
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def informe_excel(plan: Plan, corte: date, view: View | None = None, *, cierre: Cierre | None = None,
                  fecha_elaboracion: date | None = None, fecha_publicacion: date | None = None,
                  cabeza: str | None = None) -> bytes:
    """The follow-up report at ``corte`` as .xlsx bytes (see the module docstring).

    ``view`` (same cut date) restricts it to the dashboard's filters; ``cierre`` overrides the
    closing held in Parámetros; ``fecha_elaboracion`` defaults to today, ``fecha_publicacion`` to a
    blank; ``cabeza``, the short chain value of the published version the plan comes from, is
    printed under the closing.
    """
    return render(informe_data.build(plan, corte, view, cierre=cierre, fecha_elaboracion=fecha_elaboracion,
                                     fecha_publicacion=fecha_publicacion), cabeza=cabeza)


def _percent(value: float | None) -> float | None:
    """A % (0–100) as the fraction Excel shows, rounded first as every page shows it (half up)."""
    return None if value is None else formatting.round_half_up(value, 1) / 100


def render(report: Informe, cabeza: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    for col, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    row = _header(sheet, report)
    header_row = row
    row = _table(sheet, report, row)
    row = _findings(sheet, report, row + 1)
    row = _closing(sheet, report.cierre, row + 1)
    if cabeza:
        _merged(sheet, row, 1, WIDTH, informe_data.cabeza_linea(cabeza), font=_ITALIC, border=None,
                alignment=_LEFT)
        row += 1
    print_setup(sheet, f"{header_row}:{header_row}")
    sheet.print_area = f"A1:{get_column_letter(WIDTH)}{row - 1}"
    return save(book)


def _merged(sheet, row: int, first: int, last: int, value, **style) -> None:
    put(sheet, row, first, value, **style)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _span_width(first: int, last: int) -> float:
    return sum(width for _, width in COLUMNS[first - 1:last])


def _header(sheet, report: Informe) -> int:
    """Title, the identification fields and the notes; returns the row of the table's header."""
    _merged(sheet, 1, 1, WIDTH, informe_data.TITULO.upper(), font=_TITLE_FONT, border=None,
            alignment=Alignment(vertical="center"))
    sheet.row_dimensions[1].height = 22
    _merged(sheet, 2, 1, WIDTH, informe_data.FUENTE_FORMATO, font=_ITALIC, border=None, alignment=_LEFT)
    sheet.row_dimensions[2].height = row_height([(informe_data.FUENTE_FORMATO, _span_width(1, WIDTH))])
    if report.aviso:
        _merged(sheet, 3, 1, WIDTH, report.aviso, font=_AVISO_FONT, border=None, alignment=_LEFT)
        sheet.row_dimensions[3].height = row_height([(report.aviso, _span_width(1, WIDTH))], line_pt=15)
    row = 4
    for label, text in report.encabezado.campos():
        _merged(sheet, row, 1, 2, label, font=BOLD, fill=SUBTOTAL_FILL)
        _merged(sheet, row, 3, WIDTH, text, alignment=_LEFT)
        for col in range(4, WIDTH + 1):
            sheet.cell(row, col).border = BORDER
        sheet.row_dimensions[row].height = row_height([(text, _span_width(3, WIDTH))])
        row += 1
    row += 1
    for note in [report.cifra, report.leyenda, *report.notas]:
        if not note:
            continue
        _merged(sheet, row, 1, WIDTH, note, font=_ITALIC, border=None, alignment=_LEFT)
        sheet.row_dimensions[row].height = row_height([(note, _span_width(1, WIDTH))], line_pt=12)
        row += 1
    return row + 1


def _zone_fill(semaforo: str | None) -> PatternFill | None:
    if not semaforo:
        return None
    return PatternFill("solid", fgColor=palette.semaforo_color(semaforo).lstrip("#").upper())


def _zone_font(semaforo: str | None, bold: bool = False) -> Font:
    colour = palette.SEMAFORO_TEXT_COLORS.get(semaforo, "#000000") if semaforo else "#595959"
    return Font(name="Calibri", size=10, bold=bold, color=colour.lstrip("#").upper())


def _table(sheet, report: Informe, header: int) -> int:
    for col, (title, _) in enumerate(COLUMNS, start=1):
        put(sheet, header, col, title, font=HEADER_FONT, fill=HEADER_FILL,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    sheet.row_dimensions[header].height = 30
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    widths = dict(COLUMNS)
    row = header + 1
    for grupo in report.grupos:
        _merged(sheet, row, 1, WIDTH, f"Subcomponente: {grupo.subtotal.nombre}", font=BOLD, fill=SUBTOTAL_FILL)
        row += 1
        for fila in grupo.filas:
            zona = fila.zona if not fila.motivo else f"{fila.zona}: {fila.motivo}"
            values = {
                "No.": fila.id,
                "Actividad": fila.actividad,
                "Meta o producto": fila.meta,
                "Responsable": fila.responsable,
                "Fecha programada": fila.fecha_programada,
                "Actividades cumplidas": fila.cumplidas,
                "Observaciones de Control Interno": fila.observaciones,
            }
            for title, value in values.items():
                put(sheet, row, COL[title], value)
            put(sheet, row, COL["% de avance"], _percent(fila.avance),
                number_format=VERIFIED_FORMAT if fila.verificado is not None else PERCENT_FORMAT, alignment=RIGHT)
            put(sheet, row, COL["Zona"], zona, fill=_zone_fill(fila.semaforo), font=_zone_font(fila.semaforo),
                alignment=CENTER)
            sheet.row_dimensions[row].height = row_height(
                [(text, widths[title]) for title, text in values.items()] + [(zona, widths["Zona"])])
            row += 1
        _subtotal(sheet, row, f"Subtotal {grupo.subtotal.nombre}", grupo.subtotal, SUBTOTAL_FILL)
        row += 1
    _subtotal(sheet, row, "TOTAL DEL COMPONENTE 3 · RENDICIÓN DE CUENTAS", report.total, TOTAL_FILL)
    return row + 1


def _subtotal(sheet, row: int, label: str, totals: Subtotal, fill: PatternFill) -> None:
    """A subtotal on its own row: its name and counts across the text columns, then % and zone."""
    last_text = COL["% de avance"] - 1
    text = f"{label} · {totals.resumen}"
    _merged(sheet, row, 1, last_text, text, font=BOLD, fill=fill, alignment=_LEFT)
    put(sheet, row, COL["% de avance"], _percent(totals.avance), font=BOLD, fill=fill, number_format=PERCENT_FORMAT,
        alignment=RIGHT)
    put(sheet, row, COL["Zona"], totals.zona, fill=_zone_fill(totals.semaforo) or fill,
        font=_zone_font(totals.semaforo, bold=True), alignment=CENTER)
    put(sheet, row, COL["Observaciones de Control Interno"], None, fill=fill)
    for col in range(2, last_text + 1):
        sheet.cell(row, col).border = BORDER
    sheet.row_dimensions[row].height = row_height([(text, _span_width(1, last_text))])


def _findings(sheet, report: Informe, row: int) -> int:
    """The findings (hallazgos), kind by kind; returns the next free row."""
    _merged(sheet, row, 1, WIDTH, "Hallazgos", font=_TITLE_FONT, border=None)
    row += 1
    if not report.hallazgos:
        _merged(sheet, row, 1, WIDTH, "Sin hallazgos sobre los datos del plan.", border=None, alignment=_LEFT)
        return row + 2
    for title, found in report.hallazgos_por_tipo:
        _merged(sheet, row, 1, WIDTH, f"{title} ({formatting.number(len(found))})", font=BOLD, border=None)
        row += 1
        for flag in found:
            put(sheet, row, 1, flag.id, border=None, alignment=_LEFT)
            _merged(sheet, row, 2, 4, flag.actividad, border=None, alignment=_LEFT)
            _merged(sheet, row, 5, WIDTH, flag.detalle, border=None, alignment=_LEFT)
            sheet.row_dimensions[row].height = row_height([(flag.actividad, _span_width(2, 4)),
                                                           (flag.detalle, _span_width(5, WIDTH))])
            row += 1
    return row + 1


def _closing(sheet, cierre: Cierre, row: int) -> int:
    """Conclusiones, Recomendaciones and the signature block; returns the next free row."""
    for label, text in (("Conclusiones", cierre.conclusiones), ("Recomendaciones", cierre.recomendaciones)):
        _merged(sheet, row, 1, WIDTH, label, font=BOLD, border=None)
        row += 1
        if text.strip():
            _merged(sheet, row, 1, WIDTH, text, border=None, alignment=_LEFT)
            sheet.row_dimensions[row].height = row_height([(text, _span_width(1, WIDTH))])
            row += 1
        else:
            row = _blank_lines(sheet, row, 1, WIDTH, BLANK_LINES)
        row += 1
    _merged(sheet, row, 1, 2, "Elaboró", font=BOLD, border=None)
    row += 2
    row = _blank_lines(sheet, row, 1, 2, 1)  # the signature
    put(sheet, row, 1, "Firma", font=_ITALIC, border=None)
    row += 1
    for label, value in (("Nombre", cierre.elaboro_nombre), ("Cargo", cierre.elaboro_cargo)):
        put(sheet, row, 1, label, font=BOLD, border=None)
        if value.strip():
            _merged(sheet, row, 2, 4, value, border=None, alignment=_LEFT)
        else:
            _blank_lines(sheet, row, 2, 4, 1)
        row += 1
    return row


def _blank_lines(sheet, row: int, first: int, last: int, count: int) -> int:
    """``count`` empty rows underlined from column ``first`` to ``last``, to write on by hand."""
    for _ in range(count):
        for col in range(first, last + 1):
            sheet.cell(row, col).border = _LINE
        sheet.row_dimensions[row].height = 20
        row += 1
    return row

"""Write a plan as a workbook in the municipal layout (the shape of ``data/plan_2018.xlsx``).

Sheets: «Plan» (title rows; SUBCOMPONENTE merged over its group · ID · ACTIVIDADES · META DE
PRODUCTO - INDICADOR · RESPONSABLE), «Cronograma» (ID · ACTIVIDAD · MES 1 … MES n, marked with
an X and shading), «Seguimiento» (ID · ACTIVIDAD · FECHA DE CORTE · % DE AVANCE · ESTADO ·
EVIDENCIA · OBSERVACIONES) and «Parámetros».

:func:`template_workbook` gives the same sheets empty, with an «Instrucciones» sheet first and
drop-down lists fed by a hidden «Listas» sheet.

Every text is written as text: a value that starts with "=" never becomes a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from rendicion import formatting
from rendicion.plan import (
    DEFAULT_MESES,
    DEFAULT_UMBRAL_AMARILLO,
    DEFAULT_UMBRAL_VERDE,
    EVALUADAS_INICIADAS,
    EVALUADAS_VENCEN,
    Plan,
)

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MARK_FILL = PatternFill("solid", fgColor="9DC3E6")
TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(italic=True, color="7F6000")
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

PLAN_HEADERS = ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META DE PRODUCTO - INDICADOR", "RESPONSABLE"]
SEGUIMIENTO_HEADERS = ["ID", "ACTIVIDAD", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES",
                       "ACTIVIDADES CUMPLIDAS"]


@dataclass
class Notes:
    """Free texts shown under the titles of each sheet (e.g. that the follow-up is example data)."""

    objetivo: str = ""
    cronograma: str = ""
    seguimiento: str = ""
    extra_titles: list[str] = field(default_factory=list)
    #: The plan's title as its document writes it (default: "PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA n").
    titulo: str = ""
    #: What the workbook adds to the document it transcribes (IDs, sheets), shown under the Plan's title.
    adiciones: str = ""
    #: The cronograma's own rows: activity ID -> name as the document's cronograma writes it. When
    #: given, the Cronograma sheet lists only these rows, in this order (default: every activity).
    cronograma_nombres: dict[str, str] = field(default_factory=dict)
    #: Signature block (name, cargo …), written under the cronograma as the document ends.
    firma: list[str] = field(default_factory=list)


def set_text(cell: Cell, value: object) -> Cell:
    """Store ``value`` in ``cell``; strings always as text, never as a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def plan_workbook(plan: Plan, notes: Notes | None = None) -> Workbook:
    """The plan in the municipal layout, as an openpyxl Workbook."""
    notes = notes or Notes()
    book = Workbook()
    _plan_sheet(book.active, plan, notes)
    _cronograma_sheet(book.create_sheet("Cronograma"), plan, notes)
    _seguimiento_sheet(book.create_sheet("Seguimiento"), plan, notes)
    _parametros_sheet(book.create_sheet("Parámetros"), plan)
    return book


def write_plan(plan: Plan, target: str | Path | None = None, notes: Notes | None = None) -> bytes:
    """Write the plan workbook to ``target`` (when given) and return its bytes."""
    buffer = io.BytesIO()
    plan_workbook(plan, notes).save(buffer)
    data = buffer.getvalue()
    if target is not None:
        Path(target).write_bytes(data)
    return data


def _title(sheet, row: int, text: str, width: int, font: Font = TITLE_FONT) -> None:
    set_text(sheet.cell(row, 1), text).font = font
    sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _header(sheet, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = set_text(sheet.cell(row, col), text)
        cell.fill, cell.font, cell.alignment, cell.border = HEADER_FILL, HEADER_FONT, CENTER, BORDER
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _plan_sheet(sheet, plan: Plan, notes: Notes) -> None:
    params = plan.parametros
    sheet.title = "Plan"
    _title(sheet, 1, notes.titulo or f"PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA {params.vigencia}",
           len(PLAN_HEADERS))
    row = 2
    if notes.adiciones:
        _title(sheet, row, notes.adiciones, len(PLAN_HEADERS), NOTE_FONT)
        sheet.row_dimensions[row].height = 45
        row += 1
    for text in [params.entidad, *notes.extra_titles, notes.objetivo]:
        if text:
            _title(sheet, row, text, len(PLAN_HEADERS), Font(bold=False, size=11))
            sheet.row_dimensions[row].height = 30
            row += 1
    header_row = row + 1
    _header(sheet, header_row, PLAN_HEADERS)
    row = header_row + 1
    group_start, current = row, None
    for activity in plan.actividades.itertuples(index=False):
        if activity.subcomponente != current:
            _merge_group(sheet, group_start, row - 1)
            group_start, current = row, activity.subcomponente
            set_text(sheet.cell(row, 1), activity.subcomponente.upper())
        values = [activity.id, activity.actividad, activity.meta_indicador, activity.responsable_texto]
        for col, value in enumerate(values, start=2):
            cell = set_text(sheet.cell(row, col), value)
            cell.alignment, cell.border = WRAP, BORDER
        sheet.cell(row, 1).border = BORDER
        row += 1
    _merge_group(sheet, group_start, row - 1)
    for col, width in zip("ABCDE", (22, 7, 60, 45, 38)):
        sheet.column_dimensions[col].width = width


def _merge_group(sheet, first: int, last: int) -> None:
    if last < first:
        return
    sheet.cell(first, 1).alignment = CENTER
    sheet.cell(first, 1).font = Font(bold=True)
    if last > first:
        sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)


def _cronograma_sheet(sheet, plan: Plan, notes: Notes) -> None:
    params = plan.parametros
    headers = ["ID", "ACTIVIDAD"] + [f"MES {m}" for m in range(1, params.meses + 1)]
    _title(sheet, 1, f"CRONOGRAMA – VIGENCIA {params.vigencia}", len(headers))
    _title(sheet, 2, f"MES 1 = {formatting.month(params.mes_inicio)} · MES {params.meses} = "
                     f"{formatting.month(params.month_start(params.meses))}", len(headers), Font(size=11))
    if notes.cronograma:
        _title(sheet, 3, notes.cronograma, len(headers), NOTE_FONT)
        sheet.row_dimensions[3].height = 45
    _header(sheet, 5, headers)
    months = plan.cronograma.groupby("actividad_id")["mes"].apply(set).to_dict()
    rows = list(notes.cronograma_nombres.items()) or list(zip(plan.actividades["id"], plan.actividades["actividad"]))
    row = 6
    for ident, name in rows:
        set_text(sheet.cell(row, 1), ident).border = BORDER
        cell = set_text(sheet.cell(row, 2), name)
        cell.alignment, cell.border = WRAP, BORDER
        for mes in range(1, params.meses + 1):
            cell = sheet.cell(row, 2 + mes)
            cell.border, cell.alignment = BORDER, CENTER
            if mes in months.get(ident, ()):
                set_text(cell, "X").fill = MARK_FILL
        row += 1
    for offset, text in enumerate(notes.firma):
        # Below the table after a blank row, as the document ends; bold name, then its cargo.
        set_text(sheet.cell(row + 1 + offset, 2), text).font = Font(bold=offset == 0)
    sheet.column_dimensions["A"].width = 7
    sheet.column_dimensions["B"].width = 60
    for mes in range(1, params.meses + 1):
        sheet.column_dimensions[get_column_letter(2 + mes)].width = 7
    sheet.freeze_panes = "C6"


def _seguimiento_sheet(sheet, plan: Plan, notes: Notes) -> None:
    # «Actividades cumplidas» (Control Interno's account) only when some report has it: nothing is lost,
    # and a plan without it keeps the municipal layout.
    cumplidas = plan.seguimiento["actividades_cumplidas"].fillna("").astype(str).str.strip().ne("").any()
    headers = SEGUIMIENTO_HEADERS if cumplidas else SEGUIMIENTO_HEADERS[:-1]
    _title(sheet, 1, f"SEGUIMIENTO – VIGENCIA {plan.parametros.vigencia}", len(headers))
    if notes.seguimiento:
        _title(sheet, 2, notes.seguimiento, len(headers), NOTE_FONT)
        sheet.row_dimensions[2].height = 30
    _header(sheet, 4, headers)
    names = dict(zip(plan.actividades["id"], plan.actividades["actividad"]))
    for row, report in enumerate(plan.seguimiento.itertuples(index=False), start=5):
        values = [report.actividad_id, names.get(report.actividad_id, ""), report.fecha_corte, report.avance / 100,
                  report.estado, report.evidencia, report.observaciones, report.actividades_cumplidas][:len(headers)]
        for col, value in enumerate(values, start=1):
            cell = set_text(sheet.cell(row, col), value)
            cell.alignment, cell.border = WRAP, BORDER
        sheet.cell(row, 3).number_format = "DD/MM/YYYY"
        sheet.cell(row, 4).number_format = "0%"
    for col, width in zip("ABCDEFGH"[:len(headers)], (7, 50, 14, 12, 16, 40, 40, 40)):
        sheet.column_dimensions[col].width = width


#: The closing of Control Interno's follow-up report, as Parámetros rows: (label, attribute, description).
CLOSING_PARAMETERS = [
    ("Conclusiones", "conclusiones", "Conclusiones de Control Interno para el informe de seguimiento."),
    ("Recomendaciones", "recomendaciones", "Recomendaciones de Control Interno para el informe de seguimiento."),
    ("Elaboró (nombre)", "elaboro_nombre", "Nombre del Jefe de Control Interno que firma el informe."),
    ("Elaboró (cargo)", "elaboro_cargo", "Cargo de quien firma el informe."),
]
CLOSING_NOTE = ("Conclusiones, Recomendaciones y Elaboró van al cierre del informe de seguimiento; en blanco, el "
                "informe imprime líneas para llenarlas a mano.")


def _closing_rows(params) -> list[tuple]:
    """Closing rows; an empty value gets no description beside it (it would be read as the value)."""
    rows = []
    for label, attribute, description in CLOSING_PARAMETERS:
        value = getattr(params, attribute)
        rows.append((label, value, description) if value else (label,))
    return rows


def _parametros_sheet(sheet, plan: Plan) -> None:
    params = plan.parametros
    rows = [
        ("Parámetro", "Valor", "Descripción"),
        ("Entidad", params.entidad, "Nombre de la entidad que rinde cuentas."),
        ("Vigencia", params.vigencia, "Año del plan."),
        ("Mes 1 (mes calendario)", params.mes_inicio, "Mes del calendario que corresponde a MES 1."),
        ("Meses del cronograma", params.meses, "Número de columnas MES del cronograma."),
        ("Umbral amarillo (%)", params.umbral_amarillo, "Desde este % de avance la zona es media (amarillo)."),
        ("Umbral verde (%)", params.umbral_verde, "Desde este % de avance la zona es alta (verde)."),
        ("Actividades evaluadas en cada corte", params.actividades_evaluadas,
         f"«{EVALUADAS_VENCEN}» (por omisión) o «{EVALUADAS_INICIADAS}». En el corte del 31 de diciembre se "
         "evalúan todas."),
        ("Datos de ejemplo", "Sí" if params.datos_de_ejemplo else "No",
         "«Sí» cuando el seguimiento no es el avance real de la entidad: cada página e informe lo advierte."),
        ("Cronograma reconstruido", "Sí" if params.cronograma_reconstruido else "No",
         "«Sí» cuando los meses programados no son los del documento oficial: cada página e informe lo advierte."),
        *_closing_rows(params),
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = set_text(sheet.cell(r, c), value)
            cell.border, cell.alignment = BORDER, WRAP
            if r == 1:
                cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    sheet.cell(4, 2).number_format = "MMMM YYYY"
    set_text(sheet.cell(len(rows) + 2, 1), CLOSING_NOTE).font = NOTE_FONT
    for col, width in zip("ABC", (26, 26, 55)):
        sheet.column_dimensions[col].width = width



# --------------------------------------------------------------------------------------------
# The blank template (``template_workbook``): the same sheets and columns, ready to be filled.

#: The four subcomponents of the PAAC's rendición de cuentas component.
SUBCOMPONENTES_PAAC = ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
#: Offices offered in the template's drop-down list (the user extends the list on «Listas»).
DEPENDENCIAS_EJEMPLO = [
    "Secretaría de Planeación",
    "Secretaría de Gobierno",
    "Secretaría de Hacienda",
    "Secretaría Administrativa",
    "Oficina de Control Interno",
    "Oficina de Comunicaciones",
    "Todas las dependencias",
]
#: Statuses an office reports in the follow-up sheet (the dashboard computes its own estado).
ESTADOS_REPORTE = ["Sin iniciar", "En ejecución", "Cumplida", "Suspendida"]

#: Sheet holding the drop-down lists (hidden). Its column titles are chosen so that the
#: loader never mistakes them for a table header or a parameter (see tests/test_exports.py).
LISTAS_SHEET = "Listas"
INSTRUCCIONES_SHEET = "Instrucciones"
LISTAS_HEADERS = ["Lista de subcomponentes", "Lista de dependencias", "Lista de estados"]
#: Rows of each list (room for the user to add names below the given ones).
LISTAS_ROWS = 150
#: Row of the column titles in the template's Plan, Cronograma and Seguimiento sheets.
TEMPLATE_HEADER_ROW = 4

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # parameter values to fill in
_TEXT_FORMAT = "@"  # IDs as text: 1.10 stays 1.10


def _instructions(vigencia: int) -> list[tuple[str, str]]:
    """(style, text) lines of the «Instrucciones» sheet, one cell each (column A only).

    One cell per row on purpose: the loader never sees two header-like or parameter-like
    cells in a row of this sheet, so it never mistakes it for a table or for parameters.
    """
    return [
        ("title", "INSTRUCCIONES PARA LLENAR ESTA PLANTILLA"),
        ("text", "Este libro es la plantilla del plan de acción de rendición de cuentas (componente 3 del Plan "
                 "Anticorrupción y de Atención al Ciudadano, PAAC). El tablero lee las hojas «Plan», «Cronograma», "
                 "«Seguimiento» y «Parámetros». No cambie los títulos de las columnas ni los nombres de las hojas; "
                 "puede agregar filas debajo de las que trae la plantilla."),
        ("text", "Escriba valores, no fórmulas: el tablero solo lee lo que está escrito en las celdas. Las celdas "
                 "con lista desplegable también aceptan texto escrito o pegado."),
        ("section", "1. Hoja «Parámetros» (llénela primero)"),
        ("item", "• Entidad: nombre de la entidad que rinde cuentas, tal como debe aparecer en los informes."),
        ("item", f"• Vigencia: el año del plan en cuatro cifras. La plantilla trae {vigencia}; cámbielo si hace "
                 "falta."),
        ("item", "• Mes 1 (mes calendario): el mes del calendario que corresponde a la columna MES 1 del "
                 "cronograma. Escríbalo como fecha, por ejemplo 01/01/2018, o como «enero 2018»."),
        ("item", "• Meses del cronograma: cuántas columnas MES tiene el cronograma (la plantilla trae 13). Si usa "
                 "menos, borre las columnas MES que sobren en la hoja «Cronograma»."),
        ("item", "• Umbrales del semáforo: desde el umbral amarillo el % de avance está en zona media (amarillo), "
                 "y desde el verde, en zona alta (verde); por debajo del amarillo es zona baja (rojo). Por omisión, "
                 "60 y 80."),
        ("item", f"• Actividades evaluadas en cada corte: «{EVALUADAS_VENCEN}» (por omisión: cuentan en el avance "
                 f"del plan las actividades cuyo cronograma termina hasta la fecha de corte) o «{EVALUADAS_INICIADAS}» "
                 "(las que ya empezaron). En el corte del 31 de diciembre se evalúan todas."),
        ("item", "• Si deja un parámetro en blanco, el tablero usa el valor por omisión."),
        ("section", "2. Hoja «Plan»: una actividad por fila"),
        ("item", "• SUBCOMPONENTE: elíjalo de la lista (Información, Diálogo, Incentivos, Evaluación y "
                 "seguimiento). Basta escribirlo en la primera fila de cada grupo: las filas siguientes quedan en "
                 "el mismo subcomponente."),
        ("item", "• ID: un código único por actividad, por ejemplo 1.1, 1.2, 2.1. La columna tiene formato de "
                 "texto para que 1.10 no se convierta en 1.1. Si lo deja en blanco, el tablero asigna uno."),
        ("item", "• ACTIVIDADES: la actividad programada, en una sola celda."),
        ("item", "• META DE PRODUCTO - INDICADOR: el producto o el indicador con que se mide la actividad."),
        ("item", "• RESPONSABLE: elija la dependencia de la lista o escríbala. Si son varias, sepárelas con un "
                 "guion: la primera es la responsable principal y las demás apoyan, por ejemplo «Secretaría de "
                 "Planeación - apoyo todas las dependencias»."),
        ("section", "3. Hoja «Cronograma»: los meses en que se ejecuta cada actividad"),
        ("item", "• ID: el mismo ID de la actividad en la hoja «Plan». La columna ACTIVIDAD es opcional y sirve "
                 "para leer el cronograma."),
        ("item", "• MES 1 … MES 13: marque con una X cada mes en que se ejecuta la actividad (también vale "
                 "sombrear la celda). Una celda vacía, 0, «no» o un guion quieren decir que ese mes no."),
        ("item", "• Una actividad sin meses marcados aparece como «Sin programar» y solo se evalúa en el corte "
                 "del 31 de diciembre."),
        ("section", "4. Hoja «Seguimiento»: un reporte de avance por fila"),
        ("item", "• Escriba una fila por actividad y por corte. Los cortes del PAAC son el 30 de abril, el 31 de "
                 "agosto y el 31 de diciembre; el tablero usa, para cada actividad, el último reporte hasta la "
                 "fecha de corte que se consulte."),
        ("item", "• ID: el ID de la actividad en la hoja «Plan» (la columna ACTIVIDAD es opcional)."),
        ("item", "• FECHA DE CORTE: fecha del reporte como fecha de Excel o como texto dd/mm/aaaa, por ejemplo "
                 "31/08/2018."),
        ("item", "• % DE AVANCE: entre 0 y 100 %. La columna tiene formato de porcentaje: escriba 50 y Excel "
                 "guarda 50 %. También se aceptan «50 %», 0,5 y 50 escritos como texto."),
        ("item", "• ESTADO: elíjalo de la lista (Sin iniciar, En ejecución, Cumplida, Suspendida). El tablero "
                 "calcula además su propio estado con el cronograma y el avance."),
        ("item", "• EVIDENCIA: el soporte del avance, como texto o como enlace que empiece por https://."),
        ("item", "• OBSERVACIONES: lo que explique el avance o el retraso."),
        ("section", "5. Listas desplegables"),
        ("item", "• Las listas salen de la hoja oculta «Listas». Para agregar una dependencia: clic derecho sobre "
                 "una pestaña › Mostrar › «Listas», escriba el nombre debajo del último de la columna «Lista de "
                 "dependencias» y vuelva a ocultar la hoja."),
        ("section", "6. Antes de publicar"),
        ("item", "• Valide el libro: cárguelo en el tablero o ejecute «python -m rendicion check ARCHIVO.xlsx». "
                 "Cada problema se informa con su hoja, fila y columna."),
    ]


def template_workbook(vigencia: int, filas: int = 100) -> Workbook:
    """A blank plan workbook in the municipal layout, with instructions and drop-down lists.

    Sheets, in order: «Instrucciones» (first and active), «Plan», «Cronograma»,
    «Seguimiento», «Parámetros» and the hidden «Listas». ``filas`` empty formatted rows are
    prepared in «Plan» and «Cronograma», three times as many in «Seguimiento» (three PAAC
    cuts). Drop-down lists (data validations) reference ranges of «Listas»: subcomponent and
    office in «Plan», estado in «Seguimiento». No cell holds a formula (marked months are
    shaded by a conditional format).
    """
    book = Workbook()
    _instructions_sheet(book.active, vigencia)
    last = TEMPLATE_HEADER_ROW + filas
    lists = _listas_sheet(book)
    _template_plan_sheet(book.create_sheet("Plan"), last, lists)
    _template_cronograma_sheet(book.create_sheet("Cronograma"), last)
    _template_seguimiento_sheet(book.create_sheet("Seguimiento"), TEMPLATE_HEADER_ROW + 3 * filas, lists)
    _template_parametros_sheet(book.create_sheet("Parámetros"), vigencia)
    book.move_sheet(LISTAS_SHEET, offset=len(book.sheetnames))
    book.active = 0
    return book


def _instructions_sheet(sheet, vigencia: int) -> None:
    sheet.title = INSTRUCCIONES_SHEET
    # Fits a letter page, portrait, without scaling (LibreOffice does not scale one wrapped column).
    sheet.column_dimensions["A"].width = 80
    fonts = {"title": TITLE_FONT, "section": Font(bold=True, size=12, color="1F4E79"), "text": Font(size=11),
             "item": Font(size=11)}
    row = 1
    for style, text in _instructions(vigencia):
        if style == "section":
            row += 1
        cell = set_text(sheet.cell(row, 1), text)
        cell.font = fonts[style]
        cell.alignment = Alignment(wrap_text=True, vertical="top", indent=1 if style == "item" else 0)
        sheet.row_dimensions[row].height = 15 * max(1, -(-len(text) // 80)) + 3
        row += 1
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _listas_sheet(book: Workbook):
    sheet = book.create_sheet(LISTAS_SHEET)
    values = [SUBCOMPONENTES_PAAC, DEPENDENCIAS_EJEMPLO, ESTADOS_REPORTE]
    for col, (title, items) in enumerate(zip(LISTAS_HEADERS, values), start=1):
        cell = set_text(sheet.cell(1, col), title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for row, item in enumerate(items, start=2):
            set_text(sheet.cell(row, col), item)
        sheet.column_dimensions[get_column_letter(col)].width = 45
    sheet.sheet_state = "hidden"
    return {
        key: f"'{LISTAS_SHEET}'!${letter}$2:${letter}${LISTAS_ROWS + 1}"
        for key, letter in (("subcomponentes", "A"), ("dependencias", "B"), ("estados", "C"))
    }


def _validation(sheet, ref: str, *, strict: bool = False, prompt: str = "", error: str = "", **kwargs):
    """Add a data validation over ``ref``; ``strict`` refuses other values, otherwise Excel only warns."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        allow_blank=True,
        showErrorMessage=bool(error),
        errorStyle="stop" if strict else "warning",
        errorTitle="Valor no previsto" if error else None,
        error=error or None,
        showInputMessage=bool(prompt),
        prompt=prompt or None,
        **kwargs,
    )
    validation.add(ref)
    sheet.add_data_validation(validation)
    return validation


def _blank_rows(sheet, first: int, last: int, columns: int, *, text_columns: tuple[int, ...] = ()) -> None:
    for row in range(first, last + 1):
        for col in range(1, columns + 1):
            cell = sheet.cell(row, col)
            cell.border, cell.alignment = BORDER, WRAP
            if col in text_columns:
                cell.number_format = _TEXT_FORMAT


def _template_titles(sheet, title: str, note: str, width: int) -> None:
    _title(sheet, 1, title, width)
    _title(sheet, 2, note, width, NOTE_FONT)
    sheet.row_dimensions[2].height = 30


def _template_plan_sheet(sheet, last: int, lists: dict[str, str]) -> None:
    first = TEMPLATE_HEADER_ROW + 1
    _template_titles(sheet, "PLAN DE ACCIÓN RENDICIÓN DE CUENTAS",
                     "Una actividad por fila. Lea la hoja «Instrucciones» antes de llenar la plantilla.",
                     len(PLAN_HEADERS))
    _header(sheet, TEMPLATE_HEADER_ROW, PLAN_HEADERS)
    _blank_rows(sheet, first, last, len(PLAN_HEADERS), text_columns=(2,))
    _validation(sheet, f"A{first}:A{last}", type="list", formula1=lists["subcomponentes"], strict=True,
                prompt="Elija el subcomponente de la lista (basta en la primera fila del grupo).",
                error="Elija uno de los cuatro subcomponentes de la lista.")
    _validation(sheet, f"E{first}:E{last}", type="list", formula1=lists["dependencias"],
                prompt="Elija la dependencia o escriba varias separadas por un guion (la primera es la principal).",
                error="La dependencia no está en la lista. Puede dejarla así o agregarla a la hoja «Listas».")
    for col, width in zip("ABCDE", (22, 7, 60, 45, 38)):
        sheet.column_dimensions[col].width = width


def _template_cronograma_sheet(sheet, last: int) -> None:
    first = TEMPLATE_HEADER_ROW + 1
    headers = ["ID", "ACTIVIDAD"] + [f"MES {m}" for m in range(1, DEFAULT_MESES + 1)]
    _template_titles(sheet, "CRONOGRAMA",
                     "Marque con una X los meses de cada actividad. MES 1 es el mes indicado en la hoja "
                     "«Parámetros» (por omisión, enero de la vigencia).", len(headers))
    _header(sheet, TEMPLATE_HEADER_ROW, headers)
    _blank_rows(sheet, first, last, len(headers), text_columns=(1,))
    for row in range(first, last + 1):
        for col in range(3, len(headers) + 1):
            sheet.cell(row, col).alignment = CENTER
    months = f"C{first}:{get_column_letter(len(headers))}{last}"
    _validation(sheet, months, type="list", formula1='"X"', error="Marque el mes con una X.")
    # Marked months are shaded by conditional formatting, never by a cell fill: a cell fill
    # on an empty month would read as a mark.
    from openpyxl.formatting.rule import FormulaRule

    sheet.conditional_formatting.add(months, FormulaRule(formula=[f"LEN(TRIM(C{first}))>0"], fill=MARK_FILL))
    sheet.column_dimensions["A"].width = 7
    sheet.column_dimensions["B"].width = 60
    for col in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 7
    sheet.freeze_panes = sheet.cell(TEMPLATE_HEADER_ROW + 1, 3)


def _template_seguimiento_sheet(sheet, last: int, lists: dict[str, str]) -> None:
    first = TEMPLATE_HEADER_ROW + 1
    _template_titles(sheet, "SEGUIMIENTO",
                     "Un reporte por fila: ID de la actividad, fecha de corte (dd/mm/aaaa) y % de avance (0 a 100 %).",
                     len(SEGUIMIENTO_HEADERS))
    _header(sheet, TEMPLATE_HEADER_ROW, SEGUIMIENTO_HEADERS)
    _blank_rows(sheet, first, last, len(SEGUIMIENTO_HEADERS), text_columns=(1,))
    for row in range(first, last + 1):
        sheet.cell(row, 3).number_format = "DD/MM/YYYY"
        sheet.cell(row, 4).number_format = "0%"
    _validation(sheet, f"C{first}:C{last}", type="date", operator="between", formula1="32874", formula2="73050",
                prompt="Fecha del corte, por ejemplo 31/08/2018.", error="Escriba una fecha, por ejemplo 31/08/2018.")
    _validation(sheet, f"D{first}:D{last}", type="decimal", operator="between", formula1="0", formula2="1",
                prompt="Avance entre 0 y 100 %: escriba 50 para 50 %.",
                error="El avance debe estar entre 0 y 100 %.")
    _validation(sheet, f"E{first}:E{last}", type="list", formula1=lists["estados"],
                error="El estado no está en la lista. Puede dejarlo así o agregarlo a la hoja «Listas».")
    for col, width in zip("ABCDEFGH", (7, 50, 14, 12, 16, 40, 40, 40)):
        sheet.column_dimensions[col].width = width


def _template_parametros_sheet(sheet, vigencia: int) -> None:
    """Two columns only: a description beside an empty value would be read as the value."""
    rows = [
        ("Entidad", None, "Nombre de la entidad que rinde cuentas.", "0"),
        ("Vigencia", vigencia, "Año del plan, en cuatro cifras.", "0"),
        ("Mes 1 (mes calendario)", date(vigencia, 1, 1), "Mes del calendario que corresponde a MES 1 del "
                                                         "cronograma, por ejemplo 01/01/2018.", "MMMM YYYY"),
        ("Meses del cronograma", DEFAULT_MESES, "Número de columnas MES del cronograma (1 a 60).", "0"),
        ("Umbral amarillo (%)", DEFAULT_UMBRAL_AMARILLO, "Desde este % de avance la zona es media (amarillo).", "0"),
        ("Umbral verde (%)", DEFAULT_UMBRAL_VERDE, "Desde este % de avance la zona es alta (verde).", "0"),
        ("Actividades evaluadas en cada corte", EVALUADAS_VENCEN,
         f"«{EVALUADAS_VENCEN}» o «{EVALUADAS_INICIADAS}».", "@"),
        *((label, None, description, None) for label, _, description in CLOSING_PARAMETERS),
    ]
    for col, text in enumerate(("Parámetro", "Valor"), start=1):
        cell = set_text(sheet.cell(1, col), text)
        cell.fill, cell.font, cell.border, cell.alignment = HEADER_FILL, HEADER_FONT, BORDER, WRAP
    for r, (name, value, prompt, number_format) in enumerate(rows, start=2):
        label = set_text(sheet.cell(r, 1), name)
        label.border, label.alignment, label.font = BORDER, WRAP, Font(bold=True)
        cell = set_text(sheet.cell(r, 2), value)
        cell.border, cell.alignment, cell.fill = BORDER, Alignment(horizontal="left", vertical="top"), _INPUT_FILL
        if number_format and name != "Entidad":
            cell.number_format = number_format
        _validation(sheet, f"B{r}", prompt=prompt)
    set_text(sheet.cell(len(rows) + 3, 1),
             "Llene las celdas amarillas. Un parámetro en blanco toma el valor por omisión.").font = NOTE_FONT
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 45

"""The blank plan workbook in the PAAC layout that entities already publish.

Sheets, in order: «Instrucciones» (first and active), «Plan», «Seguimiento», «Parámetros» and
the hidden «Listas». «Plan» has the columns of the Función Pública PAAC format for component 3
(Subcomponente · Actividades · Meta o producto · Responsable · Fecha programada, with
«Actividades» merged over the activity's number and its text, as published plans have it)
followed by the optional MES 1 … MES 13 columns; «Seguimiento» has one follow-up report per row.
Drop-down lists (data validations) reference ranges of «Listas». No cell holds a formula (marked
months are shaded by a conditional format, never by a fill: a fill on an empty month would read
as a mark).
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from rendicion.outputs.plan_workbook import (
    BORDER,
    CENTER,
    CLOSING_PARAMETERS,
    HEADER_FILL,
    HEADER_FONT,
    MARK_FILL,
    NOTE_FONT,
    REGLAS_TEXTO,
    SEGUIMIENTO_CI_HEADERS,
    SEGUIMIENTO_HEADERS,
    SUBCOMPONENTES_PAAC,
    TITLE_FONT,
    WRAP,
    set_text,
)
from rendicion.plan.model import (
    DEFAULT_MARGEN_ATRASO,
    DEFAULT_MESES,
    DEFAULT_UMBRAL_AMARILLO,
    DEFAULT_UMBRAL_VERDE,
    EVALUADAS_CUATRIMESTRE,
    EVALUADAS_PROGRAMADAS,
    EVALUADAS_TODAS,
    EVALUADAS_VENCEN,
)

#: Columns of the template's «Seguimiento» sheet: the office's report, then Control Interno's own.
SEGUIMIENTO_COLUMNAS = SEGUIMIENTO_HEADERS + SEGUIMIENTO_CI_HEADERS

#: The PAAC columns of the «Plan» sheet, as their header row reads: «Actividades» is merged over
#: the activity's number (column B) and its text (column C). The MES columns follow them.
PLAN_HEADERS = ["Subcomponente", "Actividades", None, "Meta o producto", "Responsable", "Fecha programada"]
NUMBER_COLUMN, ACTIVITY_COLUMN = 2, 3
MES_HEADERS = [f"MES {m}" for m in range(1, DEFAULT_MESES + 1)]
#: Offices offered in the drop-down list (the user extends the list on «Listas»).
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
LISTAS_HEADERS = ["Lista de subcomponentes", "Lista de dependencias", "Lista de estados",
                  "Lista de fechas programadas"]
#: Rows of each list (room for the user to add names below the given ones).
LISTAS_ROWS = 150
#: Row of the column titles in the template's «Plan» and «Seguimiento» sheets.
TEMPLATE_HEADER_ROW = 4

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # parameter values to fill in
_TEXT_FORMAT = "@"  # numbers as text: 1.10 stays 1.10


def fechas_sugeridas(vigencia: int) -> list[str]:
    """«Fecha programada» values offered in the drop-down list: exact forms, read with no warning."""
    return [
        f"enero a diciembre de {vigencia}",
        f"enero a junio de {vigencia}",
        f"julio a diciembre de {vigencia}",
        f"enero a abril de {vigencia}",
        f"mayo a agosto de {vigencia}",
        f"septiembre a diciembre de {vigencia}",
        f"30/04/{vigencia}",
        f"31/08/{vigencia}",
        f"31/12/{vigencia}",
        f"30 de abril, 31 de agosto y 31 de diciembre de {vigencia}",
    ]


def _instructions(vigencia: int) -> list[tuple[str, str]]:
    """(style, text) lines of the «Instrucciones» sheet, one cell each (column A only).

    One cell per row on purpose: the loader never sees two header-like or parameter-like
    cells in a row of this sheet, so it never mistakes it for a table or for parameters.
    """
    siguiente = vigencia + 1
    return [
        ("title", "INSTRUCCIONES PARA LLENAR ESTA PLANTILLA"),
        ("text", "Este libro es la plantilla del plan de acción de rendición de cuentas (componente 3 del Plan "
                 "Anticorrupción y de Atención al Ciudadano, PAAC), con las columnas del formato del PAAC. El "
                 "tablero lee las hojas «Plan», «Seguimiento» y «Parámetros». No cambie los títulos de las "
                 "columnas ni los nombres de las hojas; puede agregar filas debajo de las que trae la plantilla."),
        ("text", "Escriba valores, no fórmulas: el tablero solo lee lo que está escrito en las celdas. Las celdas "
                 "con lista desplegable también aceptan texto escrito o pegado."),
        ("section", "1. Hoja «Parámetros» (llénela primero)"),
        ("item", "• Entidad: nombre de la entidad que rinde cuentas, tal como debe aparecer en los informes."),
        ("item", f"• Vigencia: el año del plan en cuatro cifras. La plantilla trae {vigencia}; cámbielo si hace "
                 "falta. Una fecha programada sin año se entiende en la vigencia."),
        ("item", "• Mes 1 (mes calendario): el mes del calendario que corresponde a la columna MES 1. Escríbalo "
                 "como fecha, por ejemplo 01/01/2018, o como «enero 2018»."),
        ("item", "• Meses del cronograma: cuántas columnas MES tiene la hoja «Plan» (la plantilla trae 13). Si usa "
                 "menos, borre las columnas MES que sobren."),
        ("item", "• Umbrales del semáforo: desde el umbral amarillo el % de avance está en zona media (amarillo), "
                 "y desde el verde, en zona alta (verde); por debajo del amarillo es zona baja (rojo). Por omisión, "
                 "60 y 80."),
        ("item", f"• Actividades evaluadas en cada corte: «{EVALUADAS_PROGRAMADAS}» (por omisión: cuentan en el "
                 "avance del plan las actividades cuyo cronograma ya empezó en la fecha de corte), "
                 f"«{EVALUADAS_VENCEN}» (las que terminan hasta la fecha de corte), «{EVALUADAS_CUATRIMESTRE}» (las "
                 f"que tienen días programados en el cuatrimestre evaluado) o «{EVALUADAS_TODAS}» (todas, desde el "
                 "primer corte). En el corte del 31 de diciembre se evalúan todas."),
        ("item", "• Si deja un parámetro en blanco, el tablero usa el valor por omisión."),
        ("section", "2. Hoja «Plan»: una actividad por fila, en el formato del PAAC"),
        ("item", "• Subcomponente: elíjalo de la lista (Información, Diálogo, Incentivos, Evaluación y "
                 "seguimiento). Basta escribirlo en la primera fila de cada grupo: las filas siguientes quedan en "
                 "el mismo subcomponente."),
        ("item", "• Actividades, dos columnas: en la primera, el número de la actividad, único en el plan, por "
                 "ejemplo 1.1, 1.2, 2.1 (tiene formato de texto para que 1.10 no se convierta en 1.1; si lo deja en "
                 "blanco, el tablero asigna uno); en la segunda, la actividad programada, en una sola celda."),
        ("item", "• Meta o producto: el producto o el indicador con que se mide la actividad."),
        ("item", "• Responsable: elija la dependencia de la lista o escríbala. Si son varias, sepárelas con un "
                 "guion: la primera es la responsable principal y las demás apoyan, por ejemplo «Secretaría de "
                 "Planeación - apoyo todas las dependencias»."),
        ("section", "3. Cuándo se ejecuta cada actividad: «Fecha programada» o columnas MES"),
        ("item", "• Fecha programada: escriba cuándo se ejecuta la actividad, o elija una de las sugerencias de la "
                 "lista. El tablero lee estas formas (si no escribe el año, toma el de la vigencia):"),
        ("item", f"– Un día: «30/04/{vigencia}» o «30 de abril de {vigencia}»."),
        ("item", f"– Varios días o un rango de días: «19 y 20 de abril de {vigencia}», «22 al 28 de abril de "
                 f"{vigencia}»."),
        ("item", f"– Un mes o un rango de meses: «Enero {vigencia}», «Marzo a diciembre de {vigencia}», «Febrero - "
                 "Marzo»."),
        ("item", f"– Meses o días separados: «Abril, agosto y diciembre», «30 de abril, 31 de agosto y 31 de "
                 f"diciembre de {vigencia}»."),
        ("item", "– Un periodo del año: «Primer semestre», «Segundo semestre», «I cuatrimestre», «Primer "
                 "trimestre»."),
        ("item", f"– De un año al siguiente: «Diciembre {vigencia} - Enero {siguiente}»."),
        ("item", f"– Toda la vigencia: «Permanente» o «Durante la vigencia». Solo una fecha límite: «Hasta el 31 "
                 f"de enero de {siguiente}» (se programa desde el 1 de enero hasta esa fecha)."),
        ("item", "• Los periodos del año, «Permanente», las fechas límite y los textos sin año se leen con una "
                 "convención, y los periódicos («Trimestral», «Mensual») se programan en toda la vigencia: el "
                 "informe de validación dice en su celda cómo los leyó. «Cuando se requiera» o «A demanda» "
                 "quedan sin programar. Para evitar dudas, escriba fechas exactas, como las de la lista."),
        ("item", "• MES 1 … MES 13 (opcionales): en lugar de la fecha programada, marque con una X cada mes en que "
                 "se ejecuta la actividad (también vale sombrear la celda). Una celda vacía, 0, «no» o un guion "
                 "quieren decir que ese mes no. Para cada actividad basta una de las dos formas; si llena ambas, el "
                 "tablero usa los meses marcados y advierte cuando no coinciden con la fecha programada."),
        ("item", "• Una actividad sin fecha programada ni meses marcados aparece como «Sin programar» y solo se "
                 "evalúa en el corte del 31 de diciembre."),
        ("section", "4. Hoja «Seguimiento»: un reporte de avance por fila"),
        ("item", "• Escriba una fila por actividad y por corte. Los cortes del PAAC son el 30 de abril, el 31 de "
                 "agosto y el 31 de diciembre; el tablero usa, para cada actividad, el último reporte hasta la "
                 "fecha de corte que se consulte."),
        ("item", "• ID: el número de la actividad en la hoja «Plan» (la columna ACTIVIDAD es opcional)."),
        ("item", "• FECHA DE CORTE: fecha del reporte como fecha de Excel o como texto dd/mm/aaaa, por ejemplo "
                 "31/08/2018."),
        ("item", "• % DE AVANCE: entre 0 y 100 %. La columna tiene formato de porcentaje: escriba 50 y Excel "
                 "guarda 50 %. También se aceptan «50 %», 0,5 y 50 escritos como texto."),
        ("item", "• ESTADO: elíjalo de la lista (Sin iniciar, En ejecución, Cumplida, Suspendida). El tablero "
                 "calcula además su propio estado con el cronograma y el avance."),
        ("item", "• EVIDENCIA: el soporte del avance, como texto o como enlace que empiece por https://."),
        ("item", "• OBSERVACIONES: lo que explique el avance o el retraso."),
        ("item", "• ACTIVIDADES CUMPLIDAS (opcional): la descripción de lo que se hizo hasta el corte."),
        ("item", "• % DE AVANCE VERIFICADO y OBSERVACIONES DE CONTROL INTERNO: las llena Control Interno al "
                 "verificar el reporte. Cuando hay un % verificado, el avance del plan usa ese y no el reportado, "
                 "y el informe de seguimiento dice qué cifras están verificadas."),
        ("section", "5. Listas desplegables"),
        ("item", "• Las listas salen de la hoja oculta «Listas». Para agregar una dependencia: clic derecho sobre "
                 "una pestaña › Mostrar › «Listas», escriba el nombre debajo del último de la columna «Lista de "
                 "dependencias» y vuelva a ocultar la hoja."),
        ("section", "6. Antes de publicar"),
        ("item", "• Valide el libro: cárguelo en el tablero o ejecute «python -m rendicion check ARCHIVO.xlsx». "
                 "Cada problema se informa con su hoja, fila y columna."),
    ]


def template_workbook(vigencia: int, filas: int = 100) -> Workbook:
    """A blank plan workbook in the PAAC layout, with instructions and drop-down lists.

    ``filas`` empty formatted rows are prepared in «Plan», three times as many in
    «Seguimiento» (three PAAC cuts). Drop-down lists: subcomponent, office and suggested
    «Fecha programada» texts in «Plan», estado in «Seguimiento».
    """
    book = Workbook()
    _instructions_sheet(book.active, vigencia)
    lists = _listas_sheet(book, vigencia)
    _plan_sheet(book.create_sheet("Plan"), TEMPLATE_HEADER_ROW + filas, lists)
    _seguimiento_sheet(book.create_sheet("Seguimiento"), TEMPLATE_HEADER_ROW + 3 * filas, lists)
    _parametros_sheet(book.create_sheet("Parámetros"), vigencia)
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
        indent = 2 if text.startswith("–") else 1 if style == "item" else 0
        cell.alignment = Alignment(wrap_text=True, vertical="top", indent=indent)
        sheet.row_dimensions[row].height = 15 * max(1, -(-len(text) // 78)) + 3
        row += 1
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _listas_sheet(book: Workbook, vigencia: int) -> dict[str, str]:
    sheet = book.create_sheet(LISTAS_SHEET)
    values = [SUBCOMPONENTES_PAAC, DEPENDENCIAS_EJEMPLO, ESTADOS_REPORTE, fechas_sugeridas(vigencia)]
    for col, (title, items) in enumerate(zip(LISTAS_HEADERS, values), start=1):
        cell = set_text(sheet.cell(1, col), title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for row, item in enumerate(items, start=2):
            set_text(sheet.cell(row, col), item)
        sheet.column_dimensions[get_column_letter(col)].width = 45
    sheet.sheet_state = "hidden"
    return {
        key: f"'{LISTAS_SHEET}'!${letter}$2:${letter}${LISTAS_ROWS + 1}"
        for key, letter in (("subcomponentes", "A"), ("dependencias", "B"), ("estados", "C"), ("fechas", "D"))
    }


def _validation(sheet, ref: str, *, strict: bool = False, prompt: str = "", error: str = "", **kwargs) -> None:
    """Add a data validation over ``ref``; ``strict`` refuses other values, otherwise Excel only warns
    (and says nothing at all when there is no ``error`` text)."""
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


def _blank_rows(sheet, first: int, last: int, columns: int, *, text_columns: tuple[int, ...] = ()) -> None:
    for row in range(first, last + 1):
        for col in range(1, columns + 1):
            cell = sheet.cell(row, col)
            cell.border, cell.alignment = BORDER, WRAP
            if col in text_columns:
                cell.number_format = _TEXT_FORMAT


def _titles(sheet, title: str, note: str, width: int) -> None:
    for row, text, font in ((1, title, TITLE_FONT), (2, note, NOTE_FONT)):
        set_text(sheet.cell(row, 1), text).font = font
        sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[2].height = 30


def _header(sheet, headers: list[str | None]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = set_text(sheet.cell(TEMPLATE_HEADER_ROW, col), text)
        cell.fill, cell.font, cell.alignment, cell.border = HEADER_FILL, HEADER_FONT, CENTER, BORDER


def _plan_sheet(sheet, last: int, lists: dict[str, str]) -> None:
    first = TEMPLATE_HEADER_ROW + 1
    headers = PLAN_HEADERS + MES_HEADERS
    _titles(sheet, "PLAN ANTICORRUPCIÓN Y DE ATENCIÓN AL CIUDADANO – COMPONENTE 3: RENDICIÓN DE CUENTAS",
            "Una actividad por fila. Escriba la fecha programada o marque los meses (MES 1 … MES 13, opcionales). "
            "Lea la hoja «Instrucciones» antes de llenar la plantilla.", len(PLAN_HEADERS))
    _header(sheet, headers)
    _blank_rows(sheet, first, last, len(headers), text_columns=(2,))
    sheet.merge_cells(start_row=TEMPLATE_HEADER_ROW, start_column=NUMBER_COLUMN, end_row=TEMPLATE_HEADER_ROW,
                      end_column=ACTIVITY_COLUMN)
    column = {title: get_column_letter(c) for c, title in enumerate(headers, start=1) if title}

    def cells(title: str) -> str:
        return f"{column[title]}{first}:{column[title]}{last}"

    _validation(sheet, cells("Subcomponente"), type="list", formula1=lists["subcomponentes"], strict=True,
                prompt="Elija el subcomponente de la lista (basta en la primera fila del grupo).",
                error="Elija uno de los cuatro subcomponentes de la lista.")
    _validation(sheet, cells("Responsable"), type="list", formula1=lists["dependencias"],
                prompt="Elija la dependencia o escriba varias separadas por un guion (la primera es la principal).",
                error="La dependencia no está en la lista. Puede dejarla así o agregarla a la hoja «Listas».")
    _validation(sheet, cells("Fecha programada"), type="list", formula1=lists["fechas"],
                prompt="Escriba cuándo se hace: un día (30/04/2018), un rango (marzo a junio de 2018), meses "
                       "(abril, agosto y diciembre) o un periodo (primer semestre). Vea la hoja «Instrucciones».")
    months = f"{column[MES_HEADERS[0]]}{first}:{column[MES_HEADERS[-1]]}{last}"
    _validation(sheet, months, type="list", formula1='"X"', error="Marque el mes con una X.")
    sheet.conditional_formatting.add(
        months, FormulaRule(formula=[f"LEN(TRIM({column[MES_HEADERS[0]]}{first}))>0"], fill=MARK_FILL))
    for row in range(first, last + 1):
        for col in range(len(PLAN_HEADERS) + 1, len(headers) + 1):
            sheet.cell(row, col).alignment = CENTER
    for col, width in zip("ABCDEF", (22, 7, 60, 40, 32, 24)):
        sheet.column_dimensions[col].width = width
    for col in range(len(PLAN_HEADERS) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 7
    sheet.freeze_panes = sheet.cell(first, 4)


def _seguimiento_sheet(sheet, last: int, lists: dict[str, str]) -> None:
    first = TEMPLATE_HEADER_ROW + 1
    _titles(sheet, "SEGUIMIENTO",
            "Un reporte por fila: número de la actividad, fecha de corte (dd/mm/aaaa) y % de avance (0 a 100 %).",
            len(SEGUIMIENTO_COLUMNAS))
    _header(sheet, SEGUIMIENTO_COLUMNAS)
    sheet.freeze_panes = sheet.cell(first, 1)
    _blank_rows(sheet, first, last, len(SEGUIMIENTO_COLUMNAS), text_columns=(1,))
    verified = get_column_letter(SEGUIMIENTO_COLUMNAS.index(SEGUIMIENTO_CI_HEADERS[0]) + 1)
    for row in range(first, last + 1):
        sheet.cell(row, 3).number_format = "DD/MM/YYYY"
        sheet.cell(row, 4).number_format = "0%"
        sheet[f"{verified}{row}"].number_format = "0%"
    _validation(sheet, f"C{first}:C{last}", type="date", operator="between", formula1="32874", formula2="73050",
                prompt="Fecha del corte, por ejemplo 31/08/2018.", error="Escriba una fecha, por ejemplo 31/08/2018.")
    _validation(sheet, f"D{first}:D{last}", type="decimal", operator="between", formula1="0", formula2="1",
                prompt="Avance entre 0 y 100 %: escriba 50 para 50 %.",
                error="El avance debe estar entre 0 y 100 %.")
    _validation(sheet, f"{verified}{first}:{verified}{last}", type="decimal", operator="between", formula1="0",
                formula2="1", prompt="Lo llena Control Interno: el % de avance que verificó (escriba 50 para 50 %).",
                error="El % de avance verificado debe estar entre 0 y 100 %.")
    _validation(sheet, f"E{first}:E{last}", type="list", formula1=lists["estados"],
                error="El estado no está en la lista. Puede dejarlo así o agregarlo a la hoja «Listas».")
    widths = {"ID": 7, "ACTIVIDAD": 50, "FECHA DE CORTE": 14, "% DE AVANCE": 12, "ESTADO": 16,
              SEGUIMIENTO_CI_HEADERS[0]: 14}
    for col, title in enumerate(SEGUIMIENTO_COLUMNAS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(title, 40)


def _parametros_sheet(sheet, vigencia: int) -> None:
    """Two columns only: a description beside an empty value would be read as the value."""
    rows = [
        ("Entidad", None, "Nombre de la entidad que rinde cuentas.", "0"),
        ("Vigencia", vigencia, "Año del plan, en cuatro cifras.", "0"),
        ("Mes 1 (mes calendario)", date(vigencia, 1, 1), "Mes del calendario que corresponde a MES 1 del "
                                                         "cronograma, por ejemplo 01/01/2018.", "MMMM YYYY"),
        ("Meses del cronograma", DEFAULT_MESES, "Número de columnas MES del cronograma (1 a 60).", "0"),
        ("Umbral amarillo (%)", DEFAULT_UMBRAL_AMARILLO, "Desde este % de avance la zona es media (amarillo).", "0"),
        ("Umbral verde (%)", DEFAULT_UMBRAL_VERDE, "Desde este % de avance la zona es alta (verde).", "0"),
        ("Margen de atraso (puntos)", DEFAULT_MARGEN_ATRASO, "Una actividad ya iniciada está «Atrasada» cuando su % "
         "de avance queda más de estos puntos por debajo del avance esperado.", "0"),
        ("Actividades evaluadas en cada corte", EVALUADAS_PROGRAMADAS, REGLAS_TEXTO, "@"),
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

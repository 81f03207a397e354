"""Write a plan as a workbook in the municipal layout (the shape of ``data/plan_2018.xlsx``).

Sheets: «Plan» (title rows; SUBCOMPONENTE merged over its group · ID · ACTIVIDADES · META DE
PRODUCTO - INDICADOR · RESPONSABLE), «Cronograma» (ID · ACTIVIDAD · MES 1 … MES n, marked with
an X and shading), «Seguimiento» (ID · ACTIVIDAD · FECHA DE CORTE · % DE AVANCE · ESTADO ·
EVIDENCIA · OBSERVACIONES) and «Parámetros».

The blank template, in the PAAC layout, is :mod:`rendicion.outputs.blank_workbook`.

Every text is written as text: a value that starts with "=" never becomes a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from rendicion.common import formatting
from rendicion.plan.model import EVALUADAS_PROGRAMADAS, ORIGEN_MESES, REGLAS_EVALUACION, SEGUIMIENTO_COLUMNS, Plan

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
#: Control Interno's own columns, after the office's: its verified % and its observations.
SEGUIMIENTO_CI_HEADERS = ["% DE AVANCE VERIFICADO", "OBSERVACIONES DE CONTROL INTERNO"]


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
    """The plan in the municipal layout, as an openpyxl Workbook.

    The «Cronograma» sheet (MES grid) is left out when the plan is scheduled only by its
    «Fecha programada» column, which the «Plan» sheet then carries.
    """
    notes = notes or Notes()
    book = Workbook()
    _plan_sheet(book.active, plan, notes)
    if _has_month_schedule(plan):
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
    fechas = plan.actividades.get("fecha_programada", pd.Series(dtype=object)).fillna("").astype(str)
    with_fechas = bool((fechas != "").any())
    _header(sheet, header_row, PLAN_HEADERS + (["FECHA PROGRAMADA"] if with_fechas else []))
    row = header_row + 1
    group_start, current = row, None
    for activity in plan.actividades.itertuples(index=False):
        if activity.subcomponente != current:
            _merge_group(sheet, group_start, row - 1)
            group_start, current = row, activity.subcomponente
            set_text(sheet.cell(row, 1), activity.subcomponente.upper())
        values = [activity.id, activity.actividad, activity.meta_indicador, activity.responsable_texto]
        if with_fechas:
            values.append(getattr(activity, "fecha_programada", "") or "")
        for col, value in enumerate(values, start=2):
            cell = set_text(sheet.cell(row, col), value)
            cell.alignment, cell.border = WRAP, BORDER
        sheet.cell(row, 1).border = BORDER
        row += 1
    _merge_group(sheet, group_start, row - 1)
    for col, width in zip("ABCDEF", (22, 7, 60, 45, 38, 24)):
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
    months = scheduled_mes(plan)
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


def _has_month_schedule(plan: Plan) -> bool:
    """Whether the plan needs the MES grid: a plan scheduled only by «Fecha programada» text gets none
    (an empty grid would read as a schedule table with nothing marked)."""
    fechas = plan.actividades.get("fecha_programada", pd.Series(dtype=object)).fillna("").astype(str)
    return bool((plan.cronograma["origen"] == ORIGEN_MESES).any() or not (fechas != "").any())


def scheduled_mes(plan: Plan) -> dict[str, set[int]]:
    """MES numbers of each activity's month-column intervals (``origen`` "meses"), for the MES columns.

    Intervals read from a «Fecha programada» stay in that column (as written), so that the
    workbook reads back with the same days.
    """
    params = plan.parametros
    months: dict[str, set[int]] = {}
    rows = plan.cronograma[plan.cronograma["origen"] == ORIGEN_MESES]
    for ident, start, end in zip(rows["actividad_id"], rows["inicio"], rows["fin"], strict=True):
        months.setdefault(str(ident), set()).update(params.months_of(start, end))
    return months


def _seguimiento_sheet(sheet, plan: Plan, notes: Notes) -> None:
    # «Actividades cumplidas» only when some report has it: nothing is lost, and a plan without it
    # keeps the municipal layout. Control Interno's two columns are always there, to be filled in.
    seguimiento = plan.seguimiento.reindex(columns=SEGUIMIENTO_COLUMNS)
    cumplidas = seguimiento["actividades_cumplidas"].fillna("").astype(str).str.strip().ne("").any()
    office = SEGUIMIENTO_HEADERS if cumplidas else SEGUIMIENTO_HEADERS[:-1]
    headers = office + SEGUIMIENTO_CI_HEADERS
    _title(sheet, 1, f"SEGUIMIENTO – VIGENCIA {plan.parametros.vigencia}", len(headers))
    if notes.seguimiento:
        _title(sheet, 2, notes.seguimiento, len(headers), NOTE_FONT)
        sheet.row_dimensions[2].height = 30
    _header(sheet, 4, headers)
    names = dict(zip(plan.actividades["id"], plan.actividades["actividad"]))
    verified_col = len(office) + 1
    for row, report in enumerate(seguimiento.itertuples(index=False), start=5):
        verificado = None if pd.isna(report.avance_verificado) else report.avance_verificado / 100
        values = [report.actividad_id, names.get(report.actividad_id, ""), report.fecha_corte, report.avance / 100,
                  report.estado, report.evidencia, report.observaciones, report.actividades_cumplidas][:len(office)]
        values += [verificado, "" if pd.isna(report.observaciones_ci) else report.observaciones_ci]
        for col, value in enumerate(values, start=1):
            cell = set_text(sheet.cell(row, col), value)
            cell.alignment, cell.border = WRAP, BORDER
        sheet.cell(row, 3).number_format = "DD/MM/YYYY"
        sheet.cell(row, 4).number_format = "0%"
        sheet.cell(row, verified_col).number_format = "0%"
    for col, width in zip("ABCDEFGHIJ"[:len(headers)], (7, 50, 14, 12, 16, 40, 40, 40, 14, 40)[:len(office)] + (14, 40)):
        sheet.column_dimensions[col].width = width


#: The rules «Actividades evaluadas en cada corte» in one sentence (Parámetros' description, the template).
REGLAS_TEXTO = (f"«{EVALUADAS_PROGRAMADAS}» (por omisión: las que ya empezaron), "
                + ", ".join(f"«{rule}»" for rule in REGLAS_EVALUACION[1:-1])
                + f" o «{REGLAS_EVALUACION[-1]}». En el corte del 31 de diciembre se evalúan todas.")

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
        ("Margen de atraso (puntos)", params.margen_atraso, "Una actividad ya iniciada está «Atrasada» cuando su % "
         "de avance queda más de estos puntos por debajo del avance esperado."),
        ("Actividades evaluadas en cada corte", params.actividades_evaluadas, REGLAS_TEXTO),
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


#: The four subcomponents of the PAAC's rendición de cuentas component.
SUBCOMPONENTES_PAAC = ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]

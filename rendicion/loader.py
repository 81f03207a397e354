"""Read a plan workbook (path or bytes) into a :class:`~rendicion.plan.Plan` and a :class:`~rendicion.report.Report`.

Order of work: the guard checks the raw bytes; calamine reads the values; the tables are found
(in a whole PAAC workbook, only component 3's sheets; plan-like sheets that name a cut become
follow-ups); the parameters are read (the schedule's month names need the plan's first month);
then the plan tables, the offices, the schedule and the follow-up reports (:mod:`followup`).
Every column with data that none of these read is named in a warning. Every problem becomes an
issue record with its sheet, row and column; the plan is returned only when there is no error.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from rendicion import active_content, guard, paac, schedule
from rendicion.errors import UnreadableWorkbook
from rendicion.fuzzy import TextIndex
from rendicion import formatting
from rendicion.followup import FOLLOW_UP_FIELDS, FollowUpReader, groups_of
from rendicion.headers import MonthHeader
from rendicion.offices import Canonicalizer, split
from rendicion.plan import (
    ACTIVIDADES_COLUMNS,
    CRONOGRAMA_COLUMNS,
    EVALUADAS_INICIADAS,
    EVALUADAS_VENCEN,
    ORIGEN_MESES,
    RESPONSABLES_COLUMNS,
    ROL_APOYO,
    ROL_PRINCIPAL,
    Parametros,
    Plan,
)
from rendicion.report import Report
from rendicion.tables import (
    CRONOGRAMA, PLAN, SEGUIMIENTO, Segment, Table, data_columns, find_tables, header_title, mostly_numbered,
    split_activity_columns,
)
from rendicion.text import clean, fold, leading_id, strip_stray_suffix
from rendicion.values import as_percentages, is_blank, is_mark, number, percent, to_month
from rendicion.workbook import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    Sheet,
    column_letter,
    filled_cells,
    has_solid_fills,
    read_sheets,
)

Source = str | Path | bytes | bytearray | BinaryIO


@dataclass
class Loaded:
    """What reading a workbook gives: the plan (None when there are errors) and the report."""

    plan: Plan | None
    report: Report
    data: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return self.plan is not None and self.report.ok


def read_bytes(source: Source) -> bytes:
    """The bytes of a workbook given as a path, bytes or a binary file, refusing oversize files unread."""
    limit = guard.MAX_FILE_BYTES
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limit:
                guard.check_size(size)
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise UnreadableWorkbook(f"No se encontró el archivo «{path}». Revise la ruta.") from exc
        except IsADirectoryError as exc:
            raise UnreadableWorkbook(f"«{path}» es una carpeta, no un libro de Excel.") from exc
        except PermissionError as exc:
            raise UnreadableWorkbook(f"No hay permiso para leer «{path}».") from exc
    data = source.read(limit + 1)
    if len(data) > limit:
        guard.check_size(len(data))
    return data


def read_plan(source: Source) -> Loaded:
    """Read and validate a plan workbook. Never raises for a bad file: problems go to the report."""
    report = Report()
    try:
        data = read_bytes(source)
        guard.inspect_workbook(data)
        sheets = read_sheets(data)
    except UnreadableWorkbook as exc:
        report.error(str(exc))
        return Loaded(None, report)
    active_content.report_into(data, report)
    try:
        plan = _Reader(data, sheets, report).read()
    except UnreadableWorkbook as exc:  # a parser gave up on a part of the workbook the guard let through
        report.error(str(exc))
        plan = None
    return Loaded(plan if report.ok else None, report, data)


# --------------------------------------------------------------------------------------------
# Parameters


_PARAMETER_KEYS = {
    "entidad": ("entidad", "nombre de la entidad", "municipio", "nombre entidad"),
    "vigencia": ("vigencia", "ano", "año"),
    "mes_inicio": ("mes 1", "mes inicial", "mes de inicio", "primer mes", "inicio del plan", "fecha de inicio",
                   "mes inicio"),
    "meses": ("meses", "numero de meses", "duracion"),
    "umbral_amarillo": ("umbral amarillo", "semaforo amarillo", "amarillo"),
    "umbral_verde": ("umbral verde", "semaforo verde", "verde"),
    "actividades_evaluadas": ("actividades evaluadas en cada corte", "actividades evaluadas", "regla de evaluacion"),
    "datos_de_ejemplo": ("datos de ejemplo", "seguimiento de ejemplo"),
    "cronograma_reconstruido": ("cronograma reconstruido",),
    # Closing of Control Interno's follow-up report (rendicion.informe). The cargo comes before
    # the name: "Elaboró (cargo)" must not be read as the name.
    "conclusiones": ("conclusiones", "conclusion"),
    "recomendaciones": ("recomendaciones", "recomendacion"),
    "elaboro_cargo": ("elaboro cargo", "cargo de quien elabora", "cargo del jefe de control interno", "cargo"),
    "elaboro_nombre": ("elaboro nombre", "elaboro", "elaborado por", "jefe de control interno"),
}
#: Parameters that are free texts: kept as written, paragraphs included.
_TEXT_PARAMETERS = ("conclusiones", "recomendaciones", "elaboro_cargo", "elaboro_nombre")
#: Yes/no answers of the flag parameters («Datos de ejemplo», «Cronograma reconstruido»), folded.
_YES = {"si", "s", "x", "verdadero", "true", "1"}
_NO = {"no", "n", "falso", "false", "0"}
#: Rows above a sheet's first table read as titles (entity, vigencia); a sheet without tables
#: would otherwise give every row.
_MAX_TITLE_ROWS = 30
#: A title line about the vigencia: its year is the last four-digit year in it («Vigencia: 2018»,
#: «Vigencia 2018», «Vigencia: Periodo del 01 de enero al 30 de abril de 2021» → 2021).
_VIGENCIA_IN_TITLE = re.compile(r"^(?:.*\b)?vigencia\b")
_YEAR = re.compile(r"\b(\d{4})\b")
_ENTITY_IN_TITLE = re.compile(
    r"^(alcaldia|gobernacion|municipio|departamento|concejo|personeria|contraloria|instituto|empresa|hospital|"
    r"e s e|ese|unidad|secretaria|superintendencia|ministerio|agencia|universidad|corporacion)\b"
)
#: «Entidad: Alcaldía de …» in one cell: the entity is what follows the colon.
_ENTITY_LABEL = re.compile(r"^\s*(?:nombre de la )?entidad\s*:\s*(\S.*)$", re.IGNORECASE | re.DOTALL)


def _first_filled(row: list[object], start: int) -> tuple[int, object] | None:
    """(column, value) of the first non-blank cell of ``row`` at or after ``start``."""
    for col in range(start, len(row)):
        value = row[col]
        if value is None or value == "":
            continue  # the common blank cells, without cleaning them
        if not is_blank(value):
            return col, value
    return None


def _paragraphs(value: object) -> str:
    """A free-text cell as text: each line cleaned, line breaks kept, blank lines dropped."""
    if isinstance(value, str):
        return "\n".join(line for line in (clean(part) for part in value.splitlines()) if line)
    return clean(value)


def _parameter_of(cell: object) -> str | None:
    if not isinstance(cell, str) or len(cell) > 200 or cell[:1].isdigit():
        return None  # every parameter name is a short text starting with a letter (IDs: not worth folding)
    return _parameter_name(cell)


@lru_cache(maxsize=1 << 14, typed=True)
def _parameter_name(cell: object) -> str | None:
    key = fold(clean(cell))
    for name, synonyms in _PARAMETER_KEYS.items():
        for synonym in synonyms:
            if key == synonym or key.startswith(synonym + " "):
                return name
    return None


# --------------------------------------------------------------------------------------------
# Activity references (schedule and follow-up rows name activities by ID, full or short text)


class _Matcher:
    """Find the activity a schedule or follow-up row names: by ID, by full text, by a shortened text,
    or by a nearly equal text (typos). The approximate searches are :mod:`rendicion.fuzzy`'s."""

    AMBIGUOUS = object()
    _MIN_PARTIAL = 12

    def __init__(self, actividades: pd.DataFrame) -> None:
        self._by_id = {str(i): str(i) for i in actividades["id"].tolist()}
        self._actividades = actividades
        self._texts: dict[str, str] | None = None
        self._index: TextIndex | None = None
        self._memo: dict[str, object] = {}

    @property
    def _by_text(self) -> dict[str, str]:
        """Folded activity text -> ID; built on the first lookup by text (rows usually name IDs)."""
        if self._texts is None:
            self._texts = {}
            for ident, text in zip(self._actividades["id"].tolist(), self._actividades["actividad"].tolist()):
                self._texts.setdefault(fold(strip_stray_suffix(text)), str(ident))
        return self._texts

    def __call__(self, value: object) -> object:
        text = strip_stray_suffix(value)
        if not text:
            return None
        if text in self._by_id:
            return self._by_id[text]
        key = fold(text)
        if key in self._by_text:
            return self._by_text[key]
        if key not in self._memo:
            self._memo[key] = self._approximate(key)
        return self._memo[key]

    def _approximate(self, key: str) -> object:
        if self._index is None:
            self._index = TextIndex(list(self._by_text))
        if len(key) >= self._MIN_PARTIAL:
            found = self._partial(key)
            if found is not None:
                return found
        close = self._index.similar(key, limit=2)
        if len(close) == 1:
            return self._by_text[close[0]]
        return self.AMBIGUOUS if close else None

    def _partial(self, key: str) -> object:
        contained = self._index.containing(key)
        if len(contained) > 1:
            edges = [text for text in contained if text.endswith(key) or text.startswith(key)]
            contained = edges or contained
        if len(contained) == 1:
            return self._by_text[contained[0]]
        return self.AMBIGUOUS if contained else None


# --------------------------------------------------------------------------------------------
# The reader


@dataclass
class _ActivityRow:
    ident: str | None
    subcomponente: str
    actividad: str
    meta: str
    responsable: str
    peso: float
    sheet: str
    row: int
    generated_id: bool = False
    #: Schedule cells of the row: field ("fecha_programada", "fecha_inicio", "fecha_fin") -> (value, column).
    fechas: dict[str, tuple[object, int]] = field(default_factory=dict)


@dataclass
class _Reader:
    data: bytes
    sheets: list[Sheet]
    report: Report
    parametros: Parametros = field(default_factory=Parametros)
    tables: list[Table] = field(default_factory=list)
    #: (sheet, 0-based row) of each activity row of the plan tables -> activity ID.
    row_ids: dict[tuple[str, int], str] = field(default_factory=dict)
    #: Whether the "shading could not be read" warning was given (once per workbook).
    _fills_warned: bool = False
    #: Whether the workbook names its vigencia (parameters or a «Vigencia» title) and its MES 1.
    _vigencia_given: bool = False
    _mes_inicio_given: bool = False
    #: Title lines (rows above the first table, cells joined) of each sheet.
    sheet_lines: dict[str, list[str]] = field(default_factory=dict)
    #: IDs generated for activities the plan wrote without one.
    generated_ids: frozenset[str] = frozenset()
    #: Columns each table segment reads, by (sheet, header row): what is left holds unused data.
    used: dict[tuple[str, int], set[int]] = field(default_factory=dict)

    def read(self) -> Plan | None:
        self._report_limits()
        titles = self._find_tables()
        self.parametros = self._read_parametros(titles)
        plan_tables = [t for t in self.tables if t.kind == PLAN]
        if not plan_tables:
            self.report.error(
                "No se encontró la tabla del plan. Ninguna hoja tiene una fila de encabezados con las columnas "
                "ACTIVIDADES y RESPONSABLE (o SUBCOMPONENTE, META). Revise que los títulos de columna estén "
                "en una misma fila."
            )
            return None
        for table in plan_tables:
            self._check_required_columns(table)
        activity_rows = self._read_activities(plan_tables)
        if not activity_rows:
            if self.report.ok:
                self.report.error(
                    "La tabla del plan no tiene actividades: debajo de los encabezados no hay filas con texto en "
                    "la columna ACTIVIDADES.",
                    sheet=plan_tables[0].sheet.name,
                    row=plan_tables[0].header_row + 1,
                )
            return None
        self.row_ids = {(row.sheet, row.row): row.ident for row in activity_rows}
        self.generated_ids = frozenset(row.ident for row in activity_rows if row.generated_id)
        self._vigencia_from_dates(activity_rows)
        actividades = self._activities_frame(activity_rows)
        responsables = self._responsables(activity_rows)
        matcher = _Matcher(actividades)
        cronograma = self._cronograma(actividades, activity_rows, matcher)
        seguimiento = self._seguimiento(matcher)
        self._report_unused_columns()
        self._check_completeness(actividades, responsables, cronograma, activity_rows)
        return Plan(self.parametros, actividades, responsables, cronograma, seguimiento)

    # ---- limits and tables -----------------------------------------------------------------

    def _report_limits(self) -> None:
        for sheet in self.sheets:
            for what, detail in sheet.limits_hit:
                if what == "rows":
                    self.report.error(
                        f"La hoja tiene {_thousands(detail)} filas; el máximo que se lee es {_thousands(MAX_ROWS)}. "
                        "Divida el plan o elimine las filas vacías con formato.",
                        sheet=sheet.name,
                    )
                elif what == "columns":
                    self.report.warning(
                        f"La hoja tiene {_thousands(detail)} columnas; solo se leen las primeras "
                        f"{MAX_COLUMNS} (hasta la columna {column_letter(MAX_COLUMNS - 1)}).",
                        sheet=sheet.name,
                    )
                else:
                    row, col, length = detail
                    self.report.warning(
                        f"La celda tiene {_thousands(length)} caracteres; se conservan los primeros "
                        f"{_thousands(MAX_CELL_CHARS)}, el máximo de Excel.",
                        sheet=sheet.name, row=row + 1, column=column_letter(col),
                    )

    def _find_tables(self) -> list[str]:
        """Collect the tables of every sheet; returns the title lines (rows above the first header).

        In a whole PAAC workbook (one sheet per component) only component 3's sheets are read; the
        others are named in a warning. Plan-like tables with progress on sheets that name a cut are
        follow-ups of the plan (see :meth:`_follow_up_copies`).
        """
        by_sheet: list[tuple[Sheet, list[Table]]] = []
        for sheet in self.sheets:
            tables, title_rows = find_tables(sheet)
            if sheet.hidden and tables:
                self.report.warning(
                    "La hoja está oculta y contiene una tabla que no se leyó. Si es parte del plan, muéstrela "
                    "(clic derecho sobre las pestañas › Mostrar) y vuelva a cargar el libro.",
                    sheet=sheet.name,
                )
                continue
            self.sheet_lines[sheet.name] = [line for line in (_line(sheet.rows[i]) for i in title_rows[:_MAX_TITLE_ROWS])
                                            if line]
            by_sheet.append((sheet, tables))
        by_sheet = self._component_three(by_sheet)
        titles: list[str] = []
        for sheet, tables in by_sheet:
            self.tables.extend(tables)
            titles.extend(self.sheet_lines[sheet.name])
        for table in self.tables:
            split_activity_columns(table)
        self._follow_up_copies()
        return titles

    def _component_three(self, by_sheet: list[tuple[Sheet, list[Table]]]) -> list[tuple[Sheet, list[Table]]]:
        """Sheets of component 3 (and sheets of no component) when the workbook holds a whole PAAC."""
        components = {sheet.name: paac.component_of(sheet.name, self.sheet_lines[sheet.name])
                      for sheet, tables in by_sheet if tables}
        named = set(components.values()) - {None}
        if paac.RENDICION_DE_CUENTAS not in named or len(named) < 2:
            return by_sheet
        kept, left = [], []
        for sheet, tables in by_sheet:
            number = components.get(sheet.name)
            if number is None or number == paac.RENDICION_DE_CUENTAS:
                kept.append((sheet, tables))
            else:
                left.append(f"«{sheet.name}» (componente {number}, {paac.COMPONENTS[number]})")
        self.report.warning(
            f"El libro es un PAAC completo: se leyó el componente {paac.RENDICION_DE_CUENTAS}, "
            f"{paac.COMPONENTS[paac.RENDICION_DE_CUENTAS]}, que es el que sigue el tablero. Se dejaron aparte, "
            f"sin leerlas, las hojas {', '.join(left)}. Es información: el libro se puede usar."
        )
        return kept

    def _follow_up_copies(self) -> None:
        """Plan-like tables (the plan's columns repeated) with progress, on a sheet that names its cut,
        are follow-up tables when another plan table remains: «Seguimiento 1», «Seguimiento 2» …"""
        plans = [t for t in self.tables if t.kind == PLAN]
        if len({t.sheet.name for t in plans}) < 2:
            return
        copies = [
            t for t in plans
            if any("avance" in g.columns for s in t.segments for g in groups_of(t.sheet, s))
            and _sheet_names_cut(t.sheet, self.sheet_lines.get(t.sheet.name, []))
        ]
        if len(copies) == len(plans):
            copies = copies[1:]  # every sheet is a cut: the first one is the plan and its first follow-up
        for table in copies:
            table.kind = SEGUIMIENTO

    def _read_parametros(self, titles: list[str]) -> Parametros:
        values: dict[str, tuple[object, Sheet, int, int]] = {}
        for sheet in self.sheets:
            found = {}
            for r, row in enumerate(sheet.rows):
                first = _first_filled(row, 0)
                if first is None:
                    continue
                name = _parameter_of(first[1])
                if not name or name in found:
                    continue
                second = _first_filled(row, first[0] + 1)
                if second is not None:
                    found[name] = (second[1], sheet, r, second[0])
            if len(found) >= 2:
                values = found
                break
        vigencia_title = next((year for t in titles if _VIGENCIA_IN_TITLE.match(fold(t))
                               and (year := _last_year(t)) is not None), None)
        if vigencia_title is None and "vigencia" not in values:
            vigencia_title = self._vigencia_from_cuts(titles)
        entity_title = next((m.group(1).strip() if m else t for t in titles
                             if (m := _ENTITY_LABEL.match(t)) or _ENTITY_IN_TITLE.match(fold(t))), "")
        self._vigencia_given = vigencia_title is not None or "vigencia" in values
        self._mes_inicio_given = "mes_inicio" in values
        default_year = vigencia_title or date.today().year
        params = Parametros(entidad=entity_title, vigencia=default_year, mes_inicio=date(default_year, 1, 1))

        def bad(name: str, message: str) -> None:
            _, sheet, r, c = values[name]
            self.report.error(message, sheet=sheet.name, row=r + 1, column=column_letter(c))

        if "entidad" in values:
            params = replace(params, entidad=clean(values["entidad"][0]))
        if "vigencia" in values:
            year = number(values["vigencia"][0])
            if year is None and isinstance(values["vigencia"][0], str):
                year = _last_year(values["vigencia"][0])  # «Periodo del 01 de enero al 30 de abril de 2021»
            if year is None or not 1990 <= year <= 2100 or not float(year).is_integer():
                bad("vigencia", "La vigencia debe ser un año de cuatro cifras, por ejemplo 2018.")
            else:
                params = replace(params, vigencia=int(year), mes_inicio=date(int(year), 1, 1))
        if "mes_inicio" in values:
            try:
                month = to_month(values["mes_inicio"][0])
            except ValueError:  # "enero 0000": a year no calendar has
                month = None
            if month is None:
                bad("mes_inicio", "No se pudo leer el mes calendario del MES 1. Escríbalo como fecha (01/01/2018) "
                                  "o como «enero 2018».")
            else:
                params = replace(params, mes_inicio=month)
        if "meses" in values:
            meses = number(values["meses"][0])
            if meses is None or not 1 <= meses <= 60 or not float(meses).is_integer():
                bad("meses", "El número de meses del cronograma debe ser un entero entre 1 y 60.")
            else:
                params = replace(params, meses=int(meses))
        for name in ("umbral_amarillo", "umbral_verde"):
            if name in values:
                value, _ = percent(values[name][0])
                scaled = as_percentages([(value, False)])[0] if value is not None else None
                if scaled is None or not 0 < scaled <= 100:
                    bad(name, "El umbral del semáforo debe ser un porcentaje entre 1 y 100.")
                else:
                    params = replace(params, **{name: scaled})
        if "actividades_evaluadas" in values:
            rule = fold(clean(values["actividades_evaluadas"][0]))
            if "vencen" in rule or "vencidas" in rule:
                params = replace(params, actividades_evaluadas=EVALUADAS_VENCEN)
            elif "iniciad" in rule:
                params = replace(params, actividades_evaluadas=EVALUADAS_INICIADAS)
            else:
                bad("actividades_evaluadas", f"Las actividades evaluadas en cada corte deben ser «{EVALUADAS_VENCEN}» "
                                             f"o «{EVALUADAS_INICIADAS}».")
        for name in ("datos_de_ejemplo", "cronograma_reconstruido"):
            if name in values:
                raw = values[name][0]
                answer = fold(clean(raw)) if not isinstance(raw, bool) else ("si" if raw else "no")
                if answer in _YES or answer in _NO:
                    params = replace(params, **{name: answer in _YES})
                else:
                    bad(name, "Escriba «Sí» o «No».")
        for name in _TEXT_PARAMETERS:
            if name in values:
                params = replace(params, **{name: _paragraphs(values[name][0])})
        try:
            params.month_end(params.meses)
        except (ValueError, OverflowError):  # past 31/12/9999: no calendar has those months
            where = values.get("mes_inicio") or values.get("vigencia")
            message = (f"El periodo del plan ({params.meses} meses desde {params.mes_inicio:%m/%Y}) termina después "
                       "del año 9999. Revise la vigencia, el mes calendario del MES 1 y el número de meses.")
            if where is not None:
                _, sheet, r, c = where
                self.report.error(message, sheet=sheet.name, row=r + 1, column=column_letter(c))
            else:
                self.report.error(message)
            params = Parametros()  # the plan is not used; this only lets the rest of the reading finish
        if params.umbral_amarillo >= params.umbral_verde:
            self.report.error(
                f"El umbral amarillo ({_pct(params.umbral_amarillo)}) debe ser menor que el verde "
                f"({_pct(params.umbral_verde)})."
            )
        return params

    def _vigencia_from_cuts(self, titles: list[str]) -> int | None:
        """With no vigencia written, the year of a follow-up cut written in a title line (and say so)."""
        for line in titles:
            if paac.mentions_cut(line) and (year := _last_year(line)) is not None:
                self.report.warning(
                    f"El libro no dice su vigencia; se tomó {year}, el año del corte del seguimiento "
                    f"«{_short(line)}». Si no es así, escriba «Vigencia: AAAA» encima de la tabla."
                )
                return year
        return None

    # ---- activities ------------------------------------------------------------------------

    def _check_required_columns(self, table: Table) -> None:
        where = dict(sheet=table.sheet.name, row=table.header_row + 1)
        # Control Interno's follow-up format (Componente · Actividades programadas · Actividades cumplidas ·
        # % de avance · Observaciones) names no office: read as a plan, its activities have none.
        follow_up = any("avance" in g.columns for s in table.segments for g in groups_of(table.sheet, s))
        for name, title in (("subcomponente", "SUBCOMPONENTE"), ("responsable", "RESPONSABLE")):
            if table.has(name):
                continue
            if name == "responsable" and follow_up:
                self.report.warning(
                    "La tabla de seguimiento no tiene la columna RESPONSABLE: sus actividades quedan sin "
                    "dependencia responsable, y los filtros por dependencia no las muestran.", **where
                )
            else:
                self.report.error(
                    f"Falta la columna {title} en la tabla del plan. Agréguela en la fila de encabezados.", **where
                )
        if not table.has("meta_indicador"):
            self.report.warning(
                "La tabla del plan no tiene la columna META DE PRODUCTO - INDICADOR; las metas quedarán vacías.",
                **where,
            )

    def _read_activities(self, tables: list[Table]) -> list[_ActivityRow]:
        rows: list[_ActivityRow] = []
        subcomponent_names: dict[str, str] = {}
        for table in tables:
            sheet = table.sheet
            current = ""
            for segment in table.segments:
                cols = segment.columns
                numbered = "id" not in cols and mostly_numbered(sheet, segment)
                for r in segment.rows:
                    cells = sheet.rows[r]

                    def get(name: str) -> object:
                        col = cols.get(name)
                        return cells[col] if col is not None and col < len(cells) else None

                    sub = _subcomponent_name(get("subcomponente"))
                    if sub:
                        current = subcomponent_names.setdefault(fold(sub), sub)
                    actividad = clean(get("actividad"))
                    if actividad and _ONLY_NUMBER.match(actividad):
                        self.report.error(
                            f"La actividad es solo un número («{_short(actividad)}»): falta su texto. Si ese número "
                            "es el ID, escriba el texto de la actividad a su lado o en la columna siguiente.",
                            sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                        )
                        continue
                    ident = strip_stray_suffix(get("id")) or None
                    if numbered and (split_id := leading_id(actividad)) is not None:
                        ident, actividad = split_id
                        self.report.warning(
                            f"El número «{ident}» al comienzo de la actividad se usa como su ID y se quitó del texto; "
                            "no se pierde nada: el número queda en el ID.",
                            sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                        )
                    if not actividad:
                        if any(not is_blank(get(n)) for n in ("meta_indicador", "responsable")):
                            self.report.warning(
                                "La fila tiene meta o responsable pero no actividad, y no se leyó. Si es la "
                                "continuación de la fila anterior, una el texto en una sola fila.",
                                sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                            )
                        continue
                    if not current:
                        col = cols.get("subcomponente", cols["actividad"])
                        self.report.error(
                            "La actividad no tiene subcomponente. Escriba el subcomponente en la primera fila "
                            "de su grupo.",
                            sheet=sheet.name, row=r + 1, column=column_letter(col),
                        )
                    peso = 1.0
                    if not is_blank(get("peso")):
                        peso = number(get("peso"))
                        if peso is None or peso < 0:
                            self.report.error(
                                "El peso debe ser un número mayor o igual a cero.",
                                sheet=sheet.name, row=r + 1, column=column_letter(cols["peso"]),
                            )
                            peso = 1.0
                    fechas = {name: (get(name), cols[name]) for name in _SCHEDULE_FIELDS
                              if name in cols and not is_blank(get(name))}
                    rows.append(
                        _ActivityRow(ident, current, actividad, clean(get("meta_indicador")),
                                     _lines_text(get("responsable")), peso, sheet.name, r, fechas=fechas)
                    )
        self._assign_ids(rows, tables)
        return rows

    def _assign_ids(self, rows: list[_ActivityRow], tables: list[Table]) -> None:
        """IDs as written; missing ones are generated as "<subcomponent number>.<n>"."""
        seen: dict[str, _ActivityRow] = {}
        id_cols = {t.sheet.name: s.columns.get("id") for t in tables for s in t.segments}
        for row in rows:
            if row.ident is None:
                continue
            if row.ident in seen:
                first = seen[row.ident]
                self.report.error(
                    f"El ID «{row.ident}» está repetido (también en la fila {first.row + 1} de la hoja "
                    f"«{first.sheet}»). Cada actividad necesita un ID distinto; si usa ID como 1.10, escriba "
                    "la columna como texto para que Excel no lo convierta en 1.1.",
                    sheet=row.sheet, row=row.row + 1, column=_letter(id_cols.get(row.sheet)),
                )
            else:
                seen[row.ident] = row
        if any(row.ident is None for row in rows) and any(row.ident is not None for row in rows):
            self.report.warning(
                "Algunas actividades no tienen ID; se les asignó uno automáticamente (subcomponente.número)."
            )
        order = list(dict.fromkeys(row.subcomponente for row in rows))
        counters: Counter[str] = Counter()
        for row in rows:
            counters[row.subcomponente] += 1
            if row.ident is None:
                candidate = f"{order.index(row.subcomponente) + 1}.{counters[row.subcomponente]}"
                while candidate in seen:
                    candidate += "a"
                row.ident, row.generated_id = candidate, True
                seen[candidate] = row

    def _activities_frame(self, rows: list[_ActivityRow]) -> pd.DataFrame:
        return pd.DataFrame(
            [(r.ident, r.subcomponente, r.actividad, r.meta, r.responsable, r.peso, self._fecha_text(r)) for r in rows],
            columns=ACTIVIDADES_COLUMNS,
        ).astype({"id": object, "peso": float})

    def _fecha_text(self, row: _ActivityRow) -> str:
        """The «Fecha programada» of a row as written (a date cell as dd/mm/aaaa), "" when none."""
        if "fecha_programada" not in row.fechas:
            return ""
        return schedule.read_cell(row.fechas["fecha_programada"][0], self.parametros.vigencia).reading.text

    def _vigencia_from_dates(self, rows: list[_ActivityRow]) -> None:
        """A workbook that names no vigencia takes the most common explicit year of its dates, and says so."""
        if self._vigencia_given:
            return
        years: Counter[int] = Counter()
        for row in rows:
            for value, _ in row.fechas.values():
                years.update(schedule.read_cell(value, self.parametros.vigencia).reading.years)
        # Month columns with a year («Enero 2019», «ene-19», a date) count once per column.
        years.update(header.year for table in self.tables for segment in table.segments
                     for header in segment.months.values() if header.year is not None)
        vigencia = schedule.vigencia_from_years(years)
        if vigencia is None:
            return
        changes = {"vigencia": vigencia}
        if not self._mes_inicio_given:
            changes["mes_inicio"] = date(vigencia, 1, 1)
        self.parametros = replace(self.parametros, **changes)
        self.report.warning(
            f"El libro no dice su vigencia (no tiene hoja de parámetros ni un título «Vigencia»); se tomó "
            f"{vigencia}, el año que más aparece en sus fechas programadas y columnas de meses. Las fechas sin año "
            f"se leyeron en {vigencia}. Si no es así, escriba «Vigencia: AAAA» en una fila de título."
        )

    def _responsables(self, rows: list[_ActivityRow]) -> pd.DataFrame:
        canon = Canonicalizer()
        splits: dict[str, list] = {}  # a plan repeats its RESPONSABLE cells: split each text once
        mentions = [(row.ident, splits[row.responsable] if row.responsable in splits
                     else splits.setdefault(row.responsable, split(row.responsable))) for row in rows]
        for _, found in mentions:
            for mention in found:
                canon.add(mention.text)
        names = canon.mapping()
        records: list[tuple[str, str, str]] = []
        for ident, found in mentions:
            seen: set[str] = set()
            for mention in found:
                name = names[mention.text]
                if name not in seen:
                    records.append((ident, name, ROL_APOYO if seen else ROL_PRINCIPAL))
                    seen.add(name)
        return pd.DataFrame(records, columns=RESPONSABLES_COLUMNS)

    # ---- schedule --------------------------------------------------------------------------

    def _cronograma(self, actividades: pd.DataFrame, rows: list[_ActivityRow], matcher: _Matcher) -> pd.DataFrame:
        """One row per scheduled interval (see :class:`~rendicion.plan.Plan`).

        MES N and month-name columns give month runs; :func:`rendicion.schedule.row_schedule`
        decides each plan row against its «Fecha programada» or «Fecha inicio» / «Fecha fin».
        """
        marks = self._month_marks(matcher)
        intervals: dict[str, tuple[str, list[tuple[date, date]]]] = {}
        for ident in actividades["id"]:
            if marks.get(ident):
                intervals[ident] = (ORIGEN_MESES, self.parametros.month_runs(marks[ident]))
        for row in rows:
            runs = intervals[row.ident][1] if row.ident in intervals else []
            decided = schedule.row_schedule(row.fechas, runs, self.parametros.vigencia)
            if decided.origen is not None:
                intervals[row.ident] = (decided.origen, decided.intervals)
            for message, col in decided.warnings:
                self.report.warning(message, sheet=row.sheet, row=row.row + 1, column=column_letter(col))
        records = [
            (ident, start, end, origen)
            for ident in actividades["id"] if ident in intervals
            for origen, runs in [intervals[ident]]
            for start, end in schedule.merge(runs)
        ]
        return pd.DataFrame(records, columns=CRONOGRAMA_COLUMNS)

    def _month_marks(self, matcher: _Matcher) -> dict[str, set[int]]:
        """Marked (or shaded) MES numbers of every activity, from its plan row and any schedule table."""
        marks: dict[str, set[int]] = {}
        fills_available = has_solid_fills(self.data)
        for table in self.tables:
            if table.kind not in (PLAN, CRONOGRAMA):
                continue
            filled = self._fills(table) if fills_available else set()
            for segment in table.segments:
                month_cols = self._resolve_months(table, segment)
                if not month_cols:
                    continue
                reference_cols = self._reference_columns(table, segment, month_cols)
                if table.kind == CRONOGRAMA:
                    self.used.setdefault((table.sheet.name, segment.header_row), set()).update(reference_cols)
                for r in segment.rows:
                    cells = table.sheet.rows[r]
                    months = {
                        mes for col, mes in month_cols.items()
                        if (col < len(cells) and _is_mark(cells[col])) or (r, col) in filled
                    }
                    if table.kind == PLAN:
                        ident = self.row_ids.get((table.sheet.name, r))
                        if ident is not None and months:
                            marks.setdefault(ident, set()).update(months)
                        continue
                    self._schedule_row(table, segment, r, cells, reference_cols, months, matcher, marks)
        return marks

    def _schedule_row(self, table, segment, r, cells, reference_cols, months, matcher, marks) -> None:
        reference = next((cells[c] for c in reference_cols if c < len(cells) and not is_blank(cells[c])), None)
        if reference is None:
            if months:
                self.report.warning(
                    "La fila del cronograma tiene meses marcados pero no dice a qué actividad corresponde.",
                    sheet=table.sheet.name, row=r + 1,
                )
            return
        found = matcher(reference)
        where = dict(sheet=table.sheet.name, row=r + 1, column=_letter(reference_cols[0] if reference_cols else None))
        if found is _Matcher.AMBIGUOUS:
            self.report.warning(
                f"«{_short(reference)}» coincide con varias actividades; use el ID o el nombre completo. "
                "La fila no se asignó.", **where,
            )
        elif found is None:
            if months:
                self.report.warning(
                    f"La fila del cronograma «{_short(reference)}» no corresponde a ninguna actividad del plan. "
                    "Revise que el nombre o el ID coincidan con la tabla del plan.", **where,
                )
        else:
            marks.setdefault(found, set()).update(months)

    def _reference_columns(self, table: Table, segment: Segment, month_cols: dict[int, int]) -> list[int]:
        named = [segment.columns[n] for n in ("id", "actividad") if n in segment.columns]
        if named:
            return named
        width = max((len(table.sheet.rows[r]) for r in segment.rows), default=0)
        first_month = min(month_cols)
        for col in range(min(width, first_month)):
            if any(isinstance(_cell(table.sheet.rows[r], col), str) for r in segment.rows):
                return [col]
        return [0]

    def _resolve_months(self, table: Table, segment: Segment) -> dict[int, int]:
        """Map month columns to plan month numbers (MES n), reporting columns outside the plan period."""
        params = self.parametros
        resolved: dict[int, int] = {}
        previous: tuple[int, int] | None = None  # (mes, calendar month)
        start_index = params.mes_inicio.year * 12 + params.mes_inicio.month - 1
        for col in sorted(segment.months):
            header: MonthHeader = segment.months[col]
            if header.mes is not None:
                mes = header.mes
            elif header.year is not None:
                mes = header.year * 12 + header.month - 1 - start_index + 1
            elif previous is None:
                mes = (header.month - params.mes_inicio.month) % 12 + 1
            else:
                mes = previous[0] + ((header.month - previous[1]) % 12 or 12)
            if header.month is not None:
                previous = (mes, header.month)
            if not 1 <= mes <= params.meses:
                self.report.warning(
                    f"La columna de mes queda fuera del periodo del plan ({params.meses} meses desde "
                    f"{formatting.month(params.mes_inicio)}) y no se leyó.",
                    sheet=table.sheet.name, row=segment.header_row + 1, column=column_letter(col),
                )
                continue
            resolved[col] = mes
        return resolved

    def _fills(self, table: Table) -> set[tuple[int, int]]:
        """Shaded month cells of a table (openpyxl, only when some month cell has no text)."""
        month_cols = {c for s in table.segments for c in s.months}
        rows = [r for s in table.segments for r in s.rows]
        if not month_cols or not rows:
            return set()
        if all(not is_blank(_cell(table.sheet.rows[r], c)) for r in rows for c in month_cols):
            return set()
        row_range = range(min(rows), max(rows) + 1)
        col_range = range(min(month_cols), max(month_cols) + 1)
        try:
            filled = filled_cells(self.data, table.sheet.name, row_range, col_range)
        except UnreadableWorkbook:
            if not self._fills_warned:
                self._fills_warned = True
                self.report.warning(
                    "No se pudo leer el sombreado de las celdas del cronograma (el libro tiene partes internas "
                    "dañadas): solo se leen los meses marcados con texto, como una X. Guarde el libro de nuevo "
                    "desde Excel y vuelva a cargarlo.",
                    sheet=table.sheet.name,
                )
            return set()
        for r0, c0, r1, c1 in table.sheet.merged:
            if (r0, c0) in filled:
                # Only the part of the merged range inside the table counts: a range may cover the sheet.
                filled.update((r, c) for r in range(r0, min(r1, row_range.stop - 1) + 1)
                              for c in range(c0, min(c1, col_range.stop - 1) + 1))
        return {(r, c) for r, c in filled if c in month_cols}

    # ---- follow-up -------------------------------------------------------------------------

    def _seguimiento(self, matcher: _Matcher) -> pd.DataFrame:
        reader = FollowUpReader(self.report, self.parametros, matcher, _Matcher.AMBIGUOUS, self.row_ids,
                                self.sheet_lines, self.generated_ids)
        frame = reader.read(self.tables)
        for key, columns in reader.used.items():
            self.used.setdefault(key, set()).update(columns)
        return frame

    def _report_unused_columns(self) -> None:
        """Name, once per table, every column whose data the loader did not read."""
        for table in self.tables:
            sheet = table.sheet
            said: set[str] = set()
            seen_columns: set[int] = set()
            for segment in table.segments:
                used = self.used.get((sheet.name, segment.header_row), set()) | set(segment.months)
                if table.kind == PLAN:
                    # Every plan field the header names (follow-up fields only when a cut was read for them).
                    used |= {c for n, c in segment.columns.items() if n not in FOLLOW_UP_FIELDS}
                for col in sorted(data_columns(sheet, segment.rows) - used - seen_columns):
                    seen_columns.add(col)
                    title = header_title(sheet, segment.header_row, col)
                    if (title or column_letter(col)) in said:
                        continue
                    said.add(title or column_letter(col))
                    where = dict(sheet=sheet.name, row=segment.header_row + 1, column=column_letter(col))
                    if title:
                        self.report.warning(f"La columna «{_short(title, 60)}» no se usa: el tablero no lee sus "
                                            "datos.", **where)
                    else:
                        self.report.warning("La columna no tiene título y el tablero no lee sus datos. Si son "
                                            "parte del plan, escriba su título en la fila de encabezados.", **where)

    # ---- completeness ----------------------------------------------------------------------

    def _check_completeness(self, actividades, responsables, cronograma, rows: list[_ActivityRow]) -> None:
        with_office = set(responsables["actividad_id"].tolist())  # .tolist(): iterating an Arrow column is slow
        scheduled = set(cronograma["actividad_id"].tolist())
        has_schedule = any(
            t.kind == CRONOGRAMA or any(s.months or _SCHEDULE_FIELDS & set(s.columns) for s in t.segments)
            for t in self.tables
        )
        for row in rows:
            if row.ident not in with_office:
                self.report.warning(
                    f"La actividad {row.ident} no tiene dependencia responsable.", sheet=row.sheet, row=row.row + 1
                )
            if has_schedule and row.ident not in scheduled:
                self.report.warning(
                    f"La actividad {row.ident} no tiene meses ni fecha programada en el cronograma; aparecerá como "
                    "«Sin programar».", sheet=row.sheet, row=row.row + 1,
                )
        if not has_schedule:
            self.report.warning(
                "No se encontró el cronograma (columnas MES 1 … MES 13, nombres de meses o «Fecha programada»): todas las "
                "actividades aparecerán como «Sin programar»."
            )


# --------------------------------------------------------------------------------------------
# Small helpers


#: Plan-table columns that schedule an activity with dates instead of month marks.
_SCHEDULE_FIELDS = {"fecha_programada", "fecha_inicio", "fecha_fin"}

_MARKS: dict[str, bool] = {}


def _is_mark(value: object) -> bool:
    """:func:`is_mark`, memoised for short texts (a schedule repeats "X" and "" thousands of times)."""
    if type(value) is str and len(value) <= 40:
        found = _MARKS.get(value)
        if found is None:
            if len(_MARKS) > 10_000:
                _MARKS.clear()
            found = _MARKS[value] = is_mark(value)
        return found
    return is_mark(value)


def _cell(cells: list[object], col: int | None) -> object:
    return cells[col] if col is not None and col < len(cells) else None


#: An activity "text" that is only a number (1.1, 2, 3.10).
_ONLY_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*\.?$")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\u2028\u2029]+")


def _lines_text(value: object) -> str:
    """A cell as text keeping its line breaks (each line cleaned): they separate offices."""
    if not isinstance(value, str) or not _LINE_BREAKS.search(value):
        return clean(value)
    return "\n".join(line for line in (clean(part) for part in _LINE_BREAKS.split(value)) if line)


def _last_year(text: object) -> int | None:
    """The last plausible four-digit year (1990–2100) written in ``text``."""
    years = [int(y) for y in _YEAR.findall(clean(text)) if 1990 <= int(y) <= 2100]
    return years[-1] if years else None


def _line(cells: list[object]) -> str:
    """A title row as one line: its non-blank cells, dates as dd/mm/aaaa."""
    parts = []
    for value in cells:
        if isinstance(value, date):
            parts.append(f"{value:%d/%m/%Y}")
        elif value is not None and value != "":
            text = clean(value)
            if text:
                parts.append(text)
    return " ".join(parts)


def _sheet_names_cut(sheet: Sheet, lines: list[str]) -> bool:
    """True when a sheet's name or title lines name a follow-up cut («Seguimiento 2», «Fecha de corte: …»)."""
    if paac.cut_of(sheet.name, 2000) is not None:
        return True
    return any(paac.mentions_cut(line) and paac.cut_of(line, 2000) is not None for line in lines)


def _letter(col: int | None) -> str | None:
    return column_letter(col) if col is not None else None


def _subcomponent_name(value: object) -> str:
    """Subcomponent as displayed: ALL-CAPS text (as pasted from documents) becomes sentence case."""
    text = strip_stray_suffix(value)
    if text and text.upper() == text and any(ch.isalpha() for ch in text):
        text = text[0] + text[1:].lower()
    return text


def _short(value: object, limit: int = 80) -> str:
    text = clean(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _thousands(value: object) -> str:
    return formatting.number(int(value))


def _pct(value: float) -> str:
    # An absurd value (1e308) would print 300 digits: keep the message readable.
    return _short(formatting.percent(value), 24)

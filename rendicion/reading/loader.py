"""Read a plan workbook (path or bytes) into a :class:`~rendicion.plan.model.Plan` and a :class:`~rendicion.reading.findings.Findings`.

Order of work: the guard checks the raw bytes; calamine reads the values; the tables are found
(in a whole PAAC workbook, only component 3's sheets; plan-like sheets that name a cut become
follow-ups); the parameters are read (:mod:`parametros`; the schedule's month names need the plan's
first month); then the activities and offices (:mod:`activities`), the schedule (month columns:
:mod:`months`; dates: :mod:`schedule`) and the follow-up reports (:mod:`followup`).
Every column with data that none of these read is named in a warning. Every problem becomes an
issue record with its sheet, row and column; the plan is returned only when there is no error.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from rendicion.common import formatting
from rendicion.common.errors import UnreadableWorkbook
from rendicion.common.text import short
from rendicion.plan.model import CRONOGRAMA_COLUMNS, ORIGEN_MESES, Parametros, Plan
from rendicion.reading import active_content, guard, paac, schedule
from rendicion.reading.activities import (
    SCHEDULE_FIELDS,
    ActivityRow,
    activities_frame,
    check_required_columns,
    read_activities,
    responsables_frame,
)
from rendicion.reading.findings import Findings
from rendicion.reading.matcher import Matcher
from rendicion.reading.months import MonthReader
from rendicion.reading.parametros import MAX_TITLE_ROWS, read_parametros, title_line
from rendicion.reading.progress import FOLLOW_UP_FIELDS, FollowUpReader, groups_of
from rendicion.reading.tables import (
    CRONOGRAMA,
    PLAN,
    SEGUIMIENTO,
    Segment,
    Table,
    data_columns,
    find_tables,
    header_title,
    split_activity_columns,
)
from rendicion.reading.values import is_blank
from rendicion.reading.workbook import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, Sheet, column_letter, read_sheets

Source = str | Path | bytes | bytearray | BinaryIO
#: The activity matcher under its former name here (tests and the benchmark import it from the loader).
_Matcher = Matcher


@dataclass
class Loaded:
    """What reading a workbook gives: the plan (None when there are errors) and the findings."""

    plan: Plan | None
    findings: Findings
    data: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return self.plan is not None and self.findings.ok


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
    """Read and validate a plan workbook. Never raises for a bad file: problems go to the findings."""
    with cyclic_gc_paused():
        return _read_plan(source)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (restored as it was, also on error).

    Reading a workbook builds hundreds of thousands of cell lists, rows and records and no
    reference cycles: the collector would rescan all of them each time they grow by a quarter
    (about a tenth of the CPU time of reading a 10,000-activity plan) and free nothing. Memory is
    still freed by reference counting as usual; a cycle made meanwhile is collected after the block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_plan(source: Source) -> Loaded:
    findings = Findings()
    try:
        data = read_bytes(source)
        guard.inspect_workbook(data)
        sheets = read_sheets(data)
    except UnreadableWorkbook as exc:
        findings.error(str(exc))
        return Loaded(None, findings)
    active_content.warn_into(data, findings)
    try:
        plan = _Reader(data, sheets, findings).read()
    except UnreadableWorkbook as exc:  # a parser gave up on a part of the workbook the guard let through
        findings.error(str(exc))
        plan = None
    return Loaded(plan if findings.ok else None, findings, data)



# --------------------------------------------------------------------------------------------
# The reader


@dataclass
class _Reader:
    data: bytes
    sheets: list[Sheet]
    findings: Findings
    parametros: Parametros = field(default_factory=Parametros)
    tables: list[Table] = field(default_factory=list)
    #: (sheet, 0-based row) of each activity row of the plan tables -> activity ID.
    row_ids: dict[tuple[str, int], str] = field(default_factory=dict)
    #: Whether the workbook names its vigencia (parameters or a «Vigencia» title) and its MES 1.
    _vigencia_given: bool = False
    _mes_inicio_given: bool = False
    #: Title lines (rows above the first table, cells joined) of each sheet.
    sheet_lines: dict[str, list[str]] = field(default_factory=dict)
    #: IDs generated for activities the plan wrote without one.
    generated_ids: frozenset[str] = frozenset()
    #: Columns each table segment reads, by (sheet, header row): what is left holds unused data.
    used: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    #: Whether the workbook was refused before its tables were read (it holds another PAAC component).
    _refused: bool = False

    def read(self) -> Plan | None:
        self._report_limits()
        titles = self._find_tables()
        if self._refused:
            return None
        self.parametros, self._vigencia_given, self._mes_inicio_given = read_parametros(
            self.sheets, titles, self.findings
        )
        plan_tables = [t for t in self.tables if t.kind == PLAN]
        if not plan_tables and self._names_other_component():
            return None
        if not plan_tables:
            self.findings.error(
                "No se encontró la tabla del plan. Ninguna hoja tiene una fila de encabezados con las columnas "
                "ACTIVIDADES y RESPONSABLE (o SUBCOMPONENTE, META). Revise que los títulos de columna estén "
                "en una misma fila."
            )
            return None
        for table in plan_tables:
            check_required_columns(table, self.findings)
        activity_rows = read_activities(plan_tables, self.findings)
        if not activity_rows:
            if self.findings.ok:
                self.findings.error(
                    "La tabla del plan no tiene actividades: debajo de los encabezados no hay filas con texto en "
                    "la columna ACTIVIDADES.",
                    sheet=plan_tables[0].sheet.name,
                    row=plan_tables[0].header_row + 1,
                )
            return None
        self.row_ids = {(row.sheet, row.row): row.ident for row in activity_rows}
        self.generated_ids = frozenset(row.ident for row in activity_rows if row.generated_id)
        self._vigencia_from_dates(activity_rows)
        actividades = activities_frame(activity_rows, self.parametros.vigencia)
        responsables = responsables_frame(activity_rows, self.findings)
        matcher = Matcher(actividades)
        cronograma = self._cronograma(actividades, activity_rows, matcher)
        seguimiento = self._seguimiento(matcher)
        if matcher.exhausted:
            self.findings.warning(
                "El libro tiene demasiadas filas de cronograma o de seguimiento que no nombran exactamente una "
                "actividad: la búsqueda de nombres parecidos se detuvo y las filas que quedaban se dieron por no "
                "encontradas (se señalan en su celda). Escriba en esas filas el ID de la actividad.")
        self._report_unused_columns()
        self._check_completeness(actividades, responsables, cronograma, activity_rows)
        return Plan(self.parametros, actividades, responsables, cronograma, seguimiento)

    # ---- limits and tables -----------------------------------------------------------------

    def _report_limits(self) -> None:
        for sheet in self.sheets:
            for what, detail in sheet.limits_hit:
                if what == "rows":
                    self.findings.error(
                        f"La hoja tiene {_thousands(detail)} filas; el máximo que se lee es {_thousands(MAX_ROWS)}. "
                        "Divida el plan o elimine las filas vacías con formato.",
                        sheet=sheet.name,
                    )
                elif what == "columns":
                    self.findings.warning(
                        f"La hoja tiene {_thousands(detail)} columnas; solo se leen las primeras "
                        f"{MAX_COLUMNS} (hasta la columna {column_letter(MAX_COLUMNS - 1)}).",
                        sheet=sheet.name,
                    )
                else:
                    row, col, length = detail
                    self.findings.warning(
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
                self.findings.warning(
                    "La hoja está oculta y contiene una tabla que no se leyó. Si es parte del plan, muéstrela "
                    "(clic derecho sobre las pestañas › Mostrar) y vuelva a cargar el libro.",
                    sheet=sheet.name,
                )
                continue
            lines = (title_line(sheet.rows[i]) for i in title_rows[:MAX_TITLE_ROWS])
            self.sheet_lines[sheet.name] = [line for line in lines if line]
            by_sheet.append((sheet, tables))
        by_sheet = self._component_three(by_sheet)
        titles: list[str] = []
        for sheet, tables in by_sheet:
            self.tables.extend(tables)
            titles.extend(self.sheet_lines[sheet.name])
        for table in self.tables:
            split_activity_columns(table)
        self._component_column()
        self._follow_up_copies()
        return titles

    def _component_three(self, by_sheet: list[tuple[Sheet, list[Table]]]) -> list[tuple[Sheet, list[Table]]]:
        """Sheets of component 3 (and sheets of no component) when the workbook holds a whole PAAC."""
        components = {sheet.name: paac.component_of(sheet.name, self.sheet_lines[sheet.name])
                      for sheet, tables in by_sheet if tables}
        named = set(components.values()) - {None}
        if paac.RENDICION_DE_CUENTAS in named and len(named) < 2:
            return by_sheet
        kept, left = [], []
        for sheet, tables in by_sheet:
            number = components.get(sheet.name)
            if number is None or number == paac.RENDICION_DE_CUENTAS:
                kept.append((sheet, tables))
            else:
                left.append(f"«{sheet.name}» (componente {number}, {paac.COMPONENTS[number]})")
        if paac.RENDICION_DE_CUENTAS not in named:
            # Every sheet with a table names another component: this is not the rendición de cuentas plan.
            if named and all(components[sheet.name] is not None for sheet, tables in by_sheet if tables):
                self._other_component(sorted(named), ", ".join(f"«{name}»" for name in components))
                return []
            return by_sheet
        self.findings.warning(
            f"El libro es un PAAC completo: se leyó el componente {paac.RENDICION_DE_CUENTAS}, "
            f"{paac.COMPONENTS[paac.RENDICION_DE_CUENTAS]}, que es el que sigue el tablero. Se dejaron aparte, "
            f"sin leerlas, las hojas {', '.join(left)}. Es información: el libro se puede usar."
        )
        return kept

    def _names_other_component(self) -> bool:
        """A workbook with no plan table whose sheets name only other PAAC components is refused for that."""
        components = {sheet.name: paac.component_of(sheet.name, self.sheet_lines.get(sheet.name, []))
                      for sheet in self.sheets if not sheet.hidden}
        named = set(components.values()) - {None}
        if not named or paac.RENDICION_DE_CUENTAS in named:
            return False
        self._other_component(sorted(named), ", ".join(f"«{name}»" for name, n in components.items() if n))
        return True

    def _other_component(self, numbers: list[int], where: str) -> None:
        """Refuse a workbook that holds only other PAAC components, naming them."""
        found = " y ".join(f"el componente {n}, {paac.COMPONENTS[n]}" for n in numbers)
        self.findings.error(
            f"El libro es del PAAC pero no de la rendición de cuentas: tiene {found} ({where}). El tablero sigue el "
            f"componente {paac.RENDICION_DE_CUENTAS}, {paac.COMPONENTS[paac.RENDICION_DE_CUENTAS]}: cargue el libro "
            "o la hoja de ese componente."
        )
        self._refused = True

    def _component_column(self) -> None:
        """A whole PAAC in one table, its component in a «Componente» column (merged over its rows, or written
        on the first row of each): only component 3's rows are read, and the others are named."""
        by_row: list[tuple[Table, Segment, int, int | None]] = []
        for table in self.tables:
            for segment in table.segments:
                col = segment.columns.get("componente")
                if col is None:
                    continue
                current: int | None = None
                numbers: set[int | None] = set()
                for r in segment.rows:
                    cells = table.sheet.rows[r]
                    value = cells[col] if col < len(cells) else None
                    if not is_blank(value):
                        current = paac.component_of_cell(value)
                    numbers.add(current)
                    by_row.append((table, segment, r, current))
                if numbers <= {None}:
                    del segment.columns["componente"]  # it names no component: named as an unused column
        named = {number for *_, number in by_row if number is not None}
        if not named or named == {paac.RENDICION_DE_CUENTAS}:
            return
        if paac.RENDICION_DE_CUENTAS not in named:
            sheets = sorted({table.sheet.name for table, *_ in by_row})
            self._other_component(sorted(named), "columna «Componente» de " + ", ".join(f"«{s}»" for s in sheets))
            return
        left: dict[int, list[int]] = {}
        for table, segment, r, number in by_row:
            if number is not None and number != paac.RENDICION_DE_CUENTAS:
                segment.rows.remove(r)
                left.setdefault(number, []).append(r + 1)
        first = next(table for table, *_ in by_row)
        names = "; ".join(f"{number}, {paac.COMPONENTS[number]} ({_row_span(rows)})"
                          for number, rows in sorted(left.items()))
        noun = "el componente" if len(left) == 1 else "los componentes"
        self.findings.warning(
            f"La tabla tiene el PAAC completo en la columna «Componente»: se leyeron las filas del componente "
            f"{paac.RENDICION_DE_CUENTAS}, {paac.COMPONENTS[paac.RENDICION_DE_CUENTAS]}, que es el que sigue el "
            f"tablero. Se dejaron aparte, sin leerlas, las filas de {noun} {names}. Es información: el libro se "
            "puede usar.", sheet=first.sheet.name, row=first.header_row + 1,
        )

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

    def _vigencia_from_dates(self, rows: list[ActivityRow]) -> None:
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
        self.findings.warning(
            f"El libro no dice su vigencia (no tiene hoja de parámetros ni un título «Vigencia»); se tomó "
            f"{vigencia}, el año que más aparece en sus fechas programadas y columnas de meses. Las fechas sin año "
            f"se leyeron en {vigencia}. Si no es así, escriba «Vigencia: AAAA» en una fila de título."
        )

    # ---- schedule --------------------------------------------------------------------------

    def _cronograma(self, actividades: pd.DataFrame, rows: list[ActivityRow], matcher: Matcher) -> pd.DataFrame:
        """One row per scheduled interval (see :class:`~rendicion.plan.model.Plan`).

        MES N and month-name columns give month runs; :func:`rendicion.reading.schedule.row_schedule`
        decides each plan row against its «Fecha programada» or «Fecha inicio» / «Fecha fin».
        """
        months = MonthReader(self.data, self.tables, self.parametros, self.findings, self.row_ids, self.used)
        marks = months.marks(matcher)
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
                self.findings.warning(message, sheet=row.sheet, row=row.row + 1, column=column_letter(col))
        records = [
            (ident, start, end, origen)
            for ident in actividades["id"] if ident in intervals
            for origen, runs in [intervals[ident]]
            for start, end in schedule.merge(runs)
        ]
        return pd.DataFrame(records, columns=CRONOGRAMA_COLUMNS)


    # ---- follow-up -------------------------------------------------------------------------

    def _seguimiento(self, matcher: Matcher) -> pd.DataFrame:
        reader = FollowUpReader(self.findings, self.parametros, matcher, Matcher.AMBIGUOUS, self.row_ids,
                                self.sheet_lines, self.generated_ids, matcher.other_owner, self.data)
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
                        self.findings.warning(f"La columna «{short(title, 60)}» no se usa: el tablero no lee sus "
                                            "datos.", **where)
                    else:
                        self.findings.warning("La columna no tiene título y el tablero no lee sus datos. Si son "
                                            "parte del plan, escriba su título en la fila de encabezados.", **where)

    # ---- completeness ----------------------------------------------------------------------

    def _check_completeness(self, actividades, responsables, cronograma, rows: list[ActivityRow]) -> None:
        with_office = set(responsables["actividad_id"].tolist())  # .tolist(): iterating an Arrow column is slow
        scheduled = set(cronograma["actividad_id"].tolist())
        has_schedule = any(
            t.kind == CRONOGRAMA or any(s.months or SCHEDULE_FIELDS & set(s.columns) for s in t.segments)
            for t in self.tables
        )
        for row in rows:
            if row.ident not in with_office:
                self.findings.warning(
                    f"La actividad {row.ident} no tiene dependencia responsable.", sheet=row.sheet, row=row.row + 1
                )
            if has_schedule and row.ident not in scheduled:
                self.findings.warning(
                    f"La actividad {row.ident} no tiene meses ni fecha programada en el cronograma; aparecerá como "
                    "«Sin programar».", sheet=row.sheet, row=row.row + 1,
                )
        if not has_schedule:
            self.findings.warning(
                "No se encontró el cronograma (columnas MES 1 … MES 13, nombres de meses o «Fecha programada»): todas las "
                "actividades aparecerán como «Sin programar»."
            )


# --------------------------------------------------------------------------------------------
# Small helpers


def _sheet_names_cut(sheet: Sheet, lines: list[str]) -> bool:
    """True when a sheet's name or title lines name a follow-up cut («Seguimiento 2», «Fecha de corte: …»)."""
    if paac.cut_of(sheet.name, 2000) is not None:
        return True
    return any(paac.mentions_cut(line) and paac.cut_of(line, 2000) is not None for line in lines)


def _row_span(rows: list[int]) -> str:
    """«fila 8» or «filas 8 a 20» (rows are listed in order)."""
    return f"fila {rows[0]}" if len(rows) == 1 else f"filas {rows[0]} a {rows[-1]}"


def _thousands(value: object) -> str:
    return formatting.number(int(value))


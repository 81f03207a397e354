"""Control Interno's follow-up: progress reports read from the layouts Control Interno publishes.

A report row gives an activity's progress («% de avance», «% cumplimiento», «Avance») at a cut,
with «Actividades cumplidas», «Observaciones», «Estado» and «Evidencia» beside it, and Control
Interno's own «% de avance verificado» and «Observaciones de Control Interno» when the table has
them. The layouts:

- a follow-up table with a «Fecha de corte» column (one cut per row);
- a follow-up table per sheet, its cut named by the sheet («Seguimiento 2», «II cuatrimestre») or
  by a title line above the table («Fecha seguimiento: 30/04/2018», «Periodo del 01 de enero al
  30 de abril de 2021»);
- column groups side by side, one per cut, each under a (merged) header naming its cut
  («Seguimiento 1 OCI | Seguimiento 2 OCI | Seguimiento 3 OCI»);
- the plan table itself with follow-up columns (plan and follow-up at once).

Whose figures they are: a table with a «Fecha de corte» column is the offices' report (the
template's «Seguimiento» sheet). A table whose cut is named by its sheet, a title line or the
header over its columns is Control Interno's published follow-up: without a column of its own
for them, its «% de avance» is Control Interno's verified % (kept as the reported % too, the only
figure the layout gives) and its «Observaciones» are Control Interno's.

Rows of a follow-up table name their activity by number (an ID column, or «1.1» at the start of
the text) and/or by text; rows of a plan table are their own activity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable

import pandas as pd

from rendicion.common import formatting
from rendicion.common.text import clean, leading_id
from rendicion.plan.model import SEGUIMIENTO_COLUMNS, Parametros
from rendicion.reading import paac
from rendicion.reading.findings import Findings
from rendicion.reading.headers import field_of
from rendicion.reading.tables import PLAN, SEGUIMIENTO, Segment, Table
from rendicion.reading.values import (
    FORMATTED,
    ONE,
    Progress,
    ProgressColumn,
    is_blank,
    probably_meant,
    progress_column,
    to_date,
)
from rendicion.reading.workbook import Sheet, column_letter, percent_cells

#: Fields of one follow-up report (the columns a cut's group may have).
FOLLOW_UP_FIELDS = ("fecha_corte", "avance", "actividades_cumplidas", "estado", "evidencia", "observaciones",
                    "avance_verificado", "observaciones_ci")
_FOLLOW_UP_SET = frozenset(FOLLOW_UP_FIELDS)
#: The texts of a report, in the order of the columns of SEGUIMIENTO_COLUMNS after «avance»
#: («avance_verificado» is read as a number, between «actividades_cumplidas» and «observaciones_ci»).
_REPORT_TEXTS = ("estado", "evidencia", "observaciones", "actividades_cumplidas")
#: Header texts repeat (a header row at every page break): each distinct text is looked up once.
_field = lru_cache(maxsize=1 << 12)(field_of)


@dataclass
class Group:
    """The follow-up columns of one cut, with the header that names the cut (if any)."""

    columns: dict[str, int]
    label: str | None = None
    label_row: int | None = None
    label_col: int | None = None

    @property
    def used(self) -> set[int]:
        return set(self.columns.values())


def groups_of(sheet: Sheet, segment: Segment) -> list[Group]:
    """The follow-up column groups of a header row, left to right.

    A group ends where one of its fields repeats or where the header naming its cut changes: a
    (merged) «Seguimiento 2 OCI» above its sub-columns, or the cut inside the column's own title
    («% avance II cuatrimestre»). The header row's first match of each field is already in
    ``segment.columns``; the repeats are found here.
    """
    if not segment.columns.keys() & _FOLLOW_UP_SET:
        return []  # a field repeats only after its first column, which the segment names
    header = sheet.rows[segment.header_row]
    groups: list[Group] = []
    current: Group | None = None
    for col, value in enumerate(header):
        name = _field(value) if isinstance(value, str) and len(value) <= 200 else None
        if name not in FOLLOW_UP_FIELDS:
            continue
        if paac.cut_of(value, 2000) is not None:
            label, where = clean(value), (segment.header_row, col)
        else:
            label, where = _label_above(sheet, segment.header_row, col)
        if current is None or name in current.columns or (label is not None and _same_cut(label) != _same_cut(
                current.label)):
            current = Group({}, label, *where)
            groups.append(current)
        current.columns[name] = col
    return groups


def _same_cut(label: str | None) -> object:
    """What makes two labels name one cut: the date they read to, else their text."""
    cut = paac.cut_of(label, 2000) if label else None
    return cut.fecha if cut is not None else label


#: Merged ranges of recent sheets by their last row: (the sheet's merged list, index).
_MERGED_BY_LAST_ROW: dict[int, tuple[list, dict[int, list[tuple[int, int, int, int]]]]] = {}


def _merged_ending_at(sheet: Sheet, row: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges of ``sheet`` whose last row is ``row`` (indexed once per sheet)."""
    cached = _MERGED_BY_LAST_ROW.get(id(sheet))
    if cached is None or cached[0] is not sheet.merged:
        if len(_MERGED_BY_LAST_ROW) > 16:
            _MERGED_BY_LAST_ROW.clear()
        index: dict[int, list[tuple[int, int, int, int]]] = {}
        for merged in sheet.merged:
            index.setdefault(merged[2], []).append(merged)
        cached = _MERGED_BY_LAST_ROW[id(sheet)] = (sheet.merged, index)
    return cached[1].get(row, [])


def _label_above(sheet: Sheet, header_row: int, col: int) -> tuple[str | None, tuple[int | None, int | None]]:
    """The text above a header cell that names a cut (merged over it, or right above it)."""
    for r in (header_row - 1, header_row - 2):
        if r < 0:
            break
        candidates = _merged_ending_at(sheet, header_row - 1) + (_merged_ending_at(sheet, r) if r != header_row - 1
                                                                 else [])
        for r0, c0, r1, c1 in candidates:
            if r0 <= r <= r1 and c0 <= col <= c1 and r1 < header_row:
                text = clean(_cell(sheet.rows[r0], c0))
                if text and (paac.mentions_cut(text) or paac.cut_of(text, 2000) is not None):
                    return text, (r0, c0)
                break
        else:
            text = clean(_cell(sheet.rows[r], col))
            if text and (paac.mentions_cut(text) or paac.cut_of(text, 2000) is not None):
                return text, (r, col)
    return None, (None, None)


@dataclass
class FollowUpReader:
    """Reads the progress reports of every follow-up table and of plan tables with follow-up columns."""

    findings: Findings
    parametros: Parametros
    #: The activity a follow-up row names (the loader's matcher): ID, text → ID, AMBIGUOUS or None.
    match: Callable[[object], object]
    ambiguous: object
    #: (sheet, 0-based row) of each plan row -> activity ID.
    row_ids: dict[tuple[str, int], str]
    #: Title lines (rows above the first table) of each sheet.
    sheet_lines: dict[str, list[str]]
    #: IDs the loader generated (the plan wrote none for those activities).
    generated_ids: frozenset[str] = frozenset()
    #: The activity whose text is exactly the given text when it is not the given ID, or None (the matcher's
    #: ``other_owner``).
    other_owner: Callable[[str, object], str | None] | None = None
    #: The workbook's bytes: the number formats of the progress cells are read from them.
    data: bytes = b""
    records: list[tuple] = field(default_factory=list)
    #: Columns read by this reader, per (sheet, header row): for the unused-columns check.
    used: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    _sheet_cuts: dict[str, paac.Cut | None] = field(default_factory=dict)
    _conventions_said: set[tuple[str, str]] = field(default_factory=set)
    #: Cells with a percentage number format, per sheet (read once per sheet).
    _percent_cells: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    #: The plan period (first and last day), asked once per report row.
    _periodo: tuple[date, date] = field(init=False)

    def __post_init__(self) -> None:
        self._periodo = (self.parametros.fecha_inicio, self.parametros.fecha_fin)

    def read(self, tables: list[Table]) -> pd.DataFrame:
        for table in tables:
            if table.kind not in (PLAN, SEGUIMIENTO):
                continue
            if table.kind == SEGUIMIENTO and not self._has_cut(table):
                self.findings.error(
                    "La tabla de seguimiento no dice a qué corte corresponde: no tiene la columna «Fecha de "
                    "corte» ni un encabezado con el corte (por ejemplo «Fecha de corte: 30/04/2018» encima de la "
                    "tabla, o la hoja llamada «Seguimiento 1»). Agregue la columna «Fecha de corte» con la fecha "
                    "de cada reporte.", sheet=table.sheet.name, row=table.header_row + 1,
                )
                continue
            for segment in table.segments:
                self._read_segment(table, segment)
        frame = pd.DataFrame(self.records, columns=SEGUIMIENTO_COLUMNS)
        return frame.astype({"avance": float, "avance_verificado": float})

    # ---- cuts ------------------------------------------------------------------------------

    def _sheet_cut(self, sheet: Sheet) -> paac.Cut | None:
        """The cut a sheet names, by its name or by a title line that speaks of a cut or period.

        A written date («Fecha seguimiento: 30/04/2018») wins over a cut read by convention from
        an ordinal («Seguimiento 1»); between equals, the sheet's name comes first.
        """
        if sheet.name not in self._sheet_cuts:
            labels = [sheet.name] + [line for line in self.sheet_lines.get(sheet.name, []) if paac.mentions_cut(line)]
            cuts = [cut for label in labels if (cut := paac.cut_of(label, self.parametros.vigencia)) is not None]
            self._sheet_cuts[sheet.name] = next((c for c in cuts if c.convention is None), cuts[0] if cuts else None)
        return self._sheet_cuts[sheet.name]

    def _has_cut(self, table: Table) -> bool:
        if table.has("fecha_corte") or self._sheet_cut(table.sheet) is not None:
            return True
        return any(self._group_cut(g) is not None for s in table.segments for g in groups_of(table.sheet, s))

    def _group_cut(self, group: Group) -> paac.Cut | None:
        return paac.cut_of(group.label, self.parametros.vigencia) if group.label else None

    # ---- rows ------------------------------------------------------------------------------

    def _read_segment(self, table: Table, segment: Segment) -> None:
        sheet = table.sheet
        groups = [g for g in groups_of(sheet, segment) if "avance" in g.columns]
        if table.kind == PLAN and not groups:
            return  # a plan table without progress: its other follow-up columns are reported unused
        used = self.used.setdefault((sheet.name, segment.header_row), set())
        cuts_read: set[date] = set()
        for group in groups:
            cut = None
            if "fecha_corte" not in group.columns:
                cut = self._group_cut(group) or self._sheet_cut(sheet)
                if cut is None:
                    self._no_cut(table, segment, group)
                    continue
                if cut.fecha in cuts_read:
                    self.findings.warning(
                        f"Estas columnas de seguimiento corresponden a un corte ({cut.fecha:%d/%m/%Y}) que otras "
                        "columnas de la misma tabla ya reportan, y no se leyeron. Escriba encima de cada grupo de "
                        "columnas su corte («Seguimiento 1», «Seguimiento 2» …).",
                        sheet=sheet.name, row=segment.header_row + 1, column=column_letter(group.columns["avance"]),
                    )
                    continue
                cuts_read.add(cut.fecha)
                self._say_convention(sheet, segment, group, cut)
            used |= group.used
            if table.kind == SEGUIMIENTO:
                used |= {segment.columns[n] for n in ("id", "actividad") if n in segment.columns}
            self._read_group(table, segment, group, cut)

    def _no_cut(self, table: Table, segment: Segment, group: Group) -> None:
        message = (
            "Las columnas de seguimiento («% de avance» y sus vecinas) no dicen a qué corte corresponden, y no se "
            "leyeron. Escriba el corte encima de ellas («Seguimiento 1», «Fecha de corte: 30/04/2018») o agregue "
            "la columna «Fecha de corte»."
        )
        where = dict(sheet=table.sheet.name, row=segment.header_row + 1, column=column_letter(group.columns["avance"]))
        if table.kind == PLAN:
            self.findings.warning(message, **where)
        else:
            self.findings.error(message, **where)

    def _say_convention(self, sheet: Sheet, segment: Segment, group: Group, cut: paac.Cut) -> None:
        if cut.convention is None or (sheet.name, cut.convention) in self._conventions_said:
            return
        self._conventions_said.add((sheet.name, cut.convention))
        row = (group.label_row if group.label_row is not None else segment.header_row) + 1
        column = column_letter(group.label_col) if group.label_col is not None else None
        self.findings.warning(f"Corte de seguimiento leído así: {cut.convention}.", sheet=sheet.name, row=row,
                            column=column)

    def _read_group(self, table: Table, segment: Segment, group: Group, cut: paac.Cut | None) -> None:
        sheet, cols = table.sheet, group.columns
        rows = [r for r in segment.rows if any(not is_blank(_cell(sheet.rows[r], c)) for c in cols.values())]
        column = self._progress(sheet, segment, cols["avance"], rows)
        verified_col = cols.get("avance_verificado")
        verified = (self._progress(sheet, segment, verified_col, rows).values if verified_col is not None
                    else [None] * len(rows))
        text_cols = [cols.get(name) for name in _REPORT_TEXTS]
        notes_col = cols.get("observaciones_ci")
        # Control Interno's published follow-up (its cut named above the table): its one % and its
        # observations are Control Interno's own, unless it has columns for them.
        published = cut is not None
        for r, avance, reading, verificado in zip(rows, column.values, column.readings, verified):
            if table.kind == PLAN:
                found = self.row_ids.get((sheet.name, r))
                if found is None:
                    self.findings.warning(
                        "La fila tiene datos de seguimiento pero no una actividad del plan, y no se leyó. Si es la "
                        "continuación de la fila anterior, una el texto en una sola fila.",
                        **_where(sheet, r, cols, "avance"),
                    )
                    continue
            else:
                found = self._activity(sheet, r, segment.columns)
                if found is None:
                    continue
            record = self._report_row(sheet, r, cols, avance, found, cut, text_cols, reading)
            if record is None:
                continue
            verificado = self._verified(sheet, r, cols, verificado)
            observaciones_ci = clean(_cell(sheet.rows[r], notes_col))
            texts = list(record[3:])
            if published and "avance_verificado" not in cols:
                verificado = record[2]
            if published and notes_col is None:
                observaciones_ci, texts[_REPORT_TEXTS.index("observaciones")] = texts[
                    _REPORT_TEXTS.index("observaciones")], ""
            self.records.append((*record[:3], *texts, verificado, observaciones_ci))

    def _verified(self, sheet: Sheet, r: int, cols: dict[str, int], value: float | None) -> float:
        """Control Interno's verified % of a row (NaN when blank); an unreadable one is an error at its cell."""
        raw = _cell(sheet.rows[r], cols.get("avance_verificado"))
        if is_blank(raw):
            return float("nan")
        if value is None:
            self.findings.error(f"No se pudo leer el % de avance verificado «{_short(raw)}». Escriba un porcentaje "
                                "entre 0 y 100 (50, 50 % o 0,5), o déjelo en blanco si Control Interno no lo ha "
                                "verificado.", **_where(sheet, r, cols, "avance_verificado"))
            return float("nan")
        if not 0 <= value <= 100:
            guesses = probably_meant(value)
            meant = f" ¿Quiso decir {' o '.join(_pct(g) for g in guesses)}?" if guesses else ""
            self.findings.error(f"El % de avance verificado {_pct(value)} es imposible: debe estar entre 0 y 100 %."
                                f"{meant} Corrija la celda.", **_where(sheet, r, cols, "avance_verificado"))
            return float("nan")
        return float(value)

    def _progress(self, sheet: Sheet, segment: Segment, col: int, rows: list[int]) -> ProgressColumn:
        """The progress cells of one column, each read on its own; the readings a person may not expect
        are stated at their cells (see :func:`rendicion.reading.values.progress_column`)."""
        formatted = self._formatted(sheet, col, rows)
        column = progress_column([_cell(sheet.rows[r], col) for r in rows], [(r, col) in formatted for r in rows])
        letter = column_letter(col)
        if column.odd:
            scale = "fracciones (0,8 = 80 %)" if column.fractions else "porcentajes (80 = 80 %)"
            cells = ", ".join(f"{letter}{rows[i] + 1} ({_bare(column.readings[i])} → {_pct(column.values[i])})"
                              for i in column.odd[:10])
            more = f" y {len(column.odd) - 10} más" if len(column.odd) > 10 else ""
            self.findings.warning(
                f"La columna de avance mezcla fracciones (0,8) y porcentajes (80): cada celda se leyó por sí misma, "
                f"y la mayoría está escrita como {scale}. Se leyeron así las celdas {cells}{more}. Escriba todos los "
                "avances de la misma forma, mejor con el signo % (80 %).",
                sheet=sheet.name, row=segment.header_row + 1, column=letter,
            )
            for i in column.odd:
                reading, value = column.readings[i], column.values[i]
                other = f" (o {_pct(100.0 if value == 1 else 1.0)})" if reading.how == ONE else ""
                self.findings.warning(
                    f"El avance {_bare(reading)} se leyó como {_pct(value)}{other}, pero la mayoría de la columna "
                    f"está escrita como {scale}. Si no es lo que quiso decir, corríjalo; escriba el avance con el "
                    "signo % (por ejemplo 80 %) para que no haya duda.",
                    sheet=sheet.name, row=rows[i] + 1, column=letter,
                )
        for i in column.unformatted:
            reading, value = column.readings[i], column.values[i]
            self.findings.warning(
                f"Esta celda de avance no tiene formato de porcentaje, como las demás de la columna: su "
                f"{_bare(reading)} se leyó como {_pct(value)}. Si no es lo que quiso decir, escriba el avance con "
                "el signo % (por ejemplo 80 %).",
                sheet=sheet.name, row=rows[i] + 1, column=letter,
            )
        return column

    def _formatted(self, sheet: Sheet, col: int, rows: list[int]) -> set[tuple[int, int]]:
        """Cells of the sheet with a percentage number format (the sheet's XML is scanned once)."""
        if not self.data or not rows:
            return set()
        if sheet.name not in self._percent_cells:
            self._percent_cells[sheet.name] = percent_cells(self.data, sheet.name, range(0, len(sheet.rows)),
                                                            range(0, max(map(len, sheet.rows), default=0)))
        return self._percent_cells[sheet.name]

    def _activity(self, sheet: Sheet, r: int, cols: dict[str, int]) -> str | None:
        """The activity a follow-up row names: by its number (ID column or leading «1.1»), else by text.

        When the plan wrote no IDs (they were generated), a number in the follow-up may follow another
        numbering: if the number and the text name different activities, the text wins.
        """
        cells = sheet.rows[r]
        ident = _cell(cells, cols.get("id"))
        if not self.generated_ids and not is_blank(ident):
            found = self.match(ident)
            if found is not None and found is not self.ambiguous:
                # The usual row: its ID names an activity (the first candidate below). Its text, when it is
                # exactly another activity's, is said.
                self._other_text(sheet, r, cols, str(found), _cell(cells, cols.get("actividad")), "id")
                return str(found)
        text = clean(_cell(cells, cols.get("actividad")))
        numbered = leading_id(text) if text else None
        if self.generated_ids and (not is_blank(ident) or numbered):
            by_number = self.match(ident if not is_blank(ident) else numbered[0])
            by_text = self.match(numbered[1] if numbered else text) if text else None
            if (by_number in self.generated_ids and by_text is not None and by_text is not self.ambiguous
                    and by_text != by_number):
                number = ident if not is_blank(ident) else numbered[0]
                self.findings.warning(
                    f"El plan no escribe los ID de sus actividades (se numeraron automáticamente), y el número "
                    f"«{_short(number)}» de la fila nombra la actividad {by_number}, pero su texto es el de la "
                    f"actividad {by_text}: el reporte se asignó a {by_text}, por su texto. Escriba los ID en el plan "
                    "para que no haya duda.", **_where(sheet, r, cols, "id" if not is_blank(ident) else "actividad"),
                )
                return str(by_text)
        candidates: list[tuple[object, str]] = []
        if not is_blank(ident):
            candidates.append((ident, "id"))
        if numbered:
            candidates.append((numbered[0], "actividad"))
        if text:
            candidates.append((numbered[1] if numbered else text, "actividad"))
            if numbered:
                candidates.append((text, "actividad"))
        if not candidates:
            self.findings.error("La fila de seguimiento no dice a qué actividad corresponde (falta el ID o la "
                              "actividad).", **_where(sheet, r, cols, "id" if "id" in cols else "actividad"))
            return None
        ambiguous = False
        for index, (reference, field_name) in enumerate(candidates):
            found = self.match(reference)
            if found is self.ambiguous:
                ambiguous = True
            elif found is not None:
                first, first_field = candidates[0]
                if index and first_field == "id" or (index and numbered and first is numbered[0]):
                    # The row's number names no activity; its text names this one.
                    self.findings.warning(
                        f"El número «{_short(first)}» no es el ID de ninguna actividad del plan; el texto de la fila "
                        f"es el de la actividad {found}, y el reporte se asignó a {found}. Corrija el número si no "
                        "es así.", **_where(sheet, r, cols, first_field),
                    )
                elif not index and numbered and first is numbered[0]:
                    self._other_text(sheet, r, cols, str(found), numbered[1], "actividad")
                return str(found)
        reference, field_name = candidates[0]
        detail = "coincide con varias actividades" if ambiguous else "no existe en el plan"
        self.findings.error(
            f"La fila de seguimiento se refiere a la actividad «{_short(reference)}», que {detail}. "
            "Use el ID de la actividad tal como aparece en la tabla del plan.", **_where(sheet, r, cols, field_name),
        )
        return None

    def _other_text(self, sheet: Sheet, r: int, cols: dict[str, int], found: str, text: object,
                    field_name: str) -> None:
        """Say when a row's ID names one activity and its text (without a leading «1.1») is exactly another's
        (the ID is kept)."""
        if self.other_owner is None or is_blank(text):
            return
        owner = self.other_owner(found, text)
        if owner is None and isinstance(text, str) and text[:1].isdigit() and (numbered := leading_id(clean(text))):
            text, owner = numbered[1], self.other_owner(found, numbered[1])
        if owner is not None:
            self.findings.warning(
                f"La fila dice el ID {found}, pero su texto («{_short(text, 60)}») es el de la actividad {owner}. "
                f"El reporte se asignó a {found}, por su ID; si es de {owner}, corrija el ID.",
                **_where(sheet, r, cols, field_name),
            )

    def _report_row(self, sheet: Sheet, r: int, cols: dict[str, int], avance, found: str, cut: paac.Cut | None,
                    text_cols: list[int | None], reading: Progress | None = None):
        """The record of one report row (None when it has an error); ``text_cols``: the columns of _REPORT_TEXTS."""
        cells = sheet.rows[r]
        ok = True
        fecha: date | None
        if cut is not None:
            fecha = cut.fecha
        else:
            raw_date = _cell(cells, cols.get("fecha_corte"))
            fecha = to_date(raw_date)
            if fecha is None:
                ok = False
                self.findings.error(
                    f"No se pudo leer la fecha de corte «{_short(raw_date)}». Escríbala como fecha de Excel o como "
                    "dd/mm/aaaa (por ejemplo 31/08/2018)." if not is_blank(raw_date) else
                    "Falta la fecha de corte del reporte.", **_where(sheet, r, cols, "fecha_corte"),
                )
        inicio, fin = self._periodo
        if fecha is not None and not inicio <= fecha <= fin:
            self.findings.warning(
                f"La fecha de corte {fecha:%d/%m/%Y} está fuera del periodo del plan "
                f"({inicio:%d/%m/%Y} a {fin:%d/%m/%Y}).",
                **_where(sheet, r, cols, "fecha_corte" if cut is None else "avance"),
            )
        if avance is None:
            ok = False
            raw = _cell(cells, cols.get("avance"))
            self.findings.error(
                f"No se pudo leer el avance «{_short(raw)}». Escriba un porcentaje entre 0 y 100 (50, 50 % o 0,5)."
                if not is_blank(raw) else "Falta el avance del reporte (un porcentaje entre 0 y 100).",
                **_where(sheet, r, cols, "avance"),
            )
        elif not 0 <= avance <= 100:
            ok = False
            self.findings.error(_impossible(avance, reading), **_where(sheet, r, cols, "avance"))
        if not ok:
            return None
        return (found, fecha, float(avance), *[clean(_cell(cells, col)) for col in text_cols])


def _impossible(avance: float, reading: Progress | None) -> str:
    """The error of a progress outside 0–100 %: what was read, and what was probably meant."""
    guesses = probably_meant(avance, reading)
    meant = f": ¿quiso decir {' o '.join(_pct(g) for g in guesses)}?" if guesses else "."
    how = ""
    if reading is not None and reading.how == FORMATTED:
        how = f" La celda guarda {_bare(reading)} con formato de porcentaje, que Excel muestra como {_pct(avance)}."
    return (f"Avance imposible, {_pct(avance)}{meant}{how} El avance debe estar entre 0 y 100 %: corrija la "
            "celda.")


def _bare(reading: Progress) -> str:
    """The number a progress cell holds, as written (decimal comma)."""
    number = reading.number if reading.number is not None else 0.0
    if not math.isfinite(number) or abs(number) >= 1e15:
        return _short(repr(number), 24)
    return formatting.number(number) if float(number).is_integer() else (
        formatting.number(number, 6).rstrip("0").rstrip(","))


def _cell(cells: list[object], col: int | None) -> object:
    return cells[col] if col is not None and col < len(cells) else None


def _where(sheet: Sheet, r: int, cols: dict[str, int], name: str) -> dict:
    col = cols.get(name)
    return dict(sheet=sheet.name, row=r + 1, column=column_letter(col) if col is not None else None)


def _short(value: object, limit: int = 80) -> str:
    text = clean(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pct(value: float) -> str:
    return _short(formatting.percent(value), 24)

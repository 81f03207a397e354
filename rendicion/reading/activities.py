"""Read the activities of the plan tables: their rows, IDs and responsible offices.

Each plan-table row with an activity text becomes an :class:`ActivityRow` (its subcomponent carried
down from the row that names it; a leading number of a numbered plan becomes its ID). IDs are kept as
written; repeated ones are errors and missing ones are generated as "<subcomponent number>.<n>".
The RESPONSABLE cells are split into offices with one canonical name each (:mod:`rendicion.reading.offices`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from rendicion.common import formatting
from rendicion.common.text import clean, fold, leading_id, short, strip_stray_suffix
from rendicion.plan.model import ACTIVIDADES_COLUMNS, RESPONSABLES_COLUMNS, ROL_APOYO, ROL_PRINCIPAL
from rendicion.reading import schedule
from rendicion.reading.findings import Findings
from rendicion.reading.offices import Canonicalizer, names_an_office, office_name, segments, split
from rendicion.reading.offices import key as office_key
from rendicion.reading.progress import groups_of
from rendicion.reading.tables import Table, mostly_numbered
from rendicion.reading.values import is_blank, number
from rendicion.reading.workbook import column_letter

#: Plan-table columns that schedule an activity with dates instead of month marks.
SCHEDULE_FIELDS = {"fecha_programada", "fecha_inicio", "fecha_fin"}


@dataclass
class ActivityRow:
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
    #: Column of the RESPONSABLE cell (None when the table has none).
    responsable_col: int | None = None


def check_required_columns(table: Table, findings: Findings) -> None:
    where = dict(sheet=table.sheet.name, row=table.header_row + 1)
    # Control Interno's follow-up format (Componente · Actividades programadas · Actividades cumplidas ·
    # % de avance · Observaciones) names no office: read as a plan, its activities have none.
    follow_up = any("avance" in g.columns for s in table.segments for g in groups_of(table.sheet, s))
    for name, title in (("subcomponente", "SUBCOMPONENTE"), ("responsable", "RESPONSABLE")):
        if table.has(name):
            continue
        if name == "responsable" and follow_up:
            findings.warning(
                "La tabla de seguimiento no tiene la columna RESPONSABLE: sus actividades quedan sin "
                "dependencia responsable, y los filtros por dependencia no las muestran.", **where
            )
        else:
            findings.error(
                f"Falta la columna {title} en la tabla del plan. Agréguela en la fila de encabezados.", **where
            )
    if not table.has("meta_indicador"):
        findings.warning(
            "La tabla del plan no tiene la columna META DE PRODUCTO - INDICADOR; las metas quedarán vacías.",
            **where,
        )

def read_activities(tables: list[Table], findings: Findings) -> list[ActivityRow]:
    rows: list[ActivityRow] = []
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
                    findings.error(
                        f"La actividad es solo un número («{short(actividad)}»): falta su texto. Si ese número "
                        "es el ID, escriba el texto de la actividad a su lado o en la columna siguiente.",
                        sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                    )
                    continue
                ident = strip_stray_suffix(get("id")) or None
                if numbered and (split_id := leading_id(actividad)) is not None:
                    ident, actividad = split_id
                    findings.warning(
                        f"El número «{ident}» al comienzo de la actividad se usa como su ID y se quitó del texto; "
                        "no se pierde nada: el número queda en el ID.",
                        sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                    )
                if not actividad:
                    if any(not is_blank(get(n)) for n in ("meta_indicador", "responsable")):
                        findings.warning(
                            "La fila tiene meta o responsable pero no actividad, y no se leyó. Si es la "
                            "continuación de la fila anterior, una el texto en una sola fila.",
                            sheet=sheet.name, row=r + 1, column=column_letter(cols["actividad"]),
                        )
                    continue
                if not current:
                    col = cols.get("subcomponente", cols["actividad"])
                    findings.error(
                        "La actividad no tiene subcomponente. Escriba el subcomponente en la primera fila "
                        "de su grupo.",
                        sheet=sheet.name, row=r + 1, column=column_letter(col),
                    )
                peso = 1.0
                if not is_blank(get("peso")):
                    peso = number(get("peso"))
                    if peso is None or peso < 0:
                        findings.error(
                            "El peso debe ser un número mayor o igual a cero.",
                            sheet=sheet.name, row=r + 1, column=column_letter(cols["peso"]),
                        )
                        peso = 1.0
                fechas = {name: (get(name), cols[name]) for name in SCHEDULE_FIELDS
                          if name in cols and not is_blank(get(name))}
                rows.append(
                    ActivityRow(ident, current, actividad, clean(get("meta_indicador")),
                                 _lines_text(get("responsable")), peso, sheet.name, r, fechas=fechas,
                                 responsable_col=cols.get("responsable"))
                )
    _assign_ids(rows, tables, findings)
    return rows

def _assign_ids(rows: list[ActivityRow], tables: list[Table], findings: Findings) -> None:
    """IDs as written; missing ones are generated as "<subcomponent number>.<n>"."""
    seen: dict[str, ActivityRow] = {}
    id_cols = {t.sheet.name: s.columns.get("id") for t in tables for s in t.segments}
    for row in rows:
        if row.ident is None:
            continue
        if row.ident in seen:
            first = seen[row.ident]
            findings.error(
                f"El ID «{row.ident}» está repetido (también en la fila {first.row + 1} de la hoja "
                f"«{first.sheet}»). Cada actividad necesita un ID distinto; si usa ID como 1.10, escriba "
                "la columna como texto para que Excel no lo convierta en 1.1.",
                sheet=row.sheet, row=row.row + 1, column=_letter(id_cols.get(row.sheet)),
            )
        else:
            seen[row.ident] = row
    if any(row.ident is None for row in rows) and any(row.ident is not None for row in rows):
        findings.warning(
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

def activities_frame(rows: list[ActivityRow], vigencia: int) -> pd.DataFrame:
    return pd.DataFrame(
        [(r.ident, r.subcomponente, r.actividad, r.meta, r.responsable, r.peso, _fecha_text(r, vigencia))
         for r in rows],
        columns=ACTIVIDADES_COLUMNS,
    ).astype({"id": object, "peso": float})

def _fecha_text(row: ActivityRow, vigencia: int) -> str:
    """The «Fecha programada» of a row as written (a date cell as dd/mm/aaaa), "" when none."""
    if "fecha_programada" not in row.fechas:
        return ""
    return schedule.read_cell(row.fechas["fecha_programada"][0], vigencia).reading.text

def responsables_frame(rows: list[ActivityRow], findings: Findings | None = None) -> pd.DataFrame:
    """The offices of each activity, canonically named; each guess is said at its cell (with ``findings``):
    a dash read as joining one office's name or as separating two, and a spelling merged by similarity."""
    joined = _joined_offices(rows, findings)
    canon = Canonicalizer()
    splits: dict[str, list] = {}  # a plan repeats its RESPONSABLE cells: split each text once
    mentions = [(row, splits[row.responsable] if row.responsable in splits
                 else splits.setdefault(row.responsable, split(row.responsable, joined))) for row in rows]
    for _, found in mentions:
        for mention in found:
            canon.add(mention.text)
    readings = canon.readings()
    records: list[tuple[str, str, str]] = []
    for row, found in mentions:
        seen: set[str] = set()
        for mention in found:
            name, score = readings[mention.text]
            if score is not None and findings is not None:
                findings.warning(
                    f"La dependencia «{short(mention.text)}» se leyó como «{name}», la más parecida del plan "
                    f"(parecido {score} %). Si es la misma, corrija la ortografía; si es otra dependencia, escriba su "
                    "nombre completo.", sheet=row.sheet, row=row.row + 1, column=_letter(row.responsable_col),
                )
            if name not in seen:
                records.append((row.ident, name, ROL_APOYO if seen else ROL_PRINCIPAL))
                seen.add(name)
    return pd.DataFrame(records, columns=RESPONSABLES_COLUMNS)


def _joined_offices(rows: list[ActivityRow], findings: Findings | None) -> frozenset[str]:
    """Keys of the dash-joined segments read as one office («Secretaría General – Talento Humano»).

    A segment with a dash or slash is split into offices, in silence, when every part is an office
    the plan names elsewhere (alone or beside another office) or whose name says so («Dirección de
    …»). Otherwise it is one office when the same joined name appears in another row, and two or
    more offices when it does not; either way the reading is said at the cell.
    """
    texts = Counter(row.responsable for row in rows)  # a plan repeats its RESPONSABLE cells: read each once
    cells = {text: segments(text) for text in texts}
    if not any(len(parts) > 1 for found in cells.values() for _, parts in found):
        return frozenset()
    partners: dict[str, set[str]] = {}  # an office's key -> the segments (keys) it appears in
    rows_with: Counter[str] = Counter()  # a segment's key -> the rows that write it
    for text, found in cells.items():
        for whole in {office_key(office_name(segment)) for segment, _ in found}:
            rows_with[whole] += texts[text]
        for segment, parts in found:
            for part in parts:
                partners.setdefault(office_key(part), set()).add(office_key(office_name(segment)))
    doubtful = {text for text, found in cells.items() for segment, parts in found if len(parts) > 1
                and any(not (partners[office_key(p)] - {office_key(office_name(segment))} or names_an_office(p))
                        for p in parts)}
    if not doubtful:
        return frozenset()
    joined: set[str] = set()
    for row in rows:
        if row.responsable not in doubtful:
            continue
        for segment, parts in cells[row.responsable]:
            if len(parts) < 2:
                continue
            whole = office_key(office_name(segment))
            # A part is an office of its own when the plan names it elsewhere (alone or beside another office),
            # or when its name says so («Dirección de …»).
            unknown = [part for part in parts if not (partners[office_key(part)] - {whole} or names_an_office(part))]
            if not unknown:
                continue
            where = dict(sheet=row.sheet, row=row.row + 1, column=_letter(row.responsable_col))
            verb, alone = ("aparece", "sola") if len(unknown) == 1 else ("aparecen", "solas")
            if rows_with[whole] > 1:
                joined.add(whole)
                if findings is not None:
                    findings.warning(
                        f"«{short(segment)}» se leyó como una sola dependencia, como la escriben otras filas del plan: "
                        f"{_names(unknown)} no {verb} {alone} en ninguna otra parte. Si son dependencias distintas, "
                        "sepárelas con un salto de línea o una coma.", **where,
                    )
            elif findings is not None:
                findings.warning(
                    f"«{short(segment)}» se separó en {formatting.plural(len(parts), 'dependencia')} ({_names(parts)}), pero "
                    f"{_names(unknown)} no {verb} en ninguna otra parte del plan. Si es una sola dependencia, "
                    "escriba su nombre sin guion ni barra; si son varias, sepárelas con un salto de línea o una coma "
                    "para que no haya duda.", **where,
                )
    return frozenset(joined)


def _names(parts: list[str]) -> str:
    return formatting.join([f"«{short(part)}»" for part in parts])


#: An activity "text" that is only a number (1.1, 2, 3.10).
_ONLY_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*\.?$")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\u2028\u2029]+")


def _lines_text(value: object) -> str:
    """A cell as text keeping its line breaks (each line cleaned): they separate offices."""
    if not isinstance(value, str) or not _LINE_BREAKS.search(value):
        return clean(value)
    return "\n".join(line for line in (clean(part) for part in _LINE_BREAKS.split(value)) if line)


def _subcomponent_name(value: object) -> str:
    """Subcomponent as displayed: ALL-CAPS text (as pasted from documents) becomes sentence case."""
    text = strip_stray_suffix(value)
    if text and text.upper() == text and any(ch.isalpha() for ch in text):
        text = text[0] + text[1:].lower()
    return text


def _letter(col: int | None) -> str | None:
    return column_letter(col) if col is not None else None

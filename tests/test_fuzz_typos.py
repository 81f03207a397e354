"""One typo in a valid plan never changes the reading elsewhere in silence.

The shipped plan (data/plan_2018.xlsx) is loaded once with openpyxl; each mutation changes one
cell of its Plan, Cronograma or Seguimiento tables to a typo a person could make (a digit too
many or too few, a swapped or dropped letter, a wrong year, a «%» sign added or lost, an ID one
off), saves the book in memory and reads it. The reading must be one of:

- the same for every activity but the one the cell belongs to (that one may change: 0,4 → 0,45
  cannot be told from a real value); or
- refused (errors: nothing is published); or
- said at the mutated cell (a finding at its sheet, row and column).

The mutations are seeded, so a failure names a cell and a typo that can be replayed. The shipped plan
is mutated as published (progress in cells formatted 0 %) and with its progress as bare fractions
(0,4), where a column's scale must survive a typo in one cell.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime

import openpyxl
import pytest

from rendicion.common.text import strip_stray_suffix
from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED

#: Mutations read per base workbook (each a typo that changes its cell).
MUTATIONS = {"formato de porcentaje": 200, "números sin formato": 100}
SEED = 18
#: Sheet -> (first data row, the column holding the row's activity ID), 1-based.
TABLES = {"Plan": (7, 2), "Cronograma": (6, 1), "Seguimiento": (5, 1)}


@pytest.fixture(scope="module", params=["formato de porcentaje", "números sin formato"])
def base(request):
    """The shipped plan as published (progress in 0% cells), and with its progress as bare fractions."""
    book = openpyxl.load_workbook(SHIPPED)
    if request.param == "números sin formato":
        for (cell,) in book["Seguimiento"].iter_rows(min_row=5, min_col=4, max_col=4):
            cell.number_format = "General"
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = read_plan(buffer.getvalue())
    assert loaded.ok
    assert loaded.plan.seguimiento["avance"].tolist()[:4] == [100.0, 40.0, 100.0, 30.0]
    return book, loaded, MUTATIONS[request.param]


def _signatures(plan) -> dict[str, tuple]:
    """Everything the reading says about each activity, by ID."""
    out: dict[str, list] = {}
    for row in plan.actividades.itertuples():
        out.setdefault(str(row.id), []).append(("actividad", row.subcomponente, row.actividad, row.meta_indicador,
                                                row.responsable_texto, float(row.peso)))
    for row in plan.responsables.itertuples():
        out.setdefault(str(row.actividad_id), []).append(("responsable", row.dependencia, row.rol))
    for row in plan.cronograma.itertuples():
        out.setdefault(str(row.actividad_id), []).append(("cronograma", str(row.inicio), str(row.fin)))
    for row in plan.seguimiento.itertuples():
        out.setdefault(str(row.actividad_id), []).append(
            ("reporte", str(row.fecha_corte), round(float(row.avance), 6), row.estado, row.evidencia,
             row.observaciones))
    return {ident: tuple(sorted(map(repr, items))) for ident, items in out.items()}


def _typo(value: object, rng: random.Random) -> object:
    """A typo a person could make in ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        choices = [value * 10, value / 10, -value, value + rng.choice([1, 5, 10]), str(value).replace(".", ","),
                   f"{value * 100:g}", f"{value * 100:g}%", f"{value:g}0", 1 - value if 0 <= value <= 1 else value]
        return rng.choice(choices)
    if isinstance(value, (datetime, date)):
        day = value.date() if isinstance(value, datetime) else value
        choices = [day.replace(year=day.year + rng.choice([1, -1, 90])), f"{day:%m/%d/%Y}", f"{day:%d/%m/%y}",
                   f"{day.day}/{day.month}/{day.year + 100}"]
        if day.day <= 12:
            choices.append(day.replace(day=day.month, month=day.day))
        return rng.choice(choices)
    text = str(value)
    if not text:
        return text
    i = rng.randrange(len(text))
    choices = [text[:i] + text[i + 1:], text[:i] + text[i] + text[i:], text.upper(), text.lower(), text + ".",
               text + " ", text.replace("í", "i").replace("ó", "o").replace("á", "a")]
    if i + 1 < len(text):
        choices.append(text[:i] + text[i + 1] + text[i] + text[i + 2:])
    if any(ch.isdigit() for ch in text):
        digits = [k for k, ch in enumerate(text) if ch.isdigit()]
        k = rng.choice(digits)
        choices += [text[:k] + str((int(text[k]) + 1) % 10) + text[k + 1:], text.replace(".", ","),
                    text.replace(".", "")]
    return rng.choice(choices)


def _mutations(book, rng: random.Random, count: int):
    cells = []
    for name, (first, _) in TABLES.items():
        sheet = book[name]
        for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
            cells += [(name, cell.row, cell.column) for cell in row if cell.value not in (None, "")]
    made = 0
    while made < count:
        name, r, c = rng.choice(cells)
        value = book[name].cell(r, c).value
        typo = _typo(value, rng)
        if typo != value:
            made += 1
            yield name, r, c, value, typo


def _own_ids(book, name: str, r: int, value: object, typo: object) -> set[str]:
    """The activities a cell belongs to: its row's ID (every row of a merged subcomponent), and an ID it now names."""
    sheet = book[name]
    first, id_col = TABLES[name]
    rows = {r}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= r <= merged.max_row and merged.min_col <= 1 <= merged.max_col and r >= first:
            rows |= set(range(merged.min_row, merged.max_row + 1))
    own = {str(sheet.cell(row, id_col).value) for row in rows}
    return own | {str(value), str(typo), strip_stray_suffix(typo)}


def test_one_typo_never_changes_another_activity_in_silence(base):
    book, loaded, count = base
    before = _signatures(loaded.plan)
    base_findings = {(f.sheet, f.row, f.column, f.message) for f in loaded.findings.issues}
    rng = random.Random(SEED)
    tried, silent = 0, []
    for name, r, c, value, typo in _mutations(book, rng, count):
        cell = book[name].cell(r, c)
        cell.value = typo
        buffer = io.BytesIO()
        book.save(buffer)
        cell.value = value
        mutant = read_plan(buffer.getvalue())
        tried += 1
        if not mutant.ok:
            continue  # refused: nothing is published, and the errors say where
        letter = cell.column_letter
        at_cell = [f for f in mutant.findings.issues if (f.sheet, f.row, f.column) == (name, r, letter)
                   and (f.sheet, f.row, f.column, f.message) not in base_findings]
        if at_cell:
            continue
        after = _signatures(mutant.plan)
        own = _own_ids(book, name, r, value, typo)
        changed = sorted(ident for ident in set(before) | set(after)
                         if ident not in own and before.get(ident) != after.get(ident))
        if changed:
            silent.append(f"{name}!{letter}{r}: {value!r} → {typo!r} changed {changed} in silence")
    assert tried == count >= 100
    assert not silent, "\n".join(silent)

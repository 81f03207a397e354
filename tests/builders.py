"""Small real workbooks for tests, written with openpyxl into tmp_path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from scripts.build_plan_2018 import SCHEDULE, SOURCE, parse_source

SHADE = PatternFill("solid", fgColor="A6A6A6")
ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "plan_2018.xlsx"

#: The PAAC cut most tests look at: its figures are computed by hand in test_engine_shipped.py.
AUGUST_CUT = date(2018, 8, 31)

#: The source cronograma lists these activities, in this order (document order of its rows).
SOURCE_SCHEDULE_IDS = ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "3.2", "4.1", "4.2", "4.3", "4.4"]


def build_xlsx(path: Path, sheets: dict[str, list[list]], *, fills: dict[str, list[str]] | None = None,
               merges: dict[str, list[str]] | None = None, hidden: tuple[str, ...] = ()) -> Path:
    """Write ``sheets`` (name -> rows of values) to ``path``; ``fills`` shades cells like "C7"."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (fills or {}).get(name, []):
            sheet[ref].fill = SHADE
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def source_like_workbook(path: Path) -> Path:
    """The source document pasted into one sheet, as the municipality has it.

    Title rows; SUBCOMPONENTE · ACTIVIDADES · META DE PRODUCTO - INDICADOR · RESPONSABLE with
    each subcomponent written once and merged over its group; the header repeated at each page
    break; the cronograma as two tables of shortened names (one with a stray ".0") whose months
    are marked only by shading; no IDs; no follow-up sheet.
    """
    text = SOURCE.read_text(encoding="utf-8")
    lines = text.splitlines()
    rows: list[list] = []
    fills: list[str] = []
    merges: list[str] = []
    schedule = iter(SOURCE_SCHEDULE_IDS)
    section, group_start, group_rows = None, None, 0

    def close_group() -> None:
        if group_start is not None and group_rows > 1:
            merges.append(f"A{group_start}:A{group_start + group_rows - 1}")

    for line in lines:
        cells = line.split("\t")
        if cells[0] == "SUBCOMPONENTE":
            section = "plan"
            close_group()
            group_start, group_rows = None, 0
            rows.append(cells)
        elif len(cells) > 1 and cells[1] == "MES 1":
            section = "cronograma"
            close_group()
            group_start = None
            rows.append(cells)
        elif section == "plan" and len(cells) == 4:
            rows.append(cells)
            if cells[0]:
                close_group()
                group_start, group_rows = len(rows), 1
            elif group_start is not None:
                group_rows += 1
        elif section == "cronograma" and len(cells) > 1 and cells[0].strip():
            rows.append([cells[0]] + [None] * 13)
            for mes in SCHEDULE[next(schedule)]:
                fills.append(f"{chr(ord('A') + mes)}{len(rows)}")
        else:
            rows.append([line] if line.strip() else [])
    close_group()
    return build_xlsx(path, {"Hoja1": rows}, fills={"Hoja1": fills}, merges={"Hoja1": merges})


def source_document():
    """The parsed source document (title, activities, cronograma rows)."""
    return parse_source(SOURCE.read_text(encoding="utf-8"))


def months_by_id(plan) -> dict[str, list[int]]:
    """The MES numbers each activity's schedule intervals cover (sorted), as month-column tests read them."""
    found: dict[str, set[int]] = {}
    cronograma = plan.cronograma
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"], strict=True):
        found.setdefault(str(ident), set()).update(plan.parametros.months_of(start, end))
    return {ident: sorted(months) for ident, months in found.items()}

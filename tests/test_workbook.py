"""rendicion.reading.workbook's shaded-cell reader: the plain (defusedxml) path answers as openpyxl does.

The plain readers exist only to spare ``check`` the import of openpyxl; whatever they accept
must give openpyxl's own answer, and whatever they do not know must be left to openpyxl.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Color, PatternFill

from bench.synth import synthetic_workbook
from rendicion.reading import workbook

FILLS = {
    "B2": PatternFill("solid", fgColor="9DC3E6"),                           # rgb: marks
    "C2": PatternFill("solid", fgColor="FFFFFFFF"),                         # white: does not
    "D2": PatternFill("solid", fgColor=Color(theme=4, tint=0.4)),           # theme colour: marks
    "E2": PatternFill("solid", fgColor=Color(theme=0)),                     # theme background: does not
    "F2": PatternFill("solid", fgColor=Color(indexed=9)),                   # indexed white: does not
    "G2": PatternFill("solid", fgColor=Color(indexed=5)),                   # indexed yellow: marks
    "H2": PatternFill("gray125"),                                           # a pattern, not solid
}


def _shaded_book() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Cronograma"
    book.create_sheet("Otra")
    for ref, fill in FILLS.items():
        sheet[ref] = ""
        sheet[ref].fill = fill
    sheet["B3"] = "X"
    sheet["B3"].fill = FILLS["B2"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["shaded", "synthetic"])
def test_plain_readers_agree_with_openpyxl(name):
    data = _shaded_book() if name == "shaded" else synthetic_workbook(30)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert workbook._plain_marking_styles(archive) == workbook._marking_styles(archive)
        names = [sheet.name for sheet in workbook.read_sheets(data)]
        for sheet in names:
            assert workbook._plain_sheet_part(archive, sheet) == workbook._sheet_part(archive, sheet)
    rows, cols = range(0, 40), range(0, 20)
    for sheet in names:
        assert workbook._filled_cells_fast(data, sheet, rows, cols) == \
            workbook._filled_cells_openpyxl(data, sheet, rows, cols)


def test_shaded_cells_are_the_marking_fills():
    assert workbook.filled_cells(_shaded_book(), "Cronograma", range(0, 5), range(0, 10)) == {
        (1, 1), (1, 3), (1, 6), (2, 1)}


def _rewrite(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def test_unusual_style_sheets_and_cell_tags_are_left_to_openpyxl():
    data = _shaded_book()
    # A six-digit colour (openpyxl pads it) and a style index written with spaces around "=".
    padded = _rewrite(data, "xl/styles.xml", lambda xml: xml.replace(b'rgb="009DC3E6"', b'rgb="9DC3E6"'))
    with zipfile.ZipFile(io.BytesIO(padded)) as archive:
        assert workbook._plain_marking_styles(archive) is None
    spaced = _rewrite(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'r="B2" s="', b'r="B2" s = "'))
    assert workbook.filled_cells(spaced, "Cronograma", range(0, 5), range(0, 10)) == \
        workbook._filled_cells_openpyxl(spaced, "Cronograma", range(0, 5), range(0, 10))
    assert (1, 1) in workbook.filled_cells(spaced, "Cronograma", range(0, 5), range(0, 10))


def test_check_of_a_shaded_synthetic_plan_never_imports_openpyxl(tmp_path):
    path = tmp_path / "plan.xlsx"
    synthetic_workbook(50, path)
    code = ("import sys\nfrom rendicion.reading.loader import read_plan\nloaded = read_plan(sys.argv[1])\n"
            "assert loaded.ok and len(loaded.plan.cronograma)\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

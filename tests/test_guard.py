"""The guard refuses every unreadable or hostile file quickly, in Spanish, and accepts workbooks."""

from __future__ import annotations

import io
import random
import sys
import tracemalloc
import zipfile

import pytest

from bench.hostile_workbooks import SheetSpec, sheet_xml, xlsx
from rendicion.common.errors import UnreadableWorkbook
from rendicion.reading.guard import (
    MAX_CELLS,
    MAX_CELLS_PER_SHEET,
    MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    WorkbookInfo,
    check_size,
    inspect_workbook,
)
from tests.harness import run_measured
from tests.unreadable_files import (
    CHUNK,
    MIB,
    UNREADABLE,
    _rezip,
    dtd_split_across_chunks,
    large_valid_xlsx,
    lying_header,
    valid_xlsm,
    valid_xlsx,
)

#: Words the refusal of each bad file must contain: what the file is, or what is wrong with it.
EXPECTED = {
    "empty": ["vacío"],
    "oversized": ["12,5 MB", "10 MB"],
    "csv_renamed": ["CSV"],
    "unicode_text_renamed": ["CSV"],
    "text_renamed": ["texto plano"],
    "html_renamed": ["HTML"],
    "xml_2003_renamed": ["XML 2003"],
    "pdf_renamed": ["PDF"],
    "png_renamed": ["imagen PNG"],
    "legacy_xls": ["formato antiguo .xls", "guárdelo como «Libro de Excel (.xlsx)»"],
    "password_protected": ["protegido con contraseña", "quite la contraseña"],
    "truncated": ["dañado"],
    "bad_crc": ["dañado"],
    "corrupted_member": ["dañado"],
    "lying_size": ["no coinciden", "sheet1.xml"],
    "duplicate_members": ["repetida", "xl/workbook.xml"],
    "encrypted_zip_entries": ["cifradas"],
    "unsupported_compression": ["compresión"],
    "docx_like": ["documento de Word", "no un libro de Excel"],
    "ods_like": ["OpenDocument (.ods)", "no un libro de Excel"],
    "xlsb_like": [".xlsb", "no un libro de Excel"],
    "zipped_xlsx": ["archivo comprimido", "descomprímalo"],
    "many_members": ["partes internas", "2.000"],
    "zip_bomb": ["bomba zip", "200 MB"],
    "high_ratio": ["bomba zip", "veces"],
    "lying_header": ["bomba zip", "200 MB"],
    "xml_entities": ["DTD/entidades", "sheet1.xml"],
    "xml_entities_utf16": ["DTD/entidades"],
    "dtd_split_across_chunks": ["DTD/entidades"],
}

#: Every refusal tells the user what to do, with one of these verbs.
ACTIONS = ("Cargue", "guárdelo", "Guárdelo", "guárdela", "Quite", "quite", "descomprímalo", "Vuelva")

BOMBS = ["zip_bomb", "high_ratio", "lying_header", "many_members", "dtd_split_across_chunks"]


def test_every_bad_file_has_an_expectation() -> None:
    assert set(EXPECTED) == set(UNREADABLE)


#: A child that runs the guard on the file at argv[1] and prints its refusal (or nothing).
_GUARD_CHILD = ("import sys\nfrom pathlib import Path\nfrom rendicion.common.errors import UnreadableWorkbook\n"
                "from rendicion.reading.guard import inspect_workbook\ntry:\n"
                "    inspect_workbook(Path(sys.argv[1]).read_bytes())\nexcept UnreadableWorkbook as refusal:\n"
                "    print(refusal)\n")


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_refuses_bad_file_quickly_with_a_spanish_message(case: str, tmp_path) -> None:
    path = tmp_path / "libro.xlsx"
    path.write_bytes(UNREADABLE[case]())

    # CPU of a child (start-up included), never wall-clock: robust on a busy machine.
    code, message, cpu_seconds = run_measured([sys.executable, "-c", _GUARD_CHILD, str(path)])

    assert code == 0 and message, f"{case}: el guardia no rechazó el archivo"
    message = message.strip()
    for word in EXPECTED[case]:
        assert word in message
    assert message.startswith(("El ", "La ", "Los "))
    assert any(action in message for action in ACTIONS)
    assert cpu_seconds < 2.0


@pytest.mark.parametrize("case", BOMBS)
def test_refuses_bomb_with_bounded_memory(case: str) -> None:
    data = UNREADABLE[case]()

    tracemalloc.start()
    try:
        with pytest.raises(UnreadableWorkbook):
            inspect_workbook(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 64 * MIB


def test_lying_header_fools_a_reader_that_trusts_declared_sizes() -> None:
    with zipfile.ZipFile(io.BytesIO(lying_header())) as archive:
        declared = sum(member.file_size for member in archive.infolist())
        bomb = archive.read("xl/embeddings/oleObject1.bin")  # stops at the declared size; CRC passes

    assert declared < 1 * MIB < MAX_UNCOMPRESSED_BYTES
    assert bomb == bytes(4096)


def test_split_doctype_straddles_the_chunk_boundary() -> None:
    with zipfile.ZipFile(io.BytesIO(dtd_split_across_chunks())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")

    position = sheet.find(b"<!DOCTYPE")
    assert position < CHUNK < position + len(b"<!DOCTYPE")
    assert sheet.count(b"<!ENTITY") == 0


@pytest.mark.parametrize(
    ("size", "shown"),
    [(10 * MIB + 1, "10,1 MB"), (12 * MIB + MIB // 2, "12,5 MB"), (1024 * MIB + MIB // 2, "1.024,5 MB")],
)
def test_check_size_refuses_oversize_file_in_spanish_format(size: int, shown: str) -> None:
    with pytest.raises(UnreadableWorkbook, match=f"pesa {shown} y supera el límite de 10 MB"):
        check_size(size)


def test_check_size_refuses_empty_and_accepts_the_limit() -> None:
    with pytest.raises(UnreadableWorkbook, match="vacío"):
        check_size(0)

    check_size(MAX_FILE_BYTES)


def test_accepts_valid_workbook() -> None:
    data = valid_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        uncompressed = sum(member.file_size for member in archive.infolist())

    info = inspect_workbook(data)

    assert info == WorkbookInfo(size=len(data), uncompressed=uncompressed)


@pytest.mark.parametrize("part", ["xl/vbaProject.bin", "xl/VBAPROJECT.BIN", "otra/carpeta/vbaProject.bin",
                                  "xl/macrosheets/sheet1.xml"])
def test_refuses_a_workbook_with_macros_asking_for_an_xlsx(part) -> None:
    data = valid_xlsm() if part == "xl/vbaProject.bin" else _rezip(valid_xlsx(), extra={part: b"<x/>"})
    with pytest.raises(UnreadableWorkbook) as refused:
        inspect_workbook(data)
    message = str(refused.value)
    assert "contiene macros" in message and "«Libro de Excel (.xlsx)»" in message and "sin macros" in message


def test_large_workbook_of_plausible_data_is_refused_by_its_cells() -> None:
    """9 MB of plausible rows is far more than a plan: refused while streaming, before any parser."""
    data = large_valid_xlsx()
    assert 8 * MIB < len(data) < 10 * MIB

    with pytest.raises(UnreadableWorkbook) as refusal:
        inspect_workbook(data)

    assert "más de 250.000 celdas, el máximo por hoja" in str(refusal.value)
    assert str(refusal.value).startswith("La hoja «Plan» tiene")


# --- Cell limits ----------------------------------------------------------------------------


def _cells_workbook(*cells_per_sheet: int, cell: str = "<c><v>{}</v></c>", per_row: int = 100) -> bytes:
    """A workbook whose sheets hold exactly ``cells_per_sheet`` cells (rows of ``per_row``, random values)."""
    rng = random.Random(len(cells_per_sheet))
    sheets = []
    for index, count in enumerate(cells_per_sheet):
        rows: list[str] = []
        for first in range(0, count, per_row):
            rows.append("<row>" + "".join(cell.format(rng.randrange(10_000)) for _ in range(min(per_row, count - first)))
                        + "</row>")
        sheets.append(SheetSpec(f"Hoja {index + 1}", sheet_xml("".join(rows))))
    return xlsx(sheets)


def test_a_sheet_at_the_cell_limit_is_accepted_and_one_more_cell_is_refused() -> None:
    inspect_workbook(_cells_workbook(MAX_CELLS_PER_SHEET))

    with pytest.raises(UnreadableWorkbook, match="La hoja «Hoja 1» tiene más de 250.000 celdas, el máximo por hoja"):
        inspect_workbook(_cells_workbook(MAX_CELLS_PER_SHEET + 1))


def test_the_workbook_total_of_cells_is_limited_across_sheets() -> None:
    half = MAX_CELLS // 2
    assert half <= MAX_CELLS_PER_SHEET
    inspect_workbook(_cells_workbook(half, half))

    with pytest.raises(UnreadableWorkbook, match="más de 500.000 celdas en total, el máximo por libro"):
        inspect_workbook(_cells_workbook(half, half, 1))


def test_cells_are_counted_with_any_prefix_and_across_chunk_boundaries() -> None:
    # 65,537 cells of 16 bytes: tags straddle every 1 MiB chunk boundary; "<x:c" is a cell too.
    prefixed = '<x:c r="A1"><x:v>{}</x:v></x:c>'
    over = MAX_CELLS_PER_SHEET + 1
    with pytest.raises(UnreadableWorkbook, match="máximo por hoja"):
        inspect_workbook(_cells_workbook(over, cell=prefixed))
    inspect_workbook(_cells_workbook(MAX_CELLS_PER_SHEET, cell=prefixed))


@pytest.mark.parametrize("chunk", [
    b'<row><c r="A1" s="1"><v>1</v></c><c r="B1"/><c>\n</c><c\tr="C1"></c></row>',
    b'<x:row><x:c r="A1"><x:v>1</x:v></x:c><c r="B1"/><ns.1-a:c/></x:row>',
    b'<c r="A1" t="inlineStr"><is><t>Nota:c </t></is></c><cols/><c:chart/><cfRule/>',
    b'<c r="A1"/>' * 1000 + b'<y:c r="B1"/>',
])
def test_the_fast_cell_count_equals_the_full_pattern(chunk: bytes) -> None:
    from rendicion.reading.guard import _CELL_START_BYTES, _CellScanner

    scanner = _CellScanner("latin-1")
    assert scanner.count(chunk, final=True) == len(_CELL_START_BYTES.findall(chunk))


def test_elements_that_only_look_like_cells_are_not_counted() -> None:
    lookalikes = "<cols/><c:chart/><col/><cfRule/>" * 1000
    with zipfile.ZipFile(io.BytesIO(_cells_workbook(MAX_CELLS_PER_SHEET))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode().replace("</worksheet>", lookalikes + "</worksheet>")
    data = xlsx([SheetSpec("Hoja 1", sheet)])
    inspect_workbook(data)


def test_a_utf16_sheet_is_counted_too() -> None:
    with zipfile.ZipFile(io.BytesIO(_cells_workbook(MAX_CELLS_PER_SHEET + 1))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(UnreadableWorkbook, match="La hoja «Hoja 1» tiene más de 250.000 celdas"):
        inspect_workbook(xlsx([SheetSpec("Hoja 1", sheet)]))


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


# ---- issue 22: what a parser would allocate, and macros under other names ----------------------


def _sheet_workbook(body: str, *, shared: str | None = None, dimension: str | None = None) -> bytes:
    from bench.hostile_workbooks import _NS

    sst = None
    if shared is not None:
        sst = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {_NS}>{shared}</sst>'
    return xlsx([SheetSpec("Hoja", sheet_xml(body, dimension=dimension))], shared_strings=sst)


@pytest.mark.parametrize("cells, refused", [
    ('<row r="60000"><c r="A60000"><v>1</v></c></row>', None),  # the last row allowed, one column
    ('<row r="60001"><c r="A60001"><v>1</v></c></row>', "hasta la fila 60.001"),
    ('<row r="1"><c r="XFE1"><v>1</v></c></row>', "más allá de la última columna"),
    ('<row r="2000"><c r="ALL2000"><v>1</v></c></row>', None),  # 2,000 × 1,000 = 2,000,000: just at the limit
    ('<row r="2000"><c r="ALM2000"><v>1</v></c></row>', "2.000 filas por 1.001 columnas"),
    ('<row r="60000"><c r="DD60000"><v>1</v></c></row>', "60.000 filas por 108 columnas"),
])
def test_a_sheets_extent_is_taken_from_its_cell_references(cells, refused) -> None:
    data = _sheet_workbook(cells)
    if refused is None:
        inspect_workbook(data)
    else:
        with pytest.raises(UnreadableWorkbook, match=refused):
            inspect_workbook(data)


def test_cells_without_references_are_placed_as_the_parser_places_them() -> None:
    """Rows and cells written without ``r`` follow the previous ones: the extent still counts them."""
    row = "<row>" + "<c><v>1</v></c>" * 1001 + "</row>"
    with pytest.raises(UnreadableWorkbook, match="2.000 filas por 1.001 columnas"):
        inspect_workbook(_sheet_workbook('<row r="1999"><c r="A1999"><v>1</v></c></row>' + row))
    inspect_workbook(_sheet_workbook("<row>" + "<c><v>1</v></c>" * 1000 + "</row>"))


def test_a_declared_dimension_alone_is_not_refused() -> None:
    inspect_workbook(_sheet_workbook('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576"))


def test_shared_strings_are_charged_by_their_uses() -> None:
    long_text = "x" * 10_000
    shared = f"<si><t>{long_text}</t></si><si><t>corto</t></si>"
    # 4,000 uses of the long text: 40 million characters, under the limit; 6,000: over it.
    uses = lambda n: "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>1</v></c></row>'
                             for r in range(1, n + 1))
    inspect_workbook(_sheet_workbook(uses(4_000), shared=shared))
    with pytest.raises(UnreadableWorkbook, match="suman más de 50.000.000 caracteres"):
        inspect_workbook(_sheet_workbook(uses(6_000), shared=shared))
    # A shared-string cell whose index cannot be read is charged the longest string.
    odd = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>&#48;</v></c></row>' for r in range(1, 6_001))
    with pytest.raises(UnreadableWorkbook, match="suman más de 50.000.000 caracteres"):
        inspect_workbook(_sheet_workbook(odd, shared=shared))


@pytest.mark.parametrize("build", ["macros_renombradas", "macros_por_firma", "hoja_de_macros",
                                   "hoja_de_macros_renombrada"])
def test_macros_are_found_by_what_they_are_not_by_their_name(build) -> None:
    from bench.hostile_workbooks import BY_NAME

    with pytest.raises(UnreadableWorkbook, match="contiene macros"):
        inspect_workbook(BY_NAME[build].build())


def test_an_embedded_ole_object_without_macros_is_accepted() -> None:
    """An embedded Word document or chart is an OLE compound file in xl/embeddings/: not a macro by itself."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(100)
    inspect_workbook(_rezip(valid_xlsx(), extra={"xl/embeddings/oleObject1.bin": ole}))
    with pytest.raises(UnreadableWorkbook, match="contiene macros"):  # the same bytes anywhere else are refused
        inspect_workbook(_rezip(valid_xlsx(), extra={"xl/datos/objeto.bin": ole}))


def test_a_text_longer_than_two_megabytes_in_one_cell_is_refused_but_one_megabyte_is_read() -> None:
    from rendicion.reading.guard import MAX_TEXT_BYTES

    letters = "".join(random.Random(22).choices("abcdefghij klmnopqrstuvwxyz", k=MAX_TEXT_BYTES + 1))
    cell = lambda size: f'<row r="1"><c r="A1" t="inlineStr"><is><t>{letters[:size]}</t></is></c></row>'
    inspect_workbook(_sheet_workbook(cell(1024 * 1024)))  # bench's celda_1mb: read, cut to 32.767 with a warning
    inspect_workbook(_sheet_workbook(cell(MAX_TEXT_BYTES - 100)))
    with pytest.raises(UnreadableWorkbook, match="texto de más de 2 MB en una sola celda"):
        inspect_workbook(_sheet_workbook(cell(MAX_TEXT_BYTES + 1)))

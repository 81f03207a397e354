"""The guard refuses every unreadable or hostile file quickly, in Spanish, and accepts workbooks."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from rendicion.errors import UnreadableWorkbook
from rendicion.guard import MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES, WorkbookInfo, check_size, inspect_workbook
from tests.unreadable_files import (
    CHUNK,
    MIB,
    UNREADABLE,
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


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_refuses_bad_file_quickly_with_a_spanish_message(case: str) -> None:
    data = UNREADABLE[case]()

    start = time.process_time()
    with pytest.raises(UnreadableWorkbook) as refusal:
        inspect_workbook(data)
    elapsed = time.process_time() - start  # CPU time: robust on a busy machine

    message = str(refusal.value)
    for word in EXPECTED[case]:
        assert word in message
    assert message.startswith(("El ", "La ", "Los "))
    assert any(action in message for action in ACTIONS)
    assert elapsed < 2.0


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

    assert info == WorkbookInfo(size=len(data), uncompressed=uncompressed, has_macros=False)


def test_accepts_macro_workbook_and_reports_its_macros() -> None:
    info = inspect_workbook(valid_xlsm())

    assert info.has_macros is True


def test_accepts_large_workbook_quickly() -> None:
    data = large_valid_xlsx()
    assert 8 * MIB < len(data) < 10 * MIB

    start = time.process_time()
    info = inspect_workbook(data)
    elapsed = time.process_time() - start  # CPU time: robust on a busy machine

    assert info.size == len(data)
    assert info.uncompressed > 5 * len(data)
    assert elapsed < 2.0


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True

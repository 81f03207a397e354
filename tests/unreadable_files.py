"""Builders of the files the guard must refuse (and of a few it must accept), as bytes.

Plain functions without pytest so any test (the guard's, the command line's, the dashboard's)
can use them. :data:`UNREADABLE` maps a short English id to each builder of a bad file.
The expensive builders are cached: they return immutable bytes.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import warnings
import zipfile
import zlib

MIB = 1024 * 1024
CHUNK = MIB  # the guard decompresses in chunks of this size

_SHEET = "xl/worksheets/sheet1.xml"
_XML_DECLARATION = '<?xml version="1.0" encoding="{}" standalone="yes"?>\n'
_BILLION_LAUGHS = (
    "<!DOCTYPE worksheet [\n"
    ' <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
    ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
    ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
    ' <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n'
    ' <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">\n'
    "]>\n"
)


# --- Files the guard accepts --------------------------------------------------------------


@functools.cache
def valid_xlsx() -> bytes:
    """A small real workbook written by openpyxl (its strings are inline, in the sheet)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Subcomponente", "Actividad", "Responsable", "Avance"])
    sheet.append(["Información", "Elaborar informe de gestión.", "Secretaría de Planeación", 0.5])
    sheet.append(["Diálogo", "Audiencia pública participativa", "Todas las dependencias", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_xlsm() -> bytes:
    """The valid workbook plus a (fake) macro project: an .xlsm."""
    return _rezip(valid_xlsx(), extra={"xl/vbaProject.bin": b"\xcc\x61" + bytes(510)})


@functools.cache
def large_valid_xlsx(target_bytes: int = 9 * MIB) -> bytes:
    """A valid workbook of about ``target_bytes`` whose sheet looks like real data (numbers, dates, strings)."""
    rng = random.Random(2018)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid_xlsx())) as source, zipfile.ZipFile(
        buffer, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            if info.filename != _SHEET:
                target.writestr(info.filename, source.read(info))
        with target.open(_SHEET, "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            row = 0
            while buffer.tell() < target_bytes:
                sheet.write(_rows(rng, row, 1000))
                row += 1000
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _rows(rng: random.Random, first: int, count: int) -> bytes:
    """``count`` rows of plausible plan data as sheet XML."""
    rows = []
    for r in range(first + 1, first + count + 1):
        rows.append(
            f'<row r="{r}" spans="1:6"><c r="A{r}"><v>{r}</v></c>'
            f'<c r="B{r}" t="s"><v>{rng.randrange(3)}</v></c>'
            f'<c r="C{r}" s="1"><v>{43100 + rng.randrange(365)}</v></c>'
            f'<c r="D{r}"><v>{rng.randrange(101) / 100}</v></c>'
            f'<c r="E{r}"><v>{rng.random() * 1_000_000:.2f}</v></c>'
            f'<c r="F{r}" t="inlineStr"><is><t>Actividad {rng.randrange(10_000)} del plan</t></is></c></row>'
        )
    return "".join(rows).encode()


# --- Not a zip ----------------------------------------------------------------------------


def empty() -> bytes:
    """Zero bytes."""
    return b""


def oversized() -> bytes:
    """12.5 MiB of random-looking bytes: above the 10 MB upload limit."""
    return random.Random(0).randbytes(12 * MIB + MIB // 2)


def csv_renamed() -> bytes:
    """A semicolon CSV as Excel in Spanish saves it, renamed to .xlsx."""
    lines = [
        "Subcomponente;Actividad;Responsable;Avance",
        "Información;Elaborar informe de gestión.;Secretaría de Planeación;50",
        "Diálogo;Audiencia pública participativa;Todas las dependencias;100",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def unicode_text_renamed() -> bytes:
    """Excel's «Texto Unicode» export (UTF-16 with BOM, tab separated), renamed to .xlsx."""
    lines = ["Subcomponente\tActividad\tAvance", "Información\tElaborar informe de gestión.\t50"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def text_renamed() -> bytes:
    """A few paragraphs of prose, renamed to .xlsx."""
    return (
        "PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA 2018\n\n"
        "Fortalecer la comunicación entre la Administración municipal y la ciudadanía en un "
        "proceso de rendición de cuentas permanente, transparente y participativo.\n"
        "Las dependencias reportan su avance cada mes.\n"
    ).encode("utf-8")


def html_renamed() -> bytes:
    """An HTML table (what some systems export as «Excel»), renamed to .xlsx."""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Plan</title></head><body>"
        "<table><tr><th>Actividad</th><th>Avance</th></tr>"
        "<tr><td>Elaborar informe de gestión.</td><td>50</td></tr></table></body></html>\n"
    ).encode("utf-8")


def xml_2003_renamed() -> bytes:
    """An Excel 2003 XML spreadsheet (SpreadsheetML), renamed to .xlsx."""
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="Plan" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        "<Table><Row><Cell><Data ss:Type=\"String\">Actividad</Data></Cell></Row></Table>"
        "</Worksheet></Workbook>\n"
    ).encode("utf-8")


def pdf_renamed() -> bytes:
    """The start of a PDF, renamed to .xlsx."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"


def png_renamed() -> bytes:
    """A screenshot of the plan (PNG header), renamed to .xlsx."""
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(17)


# --- OLE compound files -------------------------------------------------------------------


def legacy_xls() -> bytes:
    """A structurally valid Excel 97-2003 file: an OLE compound file with a «Workbook» stream."""
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206)
    eof = struct.pack("<HH", 0x000A, 0)
    return _compound_file("Workbook", bof + eof)


def password_protected() -> bytes:
    """The valid workbook encrypted by msoffcrypto-tool: an OLE file with an «EncryptedPackage»."""
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(valid_xlsx())).encrypt("Rendición2018", encrypted)
    return encrypted.getvalue()


def _compound_file(stream_name: str, content: bytes) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding one stream."""
    sector, end_of_chain, free, fat_sector, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    content = content.ljust(4096, b"\0")  # 4096 bytes or more: the stream lives in regular sectors
    stream_sectors = -(-len(content) // sector)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<I", free) * 108
    )
    fat = [fat_sector, end_of_chain] + [3 + i for i in range(stream_sectors - 1)] + [end_of_chain]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, no_stream, child)
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, end_of_chain, 0)
        + entry(stream_name, 2, no_stream, 2, len(content))
        + entry("", 0, no_stream, 0, 0) * 2
    )
    return header + fat_bytes + directory + content.ljust(stream_sectors * sector, b"\0")


# --- Damaged zips -------------------------------------------------------------------------


def truncated() -> bytes:
    """A real workbook cut in half (an interrupted download): no central directory."""
    data = valid_xlsx()
    return data[: len(data) // 2]


def bad_crc() -> bytes:
    """A real workbook whose sheet's CRC-32 does not match its content."""
    data = valid_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        crc = archive.getinfo(_SHEET).CRC
    return _patch_headers(data, _SHEET, crc=crc ^ 0xFFFFFFFF)


def corrupted_member() -> bytes:
    """A real workbook with garbage in the middle of the sheet's compressed stream."""
    data = bytearray(valid_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(_SHEET)
    start = _data_offset(bytes(data), info)
    for offset in range(start + 10, start + info.compress_size - 10):
        data[offset] ^= 0x5A
    return bytes(data)


def lying_size() -> bytes:
    """A real workbook whose headers declare the sheet one byte smaller than it is."""
    data = valid_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo(_SHEET).file_size
    return _patch_headers(data, _SHEET, file_size=size - 1)


def duplicate_members() -> bytes:
    """A real workbook with a second, different «xl/workbook.xml» (parsers may pick either)."""
    return _rezip(valid_xlsx(), extra={"xl/workbook.xml": b"<workbook/>"})


def encrypted_zip_entries() -> bytes:
    """A real workbook whose sheet entry is flagged as zip-encrypted (ZipCrypto)."""
    return _patch_headers(valid_xlsx(), _SHEET, flag_bits=0x1)


def unsupported_compression() -> bytes:
    """A real workbook with a member compressed with LZMA, which Excel never uses."""
    buffer = io.BytesIO(valid_xlsx())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/media/image1.bin", bytes(1000), compress_type=zipfile.ZIP_LZMA)
    return buffer.getvalue()


# --- Zips that are not workbooks ----------------------------------------------------------


def docx_like() -> bytes:
    """A minimal Word document (.docx)."""
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                "/word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            ),
            "_rels/.rels": _root_rels("word/document.xml"),
            "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
            b'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        }
    )


def ods_like() -> bytes:
    """A minimal OpenDocument spreadsheet (.ods, LibreOffice)."""
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest xmlns:manifest='
            b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
            "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office='
            b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        },
        compression=zipfile.ZIP_STORED,
    )


def xlsb_like() -> bytes:
    """A minimal Excel binary workbook (.xlsb)."""
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                "/xl/workbook.bin", "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
            ),
            "_rels/.rels": _root_rels("xl/workbook.bin"),
            "xl/workbook.bin": b"\x83\x01\x00",
        }
    )


def zipped_xlsx() -> bytes:
    """A .zip that contains the workbook instead of being it."""
    return _zip({"plan.xlsx": valid_xlsx()})


# --- Hostile workbooks --------------------------------------------------------------------


def many_members() -> bytes:
    """A real workbook plus 2,001 tiny members: more entries than the guard allows."""
    return _rezip(valid_xlsx(), extra={f"customXml/item{i}.xml": b"<a/>" for i in range(2001)})


@functools.cache
def zip_bomb() -> bytes:
    """A real workbook plus a 300 MiB member of zeros (about 300 KB compressed), honestly declared."""
    buffer = io.BytesIO(valid_xlsx())
    zeros = bytes(MIB)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/embeddings/oleObject1.bin", "w") as member:
            for _ in range(300):
                member.write(zeros)
    return buffer.getvalue()


def high_ratio() -> bytes:
    """A real workbook plus a 20 MiB member of zeros: small in total but it expands ~1000 times."""
    buffer = io.BytesIO(valid_xlsx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/media/image1.png", bytes(20 * MIB))
    return buffer.getvalue()


@functools.cache
def lying_header() -> bytes:
    """The zip bomb with headers that declare its 300 MiB member as 4 KiB of zeros (size and CRC-32).

    A reader that trusts the declared size reads 4 KiB, finds the CRC right and accepts it.
    """
    return _patch_headers(zip_bomb(), "xl/embeddings/oleObject1.bin", crc=zlib.crc32(bytes(4096)), file_size=4096)


def xml_entities() -> bytes:
    """A real workbook whose sheet starts with a «billion laughs» DTD and uses its entity."""
    return _rezip(valid_xlsx(), replace={_SHEET: _billion_laughs_sheet("UTF-8").encode("utf-8")})


def xml_entities_utf16() -> bytes:
    """The billion laughs again, in a sheet encoded as UTF-16 (with BOM)."""
    return _rezip(valid_xlsx(), replace={_SHEET: _billion_laughs_sheet("UTF-16").encode("utf-16")})


def dtd_split_across_chunks() -> bytes:
    """A real workbook whose sheet has ``<!DOCTYPE`` (external DTD) cut by the 1 MiB chunk boundary.

    A comment of random letters (which barely compress) fills the prolog up to the boundary.
    """
    head = (_XML_DECLARATION.format("UTF-8") + "<!--").encode()
    letters = random.Random(1).choices("abcdefghijklmnopqrstuvwxyz ", k=CHUNK - 4 - len(head) - len("-->"))
    doctype = '<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">\n'
    sheet = head + "".join(letters).encode() + ("-->" + doctype).encode() + _member(valid_xlsx(), _SHEET)
    return _rezip(valid_xlsx(), replace={_SHEET: sheet})


def _billion_laughs_sheet(encoding: str) -> str:
    """The valid workbook's sheet with a billion-laughs DTD and the biggest entity in cell A1."""
    body = _member(valid_xlsx(), _SHEET).decode("utf-8").replace("<t>Subcomponente</t>", "<t>&e;</t>", 1)
    return _XML_DECLARATION.format(encoding) + _BILLION_LAUGHS + body


UNREADABLE = {
    "empty": empty,
    "oversized": oversized,
    "csv_renamed": csv_renamed,
    "unicode_text_renamed": unicode_text_renamed,
    "text_renamed": text_renamed,
    "html_renamed": html_renamed,
    "xml_2003_renamed": xml_2003_renamed,
    "pdf_renamed": pdf_renamed,
    "png_renamed": png_renamed,
    "legacy_xls": legacy_xls,
    "password_protected": password_protected,
    "truncated": truncated,
    "bad_crc": bad_crc,
    "corrupted_member": corrupted_member,
    "lying_size": lying_size,
    "duplicate_members": duplicate_members,
    "encrypted_zip_entries": encrypted_zip_entries,
    "unsupported_compression": unsupported_compression,
    "docx_like": docx_like,
    "ods_like": ods_like,
    "xlsb_like": xlsb_like,
    "zipped_xlsx": zipped_xlsx,
    "many_members": many_members,
    "zip_bomb": zip_bomb,
    "high_ratio": high_ratio,
    "lying_header": lying_header,
    "xml_entities": xml_entities,
    "xml_entities_utf16": xml_entities_utf16,
    "dtd_split_across_chunks": dtd_split_across_chunks,
}


# --- Zip surgery --------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding ``members`` in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """``data`` rewritten with some members replaced and others appended (repeated names allowed)."""
    replace, extra = replace or {}, extra or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Duplicate name"
            for name, content in extra.items():
                target.writestr(name, content)
    return buffer.getvalue()


def _content_types(main_part: str, content_type: str) -> bytes:
    """A ``[Content_Types].xml`` declaring the main part of an OOXML package."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="{main_part}" ContentType="{content_type}"/></Types>'
    ).encode()


def _root_rels(main_part: str) -> bytes:
    """A ``_rels/.rels`` pointing at the main part of an OOXML package."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    ).encode()


def _member(data: bytes, name: str) -> bytes:
    """The content of one member of the zip ``data``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where the compressed bytes of ``info`` start (after its local header)."""
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def _patch_headers(
    data: bytes, name: str, *, crc: int | None = None, file_size: int | None = None, flag_bits: int | None = None
) -> bytes:
    """``data`` with fields of ``name``'s local header and central directory entry overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    central = data.rfind(name.encode()) - 46
    patched = bytearray(data)
    assert patched[local : local + 4] == b"PK\x03\x04" and patched[central : central + 4] == b"PK\x01\x02"
    # (field, offset in the local header, offset in the central entry, struct format)
    for value, local_at, central_at, fmt in (
        (flag_bits, 6, 8, "<H"),
        (crc, 14, 16, "<I"),
        (file_size, 22, 24, "<I"),
    ):
        if value is not None:
            struct.pack_into(fmt, patched, local + local_at, value)
            struct.pack_into(fmt, patched, central + central_at, value)
    return bytes(patched)

"""Gatekeeper for uploaded workbooks: look at the raw bytes before any spreadsheet parser does.

Policy. Only an Office Open XML workbook without macros (.xlsx) is handed to python-calamine /
openpyxl: a workbook with a VBA project or Excel 4.0 macro sheets is refused, because the
version history would hand its macros back out to everyone who downloads it. Everything else
is refused with an :class:`~rendicion.common.errors.UnreadableWorkbook` whose Spanish message says what the file
seems to be and what to do about it. The checks run cheapest first:

1. Size: empty files and files above :data:`MAX_FILE_BYTES` are refused outright.
2. Container: an OLE compound file is a legacy ``.xls`` (or a ``.doc``), or, when it holds an
   ``EncryptedPackage`` stream, a password-protected workbook. Anything that is not a zip is
   sniffed (PDF, HTML, XML, CSV, text, a few binary formats) so the message can name it.
3. Zip directory: at most :data:`MAX_MEMBERS` entries, no repeated names, no encrypted
   entries, only the *stored* and *deflate* methods, and the parts of a workbook
   (``[Content_Types].xml`` and ``xl/workbook.xml``); a .docx, .ods, .xlsb … is named; no
   macros (``vbaProject.bin`` anywhere, ``xl/macrosheets/``).
4. Declared sizes: the total must stay within :data:`MAX_UNCOMPRESSED_BYTES` and no member
   bigger than 1 MiB may expand more than :data:`MAX_RATIO` times its compressed size.
5. Real content: headers can lie, so every member is decompressed in 1 MiB chunks without
   trusting its declared size, the real bytes are counted (aborting as soon as the total
   exceeds the limit, which bounds time and memory), the real size must equal the declared
   one, zipfile checks the CRC, and XML parts must not declare a DTD or entities.
6. Cells: while each XML part streams by, its cell elements (``<c …>``, any namespace prefix)
   are counted without building a tree; a sheet above :data:`MAX_CELLS_PER_SHEET` or a
   workbook above :data:`MAX_CELLS` is refused as soon as the count passes the limit, before
   any spreadsheet parser runs (parsers hold every cell in memory). A sheet's declared
   ``<dimension ref>`` is not used to refuse: it may lie both ways, and generators write
   ``A1:XFD1048576`` on empty sheets.

The module only reads bytes; it never imports Streamlit and never parses the spreadsheet.
"""

from __future__ import annotations

import codecs
import copy
import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from rendicion.common import formatting
from rendicion.common.errors import UnreadableWorkbook
from rendicion.common.text import clean
from rendicion.reading import expansion

MAX_FILE_BYTES = 10 * 1024 * 1024  # upload limit
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # total decompressed size of all zip members
MAX_MEMBERS = 2000  # zip entries
MAX_RATIO = 300  # per-member compression ratio, applied to members bigger than 1 MiB uncompressed
#: Cells (``<c>`` elements, empty formatted ones included) in one sheet, and in the whole workbook.
#: The largest real plan imaginable, a department's 2,000 activities with three years of follow-up
#: (nine PAAC cuts), has about 100,000 cells in its plan sheet (50 bordered columns) and 216,000 in
#: its follow-up (18,000 reports × 12 columns); it reads in about 1 s of CPU and 160 MB. At the
#: limits the loader stays under 5 s of CPU and 300 MB (docs/libro.md, «Límites»).
MAX_CELLS_PER_SHEET = 250_000
MAX_CELLS = 500_000

_MIB = 1024 * 1024
_CHUNK = _MIB
_RATIO_APPLIES_ABOVE = _MIB
_SNIFF_BYTES = 4096
_UNBOUNDED = 1 << 62  # a declared size no stream reaches

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_DIRECTORY_ENTRY = 128
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_PART = "xl/workbook.xml"
_MACRO_PROJECT = "vbaproject.bin"  # the VBA project's part name, in any folder and any case
_MACRO_SHEETS = "xl/macrosheets/"  # Excel 4.0 (XLM) macro sheets
#: Longest text between two tags of an XML part (a cell's text, inline or shared): Excel keeps 32,767
#: characters per cell; a 180 MB text in one cell (0,7 MB compressed) cost 13 s of CPU and 660 MB.
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: Root elements of macro sheets (Excel 4.0 and international), wherever the part sits.
_MACRO_ROOTS = ("macrosheet",)
#: Where a package keeps embedded objects (an OLE compound file is expected there, and only there).
_EMBEDDINGS = "xl/embeddings/"
#: The stream every VBA project holds, as an OLE directory entry names it (UTF-16).
_VBA_STORAGE = "_VBA_PROJECT".encode("utf-16-le")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FORBIDDEN_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")  # the longest first
#: The start of a cell element: ``<c `` ``<c>`` ``<c/>`` or ``<x:c …>`` (not ``<cols>``, not ``<c:chart>``).
_CELL_START = "<(?:[A-Za-z_][A-Za-z0-9_.-]*:)?c[ \t\r\n/>]"
_CELL_START_BYTES = re.compile(_CELL_START.encode("ascii"))
_CELL_START_TEXT = re.compile(_CELL_START)
#: The same start without a prefix, and the end every prefixed start has: a chunk without ":c" before a
#: tag's end (every chunk Excel writes) holds only unprefixed starts, which this simpler pattern, led by
#: a literal the regex engine searches for fast, counts in half the time.
_PLAIN_CELL_START_BYTES = re.compile(rb"<c[ \t\r\n/>]")
_PREFIXED_CELL_END_BYTES = re.compile(rb":c[ \t\r\n/>]")
_CARRY_LIMIT = 4096  # a tag start longer than this is no cell (it would only be counted once more)
_OVERLAP = 2 * len(_FORBIDDEN_DECLARATIONS[0])  # bytes of the longest one in UTF-16

#: What zipfile and zlib raise on a damaged archive.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

#: Magic numbers of formats people upload by mistake, with how to name them.
_KNOWN_SIGNATURES = (
    (b"%PDF-", "un PDF"),
    (b"\x89PNG\r\n\x1a\n", "una imagen PNG"),
    (b"\xff\xd8\xff", "una imagen JPEG"),
    (b"GIF8", "una imagen GIF"),
    (b"{\\rtf", "un documento RTF"),
    (b"Rar!\x1a\x07", "un archivo comprimido RAR"),
    (b"7z\xbc\xaf\x27\x1c", "un archivo comprimido 7-Zip"),
    (b"\x1f\x8b", "un archivo comprimido gzip"),
)

#: Parts that identify other zip-based formats, with how to name them and what to do.
_OTHER_ZIP_FORMATS = (
    ("xl/workbook.bin", "un libro binario de Excel (.xlsb)", "save_as"),
    ("word/document.xml", "un documento de Word (.docx)", "upload"),
    ("ppt/presentation.xml", "una presentación de PowerPoint (.pptx)", "upload"),
)
_OPENDOCUMENT_SPREADSHEET = b"application/vnd.oasis.opendocument.spreadsheet"
_OPENDOCUMENT = b"application/vnd.oasis.opendocument."

_SAVE_AS_XLSX = "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»."
_UPLOAD_PLAN = "Cargue el libro de Excel (.xlsx) del plan."
_SAVE_AGAIN = "Guárdelo de nuevo desde Excel y cárguelo otra vez."
_FOR_SAFETY = "no se procesará por seguridad"


@dataclass(frozen=True)
class WorkbookInfo:
    """What the guard learnt about an accepted workbook."""

    size: int
    uncompressed: int


def inspect_workbook(data: bytes) -> WorkbookInfo:
    """Raise UnreadableWorkbook (message in Spanish) unless ``data`` is a safe OOXML workbook."""
    check_size(len(data))
    if data.startswith(_OLE_MAGIC):
        raise _ole_refusal(data)
    if not data.startswith(_ZIP_MAGICS):
        raise _not_a_zip_refusal(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_directory(members)
            _check_is_workbook(archive, {member.filename for member in members})
            _check_no_macros(members)
            _check_declared_sizes(members)
            uncompressed = _stream_members(archive, members)
            _check_no_macro_declarations(archive, members)
    except _ZIP_ERRORS as exc:
        raise UnreadableWorkbook(
            "El archivo está dañado o incompleto: su contenido comprimido no se puede leer. "
            "Vuelva a descargarlo, o guárdelo de nuevo desde Excel, y cárguelo otra vez."
        ) from exc
    return WorkbookInfo(size=len(data), uncompressed=uncompressed)


# --- 1. Size ------------------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes if it is empty or above the upload limit (it need not be read)."""
    if size == 0:
        raise UnreadableWorkbook(f"El archivo está vacío. {_UPLOAD_PLAN}")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"El archivo pesa {_megabytes(size)} y supera el límite de "
            f"{_megabytes(MAX_FILE_BYTES)}. Quite del libro lo que no sea del plan "
            "(imágenes, hojas auxiliares) y vuelva a cargarlo."
        )


def _megabytes(size: int) -> str:
    """``size`` in MB with Spanish formatting, rounded up to one decimal: "12,5 MB", "10 MB"."""
    return formatting.number(math.ceil(size * 10 / _MIB) / 10, 1).removesuffix(",0") + " MB"


# --- 2. Container -------------------------------------------------------------------------


def _ole_refusal(data: bytes) -> UnreadableWorkbook:
    """Name an OLE compound file: encrypted workbook, Word document or legacy .xls."""
    if _ole_has_stream(data, "EncryptedPackage"):
        return UnreadableWorkbook(
            "El libro está protegido con contraseña y no se puede leer. Ábralo en Excel, quite "
            "la contraseña (Archivo › Información › Proteger libro › Cifrar con contraseña, "
            "deje el campo vacío), guárdelo como .xlsx y cárguelo otra vez."
        )
    if _ole_has_stream(data, "WordDocument"):
        return UnreadableWorkbook(
            f"El archivo es un documento de Word en formato antiguo (.doc), no un libro de Excel. {_UPLOAD_PLAN}"
        )
    return UnreadableWorkbook(
        "El archivo está en el formato antiguo .xls (Excel 97-2003), que no se admite. "
        f"{_SAVE_AS_XLSX}"
    )


def _ole_has_stream(data: bytes, name: str) -> bool:
    """Whether an OLE directory entry (128-byte aligned, UTF-16-LE name) is called ``name``."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    name_length = struct.pack("<H", len(encoded))
    position = data.find(encoded)
    while position != -1:
        length_field = data[position + 64 : position + 66]
        if position % _OLE_DIRECTORY_ENTRY == 0 and length_field == name_length:
            return True
        position = data.find(encoded, position + 1)
    return False


def _not_a_zip_refusal(data: bytes) -> UnreadableWorkbook:
    """Name a file that is not a zip: a known binary format, HTML, XML, CSV or text."""
    for signature, description in _KNOWN_SIGNATURES:
        if data.startswith(signature):
            return UnreadableWorkbook(f"El archivo es {description}, no un libro de Excel. {_UPLOAD_PLAN}")
    text = _as_text(data[:_SNIFF_BYTES])
    if text is None:
        return UnreadableWorkbook(
            "El archivo no es un libro de Excel (.xlsx): su contenido no corresponde a ningún "
            f"formato de hoja de cálculo conocido. {_UPLOAD_PLAN}"
        )
    head = text.lstrip().lower()
    if head.startswith("<!doctype html") or "<html" in head[:1024]:
        return UnreadableWorkbook(
            f"El archivo es una página web (HTML) con extensión de Excel, no un libro de Excel. {_SAVE_AS_XLSX}"
        )
    if head.startswith("<"):
        return UnreadableWorkbook(
            "El archivo es un documento XML (por ejemplo, «Hoja de cálculo XML 2003»), no un "
            f"libro de Excel (.xlsx). {_SAVE_AS_XLSX}"
        )
    if _looks_delimited(text, complete=len(data) <= _SNIFF_BYTES):
        return UnreadableWorkbook(
            "El archivo parece un CSV o texto delimitado (valores separados por comas, punto y "
            f"coma o tabulaciones), no un libro de Excel. {_SAVE_AS_XLSX}"
        )
    return UnreadableWorkbook(f"El archivo parece un texto plano, no un libro de Excel. {_UPLOAD_PLAN}")


def _as_text(sample: bytes) -> str | None:
    """``sample`` decoded (UTF-16 with BOM, UTF-8 or Windows-1252) if it reads as text, else None."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = sample.decode("utf-16", errors="replace")
    else:
        text = sample.decode("utf-8", errors="replace")
        if text.count("\ufffd") > 1:  # one may be a character cut at the end of the sample
            text = sample.decode("cp1252", errors="replace")
    text = text.removeprefix("\ufeff")
    readable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and readable >= 0.95 * len(text) else None


def _looks_delimited(text: str, complete: bool) -> bool:
    """Whether the first lines of ``text`` share a field separator (tab, semicolon or comma)."""
    lines = text.splitlines()
    if not complete:
        lines = lines[:-1]  # the last line of a sample may be cut
    lines = [line for line in lines[:20] if line.strip()]
    for separator in ("\t", ";", ","):
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and min(counts) >= (1 if len(lines) > 1 else 2):
            return True
    return False


# --- 3. Zip directory ---------------------------------------------------------------------


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    """Refuse too many entries, repeated names, encrypted entries and exotic compression."""
    if len(members) > MAX_MEMBERS:
        raise UnreadableWorkbook(
            f"El archivo contiene {formatting.plural(len(members), 'parte interna')} (el máximo es "
            f"{_integer(MAX_MEMBERS)}) y {_FOR_SAFETY}. {_SAVE_AGAIN}"
        )
    seen: set[str] = set()
    for member in members:
        if member.filename in seen:
            raise UnreadableWorkbook(
                f"El archivo contiene la parte interna «{_shown(member.filename)}» repetida: "
                f"está dañado o fue manipulado y {_FOR_SAFETY}. {_SAVE_AGAIN}"
            )
        seen.add(member.filename)
        if member.flag_bits & 0x1:
            raise UnreadableWorkbook(
                "El archivo contiene partes cifradas que no se pueden leer. Quite la contraseña "
                "en Excel y guárdelo como .xlsx."
            )
        if member.compress_type not in _SUPPORTED_COMPRESSION:
            raise UnreadableWorkbook(
                f"El archivo usa un método de compresión que Excel no utiliza y {_FOR_SAFETY}. {_SAVE_AGAIN}"
            )


def _check_is_workbook(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse a zip without the parts of a workbook, naming the format when it is known."""
    if _CONTENT_TYPES in names and _WORKBOOK_PART in names:
        return
    what, advice = _zip_format(archive, names)
    raise UnreadableWorkbook(f"El archivo es {what}, no un libro de Excel. {advice}")


def _check_no_macros(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a workbook that carries macros (VBA or Excel 4.0 macro sheets), whatever its extension."""
    for member in members:
        name = member.filename.replace("\\", "/").lower()
        if name.rsplit("/", 1)[-1] == _MACRO_PROJECT or name.startswith(_MACRO_SHEETS):
            raise _macro_refusal()


def _check_no_macro_declarations(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose content types or relationships declare macros, whatever the parts are called
    (run after the streaming pass: every part's real size is known and bounded by then)."""
    from rendicion.reading import active_content

    for member in members:
        name = member.filename.replace("\\", "/").lower()
        if name == _CONTENT_TYPES.lower() or name.endswith(".rels"):
            if active_content.declares_macros(archive.read(member)):
                raise _macro_refusal()


def _macro_refusal() -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "El libro contiene macros (es un libro .xlsm o trae un proyecto de VBA). Por seguridad no se "
        "aceptan libros con macros: quedarían en el historial y cualquiera las descargaría. En Excel, use "
        "«Archivo > Guardar como», elija «Libro de Excel (.xlsx)» (que guarda el libro sin macros) y "
        "cargue ese archivo."
    )


def _zip_format(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str]:
    """How to name a zip that is not a workbook, and what the user should do."""
    for part, what, action in _OTHER_ZIP_FORMATS:
        if part in names:
            return what, _SAVE_AS_XLSX if action == "save_as" else _UPLOAD_PLAN
    mimetype = _opendocument_mimetype(archive, names)
    if mimetype.startswith(_OPENDOCUMENT_SPREADSHEET):
        return (
            "una hoja de cálculo de OpenDocument (.ods)",
            "Ábrala en LibreOffice o Excel y guárdela como «Libro de Excel (.xlsx)».",
        )
    if mimetype.startswith(_OPENDOCUMENT):
        return "un documento de OpenDocument (.odt, .odp …)", _UPLOAD_PLAN
    return (
        "un archivo comprimido (.zip)",
        "Si el libro está dentro, descomprímalo y cargue el archivo .xlsx.",
    )


def _opendocument_mimetype(archive: zipfile.ZipFile, names: set[str]) -> bytes:
    """The first bytes of an OpenDocument ``mimetype`` member, or b"" when there is none."""
    if "mimetype" not in names:
        return b""
    with archive.open("mimetype") as member:
        return member.read(100).strip()


# --- 4. Declared sizes --------------------------------------------------------------------


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a declared total above the limit or a big member that expands too much."""
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _too_big_uncompressed()
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_APPLIES_ABOVE and ratio > MAX_RATIO:
            raise UnreadableWorkbook(
                f"La parte interna «{_shown(member.filename)}» se expande {_integer(int(ratio))} "
                f"veces al descomprimirla (el máximo es {MAX_RATIO}), como una «bomba zip», y "
                f"{_FOR_SAFETY}. {_SAVE_AGAIN}"
            )


def _too_big_uncompressed() -> UnreadableWorkbook:
    """The refusal for a workbook whose content exceeds MAX_UNCOMPRESSED_BYTES."""
    return UnreadableWorkbook(
        f"El contenido del archivo ocupa más de {_megabytes(MAX_UNCOMPRESSED_BYTES)} al "
        f"descomprimirlo, como una «bomba zip», y {_FOR_SAFETY}. Un libro del plan no necesita "
        f"tanto: revise que sea el archivo correcto. {_SAVE_AGAIN}"
    )


# --- 5. Real content ----------------------------------------------------------------------


def _stream_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> int:
    """Decompress every member in chunks and return the real total of decompressed bytes."""
    total = 0
    cells = _CellCount(archive)
    costs = expansion.Expansion(archive, cells.sheet)
    for member in members:
        total = _stream_member(archive, member, total, cells, costs)
    costs.finish()
    return total


def _stream_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, total: int, cells: _CellCount,
                   costs: expansion.Expansion) -> int:
    """Decompress one member counting its real bytes and cells; return the running total of bytes."""
    scan = member.filename.lower().endswith(_XML_SUFFIXES)
    encoding = ""
    tail = b""
    real = 0
    counter = None
    part: expansion.PartScan | None = None
    ole = False
    text_run = 0  # bytes since the last "<" of an XML part (a run longer than a chunk crosses a chunk's edge)
    with archive.open(_without_size_limit(member)) as stream:
        while chunk := stream.read(_CHUNK):
            if not real:
                ole = chunk.startswith(_OLE_MAGIC)
                scan = scan or (not ole and chunk.lstrip()[:1] == b"<") or chunk.startswith(_UTF16_BOMS)
            real += len(chunk)
            total += len(chunk)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _too_big_uncompressed()
            if ole:
                if _VBA_STORAGE in tail + chunk:
                    raise _macro_refusal()
                tail = chunk[-len(_VBA_STORAGE):]
                continue
            if scan:
                encoding = encoding or _xml_encoding(chunk)
                if _declares_dtd(tail + chunk[:_OVERLAP], encoding) or _declares_dtd(chunk, encoding):
                    raise UnreadableWorkbook(
                        f"El archivo contiene declaraciones XML no permitidas (DTD/entidades) en "
                        f"«{_shown(member.filename)}». Excel no las escribe y {_FOR_SAFETY}. {_SAVE_AGAIN}"
                    )
                tail = chunk[-_OVERLAP:]
                first = chunk.find(b"<")
                text_run = text_run + len(chunk) if first == -1 else text_run + first
                if text_run > MAX_TEXT_BYTES * (2 if encoding.startswith("utf-16") else 1):
                    raise UnreadableWorkbook(
                        f"El libro tiene un texto de más de {_megabytes(MAX_TEXT_BYTES)} en una sola celda "
                        f"(«{_shown(member.filename)}»), y no se leerá: Excel guarda hasta 32.767 caracteres por "
                        f"celda. Revise que sea el archivo correcto. {_SAVE_AGAIN}")
                if first != -1:
                    text_run = len(chunk) - chunk.rfind(b"<") - 1
                counter = counter or _CellScanner(encoding)
                cells.add(member.filename, counter.count(chunk))
                part = part or expansion.PartScan(member.filename, encoding)
                part.feed(chunk)
    if counter is not None:
        cells.add(member.filename, counter.count(b"", final=True))
    if real != member.file_size:
        raise UnreadableWorkbook(
            f"Los encabezados internos del archivo no coinciden con su contenido "
            f"(«{_shown(member.filename)}»): está dañado o fue manipulado y {_FOR_SAFETY}. {_SAVE_AGAIN}"
        )
    if ole and not member.filename.replace("\\", "/").lower().startswith(_EMBEDDINGS):
        raise _macro_refusal()  # a compound file outside the embedded objects: a VBA project under another name
    if part is not None:
        part.finish()
        part.cells = cells.of(member.filename)
        if part.root in _MACRO_ROOTS:
            raise _macro_refusal()
        costs.add(part)
    return total


def _without_size_limit(member: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A copy of ``member`` whose declared size does not cut the stream short.

    zipfile stops reading a member at its declared ``file_size``; lifting that limit lets us
    count what the compressed stream really holds (a parser might decompress all of it).
    zipfile still stops at the end of the stream and checks its CRC there.
    """
    unbounded = copy.copy(member)
    unbounded.file_size = _UNBOUNDED
    return unbounded


def _xml_encoding(first_chunk: bytes) -> str:
    """The byte layout of an XML part, detected from its first bytes (XML 1.0, appendix F)."""
    if first_chunk.startswith((codecs.BOM_UTF16_LE, b"<\0")):
        return "utf-16-le"
    if first_chunk.startswith((codecs.BOM_UTF16_BE, b"\0<")):
        return "utf-16-be"
    return "latin-1"  # UTF-8 and every ASCII-compatible encoding: markup bytes are ASCII


def _declares_dtd(window: bytes, encoding: str) -> bool:
    """Whether ``window`` holds ``<!DOCTYPE`` or ``<!ENTITY`` (in any case) written in ``encoding``."""
    opener = "<!".encode(encoding)
    width = len(_FORBIDDEN_DECLARATIONS[0].encode(encoding))
    position = window.find(opener)
    while position != -1:
        declaration = window[position : position + width].decode(encoding, errors="replace")
        if declaration.upper().startswith(_FORBIDDEN_DECLARATIONS):
            return True
        position = window.find(opener, position + 1)
    return False


# --- 6. Cells ----------------------------------------------------------------------------


class _CellScanner:
    """Counts cell start tags in one XML part given chunk by chunk (a tag may straddle two chunks)."""

    def __init__(self, encoding: str) -> None:
        self._text = encoding.startswith("utf-16")
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace") if self._text else None
        self._carry: bytes | str = "" if self._text else b""

    def count(self, chunk: bytes, final: bool = False) -> int:
        data = self._decoder.decode(chunk, final) if self._text else chunk
        buffer = self._carry + data
        cut = len(buffer) if final else buffer.rfind("<" if self._text else b"<")
        if cut == -1 or len(buffer) - cut > _CARRY_LIMIT:
            cut = len(buffer)
        self._carry = buffer[cut:]
        if self._text:
            pattern = _CELL_START_TEXT
        elif _PREFIXED_CELL_END_BYTES.search(buffer, 0, cut):
            pattern = _CELL_START_BYTES
        else:
            pattern = _PLAIN_CELL_START_BYTES
        return len(pattern.findall(buffer, 0, cut))


class _CellCount:
    """Running cell counts of a workbook's parts; refuses as soon as one passes a limit."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._per_part: dict[str, int] = {}
        self.total = 0

    def add(self, part: str, cells: int) -> None:
        if not cells:
            return
        count = self._per_part[part] = self._per_part.get(part, 0) + cells
        self.total += cells
        if count > MAX_CELLS_PER_SHEET:
            raise UnreadableWorkbook(
                f"La hoja {self.sheet(part)} tiene más de {_integer(MAX_CELLS_PER_SHEET)} celdas, el máximo "
                f"por hoja, y el libro no se leerá. Un plan no necesita tantas: quite las filas y columnas que "
                f"no son del plan (datos auxiliares, celdas con formato pero vacías) y vuelva a cargarlo."
            )
        if self.total > MAX_CELLS:
            raise UnreadableWorkbook(
                f"El libro tiene más de {_integer(MAX_CELLS)} celdas en total, el máximo por libro, y no se "
                f"leerá. Un plan no necesita tantas: quite las hojas, filas y columnas que no son del plan y "
                f"vuelva a cargarlo."
            )

    def of(self, part: str) -> int:
        """Cells counted so far in ``part``."""
        return self._per_part.get(part, 0)

    def sheet(self, part: str) -> str:
        """«Name» of the sheet stored in ``part`` (from the workbook's own parts), or the part's name."""
        try:
            name = _sheet_names(self._archive).get(part)
        except _ZIP_ERRORS:
            name = None
        return f"«{_shown(name)}»" if name else f"guardada en «{_shown(part)}»"


_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(sheet|Relationship)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NAMES_PART_LIMIT = 2 * _MIB


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member -> sheet name, from xl/workbook.xml and its relationships (UTF-8 parts only)."""
    names = {}
    targets = {}
    for part, kind in (("xl/_rels/workbook.xml.rels", b"Relationship"), (_WORKBOOK_PART, b"sheet")):
        info = archive.getinfo(part)
        if info.file_size > _NAMES_PART_LIMIT:
            return {}
        for element in _ELEMENT.finditer(archive.read(part)):
            if element.group(1) != kind:
                continue
            attributes = {key.split(b":")[-1] if key != b"r:id" else key: (a if a is not None else b)
                          for key, a, b in _ATTRIBUTE.findall(element.group(2))}
            if kind == b"Relationship" and b"Id" in attributes and b"Target" in attributes:
                target = attributes[b"Target"].decode("utf-8", "replace")
                targets[attributes[b"Id"]] = target.lstrip("/") if target.startswith("/") else "xl/" + target
            elif kind == b"sheet":
                ident = next((v for k, v in attributes.items() if k in (b"r:id", b"id")), None)
                if ident in targets and b"name" in attributes:
                    names[targets[ident]] = _xml_text(attributes[b"name"].decode("utf-8", "replace"))
    return names


def _xml_text(value: str) -> str:
    """An attribute's text with XML's predefined entities and character references resolved."""
    import html

    return html.unescape(value)


# --- Message helpers ----------------------------------------------------------------------


def _integer(value: int) -> str:
    """``value`` with Spanish thousands separators: 2.001."""
    return formatting.number(value)


def _shown(name: str) -> str:
    """A member name safe to show: control characters removed, at most 80 characters."""
    name = clean(name)
    return name if len(name) <= 80 else name[:79] + "…"

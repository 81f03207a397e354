"""Raw access to an .xlsx that has passed the guard: cell values as a grid, and cell fills.

Values come from python-calamine (fast, Rust). Only the schedule needs cell styles (a month
marked by shading), and only then is openpyxl opened, read-only, on that one region; openpyxl
parses XML through defusedxml.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import chain

import python_calamine

from rendicion.common.errors import UnreadableWorkbook

#: Rows of one sheet we accept; a larger sheet makes the workbook unusable (reported, not read).
MAX_ROWS = 60_000
#: Columns we read; cells further right are ignored (reported as a warning).
MAX_COLUMNS = 120
#: Characters kept from one cell (Excel's own limit); longer texts are cut (reported as a warning).
MAX_CELL_CHARS = 32_767

_SOLID_FILL = re.compile(rb'patternType="solid"')
_WHITE = {"FFFFFFFF", "00FFFFFF"}


@dataclass
class Sheet:
    """One worksheet's values; ``rows[r][c]`` is the cell at Excel row r+1, column c+1."""

    name: str
    rows: list[list[object]]
    hidden: bool = False
    #: Merged ranges as 0-based inclusive (first_row, first_col, last_row, last_col).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Problems met while reading: ("rows"|"columns"|"cell", detail).
    limits_hit: list[tuple[str, object]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet's values (chart sheets skipped), bounded by MAX_ROWS / MAX_COLUMNS / MAX_CELL_CHARS."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [_read_sheet(book, meta) for meta in book.sheets_metadata if _is_worksheet(meta)]
    except BaseException as exc:
        # CalamineError, and what calamine raises on values it cannot convert: a Rust panic (pyo3's
        # PanicException derives from BaseException), OverflowError, ValueError. Our own bugs pass.
        if not isinstance(exc, (python_calamine.CalamineError, OverflowError, ValueError)) and not _is_panic(exc):
            raise
        raise UnreadableWorkbook(
            "No se pudo leer el libro: el archivo está dañado o no es un libro de Excel válido. "
            "Ábralo en Excel, guárdelo de nuevo como «Libro de Excel (.xlsx)» y vuelva a cargarlo."
        ) from exc


def _is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a Rust panic surfaced by pyo3 (``pyo3_runtime.PanicException``)."""
    kind = type(exc)
    return kind.__name__ == "PanicException" and kind.__module__ == "pyo3_runtime"


#: ``isinstance(value, str)`` as a C function: ``filter`` calls it on every cell without a Python frame.
_is_text = str.__instancecheck__


def _is_worksheet(meta) -> bool:
    return meta.typ == python_calamine.SheetTypeEnum.WorkSheet


def _read_sheet(book, meta) -> Sheet:
    raw = book.get_sheet_by_name(meta.name)
    sheet = Sheet(name=meta.name, rows=[], hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible)
    if raw.start is None:
        return sheet
    (first_row, first_col), (last_row, last_col) = raw.start, raw.end
    if last_row - first_row + 1 > MAX_ROWS:
        sheet.limits_hit.append(("rows", last_row - first_row + 1))
        return sheet
    if last_col - first_col + 1 > MAX_COLUMNS:
        sheet.limits_hit.append(("columns", last_col - first_col + 1))
    rows = [list(row) for row in raw.iter_rows()]
    # One pass in C over every cell first: only a sheet with some long text pays the per-row check
    # (numbers and dates are never long).
    long_values = max(map(len, filter(_is_text, chain.from_iterable(rows))), default=0) > MAX_CELL_CHARS
    # calamine yields rows from the top of the sheet, columns from the first used one.
    row_offset = last_row + 1 - len(rows)
    width = min(last_col + 1, MAX_COLUMNS)
    grid: list[list[object]] = [[] for _ in range(row_offset)]
    padding: list[object] = [""] * first_col
    for r, row in enumerate(rows):
        cells: list[object] = padding + row if first_col else row
        del cells[width:]
        if long_values and max(map(len, filter(_is_text, cells)), default=0) > MAX_CELL_CHARS:
            for c, value in enumerate(cells):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    sheet.limits_hit.append(("cell", (row_offset + r, c, len(value))))
                    cells[c] = value[:MAX_CELL_CHARS]
        grid.append(cells)
    sheet.rows = grid
    sheet.merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
    return sheet


def has_solid_fills(data: bytes) -> bool:
    """Cheap pre-check: does the workbook's style sheet define any solid fill at all?"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            styles = archive.read("xl/styles.xml")
        except KeyError:
            return False
    return bool(_SOLID_FILL.search(styles))


def filled_cells(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]]:
    """0-based (row, col) of cells in the region with a solid, non-white fill.

    Fast path: the styles are read with openpyxl (small), then the sheet's XML is scanned for
    the style index of each cell, without building cell objects (a 10,000-row schedule takes
    a fraction of a second instead of seconds). Anything unusual (cells without a reference,
    CDATA sections, a workbook part openpyxl cannot locate) falls back to openpyxl's read-only
    reader, which gives the same answer slowly.
    """
    if not rows or not cols:
        return set()
    fast = _filled_cells_fast(data, sheet_name, rows, cols)
    if fast is not None:
        return fast
    try:
        return _filled_cells_openpyxl(data, sheet_name, rows, cols)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl on a damaged part: ParseError, KeyError, IndexError …
        raise UnreadableWorkbook(
            "No se pudo leer el sombreado de las celdas: el libro tiene partes internas dañadas."
        ) from exc


def _filled_cells_openpyxl(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]]:
    import openpyxl  # only for shaded schedules: check/tidy of most workbooks never pay its import

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[sheet_name]
        found = set()
        for r, row in enumerate(
            sheet.iter_rows(min_row=rows.start + 1, max_row=rows.stop, min_col=cols.start + 1, max_col=cols.stop),
            start=rows.start,
        ):
            for c, cell in enumerate(row, start=cols.start):
                if _is_marking_fill(getattr(cell, "fill", None)):
                    found.add((r, c))
        return found
    finally:
        book.close()


#: A cell's start tag (any namespace prefix) and the two attributes the scan needs.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*)>")
_REF_ATTR = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
_STYLE_ATTR = re.compile(rb"\bs\s*=\s*[\"']([0-9]{1,9})[\"']")
_SCAN_CHUNK = 4 * 1024 * 1024


def _filled_cells_fast(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]] | None:
    """:func:`filled_cells` by scanning the sheet's XML; None when only openpyxl can tell."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _plain_sheet_part(archive, sheet_name)
            if part is None:
                part = _sheet_part(archive, sheet_name)
            marking = _plain_marking_styles(archive)
            if marking is None:
                marking = _marking_styles(archive)
            if part is None or marking is None:
                return None
            if not marking:
                return set()
            return _scan_fills(archive, part, marking, rows, cols)
    except Exception:  # noqa: BLE001 - any surprise: let openpyxl decide (and report) as before
        return None


# The package's parts in their usual form are read with defusedxml alone: importing openpyxl
# costs more CPU than reading a 10,000-activity plan's values. Anything unusual (another
# namespace, a gradient fill, a colour openpyxl would normalise) answers None, and openpyxl
# decides, as it always did.

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKBOOK_TYPES = (  # in openpyxl's order of preference
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_RGB = re.compile(r"^[A-Fa-f0-9]{8}$")


def _xml(archive: zipfile.ZipFile, name: str):
    from defusedxml.ElementTree import fromstring

    return fromstring(archive.read(name))


def _plain_sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """:func:`_sheet_part` for a package in the usual form; None when openpyxl should locate it."""
    parts = plain_sheet_parts(archive)
    part = next((part for name, part in parts or () if name == sheet_name), None)
    return part if part in archive.NameToInfo else None


def plain_sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    """(sheet name, zip member) of every sheet, in workbook order, located as openpyxl locates them.

    Read with defusedxml alone, for a package in the usual form; None when anything is unusual
    (another content type, namespace or relationship), so that the caller asks openpyxl. A member
    may be missing from the archive: callers check.
    """
    import posixpath

    types = _xml(archive, "[Content_Types].xml")
    if types.tag != f"{_CT_NS}Types":
        return None
    overrides = {o.get("ContentType"): o.get("PartName") for o in types.findall(f"{_CT_NS}Override")}
    workbook = next((overrides[t] for t in _WORKBOOK_TYPES if overrides.get(t)), None)
    if not workbook or not workbook.startswith("/"):
        return None
    workbook = workbook[1:]
    root = _xml(archive, workbook)
    if root.tag != f"{_MAIN_NS}workbook":
        return None
    folder, base = posixpath.split(workbook)
    rels = _xml(archive, posixpath.join(folder, "_rels", f"{base}.rels"))
    targets = {}
    for rel in rels.findall(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        targets[rel.get("Id")] = (target[1:] if target.startswith("/")
                                  else posixpath.normpath(posixpath.join(folder, target)))
    parts = []
    for sheet in root.iterfind(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(_REL_ID))
        if part is None or sheet.get("name") is None:
            return None
        parts.append((sheet.get("name"), part))
    return parts


def _plain_marking_styles(archive: zipfile.ZipFile) -> set[int] | None:
    """:func:`_marking_styles` for a style sheet in the usual form; None when openpyxl should read it."""
    try:
        root = _xml(archive, "xl/styles.xml")
    except KeyError:
        return set()
    if root.tag != f"{_MAIN_NS}styleSheet":
        return None
    fills: list[bool] = []
    for fill in root.iterfind(f"{_MAIN_NS}fills/{_MAIN_NS}fill"):
        children = list(fill)
        if len(children) != 1 or children[0].tag != f"{_MAIN_NS}patternFill":
            return None  # gradient fills, empty fills: openpyxl's own answer
        marking = _plain_marking_fill(children[0])
        if marking is None:
            return None
        fills.append(marking)
    styles = root.findall(f"{_MAIN_NS}cellXfs/{_MAIN_NS}xf")
    marking_styles = set()
    for index, style in enumerate(styles):
        fill_id = style.get("fillId", "0")
        if not fill_id.isdigit():
            return None
        if int(fill_id) < len(fills) and fills[int(fill_id)]:
            marking_styles.add(index)
    return marking_styles


def _plain_marking_fill(pattern) -> bool | None:
    """:func:`_is_marking_fill` of a ``<patternFill>``; None for a colour openpyxl would have to interpret."""
    if pattern.get("patternType") != "solid":
        return False
    color = pattern.find(f"{_MAIN_NS}fgColor")
    if color is None:
        return True  # openpyxl's default colour, black
    try:
        if color.get("indexed") is not None:
            return int(color.get("indexed")) not in (1, 9, 64)
        if color.get("theme") is not None:
            return not (int(color.get("theme")) == 0 and not float(color.get("tint", "0")))
    except ValueError:
        return None
    if color.get("auto") is not None:
        return True
    rgb = color.get("rgb", "00000000")
    if not _RGB.match(rgb):
        return None
    return rgb.upper() not in _WHITE


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member of the worksheet called ``sheet_name``, located as openpyxl locates it."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import ARC_CONTENT_TYPES
    from openpyxl.xml.functions import fromstring

    package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    parser = WorkbookParser(archive, _find_workbook_part(package).PartName[1:], keep_links=False)
    parser.parse()
    for sheet, rel in parser.find_sheets():
        if sheet.name == sheet_name:
            return rel.target
    return None


def _marking_styles(archive: zipfile.ZipFile) -> set[int] | None:
    """Indices of the cell styles (``s`` attribute) whose fill marks a month."""
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.functions import fromstring

    try:
        source = archive.read("xl/styles.xml")  # where openpyxl reads it from
    except KeyError:
        return set()
    stylesheet = Stylesheet.from_tree(fromstring(source))
    if not stylesheet.cell_styles:
        return set()  # openpyxl falls back to its defaults: no solid fill
    fills = list(stylesheet.fills)
    return {
        index for index, style in enumerate(stylesheet.cell_styles)
        if 0 <= style.fillId < len(fills) and _is_marking_fill(fills[style.fillId])
    }


def _scan_fills(archive: zipfile.ZipFile, part: str, marking: set[int], rows: range,
                cols: range) -> set[tuple[int, int]] | None:
    """Cells of the region whose style is in ``marking``, from the sheet's XML.

    Only the ``s="N"`` attributes naming a marking style are searched for; each hit is checked
    to lie inside a cell's start tag (not in a text) before its reference is read. Unmarked cells
    (most of a sheet) are never parsed. When every hit of a chunk is a cell tag as Excel and
    openpyxl write it (``<c r="B7" s="N"``), one ``findall`` reads them all at C speed.
    """
    found: set[tuple[int, int]] = set()
    columns: dict[bytes, int] = {}
    styles = b"|".join(str(i).encode() for i in sorted(marking))
    # "s(?<=\bs)" is "\bs" written to start with a literal, which the regex engine scans for 3x faster.
    wanted = re.compile(rb"s(?<=\bs)\s*=\s*[\"']0*(?:" + styles + rb")[\"']")
    usual = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})" s="0*(?:' + styles + rb')"')
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            buffer = tail + chunk
            end = buffer.rfind(b">") + 1 if chunk else len(buffer)
            scan, tail = buffer[:end], buffer[end:]
            if b"<![CDATA[" in scan:
                return None
            cells = usual.findall(scan)
            if len(cells) == len(wanted.findall(scan)):
                for letters, digits in cells:
                    r = int(digits) - 1
                    if r not in rows:
                        continue
                    c = columns.get(letters)
                    if c is None:
                        c = columns[letters] = _column_index(letters)
                    if c in cols:
                        found.add((r, c))
                if not chunk:
                    return found
                continue
            for hit in wanted.finditer(scan):
                start = scan.rfind(b"<", 0, hit.start())
                match = _CELL_TAG.match(scan, start) if start >= 0 else None
                if match is None or match.end() <= hit.start():
                    continue  # not a cell's start tag (a row's style, or text)
                attributes = match.group(1)
                ref = _REF_ATTR.search(attributes)
                if ref is None:
                    return None  # cells placed by position only: openpyxl counts them
                style = _STYLE_ATTR.search(attributes)
                if style is None or int(style.group(1)) not in marking:
                    continue
                r = int(ref.group(2)) - 1
                if r not in rows:
                    continue
                letters = ref.group(1)
                c = columns.get(letters)
                if c is None:
                    c = columns[letters] = _column_index(letters)
                if c in cols:
                    found.add((r, c))
            if not chunk:
                return found


#: Excel's built-in percentage formats («0%», «0.00%»).
_BUILTIN_PERCENT_FORMATS = {9, 10}
#: A format code's literal parts (quoted text, escaped characters, colours and conditions): a «%»
#: there is shown, not a percentage.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def percent_cells(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]]:
    """0-based (row, col) of the cells of the region whose number format is a percentage.

    Excel stores 80 % as 0.8 and shows it as 80 % because of the cell's format; python-calamine
    gives the 0.8 without the format. The styles are read with defusedxml and the sheet's XML is
    scanned as for :func:`filled_cells`; anything unusual is asked of openpyxl (read-only).
    """
    if not rows or not cols:
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = _percent_styles(archive)
            if styles is not None and not styles:
                return set()
            part = _plain_sheet_part(archive, sheet_name)
            if styles is not None and part is not None:
                found = _scan_fills(archive, part, styles, rows, cols)
                if found is not None:
                    return found
    except Exception:  # noqa: BLE001 - any surprise: openpyxl decides below
        pass
    try:
        return _percent_cells_openpyxl(data, sheet_name, rows, cols)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - a damaged style part: the cells are read by their values alone
        return set()


def is_percent_format(code: str | None) -> bool:
    """Whether a number format code shows a percentage (a «%» outside quotes, escapes and brackets)."""
    return bool(code) and "%" in _FORMAT_LITERALS.sub("", code)


def _percent_styles(archive: zipfile.ZipFile) -> set[int] | None:
    """Indices of the cell styles whose number format is a percentage; None when openpyxl should read them."""
    try:
        root = _xml(archive, "xl/styles.xml")
    except KeyError:
        return set()
    if root.tag != f"{_MAIN_NS}styleSheet":
        return None
    percent_ids = set(_BUILTIN_PERCENT_FORMATS)
    for fmt in root.iterfind(f"{_MAIN_NS}numFmts/{_MAIN_NS}numFmt"):
        ident = fmt.get("numFmtId", "")
        if not ident.isdigit():
            return None
        if is_percent_format(fmt.get("formatCode")):
            percent_ids.add(int(ident))
        else:
            percent_ids.discard(int(ident))
    styles = set()
    for index, style in enumerate(root.iterfind(f"{_MAIN_NS}cellXfs/{_MAIN_NS}xf")):
        ident = style.get("numFmtId", "0")
        if not ident.isdigit():
            return None
        if int(ident) in percent_ids:
            styles.add(index)
    return styles


def _percent_cells_openpyxl(data: bytes, sheet_name: str, rows: range, cols: range) -> set[tuple[int, int]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[sheet_name]
        return {
            (r, c)
            for r, row in enumerate(sheet.iter_rows(min_row=rows.start + 1, max_row=rows.stop,
                                                    min_col=cols.start + 1, max_col=cols.stop), start=rows.start)
            for c, cell in enumerate(row, start=cols.start)
            if is_percent_format(getattr(cell, "number_format", None))
        }
    finally:
        book.close()


def _column_index(letters: bytes) -> int:
    """0-based index of an Excel column reference (b"A" -> 0, b"AB" -> 27)."""
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def _is_marking_fill(fill) -> bool:
    if fill is None or fill.patternType != "solid":
        return False
    color = fill.fgColor
    if color is None:
        return True
    if color.type == "rgb":
        return str(color.rgb).upper() not in _WHITE
    if color.type == "theme":
        return not (color.theme == 0 and not color.tint)  # theme 0 is the background (white)
    if color.type == "indexed":
        return color.indexed not in (1, 9, 64)  # white and the system background
    return True

"""What a workbook would cost a spreadsheet parser, measured on its raw XML before any parser runs.

Counting cells (the guard's ``<c>`` count) bounds neither of the two ways a small file becomes
gigabytes inside python-calamine:

- **Extent.** Calamine builds each worksheet as a dense grid from its first to its farthest cell:
  one cell at ``XFD1048576`` is a grid of 17 billion cells (549 GB: the allocation fails and the
  process aborts). The extent is taken from the cells' own references (``r="XFD1048576"``) and,
  for cells written without one, from their position as calamine counts it (next column, next
  row). A sheet is refused when its last row passes :data:`MAX_ROWS`, its last column passes
  :data:`MAX_COLUMNS`, or its grid (rows × columns) passes :data:`MAX_GRID_CELLS`; the workbook
  when its grids add up to more than :data:`MAX_GRID_CELLS_TOTAL`. A sheet's declared
  ``<dimension ref>`` is not used: calamine does not allocate from it (a sheet declaring
  ``A1:XFD1048576`` with ten cells reads in a few megabytes, see the ``dimension_enorme`` hostile
  workbook), and generators write it on empty sheets.
- **Shared strings.** Calamine copies a shared string into every cell that uses it: one string of
  32,767 characters used by 30,000 cells is a billion characters. Each string's length (its bytes in
  the part, an upper bound of its characters) times its uses must add up to at most
  :data:`MAX_SHARED_TEXT`; a cell whose index cannot be read here is charged the longest string.
  At most :data:`MAX_SHARED_STRINGS` distinct strings.
- **Styles.** The style sheet is read whole (550,000 gradient fills cost 2.5 GB and 53 s of CPU):
  at most :data:`MAX_STYLE_ELEMENTS` elements.

Parts are recognised by their root element (``worksheet``, ``sst``, ``styleSheet``), not by their
names, so a renamed part is measured too. The scan runs on the chunks the guard already
decompresses; only a sheet with cells written without a reference is read a second time.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections import Counter

from rendicion.common import formatting
from rendicion.common.errors import UnreadableWorkbook

#: Last row of a sheet's cells (the plan limit; a larger sheet is not a plan).
MAX_ROWS = 60_000
#: Last column of a sheet's cells: Excel's own last column, XFD.
MAX_COLUMNS = 16_384
#: Cells of one sheet's grid (rows × columns from A1 to its farthest cell): about 80 MB in the parser.
MAX_GRID_CELLS = 2_000_000
#: Cells of all the grids of a workbook.
MAX_GRID_CELLS_TOTAL = 4_000_000
#: Characters the shared strings expand to (each string's length × its uses): about 200 MB at most.
MAX_SHARED_TEXT = 50_000_000
#: Distinct shared strings (no workbook within the cell limits needs more).
MAX_SHARED_STRINGS = 500_000
#: Elements of the style sheet; Excel itself stops at 64,000 cell formats (about 200,000 elements).
MAX_STYLE_ELEMENTS = 250_000

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROOT = re.compile(rb"<(?![?!/])" + _PREFIX + rb"([A-Za-z_][\w.-]*)")
#: A reference attribute: ``r="C7"`` on a cell, ``r="7"`` on a row (not ``r:id``).
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
#: A shared-string cell and, when it can be read, its index ("" when it cannot: charged the longest string).
_SHARED_CELL = re.compile(rb"""<""" + _PREFIX + rb"""c\s[^>]*?\bt\s*=\s*["']s["'][^>]*(?<!/)>(?:\s*<"""
                          + _PREFIX + rb"""v(?:\s[^>]*)?>\s*([0-9]{1,10})\s*<)?""")
_STRING_TAG = re.compile(rb"<(/?)" + _PREFIX + rb"si(?=[\s/>])")
_ELEMENT = re.compile(rb"<(?![/?!])")
#: A start tag of a row or a cell, with its attributes (the slow path for cells without references).
_ROW_OR_CELL = re.compile(rb"<" + _PREFIX + rb"(row|c)(?=[\s/>])([^>]*)>")
_CARRY_LIMIT = 4 * 1024 * 1024

WORKSHEET, SHARED_STRINGS, STYLES = "worksheet", "sst", "styleSheet"
_KINDS = (WORKSHEET, SHARED_STRINGS, STYLES)
_SAVE_AGAIN = "Guárdelo de nuevo desde Excel y cárguelo otra vez."


def column_number(letters: bytes) -> int:
    """1-based column of ``letters`` (b"A" -> 1, b"XFD" -> 16384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class PartScan:
    """Measures one XML part chunk by chunk (UTF-8 or UTF-16), once its root element says what it is."""

    def __init__(self, name: str, encoding: str) -> None:
        self.name = name
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace") if encoding.startswith("utf-16") \
            else None
        self.kind: str | None = None
        #: The root element's local name ("worksheet", "macrosheet", "Types" …), once seen.
        self.root: str | None = None
        self._undecided = b""
        self._carry = b""
        self._offset = 0  # bytes of this part before the current window (shared strings' positions)
        # worksheet (``cells`` is the guard's count of cell elements, set before the part is added)
        self.cells = self.referenced_cells = 0
        self.last_row = self.last_column = 0
        self.shared_cells = 0
        self.shared_uses: Counter[int] = Counter()
        # shared strings
        self.lengths: list[int] = []
        self._open: int | None = None
        # styles
        self.elements = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk, final).encode("utf-8")
        if self.kind is None:
            self._undecided += chunk
            root = _ROOT.search(self._undecided)
            if root is None:
                self._undecided = self._undecided[-_CARRY_LIMIT:]
                return
            name = self.root = root.group(1).decode("ascii", "replace")
            self.kind = name if name in _KINDS else ""
            chunk, self._undecided = self._undecided, b""
        if not self.kind:
            return
        window = self._carry + chunk
        cut = len(window) if final else self._cut(window)
        self._carry = window[cut:]
        self._measure(window, cut)
        self._offset += cut

    def _cut(self, window: bytes) -> int:
        """Where the complete elements of ``window`` end: before the last row or cell start (a cell's
        value follows its start tag), else before the last tag."""
        cut = max(window.rfind(b"<c"), window.rfind(b"<row"), window.rfind(b"<si"), window.rfind(b"</si"))
        if cut <= 0:
            cut = window.rfind(b"<")
        if cut == -1 or len(window) - cut > _CARRY_LIMIT:
            cut = len(window)
        return cut

    def _measure(self, window: bytes, end: int) -> None:
        if self.kind == WORKSHEET:
            self._worksheet(window, end)
        elif self.kind == SHARED_STRINGS:
            self._strings(window, end)
        else:
            self.elements += len(_ELEMENT.findall(window, 0, end))
            if self.elements > MAX_STYLE_ELEMENTS:
                raise UnreadableWorkbook(
                    f"La hoja de estilos del libro («{self.name}») tiene más de {_integer(MAX_STYLE_ELEMENTS)} "
                    "elementos (formatos, rellenos, fuentes…), más de los que Excel crea, y no se leerá. Copie las "
                    "hojas del plan a un libro nuevo (que trae solo los estilos que se usan) y cárguelo.")

    def _worksheet(self, window: bytes, end: int) -> None:
        columns = set()
        for letters, digits in _REF.findall(window, 0, end):
            if letters:
                self.referenced_cells += 1
                columns.add(letters)
                if digits:
                    self.last_row = max(self.last_row, int(digits))
        if columns:
            self.last_column = max(self.last_column, max(map(column_number, columns)))
        if b's"' in window or b"s'" in window:  # a cheap look first: most windows of most sheets hold no t="s"
            indices = _SHARED_CELL.findall(window, 0, end)
            self.shared_cells += len(indices)
            self.shared_uses.update(int(index) for index in indices if index)

    def _strings(self, window: bytes, end: int) -> None:
        for tag in _STRING_TAG.finditer(window, 0, end):
            position = self._offset + tag.start()
            if tag.group(1):  # </si>
                if self._open is not None:
                    self.lengths.append(position - self._open)
                    self._open = None
            else:
                if self._open is not None:  # <si/> or an unclosed one: counted as empty
                    self.lengths.append(0)
                self._open = position
            if len(self.lengths) > MAX_SHARED_STRINGS:
                raise UnreadableWorkbook(
                    f"El libro tiene más de {_integer(MAX_SHARED_STRINGS)} textos distintos («{self.name}») y no "
                    f"se leerá: ningún plan dentro de los límites de celdas los necesita. {_SAVE_AGAIN}")

    def finish(self) -> None:
        self.feed(b"", final=True)
        if self.kind == SHARED_STRINGS and self._open is not None:
            self.lengths.append(self._offset - self._open)
            self._open = None


class Expansion:
    """The workbook's running totals; refuses as soon as one passes its limit."""

    def __init__(self, archive: zipfile.ZipFile, sheet_name) -> None:
        self._archive = archive
        self._sheet_name = sheet_name  # part -> «Name» or a description of the part
        self.grid_total = 0
        self._string_tables: list[list[int]] = []
        self._uses: list[tuple[Counter[int], int]] = []

    def add(self, scan: PartScan) -> None:
        if scan.kind == WORKSHEET:
            self._worksheet(scan)
        elif scan.kind == SHARED_STRINGS:
            self._string_tables.append(scan.lengths)

    def _worksheet(self, scan: PartScan) -> None:
        last_row, last_column = scan.last_row, scan.last_column
        if scan.referenced_cells < scan.cells:  # cells without a reference: place them as calamine does
            last_row, last_column = _positions(self._archive, scan.name)
        where = self._sheet_name(scan.name)
        advice = ("Borre las filas y columnas vacías que quedan más allá de la tabla (seleccione desde la primera "
                  "fila o columna vacía hasta el final, clic derecho › Eliminar), guarde y vuelva a cargarlo.")
        if last_row > MAX_ROWS:
            raise UnreadableWorkbook(
                f"La hoja {where} tiene celdas hasta la fila {_integer(last_row)}; el máximo es la fila "
                f"{_integer(MAX_ROWS)} y el libro no se leerá. {advice}")
        if last_column > MAX_COLUMNS:
            raise UnreadableWorkbook(
                f"La hoja {where} tiene celdas más allá de la última columna de Excel (XFD) y el libro no se "
                f"leerá: está dañado o fue manipulado. {_SAVE_AGAIN}")
        grid = last_row * last_column
        if grid > MAX_GRID_CELLS:
            raise UnreadableWorkbook(
                f"La hoja {where} ocupa {_integer(last_row)} filas por {_integer(last_column)} columnas "
                f"({_integer(grid)} celdas contando las vacías intermedias); el máximo es {_integer(MAX_GRID_CELLS)} "
                f"por hoja y el libro no se leerá. {advice}")
        self.grid_total += grid
        if self.grid_total > MAX_GRID_CELLS_TOTAL:
            raise UnreadableWorkbook(
                f"Las hojas del libro ocupan más de {_integer(MAX_GRID_CELLS_TOTAL)} celdas en total (contando las "
                f"vacías entre la primera y la última de cada hoja) y el libro no se leerá. {advice}")
        self._uses.append((scan.shared_uses, scan.shared_cells - sum(scan.shared_uses.values())))

    def finish(self) -> None:
        """Check the shared strings' expansion (the strings and the cells may come in any order)."""
        for lengths in self._string_tables:
            longest = max(lengths, default=0)
            expanded = 0
            for uses, unread in self._uses:
                expanded += sum(lengths[i] * n for i, n in uses.items() if i < len(lengths)) + max(unread, 0) * longest
            if expanded > MAX_SHARED_TEXT:
                raise UnreadableWorkbook(
                    f"Los textos del libro, repetidos en cada celda que los usa, suman más de "
                    f"{_integer(MAX_SHARED_TEXT)} caracteres ({_integer(expanded)}), y el libro no se leerá: un "
                    "plan no necesita tanto. Revise que no haya textos muy largos copiados en miles de celdas, "
                    "bórrelos y vuelva a cargarlo.")


def _positions(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(last row, last column) of a sheet's cells, placing those without a reference after the previous one."""
    last_row = last_column = 0
    row, column = 0, 0
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            window = carry + chunk
            end = len(window) if not chunk else window.rfind(b"<")
            if end == -1 or len(window) - end > _CARRY_LIMIT:
                end = len(window)
            for tag in _ROW_OR_CELL.finditer(window, 0, end):
                reference = _REF.search(tag.group(2))
                if tag.group(1) == b"row":
                    row = int(reference.group(2)) if reference and reference.group(2) else row + 1
                    column = 0
                    continue
                if reference and reference.group(1):
                    column = column_number(reference.group(1))
                    row = int(reference.group(2)) if reference.group(2) else row
                else:
                    column += 1
                last_row, last_column = max(last_row, row), max(last_column, column)
            carry = window[end:]
            if not chunk:
                return last_row, last_column


def _integer(value: int) -> str:
    return formatting.number(value)

"""Active content in an accepted workbook: external links and formulas that reach outside it.

The dashboard never evaluates a formula (python-calamine reads the value Excel saved), but the
version history hands the workbook itself back out, and Excel does evaluate: a ``WEBSERVICE``
or ``FILTERXML`` formula fetches an address, a DDE formula (``=cmd|' /C calc'!A0``) starts a
program, and an external link reads another file. Each one is named at its cell, as a warning
of the validation findings, so the secretary can remove it (copy and paste as values) before
publishing. Macros are refused earlier, by :mod:`rendicion.reading.guard`, which asks
:func:`declares_macros` what a package's content types and relationships say about them.

Cheapest correct way: the sheets' XML is streamed in chunks and only the texts of formula
elements are searched for the few tokens those formulas need (``WEBSERVICE``, ``FILTERXML``,
``|``, ``[n]``); only a sheet where one appears is parsed (streaming, with defusedxml) to find
the cells. An ordinary plan costs one decompression pass of its sheets (0.08 s of CPU for the
10,000-activity synthetic plan, whose read takes 3.5 s).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from rendicion.common import formatting
from rendicion.reading.findings import Findings
from rendicion.reading.workbook import plain_sheet_parts

#: Findings reported one by one; more are summed up in one last warning.
MAX_FINDINGS = 200

_CHUNK = 1024 * 1024
#: A formula element's start tag and its text (up to the next tag).
_FORMULA_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(?:\s[^>]*)?>([^<]*)")
_TOKEN = re.compile(rb"(?i)webservice|filterxml|\||\[[0-9]+\]")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_WEB_FUNCTION = re.compile(r"\b(?:_xlfn\.)?(WEBSERVICE|FILTERXML)\s*\(", re.IGNORECASE)
_EXTERNAL_REFERENCE = re.compile(r"\[[0-9]+\]")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_EXTERNAL_LINK_PART = re.compile(r"^xl/externallinks/externallink[0-9]+\.xml$", re.IGNORECASE)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHOWN_FORMULA = 80
#: What a damaged part raises (the guard let the package through; the readers report the rest).
_UNREADABLE = (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, ParseError, DefusedXmlException)


#: What marks a macro in a package, whatever its parts are called: content types
#: (``application/vnd.ms-excel.sheet.macroEnabled.main+xml``, ``application/vnd.ms-office.vbaProject``,
#: ``…macrosheet+xml``) and relationship types (``…/relationships/vbaProject``, ``…/xlMacrosheet``,
#: ``…/xlIntlMacrosheet``).
_MACRO_MARKS = (b"macroenabled", b"vbaproject", b"macrosheet")
_DECLARED_TYPE = re.compile(rb"""\b(?:ContentType|Type)\s*=\s*["']([^"']*)["']""")


def declares_macros(part: bytes) -> bool:
    """Whether a ``[Content_Types].xml`` or ``.rels`` part declares a macro project or a macro sheet."""
    if part.startswith((b"\xff\xfe", b"\xfe\xff")) or part[1:2] == b"\0":
        part = part.decode("utf-16", errors="replace").encode("utf-8")
    return any(mark in value.lower() for value in _DECLARED_TYPE.findall(part) for mark in _MACRO_MARKS)


@dataclass(frozen=True)
class Finding:
    """One piece of active content: where (sheet and cell, when it has one) and what, in Spanish."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


def warn_into(data: bytes, findings: Findings) -> None:
    """Add a warning to ``findings`` for every external link and outward formula of the workbook."""
    found = scan(data)
    for finding in found[:MAX_FINDINGS]:
        findings.warning(finding.message, finding.sheet, finding.row, finding.column)
    if len(found) > MAX_FINDINGS:
        findings.warning(f"Hay {formatting.plural(len(found) - MAX_FINDINGS, 'celda')} más con fórmulas de ese tipo; no se listan una "
                         "por una. Copie las hojas y péguelas como valores para quitarlas todas.")


def scan(data: bytes) -> list[Finding]:
    """External links and outward formulas of a workbook that passed the guard (never raises for
    a damaged part: what cannot be read here is reported by the readers that need it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            findings = _external_links(archive)
            for name, part in _sheet_parts(archive):
                if _suspicious(archive, part):
                    findings += _formula_findings(archive, name, part)
            return findings
    except _UNREADABLE:
        return [Finding("No se pudo revisar si el libro tiene vínculos externos o fórmulas que consultan internet "
                        "(una parte del archivo no se puede leer). Revise el libro en Excel antes de publicarlo.")]


# --------------------------------------------------------------------------- external links


def _external_links(archive: zipfile.ZipFile) -> list[Finding]:
    findings = []
    for member in archive.namelist():
        if not _EXTERNAL_LINK_PART.match(member):
            continue
        root = fromstring(archive.read(member))
        targets = _relationship_targets(archive, member)
        for element in root:
            kind = element.tag.rsplit("}", 1)[-1]
            if kind == "ddeLink":
                program = f"{element.get('ddeService', '')}|{element.get('ddeTopic', '')}"
                findings.append(Finding(
                    f"El libro tiene un vínculo DDE con el programa «{program}»: al abrirlo, Excel puede ejecutarlo. "
                    "Quite el vínculo (Datos > Editar vínculos > Romper vínculo) antes de publicar."))
            elif kind in ("externalBook", "oleLink"):
                target = targets.get(element.get(f"{{{_REL_NS}}}id") or "", "otro archivo")
                findings.append(Finding(
                    f"El libro tiene un vínculo externo a «{target}»: al abrirlo, Excel intenta leer ese archivo. "
                    "Quite el vínculo (Datos > Editar vínculos > Romper vínculo) antes de publicar."))
    return findings


def _relationship_targets(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    try:
        rels = fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    except KeyError:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels}


# --------------------------------------------------------------------------- formulas


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of every worksheet, located as openpyxl locates them."""
    names = set(archive.namelist())
    try:
        plain = plain_sheet_parts(archive)  # without importing openpyxl, for a package in the usual form
    except Exception:  # noqa: BLE001 - a damaged part: openpyxl below decides, as it always did
        plain = None
    if plain is not None:
        return [(name, part) for name, part in plain if part in names]
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import ARC_CONTENT_TYPES
    from openpyxl.xml.functions import fromstring as openpyxl_fromstring

    package = Manifest.from_tree(openpyxl_fromstring(archive.read(ARC_CONTENT_TYPES)))
    parser = WorkbookParser(archive, _find_workbook_part(package).PartName[1:], keep_links=False)
    parser.parse()
    names = set(archive.namelist())
    return [(sheet.name, rel.target) for sheet, rel in parser.find_sheets() if rel.target in names]


def _suspicious(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether one of the sheet's formulas holds an outward token (one streaming pass: a chunk
    without a formula tag costs one substring search; only formula texts are searched)."""
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            window = tail + chunk
            end = window.rfind(b"<") if chunk else len(window)  # a tag cut by the chunk waits for the next
            scan, tail = window[:end], window[end:]
            if b"<f" in scan or b":f" in scan:
                for match in _FORMULA_TEXT.finditer(scan):
                    if _TOKEN.search(match.group(1)):
                        return True
            if not chunk:
                return False


def _formula_findings(archive: zipfile.ZipFile, sheet: str, part: str) -> list[Finding]:
    findings = []
    with archive.open(part) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag.rsplit("}", 1)[-1] != "c":
                continue
            formula = next((child.text or "" for child in element if child.tag.rsplit("}", 1)[-1] == "f"), "")
            message = _formula_message(formula) if formula else None
            if message:
                match = _CELL_REF.match(element.get("r") or "")
                row, column = (int(match.group(2)), match.group(1)) if match else (None, None)
                findings.append(Finding(message, sheet, row, column))
            element.clear()
    return findings


def _formula_message(formula: str) -> str | None:
    """The Spanish warning for an outward formula, or None for an ordinary one."""
    shown = formula if len(formula) <= _SHOWN_FORMULA else formula[:_SHOWN_FORMULA] + "…"
    without_strings = _STRING_LITERAL.sub('""', formula)
    web = _WEB_FUNCTION.search(without_strings)
    if web:
        return (f"La celda tiene una fórmula {web.group(1).upper()} («={shown}»), que consulta una dirección de "
                "internet cuando el libro se abre en Excel. El tablero usa el valor guardado y no la ejecuta; "
                "cópiela y péguela como valor antes de publicar.")
    if "|" in without_strings:
        return (f"La celda tiene una fórmula DDE («={shown}»), que puede ejecutar otro programa cuando el libro se "
                "abre en Excel. El tablero usa el valor guardado y no la ejecuta; bórrela o péguela como valor "
                "antes de publicar.")
    if _EXTERNAL_REFERENCE.search(without_strings):
        return (f"La celda toma su valor de otro libro («={shown}»): es un vínculo externo que Excel intenta "
                "actualizar al abrir el libro. Cópiela y péguela como valor antes de publicar.")
    return None

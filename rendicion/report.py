"""Validation report: every problem found in a workbook as a record, never a traceback.

Errors mean the workbook cannot be used; warnings mean it is used but deserves a look.
Messages are in Spanish and say what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]

#: Spanish column titles of :meth:`Report.to_frame`.
FRAME_COLUMNS = {"nivel": "Nivel", "sheet": "Hoja", "row": "Fila", "column": "Columna", "message": "Mensaje"}
_NIVEL = {"error": "Error", "warning": "Advertencia"}


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


@dataclass
class Report:
    """Ordered collection of issues found while reading one workbook."""

    issues: list[Issue] = field(default_factory=list)

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a problem that makes the workbook unusable."""
        self.issues.append(Issue("error", message, sheet, row, column))

    def warning(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        """Record a problem the workbook can be used with."""
        self.issues.append(Issue("warning", message, sheet, row, column))

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the workbook can be used (warnings allowed)."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """The issues as a table with Spanish headers (Nivel · Hoja · Fila · Columna · Mensaje), errors first."""
        ordered = self.errors + self.warnings
        rows = [
            {
                "nivel": _NIVEL[issue.severity],
                "sheet": issue.sheet or "",
                "row": issue.row,
                "column": issue.column or "",
                "message": issue.message,
            }
            for issue in ordered
        ]
        frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
        frame["row"] = frame["row"].astype("Int64")
        return frame.rename(columns=FRAME_COLUMNS)

    def to_text(self) -> str:
        """A readable Spanish report, one line per issue."""
        lines = []
        for title, issues in (("Errores", self.errors), ("Advertencias", self.warnings)):
            if not issues:
                continue
            lines.append(f"{title} ({len(issues)}):")
            for issue in issues:
                where = issue.location()
                lines.append(f"  - {where}: {issue.message}" if where else f"  - {issue.message}")
        return "\n".join(lines)

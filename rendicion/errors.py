"""Named exceptions of the domain. Each carries a message in Spanish for the user."""

from __future__ import annotations


class RendicionError(Exception):
    """Base of every error the product expects and explains to the user (in Spanish)."""


class UnreadableWorkbook(RendicionError):
    """The file is not a workbook we can safely read (wrong format, damaged, hostile, too big)."""


class StoreError(RendicionError):
    """The version store cannot do what was asked (read-only disk, unreachable database …).

    Its message is shown to visitors, so it names no host, user, database or path; ``detail``
    says where (the SQLite file or the URL without password) for the server log and the CLI."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class VersionNotFound(StoreError):
    """No published version has that number."""


class NotAuthorized(RendicionError):
    """The editor password is missing or wrong."""


class UnusableWorkbook(RendicionError):
    """The workbook has errors, so it cannot be published; ``report`` lists them."""

    def __init__(self, message: str, report=None) -> None:  # noqa: ANN001 - a rendicion.report.Report
        super().__init__(message)
        self.report = report

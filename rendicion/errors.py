"""Named exceptions of the domain. Each carries a message in Spanish for the user."""

from __future__ import annotations


class RendicionError(Exception):
    """Base of every error the product expects and explains to the user (in Spanish)."""


class UnreadableWorkbook(RendicionError):
    """The file is not a workbook we can safely read (wrong format, damaged, hostile, too big)."""


class StoreError(RendicionError):
    """The version store cannot do what was asked (read-only disk, unreachable database …)."""


class VersionNotFound(StoreError):
    """No published version has that number."""


class NotAuthorized(RendicionError):
    """The editor password is missing or wrong, or the guessing limits refuse the attempt."""


class NothingToRestore(RendicionError):
    """The version asked to be restored already is the current content."""


class UnusableWorkbook(RendicionError):
    """The workbook has errors, so it cannot be published; ``report`` lists them."""

    def __init__(self, message: str, report=None) -> None:  # noqa: ANN001 - a rendicion.report.Report
        super().__init__(message)
        self.report = report

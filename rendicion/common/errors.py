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
    """The editor password is missing or wrong, or the guessing limits refuse the attempt."""


class NothingToRestore(RendicionError):
    """The version asked to be restored already is the current content."""


class UnusableWorkbook(RendicionError):
    """The workbook has errors, so it cannot be published; ``report`` lists them."""

    def __init__(self, message: str, findings=None) -> None:  # noqa: ANN001 - a rendicion.reading.findings.Findings
        super().__init__(message)
        self.findings = findings


class ValidationLimit(RendicionError):
    """Validating an upload in its isolated process hit a limit; the message names which one."""


class MemoryLimitExceeded(ValidationLimit):
    """The validation needed more memory than its process may have."""


class CpuLimitExceeded(ValidationLimit):
    """The validation used more processor time than its process may have."""


class TimeLimitExceeded(ValidationLimit):
    """The validation process did not finish in time (blocked rather than computing)."""


class ValidationCrashed(ValidationLimit):
    """The validation process died without an answer; ``detail`` (for the log) says how."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail

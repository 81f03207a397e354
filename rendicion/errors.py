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
    """The editor password is missing or wrong."""

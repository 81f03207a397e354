"""Moments in time as the product keeps and shows them: stored in UTC, shown in Bogotá.

Both backends of the store give ``created_at`` back in their own way (SQLite as a naive
datetime or an ISO string, PostgreSQL as an aware one); :func:`utc` makes every one of them the
same aware UTC moment, and :func:`bogota` writes it as Colombian users read it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

try:
    from zoneinfo import ZoneInfo

    BOGOTA = ZoneInfo("America/Bogota")
except Exception:  # noqa: BLE001 - no tz database on the machine: Colombia has no daylight saving time
    BOGOTA = timezone(timedelta(hours=-5), "COT")


def utc(value: datetime | str) -> datetime:
    """An aware UTC datetime: a naive one (or an ISO text without offset) is taken as UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def bogota(value: datetime | str) -> str:
    """A moment as Bogotá reads it: "25/11/2025 07:14" (a naive value is taken as UTC)."""
    return f"{utc(value).astimezone(BOGOTA):%d/%m/%Y %H:%M}"


def now_in_bogota() -> str:
    """This moment as Bogotá reads it: "04/12/2026 11:30"."""
    return bogota(datetime.now(timezone.utc))

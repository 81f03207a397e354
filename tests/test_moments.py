"""rendicion.common.moments: every stored moment is aware UTC, every shown one is Bogotá time (UTC-5)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rendicion.common import moments


def test_utc_takes_a_naive_moment_as_utc_and_converts_an_aware_one():
    assert moments.utc(datetime(2018, 8, 31, 12, 0)) == datetime(2018, 8, 31, 12, 0, tzinfo=timezone.utc)
    five_hours_behind = timezone(timedelta(hours=-5))
    assert moments.utc(datetime(2018, 8, 31, 7, 0, tzinfo=five_hours_behind)) == datetime(2018, 8, 31, 12, 0,
                                                                                          tzinfo=timezone.utc)
    assert moments.utc("2018-08-31T12:00:00.000001") == datetime(2018, 8, 31, 12, 0, 0, 1, tzinfo=timezone.utc)


def test_bogota_is_five_hours_behind_utc_all_year():
    assert moments.bogota(datetime(2018, 8, 31, 3, 30, tzinfo=timezone.utc)) == "30/08/2018 22:30"
    assert moments.bogota(datetime(2018, 1, 15, 12, 0)) == "15/01/2018 07:00"  # naive: UTC; no daylight saving

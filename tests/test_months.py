"""Month arithmetic and the month marks of schedule rows (rendicion.reading.months, rendicion.plan.model)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rendicion.plan.model import Parametros, last_day
from rendicion.reading.months import marked_months


def test_last_day_of_each_month_including_leap_februaries() -> None:
    assert last_day(2018, 1) == date(2018, 1, 31)
    assert last_day(2018, 2) == date(2018, 2, 28)
    assert last_day(2020, 2) == date(2020, 2, 29)
    assert last_day(1900, 2) == date(1900, 2, 28)
    assert last_day(2018, 4) == date(2018, 4, 30)
    assert last_day(9999, 12) == date(9999, 12, 31)


def test_month_end_and_the_plan_period_use_the_last_day() -> None:
    params = Parametros(vigencia=2020, mes_inicio=date(2019, 12, 1), meses=3)
    assert params.month_end(1) == date(2019, 12, 31)
    assert params.month_end(3) == date(2020, 2, 29)
    assert (params.fecha_inicio, params.fecha_fin) == (date(2019, 12, 1), date(2020, 2, 29))
    assert params.month_runs({1, 2, 3}) == [(date(2019, 12, 1), date(2020, 2, 29))]


def test_marked_months_judges_every_cell_on_its_own() -> None:
    # Values that are equal but of different types (1, 1.0, True; 0, 0.0, False) share a set entry:
    # each must be judged on its own. The rule, by hand: any non-empty value marks its month, except
    # an explicit "no" (0, no, -, n/a, false) and a False.
    cells = [("X", True), ("x", True), ("", False), ("  ", False), ("0", False), ("no", False), ("No", False),
             ("-", False), (0, False), (0.0, False), (False, False), (1, True), (1.0, True), (True, True),
             (None, False), (float("nan"), False), (date(2018, 1, 1), True), (datetime(2018, 1, 1), True),
             ("n/a", False), ("Sí", True), (2.5, True), ("✓", True)]
    grid = [["id", value] for value, _ in cells]
    found = marked_months(grid, list(range(len(cells))), {1: 7}, set())
    assert found == [{7} if marked else set() for _, marked in cells]


def test_marked_months_reads_short_rows_shading_and_only_the_rows_asked() -> None:
    grid = [
        ["1.1", "X", "", ""],    # row 0: marked in MES 1
        ["1.2"],                  # row 1: shorter than the month columns
        ["1.3", "", "", "x"],    # row 2: marked in MES 3, shaded in MES 2
        ["1.4", "X", "X", "X"],  # row 3: not asked for
    ]
    filled = {(2, 2), (3, 1), (0, 9)}  # shading outside the rows or the month columns counts for nothing
    found = marked_months(grid, [0, 1, 2], {1: 1, 2: 2, 3: 3}, filled)
    assert found == [{1}, set(), {2, 3}]


def test_marked_months_of_no_rows() -> None:
    assert marked_months([], [], {1: 1}, set()) == []


def test_scheduled_months_counts_each_activity_month_once() -> None:
    import pandas as pd

    from rendicion.plan.model import CRONOGRAMA_COLUMNS, scheduled_months

    rows = [
        ("1.1", date(2018, 1, 1), date(2018, 1, 10), "meses"),
        ("1.1", date(2018, 1, 20), date(2018, 3, 5), "meses"),   # January again: counted once
        ("1.2", date(2018, 12, 15), date(2019, 1, 15), "fecha_programada"),  # across the year
        ("1.3", date(2018, 6, 30), date(2018, 6, 30), "fecha_programada"),
    ]
    cronograma = pd.DataFrame(rows, columns=CRONOGRAMA_COLUMNS)
    assert scheduled_months(cronograma) == 3 + 2 + 1
    as_timestamps = cronograma.assign(inicio=pd.to_datetime(cronograma["inicio"]), fin=pd.to_datetime(cronograma["fin"]))
    assert scheduled_months(as_timestamps) == 6
    assert scheduled_months(cronograma.iloc[:0]) == 0


@pytest.mark.parametrize("year, february", [(1900, 28), (2000, 29), (2023, 28), (2024, 29), (2100, 28)])
def test_last_day_of_february_at_the_leap_year_boundaries(year, february) -> None:
    assert last_day(year, 2) == date(year, 2, february)


@given(st.integers(min_value=1, max_value=9998), st.integers(min_value=1, max_value=12))
def test_last_day_is_the_day_before_the_next_month_starts(year, month) -> None:
    end = last_day(year, month)
    following = date(year + month // 12, month % 12 + 1, 1)
    assert (end.year, end.month) == (year, month) and end + timedelta(days=1) == following

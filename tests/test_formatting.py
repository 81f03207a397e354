"""Spanish display formats (rendicion.common.formatting): rounding half up and plurals."""

from __future__ import annotations

import pytest

from rendicion.common import formatting


@pytest.mark.parametrize(("value", "shown"), [
    (28.25, "28,3 %"),  # round() would give 28,2: half to even on the binary value
    (226 / 6, "37,7 %"),
    (53.5, "53,5 %"),
    (1387 / 19, "73 %"),
    (45.25, "45,3 %"),
    (0.05, "0,1 %"),
    (79.95, "80 %"),
    (59.94, "59,9 %"),
    (100.0, "100 %"),
    (61.25, "61,3 %"),
    (71.25, "71,3 %"),
])
def test_percent_rounds_half_up(value, shown):
    assert formatting.percent(value) == shown


def test_round_half_up_cuts_floating_noise_first():
    assert formatting.round_half_up(28.249999999999996) == 28.3
    assert formatting.round_half_up(58.75) == 58.8
    assert formatting.round_half_up(12.345, 2) == 12.35


@pytest.mark.parametrize(("count", "singular", "plural_form", "text"), [
    (1, "cumplida", None, "1 cumplida"),
    (2, "cumplida", None, "2 cumplidas"),
    (0, "cumplida", None, "0 cumplidas"),
    (1, "actividad", None, "1 actividad"),
    (19, "actividad", None, "19 actividades"),
    (3, "observación", None, "3 observaciones"),
    (2, "vez", None, "2 veces"),
    (1, "vencida sin cumplir", "vencidas sin cumplir", "1 vencida sin cumplir"),
    (1200, "mes", None, "1.200 meses"),
])
def test_plural_agrees(count, singular, plural_form, text):
    assert formatting.plural(count, singular, plural_form) == text

"""rendicion.common.formatting: Spanish (Colombia) numbers, dates and plurals, the one way each is written.

Also a source check: no user-facing f-string writes a bare count before a noun; counts go
through :func:`formatting.plural` so that «1 versiones» and «1 error(es)» cannot come back.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from rendicion.common import formatting

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("count", "singular", "expected"),
    [
        (1, "versión", "1 versión"),
        (2, "versión", "2 versiones"),
        (0, "versión", "0 versiones"),
        (1, "error", "1 error"),
        (3, "error", "3 errores"),
        (1, "cumplida", "1 cumplida"),
        (2, "cumplida", "2 cumplidas"),
        (1, "actividad", "1 actividad"),
        (1234, "actividad", "1.234 actividades"),
        (2, "día", "2 días"),
        (2, "mes", "2 meses"),
        (2, "vez", "2 veces"),
        (2, "advertencia", "2 advertencias"),
        (5, "actividad agregada", "5 actividades agregadas"),
        (1, "actividad agregada", "1 actividad agregada"),
        (2, "versión verificada", "2 versiones verificadas"),
        (2, "parte interna", "2 partes internas"),
        (15.0, "punto", "15 puntos"),
        (12.5, "punto", "12,5 puntos"),
        (1.0, "punto", "1 punto"),
    ],
)
def test_plural_agrees_with_the_count(count, singular, expected):
    assert formatting.plural(count, singular) == expected


def test_plural_of_a_phrase_with_words_that_do_not_agree():
    assert formatting.plural(1, "reporte de avance") == "1 reporte de avance"
    assert formatting.plural(3, "reporte de avance", "reportes de avance") == "3 reportes de avance"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(87.26, "87,3 %"), (80, "80 %"), (80.0, "80 %"), (49.77, "49,8 %"), (0, "0 %"), (100, "100 %"),
     (None, "—"), (float("nan"), "—"), (1234.5, "1.234,5 %")],
)
def test_percent_is_spanish_and_a_missing_value_is_a_dash(value, expected):
    assert formatting.percent(value) == expected


def test_numbers_dates_and_months():
    assert formatting.number(12345.6, 1) == "12.345,6"
    assert formatting.number(1234567) == "1.234.567"
    assert formatting.day(date(2018, 8, 31)) == "31/08/2018"
    assert formatting.long_day(date(2018, 8, 31)) == "31 de agosto de 2018"
    assert formatting.month(date(2018, 1, 1)) == "enero de 2018"
    assert formatting.interval(date(2018, 1, 1), date(2018, 3, 31)) == "ene 2018 – mar 2018"
    assert formatting.interval(date(2018, 4, 22), date(2018, 4, 28)) == "22/04/2018 – 28/04/2018"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "—"), (float("nan"), "—"), ("", "—"), ("texto", "texto"), (date(2018, 8, 31), "31/08/2018"), (3, "3")],
)
def test_shown_never_writes_none_nan_or_an_iso_date(value, expected):
    assert formatting.shown(value) == expected


# --------------------------------------------------------------------------- bare counts in the source

#: Where user-facing text is written.
SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py")),
           *sorted((ROOT / "rendicion").rglob("*.py"))]
#: A placeholder that holds a count: len(…), formatting.number(…), a *count/_count/total name…
COUNT = re.compile(r"len\(|number\(|count\b|_count\b|\btotal\b|\bverified\b|\bcumplidas\b|\bslots\b|\bn\b")
#: …followed in the text by a plural noun or adjective (a word ending in s) or «(es)».
PLURAL_AFTER = re.compile(r"^\s+(?!más\b)(?:[a-záéíóúñ]+s\b|[a-záéíóúñ]+\(es\)|[a-záéíóúñ]+\(s\))")


def bare_counts(source: str) -> list[str]:
    """«{count} nouns» inside f-strings (every f-string of the file, user-facing or not)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        parts = node.values
        for value, following in zip(parts, parts[1:]):
            if not isinstance(value, ast.FormattedValue) or not isinstance(following, ast.Constant):
                continue
            expression = ast.unparse(value.value)
            if "plural(" in expression:
                continue
            if COUNT.search(expression) and PLURAL_AFTER.match(str(following.value)):
                found.append(f"{{{expression}}}{str(following.value)[:30]}")
    return found


def test_the_check_sees_a_bare_count():
    assert bare_counts('f"{len(rows)} actividades"') == ["{len(rows)} actividades"]
    assert bare_counts('f"{findings.error_count} error(es)"') == ["{findings.error_count} error(es)"]
    assert bare_counts('f"{formatting.plural(len(rows), \'actividad\')} en total"') == []
    assert bare_counts('f"Versión {version.version} de 3"') == []


def test_no_f_string_writes_a_bare_count_before_a_noun():
    offenders = {str(path.relative_to(ROOT)): found for path in SOURCES
                 if (found := bare_counts(path.read_text(encoding="utf-8")))}
    assert offenders == {}


# ---- rounding: half up, as a person rounds by hand (issue 17) -------------------------------

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
def test_plural_agrees_with_one_word_or_a_given_phrase(count, singular, plural_form, text):
    assert formatting.plural(count, singular, plural_form) == text


@pytest.mark.parametrize("value", [1e308, -1e308, 1e15, float("inf")])
def test_round_half_up_leaves_numbers_too_large_for_decimals_alone(value):
    # A hostile workbook's 1e308 in a % cell must become a message, never a decimal.InvalidOperation.
    assert formatting.round_half_up(value) == value


def test_percent_of_a_huge_number_is_text():
    assert formatting.percent(1e20) == "100.000.000.000.000.000.000 %"


@pytest.mark.parametrize(("items", "separator", "text"), [
    ([], ", ", ""),
    (["a"], ", ", "a"),
    (["a", "b"], ", ", "a y b"),
    (["a", "b", "c"], ", ", "a, b y c"),
    (["1, 2", "3", "4"], "; ", "1, 2; 3 y 4"),
])
def test_join_is_the_spanish_enumeration(items, separator, text):
    assert formatting.join(items, separator) == text

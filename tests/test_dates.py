"""The «Fecha programada» grammar: every expression seen in published PAACs, conventions, garbage."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendicion.reading.dates import ScheduleReading, read_schedule


def d(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def span(start: str, end: str | None = None) -> tuple[date, date]:
    return d(start), d(end or start)


# (text, vigencia, expected intervals, read by a convention?)
PUBLISHED = [
    ("30/04/2018", 2018, [span("30/04/2018")], False),
    ("15 abril de 2017", 2017, [span("15/04/2017")], False),
    ("29 de abril de 2017", 2017, [span("29/04/2017")], False),
    ("19 y 20 de abril de 2017", 2017, [span("19/04/2017", "20/04/2017")], False),
    ("22 al 28 de abril de 2017", 2017, [span("22/04/2017", "28/04/2017")], False),
    ("Enero 2021", 2021, [span("01/01/2021", "31/01/2021")], False),
    ("Marzo a dic 2019", 2019, [span("01/03/2019", "31/12/2019")], False),
    ("Febrero - Marzo", 2018, [span("01/02/2018", "31/03/2018")], True),
    ("Abril a diciembre de 2018", 2018, [span("01/04/2018", "31/12/2018")], False),
    ("Enero a Diciembre", 2018, [span("01/01/2018", "31/12/2018")], True),
    ("Abril, agosto y diciembre", 2018,
     [span("01/04/2018", "30/04/2018"), span("01/08/2018", "31/08/2018"), span("01/12/2018", "31/12/2018")], True),
    ("Junio y diciembre", 2018, [span("01/06/2018", "30/06/2018"), span("01/12/2018", "31/12/2018")], True),
    ("30 de abril, 31 de agosto y 31 de diciembre de 2018", 2018,
     [span("30/04/2018"), span("31/08/2018"), span("31/12/2018")], False),
    ("Primer semestre", 2018, [span("01/01/2018", "30/06/2018")], True),
    ("Segundo semestre", 2018, [span("01/07/2018", "31/12/2018")], True),
    ("I cuatrimestre", 2021, [span("01/01/2021", "30/04/2021")], True),
    ("Primer trimestre", 2019, [span("01/01/2019", "31/03/2019")], True),
    ("Permanente", 2018, [span("01/01/2018", "31/12/2018")], True),
    ("Durante la vigencia", 2020, [span("01/01/2020", "31/12/2020")], True),
    ("Diciembre 2018 - Enero 2019", 2018, [span("01/12/2018", "31/01/2019")], False),
    ("Hasta el 31 de enero de 2019", 2018, [span("01/01/2018", "31/01/2019")], True),
]


@pytest.mark.parametrize(("text", "vigencia", "expected", "by_convention"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_every_published_expression_reads(text, vigencia, expected, by_convention):
    reading = read_schedule(text, vigencia)
    assert reading.text == text
    assert list(reading.intervals) == expected
    assert (reading.convention is not None) == by_convention
    assert (reading.warning is not None) == by_convention
    if by_convention:
        assert reading.convention.startswith(f"«{text}»")
        assert text in reading.warning and "escríbala exacta" in reading.warning


def test_the_primer_semestre_convention_says_how_it_was_read():
    reading = read_schedule("Primer semestre", 2018)
    assert reading.convention.startswith("«Primer semestre»: del 1 de enero al 30 de junio de 2018")
    assert "sin año escrito: se tomó la vigencia 2018" in reading.convention


def test_a_missing_year_is_the_vigencias():
    assert read_schedule("Febrero - Marzo", 2021).intervals == (span("01/02/2021", "31/03/2021"),)
    assert read_schedule("29 de abril", 2017).intervals == (span("29/04/2017"),)


def test_years_written_in_the_text_are_reported():
    assert read_schedule("Diciembre 2018 - Enero 2019", 2018).years == {2018, 2019}
    assert read_schedule("Marzo a dic 2019", 2018).years == {2019}
    assert read_schedule("Enero a Diciembre", 2018).years == frozenset()
    assert read_schedule(date(2017, 4, 29), 2018).years == {2017}


def test_a_due_date_starts_at_the_vigencia_and_is_marked_due_only():
    reading = read_schedule("Hasta el 31 de enero de 2019", 2018)
    assert reading.due_only
    assert "solo fecha límite" in reading.convention
    assert read_schedule("A más tardar el 30 de junio", 2018).intervals == (span("01/01/2018", "30/06/2018"),)
    assert read_schedule("Antes del 15/03/2018", 2018).intervals == (span("01/01/2018", "15/03/2018"),)
    assert read_schedule("Hasta marzo", 2018).intervals == (span("01/01/2018", "31/03/2018"),)
    assert read_schedule("A 30 de junio", 2018).intervals == (span("01/01/2018", "30/06/2018"),)
    assert read_schedule("Al 31 de diciembre de 2018", 2018).due_only
    before = read_schedule("Hasta el 31 de diciembre de 2017", 2018)
    assert before.intervals == (span("31/12/2017"),) and before.due_only
    assert not read_schedule("Enero a marzo", 2018).due_only


def test_a_start_only_runs_to_the_end_of_the_vigencia():
    reading = read_schedule("A partir de abril de 2018", 2018)
    assert reading.intervals == (span("01/04/2018", "31/12/2018"),)
    assert "solo fecha de inicio" in reading.warning


@pytest.mark.parametrize("text", ["Trimestral", "Mensual", "Semestral", "Bimestral", "Cuatrimestral", "Anual",
                                  "Cada trimestre", "El 15 de cada mes"])
def test_periodic_texts_take_the_whole_vigencia_with_a_warning(text):
    reading = read_schedule(text, 2018)
    assert reading.intervals == (span("01/01/2018", "31/12/2018"),)
    assert reading.warning and reading.convention and "toda la vigencia" in reading.convention


def test_written_months_win_over_a_periodicity():
    reading = read_schedule("Trimestral: marzo, junio, septiembre y diciembre", 2018)
    assert [start.month for start, _ in reading.intervals] == [3, 6, 9, 12]
    assert "no la periodicidad" in reading.warning


@pytest.mark.parametrize("text", ["Cuando se requiera", "A demanda", "Por demanda", "Según necesidad", "Por definir"])
def test_on_demand_texts_are_unscheduled_with_a_warning(text):
    reading = read_schedule(text, 2018)
    assert reading.intervals == ()
    assert "sin programar" in reading.warning and text in reading.warning


SPELLINGS = [
    ("ABRIL A DICIEMBRE DE 2018.", [span("01/04/2018", "31/12/2018")]),
    ("abril a diciembre del 2018", [span("01/04/2018", "31/12/2018")]),
    ("Abril – diciembre 2018", [span("01/04/2018", "31/12/2018")]),
    ("Abril — diciembre 2018", [span("01/04/2018", "31/12/2018")]),
    ("Abril\na\ndiciembre de 2018", [span("01/04/2018", "31/12/2018")]),
    ("ene. - feb. 2018", [span("01/01/2018", "28/02/2018")]),
    ("sept a dic 2018", [span("01/09/2018", "31/12/2018")]),
    ("Setiembre 2018", [span("01/09/2018", "30/09/2018")]),
    ("1er semestre 2018", [span("01/01/2018", "30/06/2018")]),
    ("II semestre de 2018", [span("01/07/2018", "31/12/2018")]),
    ("Semestre II 2018", [span("01/07/2018", "31/12/2018")]),
    ("III cuatrimestre 2018", [span("01/09/2018", "31/12/2018")]),
    ("IV trimestre 2018", [span("01/10/2018", "31/12/2018")]),
    ("2do trimestre 2018", [span("01/04/2018", "30/06/2018")]),
    ("Primer y tercer trimestre 2018", [span("01/01/2018", "31/03/2018"), span("01/07/2018", "30/09/2018")]),
    ("30-04-2018", [span("30/04/2018")]),
    ("2018-04-30", [span("30/04/2018")]),
    ("30.04.2018", [span("30/04/2018")]),
    ("30/04/18", [span("30/04/2018")]),
    ("30-abr-2018", [span("30/04/2018")]),
    ("Abril 30 de 2018", [span("30/04/2018")]),
    ("04/2018", [span("01/04/2018", "30/04/2018")]),
    ("01/02/2018 - 30/06/2018", [span("01/02/2018", "30/06/2018")]),
    ("Del 1 de marzo al 30 de junio de 2018", [span("01/03/2018", "30/06/2018")]),
    ("Desde marzo hasta junio de 2018", [span("01/03/2018", "30/06/2018")]),
    ("Entre marzo y junio de 2018", [span("01/03/2018", "30/06/2018")]),
    ("Abril y/o mayo de 2018", [span("01/04/2018", "31/05/2018")]),
    ("Junio; diciembre 2018", [span("01/06/2018", "30/06/2018"), span("01/12/2018", "31/12/2018")]),
    ("Enero 2018 a junio 2018", [span("01/01/2018", "30/06/2018")]),
    ("29 de febrero de 2020", [span("29/02/2020")]),
    ("ene-18", [span("01/01/2018", "31/01/2018")]),  # a month as Excel shows it
    ("Abril-2018 a junio-2018", [span("01/04/2018", "30/06/2018")]),
    ("30/04 y 31/08 de 2018", [span("30/04/2018"), span("31/08/2018")]),
    ("Último trimestre 2018", [span("01/10/2018", "31/12/2018")]),
    ("Lunes 30 de abril de 2018", [span("30/04/2018")]),
    ("1° semestre 2018", [span("01/01/2018", "30/06/2018")]),
    ("1º semestre 2018", [span("01/01/2018", "30/06/2018")]),
    ("Semestre 2 de 2018", [span("01/07/2018", "31/12/2018")]),
    ("Febrero 1 a diciembre 31 de 2018", [span("01/02/2018", "31/12/2018")]),
    ("Entre el 1 y el 15 de marzo de 2018", [span("01/03/2018", "15/03/2018")]),
    ("1 al 15 de marzo y 1 al 15 de septiembre de 2018", [span("01/03/2018", "15/03/2018"),
                                                         span("01/09/2018", "15/09/2018")]),
]


@pytest.mark.parametrize(("text", "expected"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_case_accents_abbreviations_ordinals_and_punctuation_do_not_matter(text, expected):
    assert list(read_schedule(text, 2018).intervals) == expected


def test_a_range_over_new_year_without_years_runs_into_the_next_year():
    reading = read_schedule("Diciembre a enero", 2018)
    assert reading.intervals == (span("01/12/2018", "31/01/2019"),)
    assert "año siguiente" in reading.convention
    assert read_schedule("Diciembre a enero de 2019", 2018).intervals == (span("01/12/2018", "31/01/2019"),)


def test_adjacent_runs_merge_and_separate_runs_stay_separate():
    assert read_schedule("Abril y mayo de 2018", 2018).intervals == (span("01/04/2018", "31/05/2018"),)
    assert len(read_schedule("Abril y junio de 2018", 2018).intervals) == 2
    assert read_schedule("Diciembre, abril 2018", 2018).intervals[0][0] == d("01/04/2018")  # sorted


def test_words_left_aside_are_named():
    reading = read_schedule("Abril de 2018 (informe)", 2018)
    assert reading.intervals == (span("01/04/2018", "30/04/2018"),)
    assert "«informe»" in reading.warning


@pytest.mark.parametrize("text", ["xyz", "31 de febrero de 2018", "15", "quinto trimestre", "Junio 2019 a marzo 2019",
                                  "?", "1.1", "Responsable: Planeación", "Enero 0000", "Trimestre", "enero-15",
                                  "40/04"])
def test_unreadable_texts_are_unscheduled_with_a_warning_that_shows_how_to_write_them(text):
    reading = read_schedule(text, 2018)
    assert reading.intervals == ()
    assert reading.convention is None
    assert "No se pudo leer" in reading.warning and "30/04/2018" in reading.warning


def test_an_impossible_day_is_named():
    assert "el 31 de febrero de 2018 no existe" in read_schedule("31 de febrero de 2018", 2018).warning


def test_cells_that_are_not_text():
    assert read_schedule(date(2018, 4, 30), 2017) == ScheduleReading(
        "30/04/2018", (span("30/04/2018"),), None, None, years=frozenset({2018}))
    assert read_schedule(datetime(2018, 4, 30, 15, 30), 2018).intervals == (span("30/04/2018"),)
    assert read_schedule(43220, 2018).intervals == (span("30/04/2018"),)  # Excel serial
    assert read_schedule(43220.0, 2018).text == "30/04/2018"
    year = read_schedule(2019, 2018)
    assert year.intervals == (span("01/01/2019", "31/12/2019"),) and year.convention
    for empty in (None, "", "   ", float("nan")):
        assert read_schedule(empty, 2018) == ScheduleReading("", (), None, None)
    assert read_schedule(5, 2018).intervals == ()
    assert read_schedule(True, 2018).warning
    assert read_schedule(numpy.int64(43220), 2018).intervals == (span("30/04/2018"),)  # as pandas gives it
    assert read_schedule(numpy.float64(2019.0), 2018).intervals == (span("01/01/2019", "31/12/2019"),)
    for huge in (10**5000, float("inf"), -1e300):
        assert read_schedule(huge, 2018).intervals == () and read_schedule(huge, 2018).warning


def test_the_suggested_exact_writing_reads_back_without_a_convention():
    texts = [text for text, _, _, convention in PUBLISHED if convention] + [
        "Diciembre a enero", "Hasta marzo", "I y III cuatrimestre", "Del 15 de marzo al 30 de junio"]
    for text in texts:
        reading = read_schedule(text, 2018)
        suggested = reading.warning.split("escríbala exacta: «")[1].rsplit("»", 1)[0]
        again = read_schedule(suggested, 2018)
        assert again.intervals == reading.intervals, (text, suggested)
        assert again.convention is None and again.warning is None, suggested


def test_readings_are_cached_per_text_and_vigencia():
    assert read_schedule("Primer semestre", 2018) is read_schedule("Primer semestre", 2018)
    assert read_schedule("Primer semestre", 2019).intervals == (span("01/01/2019", "30/06/2019"),)


def _valid(reading: ScheduleReading) -> None:
    assert isinstance(reading.text, str)
    previous_end = None
    for start, end in reading.intervals:
        assert isinstance(start, date) and isinstance(end, date) and start <= end
        if previous_end is not None:
            assert start > previous_end + timedelta(days=1)  # merged: no overlap, no adjacency
        previous_end = end
    if not reading.intervals and reading.text:
        assert reading.warning
    if reading.convention:
        assert reading.warning


_GRAMMAR_WORDS = st.sampled_from(
    ["de", "del", "al", "a", "y", "e", "-", "–", ",", ";", "/", ".", "hasta", "desde", "entre", "enero", "feb", "sept",
     "dic", "diciembre", "primer", "II", "iv", "semestre", "trimestre", "cuatrimestre", "mes", "1er", "2do", "30",
     "31", "29", "1", "0", "2018", "2019", "1899", "9999", "30/04/2018", "2018-02-30", "04/2018", "permanente",
     "trimestral", "cuando se requiera", "y/o", "\n", "°", "(", ")"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_GRAMMAR_WORDS, max_size=8).map(" ".join), st.integers(min_value=1900, max_value=2100))
def test_any_combination_of_grammar_words_reads_without_exception(text, vigencia):
    _valid(read_schedule(text, vigencia))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none(), st.booleans(), st.dates(),
                 st.datetimes()),
       st.integers(min_value=1900, max_value=2100))
def test_any_value_reads_without_exception(value, vigencia):
    _valid(read_schedule(value, vigencia))


@settings(max_examples=300, deadline=None)
@given(st.lists(_GRAMMAR_WORDS, max_size=8).map(" ".join), st.integers(min_value=1990, max_value=2090))
def test_any_suggested_exact_writing_reads_back_the_same_days_without_a_warning(text, vigencia):
    reading = read_schedule(text, vigencia)
    if reading.warning and "escríbala exacta: «" in reading.warning:
        suggested = reading.warning.split("escríbala exacta: «")[1].rsplit("»", 1)[0]
        again = read_schedule(suggested, vigencia)
        assert again.intervals == reading.intervals and again.warning is None, suggested


def test_an_unusable_vigencia_never_raises():
    for vigencia in (0, -5, 10_000):
        for text in ("Permanente", "Primer semestre", "Hasta el 31/01/2019", "Desde marzo de 2018", "Enero"):
            _valid(read_schedule(text, vigencia))


_CPU_SCRIPT = """
import resource, sys
from rendicion.reading.dates import read_schedule
forms = ["{d}/{m:02d}/2018", "{d} de abril de 2018", "{d} al 28 de abril de 2017", "Marzo a dic 2019",
         "Abril, agosto y diciembre", "Primer semestre", "Hasta el {d} de enero de 2019", "Permanente",
         "{d} de abril, 31 de agosto y 31 de diciembre de 2018", "Trimestral", "Enero a junio", "I cuatrimestre"]
texts = [forms[i % len(forms)].format(d=1 + i % 28, m=1 + i % 12) for i in range(10_000)]
before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
for text in texts:
    read_schedule(text, 2018)
print(resource.getrusage(resource.RUSAGE_SELF).ru_utime - before)
"""


def test_ten_thousand_cells_of_a_plan_cost_little_cpu():
    """A CPU-time budget in a child process (no wall clock): generous, the benchmark holds the target."""
    result = subprocess.run([sys.executable, "-c", _CPU_SCRIPT], capture_output=True, text=True, check=True)
    assert float(result.stdout) < 2.0


def test_every_example_in_the_documented_grammar_table_reads():
    import re
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "fechas.md").read_text(encoding="utf-8")
    section = doc.split("# Cómo se leen las fechas programadas")[1].split("**Convenciones")[0]
    examples = [re.findall(r"«([^»]+)»", line.split("|")[2]) for line in section.splitlines()
                if line.startswith("| ") and not line.startswith("| Forma")]
    examples = [text for row in examples for text in row]
    assert len(examples) >= 25
    for text in examples:
        assert read_schedule(text, 2018).intervals, text


@pytest.mark.parametrize("text, vigencia, intervals", [
    ("febrero", 1900, [(date(1900, 2, 1), date(1900, 2, 28))]),   # divisible by 100, not by 400: common year
    ("febrero", 2000, [(date(2000, 2, 1), date(2000, 2, 29))]),   # divisible by 400: leap year
    ("febrero", 2024, [(date(2024, 2, 1), date(2024, 2, 29))]),   # divisible by 4: leap year
    ("febrero", 2023, [(date(2023, 2, 1), date(2023, 2, 28))]),
    ("29/02/2000", 2000, [(date(2000, 2, 29), date(2000, 2, 29))]),
    ("29/02/2024", 2024, [(date(2024, 2, 29), date(2024, 2, 29))]),
    ("29/02/1900", 1900, []),
    ("29/02/2023", 2023, []),
])
def test_february_follows_the_gregorian_leap_years(text, vigencia, intervals):
    reading = read_schedule(text, vigencia)
    assert list(reading.intervals) == intervals
    if not intervals:
        assert f"el 29 de febrero de {vigencia} no existe" in reading.warning

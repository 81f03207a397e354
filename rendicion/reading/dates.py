"""«Fecha programada» cells read as inclusive day intervals.

Published PAACs schedule each activity with free text: «30/04/2018», «22 al 28 de abril de
2017», «Marzo a dic 2019», «Abril, agosto y diciembre», «Primer semestre», «Permanente»,
«Hasta el 31 de enero de 2019». :func:`read_schedule` turns one such cell into a
:class:`ScheduleReading`: sorted, merged, inclusive ``(start, end)`` day intervals, plus a Spanish
note whenever the text was read by a convention (no year written, a period of the vigencia, a
vague or periodic word) and a warning for the validation findings at that cell.

The grammar, in the order it is tried (docs/fechas.md, «Cómo se leen las fechas
programadas» shows the same forms to users):

1. A date cell (or an Excel serial number) is that day. A whole number 1900–2100 is that year.
2. Texts with no dates at all: «Cuando se requiera», «A demanda», «Por demanda», «Según
   necesidad», «Eventual», «Por definir» leave the activity unscheduled.
3. A due date: a text that starts with «Hasta», «A más tardar», «Antes del», «Fecha límite»,
   «Plazo», «A» or «Al» («Al 30 de junio») is a due date only (``due_only``); its interval
   runs from the first day of the vigencia to the last day written («Hasta marzo» is 31
   March). A due date before the vigencia starts is that single day. «Desde marzo» / «A
   partir de marzo» runs to the vigencia's end.
4. Otherwise the text is a list of items separated by «,», «;», «y», «e», «y/o», «/»; each
   item is a point or a range «A al B», «A a B», «A - B», «A hasta B», «entre A y B». A point
   is a day («30 de abril de 2018», «30/04/2018», «2018-04-30», «30-abr-18», «abril 30»,
   «30/04»), a month («abril», «abr. 2018», «04/2018», «ene-18» as Excel shows a month:
   two-digit years only after an abbreviation), a period of the year («Primer semestre», «I
   cuatrimestre», «2do trimestre», «bimestre V», «Último trimestre», «mes 3» = March) or a
   year alone («2018»). Parts borrow what they lack from the next part that has it, so «19 y
   20 de abril de 2017» and «30 de abril, 31 de agosto y 31 de diciembre de 2018» share the
   month and the year written last. A year still missing is the vigencia's (a convention,
   noted). «Diciembre a enero» with no year runs into the next year. Adjacent or overlapping
   intervals merge: «Abril y mayo» is one run, «Junio y diciembre» two.
5. If no date can be read, a whole-vigencia word («Permanente», «Durante la vigencia», «Todo
   el año», «Anual», «Continuo») or a periodic one («Mensual», «Bimestral», «Trimestral»,
   «Cuatrimestral», «Semestral», «Semanal», «Quincenal», «Diario», «Periódico», «Cada
   trimestre», «El 15 de cada mes») schedules the whole vigencia (January 1 to December 31 of
   the vigencia, or of the year written), noted as a convention. When the same text also
   names dates («Trimestral: marzo, junio, septiembre y diciembre») the dates win; when they
   cannot be read, the periodic word still schedules the vigencia.
6. Words the grammar does not know («Abril (informe)») are left aside when the rest reads, and
   the note names them; a text with nothing readable is unscheduled with a warning. Impossible
   dates («31 de febrero») and backwards ranges with both years written are unreadable too.

Case, accents, abbreviations (ene, feb, sept, dic), ordinals (1er, primer, I–VI), «de»/«del»,
en and em dashes, line breaks, extra punctuation and trailing periods do not matter. The
function never raises for any cell value; results are cached per (text, vigencia) because plans
repeat the same texts.

Why not ``dateparser`` (1.5.0, measured on this project's machine): importing it and the first
Spanish parse cost about 0.25 s of CPU, and each later call about 0.8 ms, so 10,000 distinct
cells would take about 8 s against the loader's budget of well under 0.5 s for the whole
workbook; it reads none of the ranges, lists or periods either («Marzo a dic 2019» and «Primer
semestre» give nothing), so the grammar below would still be needed for almost every cell.
Single Spanish dates are a few lines of this grammar. Measured the same way, this module costs
10–30 µs of CPU per distinct text and about 4 µs per repeated one (the cache): 10,000 cells in
the mixed forms of the benchmark's synthetic plan (365 distinct texts) take about 0.06 s.
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from rendicion.common.formatting import MONTHS, join
from rendicion.common.text import clean
from rendicion.plan.model import last_day

Interval = tuple[date, date]


@dataclass(frozen=True)
class ScheduleReading:
    """How one «Fecha programada» cell was read."""

    #: The cell as written (a date cell rendered dd/mm/aaaa).
    text: str
    #: Inclusive [start, end] days, sorted, merged, non-overlapping; () when unreadable or empty.
    intervals: tuple[Interval, ...]
    #: Spanish: how a vague/periodic/partial expression was read; None for an exact date or range.
    convention: str | None
    #: Spanish message for the validation findings at this cell: set whenever a convention was used
    #: or nothing could be read (an empty cell has none: the loader reports it as unscheduled).
    warning: str | None
    #: «Hasta el 31 de enero de 2019»: only a due date; the interval starts on the vigencia's first
    #: day (or is the due day alone when that day is before the vigencia).
    due_only: bool = False
    #: Years written explicitly in the text (lets the loader infer the vigencia).
    years: frozenset[int] = frozenset()


def read_schedule(value: object, vigencia: int) -> ScheduleReading:
    """Read a «Fecha programada» cell; a missing year means ``vigencia``. Never raises."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _exact(value)
    if isinstance(value, bool):
        return _read_text(str(value), vigencia)
    if isinstance(value, numbers.Real):  # int, float and their numpy cousins
        return _read_number(value, vigencia)
    text = clean(value)
    if not text:
        return ScheduleReading("", (), None, None)
    return _read_text(text, vigencia)


# --- cells that are not text ----------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)


def _exact(day: date) -> ScheduleReading:
    return ScheduleReading(f"{day:%d/%m/%Y}", ((day, day),), None, None, years=frozenset({day.year}))


def _read_number(value: numbers.Real, vigencia: int) -> ScheduleReading:
    """An Excel serial date (1950–2100), or a year written as a number (2018)."""
    if value != value:  # NaN: an empty cell read by pandas
        return ScheduleReading("", (), None, None)
    if not -1e15 < value < 1e15:
        return _unreadable("(número demasiado grande)", "")
    number = float(value)
    if number.is_integer() and 1900 <= number <= 2100:
        return _read_text(str(int(number)), vigencia)
    if 18264 <= number <= 73051:  # 1950-01-01 .. 2100-01-01
        return _exact(_EXCEL_EPOCH + timedelta(days=int(number)))
    return _unreadable(clean(number), " (un número que no es una fecha)")


# --- text ------------------------------------------------------------------------------------

_ON_DEMAND = re.compile(
    r"\b(cuando se requiera|cuando sea necesario|segun se requiera|a demanda|por demanda|segun demanda|"
    r"segun necesidad|segun necesidades|eventual|ocasional|por definir|sin fecha|no aplica)\b")
_WHOLE_VIGENCIA = re.compile(
    r"\b(permanente|permanentemente|durante la vigencia|toda la vigencia|durante toda la vigencia|"
    r"todo el ano|durante el ano|anual|continuo|continua|vigencia)\b")
_PERIODIC = re.compile(
    r"\b(mensual|mensualmente|bimestral|trimestral|trimestralmente|cuatrimestral|semestral|"
    r"semestralmente|semanal|quincenal|diario|diaria|periodico|periodica|"
    r"cada (?:mes|bimestre|trimestre|cuatrimestre|semestre|semana|\w+ meses))\b")
_DUE = re.compile(r"^(hasta|a mas tardar|antes de|antes del|fecha limite|plazo maximo|plazo|maximo|a|al)\b(?: el| la)?")
_FROM = re.compile(r"^(desde|a partir de|a partir del)\b")
_BETWEEN = re.compile(r"^entre (.+?) y (.+)$")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_AND_OR = re.compile(r"\by\s*/\s*o\b")


def _normalise(text: str) -> str:
    """Lower case, no accents, dashes as "-", «y/o» as «y», one space between words."""
    plain = text.casefold()
    if not plain.isascii():
        plain = _DASHES.sub("-", plain)
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    plain = _AND_OR.sub(" y ", plain)
    return " ".join(plain.split()).strip(" .")


@lru_cache(maxsize=65536)
def _read_text(text: str, vigencia: int) -> ScheduleReading:
    phrase = _normalise(text)
    if _ON_DEMAND.search(phrase):
        convention = f"«{text}»: sin fechas, la actividad queda sin programar"
        warning = (f"La fecha programada «{text}» no dice cuándo se hace la actividad: queda sin programar. "
                   f"Si tiene un plazo, escríbalo, por ejemplo «Hasta el 31/12/{vigencia}».")
        return ScheduleReading(text, (), convention, warning)

    start_open = _FROM.match(phrase)
    due = None if start_open else _DUE.match(phrase)
    if start_open or due:
        phrase = phrase[(start_open or due).end():]
    elif between := _BETWEEN.match(phrase):
        phrase = f"{between.group(1)} al {between.group(2)}"

    try:
        parsed = _parse(phrase, vigencia)
        problem = ""
    except _Unreadable as error:
        parsed, problem = _Parsed(), f" ({error})"

    notes = list(parsed.notes)
    intervals = parsed.intervals
    if intervals and due:
        last = intervals[-1][1]
        first = date(vigencia, 1, 1) if 1900 <= vigencia <= 2100 else last
        intervals = ((first, last),) if first <= last else ((last, last),)
        notes.insert(0, "solo fecha límite: se programó desde el inicio de la vigencia" if first <= last
                     else "solo fecha límite, anterior a la vigencia: se programó ese día")
    elif intervals and start_open and not parsed.ranged:
        first = intervals[0][0]
        last = date(min(max(vigencia, first.year), 2100), 12, 31)
        intervals = ((first, last),)
        notes.insert(0, "solo fecha de inicio: se programó hasta el fin de la vigencia")
    elif intervals and _PERIODIC.search(phrase):
        notes.append("se tomaron las fechas escritas, no la periodicidad")
    elif not intervals:  # no date read: a whole-vigencia or periodic word, or nothing
        periodic = _PERIODIC.search(phrase)
        if periodic:
            notes = [f"actividad periódica («{periodic.group(0)}»): se programó toda la vigencia"]
        elif _WHOLE_VIGENCIA.search(phrase):
            notes = ["toda la vigencia"]
        else:
            return _unreadable(text, problem)
        year = max(parsed.years) if parsed.years else vigencia
        if not 1900 <= year <= 2100:
            return _unreadable(text, f" (el año {year} está fuera de rango)")
        intervals = ((date(year, 1, 1), date(year, 12, 31)),)

    convention = None
    warning = None
    if notes:
        reading = _describe(intervals)
        convention = f"«{text}»: {reading} ({'; '.join(notes)})"
        warning = (f"La fecha programada «{text}» se leyó {reading} ({'; '.join(notes)}). "
                   f"Para que no haya dudas, escríbala exacta: «{_exact_text(intervals)}».")
    return ScheduleReading(text, intervals, convention, warning, due_only=bool(due),
                           years=frozenset(parsed.years))


def _unreadable(text: str, reason: str) -> ScheduleReading:
    warning = (f"No se pudo leer la fecha programada «{text}»{reason}: la actividad queda sin programar. "
               "Escríbala como «30/04/2018», «22 al 28 de abril de 2018», «Marzo a diciembre de 2018», "
               "«Abril, agosto y diciembre» o «Primer semestre».")
    return ScheduleReading(text, (), None, warning)


# --- tokens ----------------------------------------------------------------------------------

_MONTH_WORDS = {name: number for number, name in enumerate(MONTHS, start=1)} | {
    "setiembre": 9, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8,
    "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12, "agos": 8}
#: Period word -> months it spans.
_PERIOD_WORDS = {"semestre": 6, "semestres": 6, "cuatrimestre": 4, "cuatrimestres": 4, "trimestre": 3,
                 "trimestres": 3, "bimestre": 2, "bimestres": 2, "mes": 1}
_PERIOD_NAMES = {6: "semestre", 4: "cuatrimestre", 3: "trimestre", 2: "bimestre", 1: "mes"}
_LAST = -1  # «último trimestre»
_ORDINAL_WORDS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
                  "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6,
                  "sexta": 6, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6,
                  "ultimo": _LAST, "ultima": _LAST}
_FILLER = {"de", "del", "el", "la", "los", "las", "en", "dia", "dias", "ano", "anio", "periodo", "fecha",
           "fechas", "durante", "desde", "meses", "corte", "vigencia", "cada", "lunes", "martes", "miercoles",
           "jueves", "viernes", "sabado", "domingo"}
_RANGE_WORDS = {"al", "a", "hasta"}
_LIST_WORDS = {"y", "e"}
_RANGE: tuple[str, object] = ("range", None)
_LIST: tuple[str, object] = ("list", None)
#: Every word the grammar knows, as its token.
_WORDS: dict[str, tuple[str, object]] = (
    {word: ("filler", word) for word in _FILLER}
    | {word: ("ordinal", number) for word, number in _ORDINAL_WORDS.items()}
    | {word: ("period", months) for word, months in _PERIOD_WORDS.items()}
    | {word: ("month", month) for word, month in _MONTH_WORDS.items()}
    | {word: _LIST for word in _LIST_WORDS}
    | {word: _RANGE for word in _RANGE_WORDS}
)

_MONTH_ALTERNATION = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_TOKEN = re.compile(r"""
    (?P<mony>(?P<mony_m>MONTH)\.?[-/](?P<mony_y>\d{4}|\d{2}))(?![\d/-])
  | (?P<word>[a-z]+)
  | (?P<comma>[,;/])
  | (?P<dash>-+)
  | (?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))(?!\d)
  | (?P<dmy>(?P<dd>\d{1,2})[-/.](?P<dm>\d{1,2})[-/.](?P<dy>\d{4}|\d{2}))(?!\d)
  | (?P<dmony>(?P<xd>\d{1,2})[-/](?P<xm>[a-z]+)\.?[-/](?P<xy>\d{4}|\d{2}))(?![\d-])
  | (?P<my>(?P<mm>\d{1,2})[-/](?P<my_y>\d{4}))(?!\d)
  | (?P<ym>(?P<ym_y>\d{4})[-/](?P<ym_m>\d{1,2}))(?!\d)
  | (?P<daymonth>(?P<dmo_d>\d{1,2})/(?P<dmo_m>\d{1,2}))(?![\d/])
  | (?P<num>\d+)(?P<ordinal>ero|er|ro|do|to|vo|o|°|º|ª)?(?![a-z\d])
  | (?P<glued>\d+[a-z]+)
""".replace("MONTH", _MONTH_ALTERNATION), re.VERBOSE)


@dataclass(slots=True)
class _Point:
    """One end of a range, as written; missing fields are filled from neighbours, then the vigencia."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    ordinal: int | None = None
    period: int | None = None  # months per period: 6 semestre, 4 cuatrimestre, 3 trimestre, 2, 1
    year_written: bool = False

    def empty(self) -> bool:
        return self.day is None and self.month is None and self.year is None and self.ordinal is None


@dataclass(slots=True)
class _Parsed:
    intervals: tuple[Interval, ...] = ()
    notes: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    ranged: bool = False  # some item is a range «A al B» (so «Desde A hasta B» is not open-ended)


class _Unreadable(Exception):
    """A text that looks like dates but is not a valid one (reason in Spanish)."""


def _tokens(phrase: str) -> list[tuple[str, object]]:
    """("point", _Point) | ("number", n) | ("year", y) | ("month", m) | ("ordinal", k) | ("period", months)
    | ("range", None) | ("list", None) | ("filler", word) | ("unknown", word)."""
    tokens: list[tuple[str, object]] = []
    for match in _TOKEN.finditer(phrase):
        kind = match.lastgroup
        if kind == "word":
            word = match.group("word")
            tokens.append(_WORDS.get(word) or ("unknown", word))
        elif kind == "num" or kind == "ordinal":
            tokens.append(_number_token(match.group("num"), match.group("ordinal")))
        elif kind == "dash":
            tokens.append(_RANGE)
        elif kind == "comma":
            tokens.append(_LIST)
        elif kind == "glued":
            tokens.append(("unknown", match.group("glued")))
        else:
            tokens.append(("point", _numeric_point(match)))
    return tokens


def _numeric_point(match: re.Match[str]) -> _Point:
    """A day or a month written with digits: 2018-04-30, 30/04/2018, 30/04/18, 30-abr-2018, 04/2018, 2018-04."""
    kind = match.lastgroup
    if kind == "iso":
        return _day_point(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
    if kind == "dmy":
        return _day_point(_full_year(match.group("dy")), int(match.group("dm")), int(match.group("dd")))
    if kind == "dmony":
        month = _MONTH_WORDS.get(match.group("xm"))
        if month is None:
            raise _Unreadable(f"«{match.group('xm')}» no es un mes")
        return _day_point(_full_year(match.group("xy")), month, int(match.group("xd")))
    if kind == "daymonth":  # «30/04»: the year comes from a neighbour or the vigencia
        day, month = int(match.group("dmo_d")), int(match.group("dmo_m"))
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            raise _Unreadable(f"«{match.group('daymonth')}» no es un día y un mes")
        return _Point(day=day, month=month)
    if kind == "mony":  # «abril-2018»; «ene-18» as Excel shows a month (two digits only after an abbreviation)
        word, digits = match.group("mony_m"), match.group("mony_y")
        if len(digits) == 2 and len(word) > 4:
            raise _Unreadable(f"«{match.group('mony')}»: escriba el año con cuatro cifras")
        year = _full_year(digits)
        _check_day(year, _MONTH_WORDS[word], 1)
        return _Point(month=_MONTH_WORDS[word], year=year, year_written=True)
    month = int(match.group("mm") or match.group("ym_m"))
    year = int(match.group("my_y") or match.group("ym_y"))
    _check_day(year, month, 1)
    return _Point(month=month, year=year, year_written=True)


def _full_year(digits: str) -> int:
    """"18" -> 2018; four digits as written."""
    year = int(digits)
    return year + 2000 if year < 100 else year


def _day_point(year: int, month: int, day: int) -> _Point:
    _check_day(year, month, day)
    return _Point(day=day, month=month, year=year, year_written=True)


def _number_token(digits: str, ordinal: str | None) -> tuple[str, object]:
    number = int(digits[:6])
    if ordinal:
        return ("ordinal", number)
    if len(digits) == 4:  # a year; one outside 1900–2100 makes the text unreadable (see _span)
        return ("year", number)
    if 1 <= number <= 31 and len(digits) <= 2:
        return ("number", number)
    return ("unknown", digits)


# --- grammar ---------------------------------------------------------------------------------

def _parse(phrase: str, vigencia: int) -> _Parsed:
    """The intervals a phrase names (maybe none), the notes on conventions used, the years written."""
    tokens = _tokens(phrase)
    unknown = [str(value) for kind, value in tokens if kind == "unknown"
               and not _PERIODIC.fullmatch(str(value)) and not _WHOLE_VIGENCIA.fullmatch(str(value))]
    items: list[list[_Point]] = [[]]  # each item: one point, or two for a range
    current: list[tuple[str, object]] = []

    def close_point() -> None:
        point = _point(current)
        current.clear()
        if point is not None:
            items[-1].append(point)

    for kind, value in tokens:
        if kind == "range":
            close_point()
            if items[-1] and len(items[-1]) == 1:
                items[-1].append(_Point())  # placeholder: the range's end comes next
        elif kind == "list":
            close_point()
            items.append([])
        elif kind not in ("filler", "unknown"):
            current.append((kind, value))
    close_point()

    ranges = [[p for p in item if not p.empty()] for item in items]
    ranges = [item for item in ranges if item]
    points = [p for item in ranges for p in item]
    parsed = _Parsed(years={p.year for p in points if p.year_written and p.year is not None})
    if not points:
        return parsed
    parsed.ranged = any(len(item) > 1 for item in ranges)
    _borrow(points, vigencia, parsed)
    intervals = []
    for item in ranges:
        start = _span(item[0])
        end = start if len(item) == 1 else _span(item[-1])
        if start[0] > end[1]:
            start, end = _turn_of_year(item[0], item[-1], start, end, parsed)
        intervals.append((start[0], end[1]))
    if unknown:
        parsed.notes.append("no se tuvo en cuenta: " + ", ".join(f"«{word}»" for word in dict.fromkeys(unknown)))
    parsed.intervals = _merge(intervals)
    return parsed


def _point(tokens: list[tuple[str, object]]) -> _Point | None:
    """One point from its tokens: a day, a month, a period, a year, or a combination in order."""
    if not tokens:
        return None
    point = _Point()
    for kind, value in tokens:
        if kind == "point":
            if not point.empty():
                raise _Unreadable("dos fechas sin separador")
            point = value  # type: ignore[assignment]
        elif kind == "number" and point.month is not None and point.day is None and point.ordinal is None:
            point.day = value  # «abril 30»
        elif kind == "number" and point.day is None and point.month is None and point.ordinal is None:
            point.day = value
        elif kind == "ordinal" and point.ordinal is None and point.day is None:
            point.ordinal = value
        elif kind == "period" and point.period is None and point.month is None:
            point.period = value
        elif kind == "month" and point.month is None and point.period is None:
            point.month = value
        elif kind == "year" and point.year is None:
            point.year, point.year_written = value, True
        else:
            raise _Unreadable("fecha incompleta o repetida")
    if point.day is not None and point.period is not None:  # «2 trimestre»: a number before a period
        point.ordinal, point.day = point.day, None
    if point.period is not None and point.ordinal is None and point.day is None:
        point.period = None  # «mes de abril», «cada trimestre»: a period word that names no period
        if point.empty():
            return None
    if point.day is not None and point.ordinal is not None:
        raise _Unreadable("fecha incompleta o repetida")
    return point


def _borrow(points: list[_Point], vigencia: int, parsed: _Parsed) -> None:
    """Fill what each point lacks from the next point that has it, then from the vigencia."""
    month = year = period = None
    for point in reversed(points):
        if point.day is not None and point.month is None:
            point.month = month
        if point.ordinal is not None and point.period is None:
            point.period = period
        if point.year is None:
            point.year = year
        month = point.month if point.month is not None else month
        period = point.period if point.period is not None else period
        year = point.year if point.year is not None else year
    year = None
    for point in points:  # «Enero 2018 a junio»: a year written earlier also counts
        if point.year is None:
            point.year = year
        year = point.year if point.year is not None else year
    missing_year = False
    for point in points:
        if point.day is not None and point.month is None:
            raise _Unreadable(f"el día {point.day} no dice de qué mes")
        if point.ordinal is not None and point.period is None:
            raise _Unreadable("un ordinal sin «semestre», «cuatrimestre» o «trimestre»")
        if point.year is None:
            point.year, missing_year = vigencia, True
    if missing_year:
        parsed.notes.append(f"sin año escrito: se tomó la vigencia {vigencia}")
    periods = sorted({p.period for p in points if p.ordinal is not None and p.period and p.period > 1}, reverse=True)
    if periods:
        parsed.notes.insert(0, ", ".join(f"{_PERIOD_NAMES[size]} del año" for size in periods))
    if any(p.day is None and p.month is None and p.ordinal is None for p in points):
        parsed.notes.insert(0, "año completo")


def _span(point: _Point) -> Interval:
    """The days a filled point covers: a day, a month, a period of its year, or the whole year."""
    year = point.year or 0
    if not 1900 <= year <= 2100:
        raise _Unreadable(f"el año {year} está fuera de rango")
    if point.ordinal is not None and point.period:
        count = 12 // point.period
        ordinal = count if point.ordinal == _LAST else point.ordinal
        if not 1 <= ordinal <= count:
            raise _Unreadable(f"un año tiene {count} {_PERIOD_NAMES[point.period]}{'s' if point.period > 1 else 'es'}")
        first = (ordinal - 1) * point.period + 1
        return date(year, first, 1), last_day(year, first + point.period - 1)
    if point.month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if point.day is None:
        return date(year, point.month, 1), last_day(year, point.month)
    _check_day(year, point.month, point.day)
    day = date(year, point.month, point.day)
    return day, day


def _turn_of_year(first: _Point, last: _Point, start: Interval, end: Interval,
                  parsed: _Parsed) -> tuple[Interval, Interval]:
    """«Diciembre a enero»: a backwards range whose end has no year written runs into the next year."""
    if not last.year_written and last.year is not None and last.year < 2100:
        last.year += 1
        parsed.notes.append("el final cae en el año siguiente")
        return start, _span(last)
    if not first.year_written and first.year is not None and first.year > 1900:
        first.year -= 1
        parsed.notes.append("el inicio cae en el año anterior")
        return _span(first), end
    raise _Unreadable("el inicio es posterior al final")


def _check_day(year: int, month: int, day: int) -> None:
    if not 1900 <= year <= 2100:
        raise _Unreadable(f"el año {year} está fuera de rango")
    if not 1 <= month <= 12:
        raise _Unreadable(f"el mes {month} no existe")
    if not 1 <= day <= last_day(year, month).day:
        raise _Unreadable(f"el {day} de {MONTHS[month - 1]} de {year} no existe")



def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    """Sorted, with overlapping or adjacent intervals joined into one run."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


# --- Spanish descriptions --------------------------------------------------------------------

def _describe(intervals: tuple[Interval, ...]) -> str:
    """((1 ene 2018, 30 jun 2018),) -> "del 1 de enero al 30 de junio de 2018"."""
    return join([_describe_one(start, end) for start, end in intervals])


def _describe_one(start: date, end: date) -> str:
    if start == end:
        return f"el {start.day} de {MONTHS[start.month - 1]} de {start.year}"
    if start.year != end.year:
        return (f"del {start.day} de {MONTHS[start.month - 1]} de {start.year} "
                f"al {end.day} de {MONTHS[end.month - 1]} de {end.year}")
    if start.month != end.month:
        return f"del {start.day} de {MONTHS[start.month - 1]} al {end.day} de {MONTHS[end.month - 1]} de {end.year}"
    return f"del {start.day} al {end.day} de {MONTHS[end.month - 1]} de {end.year}"


def _exact_text(intervals: tuple[Interval, ...]) -> str:
    """The same reading written so that it needs no convention: «enero a junio de 2018», «30/04/2018»."""
    return join([_exact_one(start, end) for start, end in intervals])


def _exact_one(start: date, end: date) -> str:
    if start == end:
        return f"{start:%d/%m/%Y}"
    if start.day == 1 and end == last_day(end.year, end.month):  # whole months
        if (start.year, start.month) == (end.year, end.month):
            return f"{MONTHS[start.month - 1]} de {start.year}"
        if start.year == end.year:
            return f"{MONTHS[start.month - 1]} a {MONTHS[end.month - 1]} de {end.year}"
        return f"{MONTHS[start.month - 1]} de {start.year} a {MONTHS[end.month - 1]} de {end.year}"
    return f"{start:%d/%m/%Y} al {end:%d/%m/%Y}"

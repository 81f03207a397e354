"""The plan as tidy tables: what the loader produces and everything else consumes.

A :class:`Plan` is immutable by convention: functions that need another view of it
(filters, the follow-up engine) build new frames instead of changing these.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd

from rendicion.common.text import fold

#: Columns of each tidy table, in order. Data columns use the Spanish domain nouns.
ACTIVIDADES_COLUMNS = ["id", "subcomponente", "actividad", "meta_indicador", "responsable_texto", "peso",
                       "fecha_programada"]
RESPONSABLES_COLUMNS = ["actividad_id", "dependencia", "rol"]
CRONOGRAMA_COLUMNS = ["actividad_id", "inicio", "fin", "origen"]

#: Where a schedule interval comes from (``cronograma.origen``): MES N or month-name columns,
#: a «Fecha programada» text (or a synonym), or a «Fecha inicio» / «Fecha fin» pair of columns.
ORIGEN_MESES = "meses"
ORIGEN_FECHA_PROGRAMADA = "fecha_programada"
ORIGEN_FECHA_INICIO_FIN = "fecha_inicio_fin"
SEGUIMIENTO_COLUMNS = ["actividad_id", "fecha_corte", "avance", "estado", "evidencia", "observaciones",
                       "actividades_cumplidas", "avance_verificado", "observaciones_ci"]

#: Role of an office in an activity: the first office named leads it, the others support it.
ROL_PRINCIPAL = "principal"
ROL_APOYO = "apoyo"

#: Canonical name of the catch-all office ("all offices").
TODAS_LAS_DEPENDENCIAS = "Todas las dependencias"

DEFAULT_MESES = 13
DEFAULT_UMBRAL_AMARILLO = 60.0
DEFAULT_UMBRAL_VERDE = 80.0
#: Points below the expected progress from which a started activity is «Atrasada».
DEFAULT_MARGEN_ATRASO = 15.0

#: Values of the parameter «Actividades evaluadas en cada corte» (see :func:`rendicion.followup.engine.evaluadas`):
#: the default is the practice of published follow-ups, the activities whose schedule has started by the cut.
EVALUADAS_PROGRAMADAS = "programadas a la fecha"
EVALUADAS_VENCEN = "las que vencen hasta el corte"
EVALUADAS_CUATRIMESTRE = "programadas en el cuatrimestre"
EVALUADAS_TODAS = "todas las de la vigencia"
REGLAS_EVALUACION = (EVALUADAS_PROGRAMADAS, EVALUADAS_VENCEN, EVALUADAS_CUATRIMESTRE, EVALUADAS_TODAS)
#: The former name of «programadas a la fecha» (workbooks written before it was renamed still say it).
EVALUADAS_INICIADAS = EVALUADAS_PROGRAMADAS
#: What each rule evaluates, in a sentence (pages, reports, the template's instructions).
REGLAS_DESCRIPCION = {
    EVALUADAS_PROGRAMADAS: "las actividades cuyo cronograma ya empezó en la fecha de corte o antes",
    EVALUADAS_VENCEN: "las actividades cuyo cronograma terminó en la fecha de corte o antes",
    EVALUADAS_CUATRIMESTRE: "las actividades con días programados en el cuatrimestre evaluado",
    EVALUADAS_TODAS: "todas las actividades del componente, desde el primer corte",
}

#: The three four-monthly periods of a year: (first month, last month) of each seguimiento.
PERIODOS = ((1, 4), (5, 8), (9, 12))


def periodo(corte: date, vigencia: int | None = None) -> tuple[int, date, date]:
    """(seguimiento number, first day, last day) of the four-monthly period containing ``corte``.

    A cut that is not a PAAC cut (e.g. 15/06/2018) belongs to the seguimiento whose period
    contains it (2: 01/05–31/08). Given the ``vigencia``, a cut after its 31 December (a schedule
    running into the next year) belongs to its third seguimiento, and a cut before it to its first.
    """
    if vigencia is not None and corte > date(vigencia, 12, 31):
        return 3, date(vigencia, 9, 1), date(vigencia, 12, 31)
    if vigencia is not None and corte < date(vigencia, 1, 1):
        return 1, date(vigencia, 1, 1), date(vigencia, 4, 30)
    number = (corte.month - 1) // 4
    first, last = PERIODOS[number]
    return number + 1, date(corte.year, first, 1), last_day(corte.year, last)

#: What every report, export and banner says when the follow-up or the schedule is not the real one.
AVISO_DATOS_DE_EJEMPLO = "DATOS DE EJEMPLO"
AVISO_CRONOGRAMA_RECONSTRUIDO = "cronograma reconstruido"


@dataclass(frozen=True)
class Parametros:
    """Plan-wide parameters; every field has a default for workbooks without a parameters sheet."""

    entidad: str = ""
    vigencia: int = 2018
    #: Calendar month of "MES 1" (always the first day of that month).
    mes_inicio: date = date(2018, 1, 1)
    #: Number of schedule months ("MES 1" … "MES n").
    meses: int = DEFAULT_MESES
    #: Semáforo thresholds, in percent: below amarillo is rojo, from verde on is verde.
    umbral_amarillo: float = DEFAULT_UMBRAL_AMARILLO
    umbral_verde: float = DEFAULT_UMBRAL_VERDE
    #: «Margen de atraso»: points of % de avance below the expected from which a started activity
    #: is «Atrasada» (rendicion.followup.engine._estado).
    margen_atraso: float = DEFAULT_MARGEN_ATRASO
    #: «Actividades evaluadas en cada corte»: one of :data:`REGLAS_EVALUACION`.
    actividades_evaluadas: str = EVALUADAS_PROGRAMADAS
    #: The follow-up reports are example data, not the entity's real progress.
    datos_de_ejemplo: bool = False
    #: The schedule is a reconstruction, not the official one.
    cronograma_reconstruido: bool = False
    #: Closing of Control Interno's follow-up report (rendicion.outputs.informe); "" prints blank lines.
    conclusiones: str = ""
    recomendaciones: str = ""
    #: Who signs the report: name and cargo of the Jefe de Control Interno.
    elaboro_nombre: str = ""
    elaboro_cargo: str = ""

    def month_runs(self, meses) -> list[tuple[date, date]]:
        """Schedule months (MES numbers) as inclusive day intervals, consecutive months merged.

        ``{1, 2, 3, 6}`` gives two runs: first day of MES 1 to last day of MES 3, and MES 6.
        """
        runs: list[tuple[date, date]] = []
        first = previous = None
        for mes in sorted(set(meses)):
            if previous is not None and mes == previous + 1:
                previous = mes
                continue
            if first is not None:
                runs.append((self.month_start(first), self.month_end(previous)))
            first = previous = mes
        if first is not None:
            runs.append((self.month_start(first), self.month_end(previous)))
        return runs

    def months_of(self, inicio: date, fin: date) -> list[int]:
        """MES numbers (1..``meses``) of the calendar months in which ``inicio``–``fin`` has a day."""
        first_index = self.mes_inicio.year * 12 + self.mes_inicio.month - 1
        first = inicio.year * 12 + inicio.month - 1 - first_index + 1
        last = fin.year * 12 + fin.month - 1 - first_index + 1
        return list(range(max(first, 1), min(last, self.meses) + 1))

    def month_start(self, mes: int) -> date:
        """First day of schedule month ``mes`` (1-based)."""
        index = self.mes_inicio.year * 12 + self.mes_inicio.month - 1 + (mes - 1)
        return date(index // 12, index % 12 + 1, 1)

    def month_end(self, mes: int) -> date:
        """Last day of schedule month ``mes`` (1-based)."""
        start = self.month_start(mes)
        return last_day(start.year, start.month)

    @property
    def fecha_inicio(self) -> date:
        """First day of the plan period."""
        return self.month_start(1)

    @property
    def fecha_fin(self) -> date:
        """Last day of the plan period."""
        return self.month_end(self.meses)

    @property
    def fin_vigencia(self) -> date:
        """Last day of the vigencia (31 December): from this cut on every activity is evaluated."""
        return date(self.vigencia, 12, 31)

    @property
    def avisos(self) -> list[str]:
        """What must be said wherever the plan's figures are shown: «DATOS DE EJEMPLO», «cronograma reconstruido»."""
        return [text for text, flag in ((AVISO_DATOS_DE_EJEMPLO, self.datos_de_ejemplo),
                                        (AVISO_CRONOGRAMA_RECONSTRUIDO, self.cronograma_reconstruido)) if flag]

    @property
    def aviso(self) -> str:
        """The banner in words ("" when there is nothing to say): what is example and what is reconstructed."""
        parts = []
        if self.datos_de_ejemplo:
            parts.append(f"{AVISO_DATOS_DE_EJEMPLO}: el seguimiento no es el avance real de la entidad.")
        if self.cronograma_reconstruido:
            parts.append(f"{AVISO_CRONOGRAMA_RECONSTRUIDO.capitalize()}: los meses programados no son los del "
                         "documento oficial.")
        return " ".join(parts)

    def cortes_paac(self) -> list[date]:
        """The vigencia's three four-monthly PAAC follow-up cuts (30 April, 31 August, 31 December)."""
        return [date(self.vigencia, 4, 30), date(self.vigencia, 8, 31), date(self.vigencia, 12, 31)]


@lru_cache(maxsize=1 << 12)
def last_day(year: int, month: int) -> date:
    """The last day of a calendar month (memoised: every schedule run and follow-up row asks for a few months)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})


@dataclass(frozen=True)
class Plan:
    """A loaded plan: parameters plus four tidy tables (see the ``*_COLUMNS`` constants).

    - ``actividades``: one row per activity; ``id`` is a string, ``peso`` a float (1.0 by default).
    - ``responsables``: one row per (activity, canonical office); ``rol`` is principal or apoyo.
    - ``actividades.fecha_programada``: the «Fecha programada» text as written ("" when none).
    - ``cronograma``: one row per scheduled interval of an activity: ``inicio``/``fin`` are the
      first and last day (inclusive ``datetime.date``); an activity with gaps has several rows,
      sorted and never overlapping; ``origen`` is one of the ``ORIGEN_*`` constants.
    - ``seguimiento``: one row per follow-up report; ``fecha_corte`` a date, ``avance`` 0–100;
      ``actividades_cumplidas`` is the account of what was done ("" when not given); ``avance`` and
      ``observaciones`` are the office's, ``avance_verificado`` (0–100, NaN when not verified) and
      ``observaciones_ci`` are Control Interno's own («% de avance verificado», «Observaciones de
      Control Interno»).
    """

    parametros: Parametros = field(default_factory=Parametros)
    actividades: pd.DataFrame = field(default_factory=lambda: _empty(ACTIVIDADES_COLUMNS))
    responsables: pd.DataFrame = field(default_factory=lambda: _empty(RESPONSABLES_COLUMNS))
    cronograma: pd.DataFrame = field(default_factory=lambda: _empty(CRONOGRAMA_COLUMNS))
    seguimiento: pd.DataFrame = field(default_factory=lambda: _empty(SEGUIMIENTO_COLUMNS))

    @property
    def dependencias(self) -> list[str]:
        """Canonical offices named in the plan, sorted, "Todas las dependencias" last."""
        names = sorted(self.responsables["dependencia"].unique().tolist(), key=fold)
        if TODAS_LAS_DEPENDENCIAS in names:
            names.remove(TODAS_LAS_DEPENDENCIAS)
            names.append(TODAS_LAS_DEPENDENCIAS)
        return names

    @property
    def subcomponentes(self) -> list[str]:
        """Subcomponents in the order they first appear in the plan."""
        return self.actividades["subcomponente"].unique().tolist()  # unique() keeps the order of appearance

    def summary(self) -> dict:
        """Counts that identify a plan (the ``summary`` object of ``check --json``).

        ``schedule_marks`` counts (activity, calendar month) pairs the schedule touches: the
        marked MES cells of a month-column schedule, and for a «Fecha programada» every
        month one of its days falls in. ``schedule_intervals`` counts the cronograma's rows.
        """
        offices = (
            self.responsables.drop_duplicates(["actividad_id", "dependencia"])
            .groupby("dependencia", sort=False)
            .size()
        )
        subcomponents = self.actividades.groupby("subcomponente", sort=False).size()
        return {
            "activities": int(len(self.actividades)),
            "subcomponents": {str(k): int(v) for k, v in subcomponents.items()},
            "offices": {name: int(offices[name]) for name in self.dependencias},
            "scheduled_activities": int(self.cronograma["actividad_id"].nunique()),
            "schedule_marks": scheduled_months(self.cronograma),
            "schedule_intervals": int(len(self.cronograma)),
            "progress_reports": int(len(self.seguimiento)),
        }



def scheduled_months(cronograma: pd.DataFrame) -> int:
    """Number of distinct (activity, calendar month) pairs the intervals of ``cronograma`` touch."""
    if cronograma.empty:
        return 0
    pairs = {
        (ident, month)
        for ident, inicio, fin in zip(cronograma["actividad_id"].tolist(), cronograma["inicio"].tolist(),
                                      cronograma["fin"].tolist(), strict=True)
        for month in range(_month_index(inicio), _month_index(fin) + 1)
    }
    return len(pairs)


def _month_index(day: date) -> int:
    """Months since year 0 of a day (a date, a datetime or a pandas Timestamp)."""
    return day.year * 12 + day.month - 1

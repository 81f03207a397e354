"""Control Interno's follow-up report in the official PAAC format: its data, built once.

Source of the format: Función Pública, «Estrategias para la construcción del Plan
Anticorrupción y de Atención al Ciudadano – versión 2» (adopted by Decreto 1081 de 2015,
art. 2.1.4.1). Control Interno follows the plan up three times a year, with cuts at 30 April,
31 August and 31 December, and publishes each follow-up within the first ten business days
of the month after the cut.

:func:`build` gives an :class:`Informe`: the header (:class:`Encabezado`, with the
seguimiento number, the period and the publication deadline), one :class:`Grupo` per
subcomponent (its activity rows and its subtotal), the component's total and the closing
(:class:`Cierre`: conclusions, recommendations and who signs). The Excel
(:mod:`rendicion.outputs.informe_excel`) and HTML (:mod:`rendicion.outputs.informe_html`) renderings only lay
this out; neither computes anything.

The measure is «Avance del plan» as :mod:`rendicion.followup.engine` (which activities are evaluated,
each one's % de avance and zone) and :mod:`rendicion.followup.measure` (subtotals and total) compute it;
this module computes no figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from rendicion.common import formatting
from rendicion.followup import engine
from rendicion.followup.view import Filters, View
from rendicion.plan.model import EVALUADAS_VENCEN, Parametros, Plan

TITULO = "Seguimiento al Plan Anticorrupción y de Atención al Ciudadano"
COMPONENTE = "3 · Rendición de cuentas"
FUENTE_FORMATO = ("Formato de seguimiento de Función Pública, «Estrategias para la construcción del Plan "
                  "Anticorrupción y de Atención al Ciudadano – versión 2» (Decreto 1081 de 2015, art. 2.1.4.1).")

#: Business days after the cut within which the follow-up is published.
DIAS_HABILES_PUBLICACION = 10

#: The three four-monthly periods of a year: (first month, last month) of each seguimiento.
PERIODOS = ((1, 4), (5, 8), (9, 12))

#: Zones of an activity's % de avance (PAAC methodology), by semáforo colour.
ZONAS = {engine.ROJO: "Baja", engine.AMARILLO: "Media", engine.VERDE: "Alta"}
#: Zone text of an activity that the cut does not evaluate.
NO_EVALUADA = "No se evalúa en este corte"
SIN_FECHA = "Sin fecha programada"


# --------------------------------------------------------------------------- dates


@lru_cache(maxsize=8)
def _festivos(year: int):
    """Colombia's public holidays of ``year`` and the next (a deadline may fall in January)."""
    import holidays  # imported on first use: only the report needs it

    return holidays.country_holidays("CO", years=(year, year + 1))


def dia_habil(day: date) -> bool:
    """Monday to Friday and not a Colombian public holiday."""
    return day.weekday() < 5 and day not in _festivos(day.year)


def limite_publicacion(corte: date, dias: int = DIAS_HABILES_PUBLICACION) -> date:
    """The ``dias``-th business day after ``corte`` (Colombia's holidays; the cut itself does not count).

    >>> limite_publicacion(date(2018, 4, 30))
    datetime.date(2018, 5, 16)
    """
    day, counted = corte, 0
    while counted < dias:
        day += timedelta(days=1)
        if dia_habil(day):
            counted += 1
    return day


@dataclass(frozen=True)
class Encabezado:
    """The report's identification block."""

    entidad: str
    vigencia: int
    componente: str
    #: 1, 2 or 3: the four-monthly period that contains the cut.
    seguimiento: int
    periodo_inicio: date
    #: Last day of the period (the official PAAC cut of this seguimiento).
    periodo_fin: date
    corte: date
    #: Tenth business day after the period's official cut.
    limite_publicacion: date
    fecha_elaboracion: date
    filtros: str

    @property
    def corte_oficial(self) -> bool:
        """True when the cut is the period's PAAC cut (30/04, 31/08, 31/12)."""
        return self.corte == self.periodo_fin

    @property
    def seguimiento_texto(self) -> str:
        """"Seguimiento 2"; a cut inside a period says so: "Seguimiento 2 (corte parcial del 15/06/2018)";
        a cut after the vigencia (a 13-month schedule) is the final seguimiento, labelled as such."""
        text = f"Seguimiento {self.seguimiento}"
        if self.corte > self.periodo_fin:
            text += f" (corte del {formatting.day(self.corte)}, posterior al cierre de la vigencia)"
        elif self.corte < self.periodo_inicio:
            text += f" (corte del {formatting.day(self.corte)}, anterior a la vigencia)"
        elif not self.corte_oficial:
            text += f" (corte parcial del {formatting.day(self.corte)})"
        return text

    @property
    def periodo_texto(self) -> str:
        """"01/05/2018 – 31/08/2018"; for a partial cut, up to the cut and the whole period after it."""
        whole = f"{formatting.day(self.periodo_inicio)} – {formatting.day(self.periodo_fin)}"
        if self.corte_oficial or not self.periodo_inicio <= self.corte <= self.periodo_fin:
            return whole
        partial = f"{formatting.day(self.periodo_inicio)} – {formatting.day(self.corte)}"
        return f"{partial} (periodo del seguimiento: {whole})"

    @property
    def limite_texto(self) -> str:
        text = formatting.day(self.limite_publicacion)
        if not self.corte_oficial:
            text += f" (décimo día hábil después del corte oficial del {formatting.day(self.periodo_fin)})"
        return text

    def campos(self) -> list[tuple[str, str]]:
        """(label, text) of every header field, in the format's order."""
        return [
            ("Entidad", self.entidad),
            ("Vigencia", str(self.vigencia)),
            ("Componente", self.componente),
            ("Seguimiento", self.seguimiento_texto),
            ("Periodo evaluado", self.periodo_texto),
            ("Fecha de corte", formatting.day(self.corte)),
            ("Fecha límite de publicación", self.limite_texto),
            ("Fecha de elaboración", formatting.day(self.fecha_elaboracion)),
            ("Alcance", self.filtros),
        ]


def periodo(corte: date, vigencia: int | None = None) -> tuple[int, date, date]:
    """(seguimiento number, first day, last day) of the four-monthly period containing ``corte``.

    A cut that is not a PAAC cut (e.g. 15/06/2018) belongs to the seguimiento whose period
    contains it (2: 01/05–31/08); the report labels it «corte parcial». Given the ``vigencia``,
    a cut after its 31 December (a schedule running into the next year) belongs to its third
    seguimiento, which covers the whole year, and a cut before it to its first.
    """
    if vigencia is not None and corte > date(vigencia, 12, 31):
        return 3, date(vigencia, 9, 1), date(vigencia, 12, 31)
    if vigencia is not None and corte < date(vigencia, 1, 1):
        return 1, date(vigencia, 1, 1), date(vigencia, 4, 30)
    for number, (first, last) in enumerate(PERIODOS, start=1):
        if first <= corte.month <= last:
            end = date(corte.year, last + 1, 1) - timedelta(days=1) if last < 12 else date(corte.year, 12, 31)
            return number, date(corte.year, first, 1), end
    raise ValueError(corte)  # unreachable: every month is in a period


# --------------------------------------------------------------------------- closing


@dataclass(frozen=True)
class Cierre:
    """Closing of the report: what Control Interno concludes and recommends, and who signs it."""

    conclusiones: str = ""
    recomendaciones: str = ""
    elaboro_nombre: str = ""
    elaboro_cargo: str = ""

    @classmethod
    def de_parametros(cls, parametros: Parametros) -> Cierre:
        return cls(parametros.conclusiones, parametros.recomendaciones, parametros.elaboro_nombre,
                   parametros.elaboro_cargo)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Fila:
    """One activity of the table."""

    id: str
    subcomponente: str
    actividad: str
    fecha_programada: str
    cumplidas: str
    #: Reported % de avance at the cut (0–100).
    avance: float
    evaluada: bool
    #: Semáforo colour of ``avance`` when evaluated, else None.
    semaforo: str | None
    #: "Alta (verde)", or why it is not evaluated.
    zona: str
    observaciones: str


@dataclass(frozen=True)
class Subtotal:
    """A subcomponent's (or the component's) figures."""

    nombre: str
    actividades: int
    evaluadas: int
    #: Evaluated activities at 100 %.
    cumplidas: int
    #: «Avance»: mean % de avance of the evaluated activities (weighted by peso); None when none is evaluated.
    avance: float | None
    semaforo: str | None

    @property
    def zona(self) -> str:
        return zona_texto(self.semaforo) if self.semaforo else "Sin actividades evaluadas"

    @property
    def resumen(self) -> str:
        """"3 de 5 actividades evaluadas; 2 cumplidas al 100 %"."""
        return (f"{self.evaluadas} de {formatting.plural(self.actividades, 'actividad')} evaluadas; "
                f"{formatting.plural(self.cumplidas, 'cumplida')} al 100 %")


@dataclass(frozen=True)
class Grupo:
    subtotal: Subtotal
    filas: list[Fila]


@dataclass(frozen=True)
class Informe:
    encabezado: Encabezado
    grupos: list[Grupo]
    total: Subtotal
    cierre: Cierre
    #: Semáforo thresholds, for the legend.
    umbral_amarillo: float
    umbral_verde: float
    #: «DATOS DE EJEMPLO» / «cronograma reconstruido» when Parámetros says so ("" otherwise).
    aviso: str = ""
    notas: list[str] = field(default_factory=list)

    @property
    def leyenda(self) -> str:
        a, v = formatting.number(self.umbral_amarillo), formatting.number(self.umbral_verde)
        return (f"Zonas del % de avance: baja (rojo) de 0 a menos de {a} %, media (amarillo) de {a} % a menos "
                f"de {v} %, alta (verde) de {v} % a 100 %.")


def zona_texto(semaforo: str) -> str:
    """"Alta (verde)"."""
    return f"{ZONAS[semaforo]} ({semaforo})"


# --------------------------------------------------------------------------- schedule as text


def meses_texto(meses: list[int], parametros: Parametros) -> str:
    """Schedule months ("MES n", 1-based) in words: see :func:`cronograma_texto`."""
    return cronograma_texto([(parametros.month_start(m), parametros.month_end(m)) for m in meses],
                            parametros.vigencia)


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def cronograma_texto(intervals: list[tuple[date, date]], vigencia: int) -> str:
    """Scheduled days in words: "Enero a diciembre", "Marzo, junio y septiembre", "Noviembre de 2018 a
    enero de 2019", "15/03/2018 a 30/04/2018".

    Intervals made of whole calendar months are named by their months: three or more consecutive
    months form one run ("mayo a agosto"), two are "mayo y junio", and a run reaching outside the
    vigencia's year names the years of its ends. Other intervals are written as dates.
    """
    months: set[tuple[int, int]] = set()
    odd: list[tuple[date, date]] = []
    for start, end in intervals:
        if _whole_months(start, end):
            index, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
            months.update(divmod(k, 12) for k in range(index, last + 1))
        else:
            odd.append((start, end))
    runs: list[list[int]] = []
    for year, month0 in sorted(months):
        key = year * 12 + month0
        if runs and key == runs[-1][-1] + 1:
            runs[-1].append(key)
        else:
            runs.append([key])

    def name(key: int, with_year: bool) -> str:
        year, month0 = divmod(key, 12)
        return formatting.month(date(year, month0 + 1, 1)) if with_year else formatting.MONTHS[month0]

    parts = []
    for run in runs:
        with_year = run[0] // 12 != vigencia or run[-1] // 12 != vigencia
        if len(run) == 2:  # "enero y febrero", not "enero a febrero"
            parts.extend(name(key, with_year) for key in run)
        elif len(run) == 1:
            parts.append(name(run[0], with_year))
        else:
            parts.append(f"{name(run[0], with_year)} a {name(run[-1], with_year)}")
    parts += [formatting.day(start) if start == end else f"{formatting.day(start)} a {formatting.day(end)}"
              for start, end in sorted(odd)]
    if not parts:
        return SIN_FECHA
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]
    return text[0].upper() + text[1:]


def _fechas_programadas(plan: Plan, ids: pd.Series) -> pd.Series:
    """«Fecha programada» of each activity as written in the plan (column ``fecha_programada``
    when the plan has it and it is filled), else its scheduled days in words."""
    cronograma = plan.cronograma.dropna(subset=["inicio", "fin"])
    intervals: dict[str, list[tuple[date, date]]] = {}
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"]):
        intervals.setdefault(ident, []).append((pd.Timestamp(start).date(), pd.Timestamp(end).date()))
    vigencia = plan.parametros.vigencia
    derived = ids.map(lambda i: cronograma_texto(intervals.get(i, []), vigencia))
    if "fecha_programada" in plan.actividades.columns:
        written = ids.map(dict(zip(plan.actividades["id"], plan.actividades["fecha_programada"])))
        written = written.fillna("").astype(str).str.strip()
        return written.where(written != "", derived)
    return derived


# --------------------------------------------------------------------------- figures of the measure


def _subtotal(nombre: str, totals: pd.Series) -> Subtotal:
    """A row of :func:`rendicion.followup.measure.aggregate` as the report's subtotal."""
    avance = None if pd.isna(totals["avance"]) else float(totals["avance"])
    return Subtotal(
        nombre=nombre,
        actividades=int(totals["actividades"]),
        evaluadas=int(totals["evaluadas"]),
        cumplidas=int(totals["cumplidas"]),
        avance=avance,
        semaforo=totals["semaforo"] if avance is not None else None,
    )


def _zona(row, colour: str | None, params: Parametros) -> str:
    """The zone of an evaluated activity ("Alta (verde)"), or why the cut does not evaluate it."""
    if colour:
        return zona_texto(colour)
    if pd.isna(row.fin):
        return f"{NO_EVALUADA} ({SIN_FECHA.lower()}: se evalúa en el corte final)"
    if params.actividades_evaluadas == EVALUADAS_VENCEN:
        return f"{NO_EVALUADA} (vence después del corte)"
    return f"{NO_EVALUADA} (no ha iniciado)"


def _cumplidas(row) -> str:
    """«Actividades cumplidas»: what the office reported as done (its evidence, else its reported estado)."""
    for text in (row.evidencia, row.estado_reportado):
        if text and str(text).strip():
            return str(text).strip()
    return "Sin reporte al corte"


# --------------------------------------------------------------------------- build


def build(plan: Plan, corte: date, view: View | None = None, *, cierre: Cierre | None = None,
          fecha_elaboracion: date | None = None) -> Informe:
    """The report at ``corte``: the whole plan, or the activities of ``view`` (same cut date).

    ``cierre`` defaults to the conclusions, recommendations and signer held in Parámetros.
    """
    if view is None:
        view = View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte=corte))
    elif view.filters.corte != corte:
        raise ValueError(f"La vista es del corte {formatting.day(view.filters.corte)}, no del {formatting.day(corte)}.")
    params = plan.parametros
    rows = view.actividades.reset_index(drop=True)
    fechas = _fechas_programadas(plan, rows["id"]).to_numpy()
    filas = []
    for i, row in enumerate(rows.itertuples(index=False)):
        colour = row.semaforo if row.evaluada and isinstance(row.semaforo, str) else None
        filas.append(Fila(str(row.id), str(row.subcomponente), str(row.actividad), str(fechas[i]), _cumplidas(row),
                          float(row.avance_reportado), bool(row.evaluada), colour, _zona(row, colour, params),
                          str(row.observaciones or "")))
    by_sub = view.por_subcomponente.set_index("subcomponente")
    grupos = [Grupo(_subtotal(str(name), by_sub.loc[name]), [f for f in filas if f.subcomponente == str(name)])
              for name in pd.unique(rows["subcomponente"])]
    numero, inicio, fin = periodo(corte, params.vigencia)
    encabezado = Encabezado(
        entidad=params.entidad or "Entidad no indicada",
        vigencia=params.vigencia,
        componente=COMPONENTE,
        seguimiento=numero,
        periodo_inicio=inicio,
        periodo_fin=fin,
        corte=corte,
        limite_publicacion=limite_publicacion(fin),
        fecha_elaboracion=fecha_elaboracion or date.today(),
        filtros=_filtros(view),
    )
    notas = [_regla(params)]
    if rows.empty:
        notas.append(view.empty_message())
    return Informe(encabezado, grupos, _subtotal("Total del componente", view.resumen),
                   cierre if cierre is not None else Cierre.de_parametros(params),
                   params.umbral_amarillo, params.umbral_verde, params.aviso, notas)


def _regla(params: Parametros) -> str:
    return (f"Actividades evaluadas en cada corte: {params.actividades_evaluadas}; en el corte final "
            f"({formatting.day(params.fin_vigencia)}) se evalúan todas, también las que no tienen fecha programada. "
            "El % de avance de cada actividad es el último reportado hasta el corte (0 % si no tiene reporte); el "
            "avance de un subcomponente y del componente es el promedio, ponderado por el peso, del % de avance "
            "de sus actividades evaluadas.")


def _filtros(view: View) -> str:
    filters = view.filters
    if not filters.dependencias and not filters.subcomponentes:
        return "Todo el plan"
    parts = []
    if filters.dependencias:
        parts.append("Dependencias: " + ", ".join(filters.dependencias))
    if filters.subcomponentes:
        parts.append("Subcomponentes: " + ", ".join(filters.subcomponentes))
    return " · ".join(parts)

"""Control Interno's follow-up report in the official PAAC format: its data, built once.

Source of the format: Función Pública, «Estrategias para la construcción del Plan
Anticorrupción y de Atención al Ciudadano – versión 2», adopted by Decreto 124 de 2016, which
replaced title 4 of part 1 of book 2 of Decreto 1081 de 2015; its art. 2.1.4.6 gives the follow-up
to Control Interno. Control Interno follows the plan up three times a year, with cuts at 30 April,
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
from rendicion.followup import engine, palette
from rendicion.followup.flags import Flag, flags
from rendicion.followup.view import Filters, View, headline_parts
from rendicion.plan.model import REGLAS_DESCRIPCION, Parametros, Plan
from rendicion.plan.model import periodo as _periodo

TITULO = "Seguimiento al Plan Anticorrupción y de Atención al Ciudadano"
COMPONENTE = "3 · Rendición de cuentas"
FUENTE_FORMATO = ("Formato de seguimiento de Función Pública, «Estrategias para la construcción del Plan "
                  "Anticorrupción y de Atención al Ciudadano – versión 2». Fundamento legal: Decreto 1081 de 2015, "
                  "título 4 de la parte 1 del libro 2, sustituido por el Decreto 124 de 2016; art. 2.1.4.6: el "
                  "seguimiento al plan está a cargo de la oficina de Control Interno.")
#: What the «Periodo evaluado» field adds: the % is not of the period alone.
NOTA_ACUMULADO = "el % de avance es acumulado de la vigencia, desde el 1 de enero hasta el corte"

#: Business days after the cut within which the follow-up is published.
DIAS_HABILES_PUBLICACION = 10

#: Zones of an activity's % de avance (PAAC methodology), by semáforo colour.
ZONAS = {engine.ROJO: "Baja", engine.AMARILLO: "Media", engine.VERDE: "Alta"}
#: Zone text of an activity that the cut does not evaluate.
NO_EVALUADA = "No evaluada en este corte"
SIN_FECHA = "Sin fecha programada"
#: Columns of the report's table, in the official format's order.
COLUMNAS = ["No.", "Actividad", "Meta o producto", "Responsable", "Fecha programada", "Actividades cumplidas",
            "% de avance", "Zona", "Observaciones de Control Interno"]


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
    #: Typed in by whoever publishes; None leaves the field blank, for the signer to fill in.
    fecha_publicacion: date | None = None
    #: The rule «Actividades evaluadas en cada corte».
    regla: str = ""

    @property
    def elaborado_tarde(self) -> bool:
        """True when the report is drawn up after the publication deadline."""
        return self.fecha_elaboracion > self.limite_publicacion

    @property
    def elaboracion_texto(self) -> str:
        """"05/12/2026 (después de la fecha límite de publicación, 14/09/2018)" when late."""
        text = formatting.day(self.fecha_elaboracion)
        if self.elaborado_tarde:
            text += f" (después de la fecha límite de publicación, {formatting.day(self.limite_publicacion)})"
        return text

    @property
    def publicacion_texto(self) -> str:
        """The typed date, or "" (a blank for the signer)."""
        return formatting.day(self.fecha_publicacion) if self.fecha_publicacion else ""

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
            ("Periodo evaluado", f"{self.periodo_texto} ({NOTA_ACUMULADO})"),
            ("Fecha de corte", formatting.day(self.corte)),
            ("Fecha límite de publicación", self.limite_texto),
            ("Fecha de publicación", self.publicacion_texto),
            ("Fecha de elaboración", self.elaboracion_texto),
            ("Actividades evaluadas", f"«{self.regla}»: {REGLAS_DESCRIPCION.get(self.regla, '')}" if self.regla else ""),
            ("Alcance", self.filtros),
        ]


def periodo(corte: date, vigencia: int | None = None) -> tuple[int, date, date]:
    """(seguimiento number, first day, last day) of the four-monthly period containing ``corte``
    (:func:`rendicion.plan.model.periodo`, where the rule «programadas en el cuatrimestre» reads it too)."""
    return _periodo(corte, vigencia)


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
    meta: str
    #: Offices, principal first.
    responsable: str
    fecha_programada: str
    #: «Actividades cumplidas»: the description of what was done ("" when the report gives none).
    cumplidas: str
    #: The % de avance at the cut (0–100): Control Interno's verified % when there is one, else the reported.
    avance: float
    #: The office's reported % and Control Interno's verified % (None when not verified).
    reportado: float
    verificado: float | None
    evaluada: bool
    #: Semáforo colour of ``avance`` when evaluated, else None.
    semaforo: str | None
    #: "Alta (verde)", or «No evaluada en este corte».
    zona: str
    #: Why the cut does not evaluate it ("" when it does).
    motivo: str
    #: Control Interno's own observation.
    observaciones: str

    @property
    def avance_texto(self) -> str:
        """"60 %", or "60 % verificado (reportado: 80 %)"."""
        text = formatting.percent(self.avance)
        if self.verificado is not None:
            text += " verificado"
            if formatting.round_half_up(self.reportado) != formatting.round_half_up(self.verificado):
                text += f" (reportado: {formatting.percent(self.reportado)})"
        return text


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

    #: Activities whose schedule ended before the cut below 100 %.
    vencidas_sin_cumplir: int = 0

    @property
    def zona(self) -> str:
        return zona_texto(self.semaforo) if self.semaforo else "Sin actividades evaluadas"

    @property
    def resumen(self) -> str:
        """"3 de 5 actividades evaluadas; 2 cumplidas al 100 %; 1 vencida sin cumplir"."""
        evaluadas = "evaluada" if self.actividades == 1 else "evaluadas"
        text = (f"{formatting.number(self.evaluadas)} de {formatting.plural(self.actividades, 'actividad')} "
                f"{evaluadas}; {formatting.plural(self.cumplidas, 'cumplida')} al 100 %")
        if self.vencidas_sin_cumplir:
            text += "; " + formatting.plural(self.vencidas_sin_cumplir, "vencida sin cumplir", "vencidas sin cumplir")
        return text


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
    #: What the plan's data says (vencidas sin cumplir, sin fecha programada, …), in display order.
    hallazgos: list[Flag] = field(default_factory=list)
    #: «Avance del plan: 53,5 % · Baja (rojo) · regla «…» · 8 de 19 actividades evaluadas · …».
    cifra: str = ""

    @property
    def hallazgos_por_tipo(self) -> list[tuple[str, list[Flag]]]:
        """(title, flags) of each kind that has some, in display order."""
        titles = list(dict.fromkeys(flag.titulo for flag in self.hallazgos))
        return [(title, [flag for flag in self.hallazgos if flag.titulo == title]) for title in titles]

    @property
    def verificadas(self) -> list[Fila]:
        return [fila for grupo in self.grupos for fila in grupo.filas if fila.verificado is not None]

    @property
    def leyenda(self) -> str:
        a, v = formatting.number(self.umbral_amarillo), formatting.number(self.umbral_verde)
        names = palette.ZONA_NOMBRES
        return (f"Zonas del % de avance: {names[engine.ROJO]} de 0 a menos de {a} %, {names[engine.AMARILLO]} de "
                f"{a} % a menos de {v} %, {names[engine.VERDE]} de {v} % a 100 %.")


def zona_texto(semaforo: str) -> str:
    """"Alta (verde)": the zone's one label (:data:`rendicion.followup.palette.ZONA_NOMBRES`)."""
    return palette.zona_nombre(semaforo)


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
    text = formatting.join(parts)
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
        vencidas_sin_cumplir=int(totals["vencidas_sin_cumplir"]),
    )


def _cumplidas(row) -> str:
    """«Actividades cumplidas»: the description of what was done (the report's «Actividades cumplidas»,
    else its evidence); never a status."""
    for text in (row.actividades_cumplidas, row.evidencia):
        if text and str(text).strip():
            return str(text).strip()
    return ""


# --------------------------------------------------------------------------- build


def build(plan: Plan, corte: date, view: View | None = None, *, cierre: Cierre | None = None,
          fecha_elaboracion: date | None = None, fecha_publicacion: date | None = None) -> Informe:
    """The report at ``corte``: the whole plan, or the activities of ``view`` (same cut date).

    ``cierre`` defaults to the conclusions, recommendations and signer held in Parámetros;
    ``fecha_elaboracion`` to today; ``fecha_publicacion`` to a blank for the signer.
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
        motivo = engine.no_evaluada_motivo(row, corte, params)
        filas.append(Fila(
            id=str(row.id), subcomponente=str(row.subcomponente), actividad=str(row.actividad),
            meta=_text(row.meta_indicador), responsable=str(view.responsables.get(row.id, "Sin responsable")),
            fecha_programada=str(fechas[i]), cumplidas=_cumplidas(row), avance=float(row.avance),
            reportado=float(row.avance_reportado), verificado=float(row.avance_verificado) if row.verificado else None,
            evaluada=bool(row.evaluada), semaforo=colour, zona=zona_texto(colour) if colour else NO_EVALUADA,
            motivo=motivo, observaciones=_text(row.observaciones_ci)))
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
        fecha_publicacion=fecha_publicacion,
        regla=params.actividades_evaluadas,
    )
    notas = [_regla(params, view.ponderado)]
    verificadas = [f for f in filas if f.verificado is not None]
    if verificadas:
        notas.append(_verificadas(verificadas, len(filas)))
    else:
        notas.append("Ninguna cifra de este informe tiene % de avance verificado por Control Interno: todas son las "
                     "reportadas por las dependencias.")
    if encabezado.elaborado_tarde:
        notas.append(f"Este informe se elabora el {formatting.day(encabezado.fecha_elaboracion)}, después de la fecha "
                     f"límite de publicación del seguimiento ({formatting.day(encabezado.limite_publicacion)}).")
    if rows.empty:
        notas.append(view.empty_message())
    cifra = " · ".join(headline_parts(view.resumen, params)) if not rows.empty else ""
    return Informe(encabezado, grupos, _subtotal("Total del componente", view.resumen),
                   cierre if cierre is not None else Cierre.de_parametros(params),
                   params.umbral_amarillo, params.umbral_verde, params.aviso, notas,
                   flags(rows, corte, params), cifra)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _verificadas(filas: list[Fila], total: int) -> str:
    listed = "; ".join(f"{f.id} ({f.avance_texto})" for f in filas)
    return (f"Cifras verificadas por Control Interno: {formatting.number(len(filas))} de "
            f"{formatting.plural(total, 'actividad')} ({listed}). Las demás son las reportadas por las dependencias. "
            "Cuando hay % verificado, el avance usa ese y no el reportado.")


def _regla(params: Parametros, ponderado: bool) -> str:
    media = "el promedio, ponderado por el peso," if ponderado else "el promedio"
    return (f"{palette.AVANCE_DEL_PLAN}: {media} del % de avance de las actividades evaluadas. Actividades "
            f"evaluadas en cada corte: «{params.actividades_evaluadas}», "
            f"{REGLAS_DESCRIPCION[params.actividades_evaluadas]}; en el corte final "
            f"({formatting.day(params.fin_vigencia)}) se evalúan todas, también las que no tienen fecha programada. "
            "El % de avance de cada actividad es el último hasta el corte (el verificado por Control Interno cuando "
            "lo hay; si no, el reportado; 0 % si no tiene reporte), acumulado desde el inicio de la vigencia. Las "
            "cifras se redondean a un decimal, la mitad hacia arriba.")


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


def cabeza_linea(cabeza: str) -> str:
    """The line an official report prints with the history's chain head (issue 22): anyone holding the report
    can check that the store still contains the version it was built from."""
    return (f"Cadena del historial de versiones: {cabeza}. Para comprobar que el historial no cambió desde este "
            f"informe: python -m rendicion versions --verify --cabeza {cabeza}")

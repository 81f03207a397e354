"""What the dashboard shows for one set of filters: the plan evaluated at a cut date, filtered.

Pure pandas: the dashboard computes one :class:`View` per rerun (from cached pieces) and every
page reads from it, so nothing is computed twice and pages stay thin.

Filter rules: an activity counts for an office when the office is its principal or a support
office, or when the activity is assigned to "Todas las dependencias" (marked as such). Both
filters empty means the whole plan; offices and subcomponents combine with AND.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from rendicion.common import formatting
from rendicion.followup import engine, measure, palette
from rendicion.plan.model import ROL_PRINCIPAL, Plan


@dataclass(frozen=True)
class Filters:
    """The shared controls of the dashboard."""

    corte: date
    dependencias: tuple[str, ...] = ()
    subcomponentes: tuple[str, ...] = ()


def default_corte(plan: Plan) -> date:
    """The latest cut that has reports; without reports, today clipped to the plan period."""
    if len(plan.seguimiento):
        return max(plan.seguimiento["fecha_corte"])
    today = date.today()
    return min(max(today, plan.parametros.fecha_inicio), plan.parametros.fecha_fin)


def responsables_labels(plan: Plan) -> pd.Series:
    """Offices of each activity as one text, principal first: "Secretaría de Planeación · Todas las dependencias"."""
    ordered = plan.responsables.assign(_principal=plan.responsables["rol"] != ROL_PRINCIPAL)
    ordered = ordered.sort_values("_principal", kind="stable")
    # A plain loop: a groupby with a Python join takes about ten times as long (0.13 s at 10,000 activities).
    offices: dict[str, list[str]] = {}
    for ident, office in zip(ordered["actividad_id"].tolist(), ordered["dependencia"].tolist(), strict=True):
        offices.setdefault(ident, []).append(office)
    labels = pd.Series({ident: " · ".join(names) for ident, names in offices.items()}, name="dependencia", dtype="str")
    labels.index.name = "actividad_id"
    return labels


class View:
    """The plan seen through the filters at the cut date."""

    def __init__(self, plan: Plan, evaluated: pd.DataFrame, members: pd.DataFrame, filters: Filters) -> None:
        self.plan = plan
        self.filters = filters
        self.parametros = plan.parametros
        keep = pd.Series(True, index=evaluated.index)
        office_members = members
        if filters.dependencias:
            office_members = members[members["dependencia"].isin(filters.dependencias)]
            keep &= evaluated["id"].isin(office_members["actividad_id"])
        if filters.subcomponentes:
            keep &= evaluated["subcomponente"].isin(filters.subcomponentes)
        self.actividades: pd.DataFrame = evaluated[keep]
        if filters.dependencias or filters.subcomponentes:
            self.members: pd.DataFrame = office_members[office_members["actividad_id"].isin(self.actividades["id"])]
        else:  # every activity is shown: so is every membership (the lookup costs ~50 ms at 10,000 activities)
            self.members = members

    @property
    def empty(self) -> bool:
        return self.actividades.empty

    @cached_property
    def resumen(self) -> pd.Series:
        """Plan-level aggregate of the filtered activities («Avance del plan», its semáforo, counts)."""
        return measure.aggregate(self.actividades, self.parametros).iloc[0]

    @cached_property
    def por_subcomponente(self) -> pd.DataFrame:
        return measure.aggregate(self.actividades, self.parametros, by="subcomponente")

    @cached_property
    def por_dependencia(self) -> pd.DataFrame:
        return measure.aggregate_by_office(self.actividades, self.members, self.parametros)

    @cached_property
    def responsables(self) -> pd.Series:
        """Offices text per activity ID, principal first."""
        return responsables_labels(self.plan)

    @cached_property
    def via_todas(self) -> set[str]:
        """IDs of the shown activities that count for the selected offices only through "Todas las dependencias"."""
        if not self.filters.dependencias:
            return set()
        direct = self.members[self.members["rol"] != engine.ROL_TODAS]
        return set(self.actividades["id"]) - set(direct["actividad_id"])

    @cached_property
    def ponderado(self) -> bool:
        """Whether the plan's pesos make «Avance del plan» a weighted mean (see :func:`measure.ponderado`)."""
        return measure.ponderado(self.plan.actividades)

    def headline(self) -> str:
        """«Avance del plan» in one line, as every page shows it beside the title: the figure and its zone,
        the rule, how many activities are evaluated out of how many and how many are vencidas sin cumplir.

        "Avance del plan: 53,5 % · Baja (rojo) · regla «programadas a la fecha» · 8 de 19 actividades
        evaluadas · 1 vencida sin cumplir"
        """
        return " · ".join(headline_parts(self.resumen, self.parametros))

    def with_estados(self, estados) -> pd.DataFrame:
        """The shown activities whose estado is one of ``estados`` (all of them when none is given)."""
        if not estados:
            return self.actividades
        return self.actividades[self.actividades["estado"].isin(list(estados))]

    def estados_message(self, estados) -> str:
        """Why a filter by estado shows nothing: «Ninguna actividad está «⚑ Atrasada» al corte 31/08/2018.»"""
        names = " ni ".join(f"«{palette.estado_label(e)}»" for e in estados)
        return f"Ninguna actividad de la selección está {names} al corte del {formatting.day(self.filters.corte)}."

    def describe(self, subcomponente: str | None = None) -> str:
        """The filters in words, for captions: "Secretaría Administrativa · Diálogo · corte 31/08/2018"
        (``subcomponente``: the one a page shows, whatever the filter)."""
        parts = [", ".join(self.filters.dependencias) or "Todas las dependencias",
                 subcomponente or ", ".join(self.filters.subcomponentes) or "todos los subcomponentes",
                 f"corte {formatting.day(self.filters.corte)}"]
        return " · ".join(parts)

    def empty_message(self, subcomponente: str | None = None) -> str:
        """Why there is nothing to show, in Spanish, naming the filters that cause it."""
        offices = self.filters.dependencias
        subcomponents = (subcomponente,) if subcomponente else self.filters.subcomponentes
        who = _names("La dependencia", "Las dependencias", offices) if offices else "El plan"
        verb = "no tienen" if len(offices) > 1 else "no tiene"
        if subcomponents:
            where = _names("el subcomponente", "los subcomponentes", subcomponents)
            return f"{who} {verb} actividades en {where}."
        return f"{who} {verb} actividades."


def headline_parts(resumen: pd.Series, parametros) -> list[str]:
    """The pieces of :meth:`View.headline` for a row of :func:`measure.aggregate`."""
    avance, semaforo = resumen["avance"], resumen["semaforo"]
    figure = (f"{palette.AVANCE_DEL_PLAN}: {formatting.percent(avance)} · {palette.zona_nombre(semaforo)}"
              if semaforo else f"{palette.AVANCE_DEL_PLAN}: {palette.SIN_EVALUADAS.lower()}")
    total = int(resumen["actividades"])
    evaluadas = "evaluada" if total == 1 else "evaluadas"
    return [figure, f"regla «{parametros.actividades_evaluadas}»",
            f"{formatting.number(int(resumen['evaluadas']))} de {formatting.plural(total, 'actividad')} {evaluadas}",
            formatting.plural(int(resumen["vencidas_sin_cumplir"]), "vencida sin cumplir", "vencidas sin cumplir")]


def _names(singular: str, plural: str, names: tuple[str, ...] | list[str]) -> str:
    quoted = [f"«{name}»" for name in names]
    if len(quoted) == 1:
        return f"{singular} {quoted[0]}"
    return f"{plural} {formatting.join(quoted)}"



#: Columns of :meth:`View.table`, in display order.
TABLE_COLUMNS = ["id", "subcomponente", "actividad", "meta_indicador", "responsables", "estado", "avance",
                 "avance_reportado", "avance_verificado", "semaforo", "avance_esperado", "cumplimiento_cronograma",
                 "evidencia", "enlace", "observaciones", "observaciones_ci", "todas"]


def shown_fraction(values: pd.Series) -> pd.Series:
    """Percentages (0–100) as the fractions a table shows: rounded first to one decimal, half up, as every
    page and report shows them (37,666… is 0,377, shown «37,7 %», not «37,67 %»). NaN stays NaN."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return pd.Series(engine.rounded(numbers.to_numpy()) / 100, index=numbers.index, name=numbers.name)


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def activity_table(view: View, actividades: pd.DataFrame | None = None) -> pd.DataFrame:
    """Activities ready for display: estado with its icon, progress as fractions (0–1): ``avance`` (the
    figure measured: Control Interno's verified % when there is one, else the office's reported %),
    ``avance_reportado`` and ``avance_verificado`` (NaN when not verified), the zone of the % de
    avance ("🟢 90 % · Alta (verde)", or «No evaluada al corte»), «Cumplimiento del cronograma»
    as a plain fraction (no zone), evidence split into text and link (a link only when it is a
    http(s) URL), offices principal first."""
    frame = view.actividades if actividades is None else actividades
    evidencia = frame["evidencia"].fillna("").astype(str)
    is_url = evidencia.map(_is_url)
    return pd.DataFrame(
        {
            "id": frame["id"],
            "subcomponente": frame["subcomponente"],
            "actividad": frame["actividad"],
            "meta_indicador": frame["meta_indicador"],
            "responsables": frame["id"].map(view.responsables).fillna("Sin responsable"),
            "estado": frame["estado"].map(palette.estado_label),
            "avance": shown_fraction(frame["avance"]),
            "avance_reportado": shown_fraction(frame["avance_reportado"]),
            "avance_verificado": shown_fraction(frame["avance_verificado"]),
            "semaforo": [palette.semaforo_label(a, s) for a, s in zip(frame["avance"], frame["semaforo"])],
            "avance_esperado": shown_fraction(frame["avance_esperado"]),
            "cumplimiento_cronograma": shown_fraction(frame["cumplimiento_cronograma"]),
            "evidencia": evidencia.where(~is_url, ""),
            "enlace": evidencia.where(is_url, None),
            "observaciones": frame["observaciones"].fillna(""),
            "observaciones_ci": frame["observaciones_ci"].fillna(""),
            "todas": frame["id"].isin(view.via_todas),
        },
        columns=TABLE_COLUMNS,
    ).reset_index(drop=True)


def schedule_table(view: View, actividades: pd.DataFrame) -> pd.DataFrame:
    """Scheduled activities with their schedule in words, for the schedule page's download.

    «Programación» lists every interval (whole months as «ene 2018 – mar 2018», days as
    dd/mm/aaaa); «Fecha programada» is the text as written in the plan, when there is one.
    """
    cronograma = view.plan.cronograma[view.plan.cronograma["actividad_id"].isin(actividades["id"])]
    by_id: dict[str, list[str]] = {}
    for ident, start, end in zip(cronograma["actividad_id"], cronograma["inicio"], cronograma["fin"], strict=True):
        by_id.setdefault(str(ident), []).append(formatting.interval(start, end))
    fechas = actividades["fecha_programada"] if "fecha_programada" in actividades else pd.Series("", index=actividades.index)
    return pd.DataFrame(
        {
            "ID": actividades["id"],
            "Subcomponente": actividades["subcomponente"],
            "Actividad": actividades["actividad"],
            "Fecha programada": fechas.fillna("").astype(str),
            "Programación": actividades["id"].map(lambda i: "; ".join(by_id.get(str(i), []))),
            "Inicio": actividades["inicio"],
            "Fin": actividades["fin"],
            "Días programados": actividades["dias_programados"],
            "Estado": actividades["estado"].map(palette.estado_label),
            "Avance esperado": shown_fraction(actividades["avance_esperado"]),
            "Avance reportado": shown_fraction(actividades["avance"]),
        }
    ).reset_index(drop=True)

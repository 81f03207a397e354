"""Synthetic plans of any size, shaped like real ones, for the benchmark and the scale tests.

``synthetic_plan(n)`` gives a :class:`~rendicion.plan.model.Plan` of ``n`` activities spread over the
four PAAC subcomponents, about a dozen offices (cells naming one to three offices, "con apoyo
de", "Todas las dependencias"), a 13-month schedule with realistic patterns (continuous,
one month, quarterly, separate months, a run, none) and follow-up reports at the three PAAC
cuts. ``synthetic_workbook(n, path)`` writes it with :func:`rendicion.outputs.plan_workbook.write_plan`, the
shape of ``data/plan_2018.xlsx``. Deterministic: the same ``n`` and ``seed`` give the same plan.

With ``fechas=True`` the schedule is written as «Fecha programada» text instead of MES marks,
in the mixed forms published plans use (month ranges, lists of months, single days, day
ranges, semesters, «Permanente»); the plan's cronograma is what
:func:`rendicion.reading.dates.read_schedule` reads from each text.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pandas as pd

from rendicion.common import formatting
from rendicion.common.formatting import MONTHS
from rendicion.outputs.plan_workbook import SUBCOMPONENTES_PAAC, Notes, write_plan
from rendicion.plan.model import (
    ACTIVIDADES_COLUMNS,
    CRONOGRAMA_COLUMNS,
    ORIGEN_FECHA_PROGRAMADA,
    ORIGEN_MESES,
    RESPONSABLES_COLUMNS,
    SEGUIMIENTO_COLUMNS,
    Parametros,
    Plan,
)
from rendicion.reading.dates import read_schedule

VIGENCIA = 2018
MESES = 13

#: Twelve offices, written as municipal plans write them.
OFICINAS = (
    "Secretaría de Planeación",
    "Secretaría de Gobierno",
    "Secretaría de Hacienda",
    "Secretaría Administrativa",
    "Oficina de Control Interno",
    "Dirección de Comunicaciones y Relaciones Públicas",
    "Secretaría de Educación",
    "Secretaría de Salud",
    "Secretaría de Infraestructura",
    "Secretaría de Desarrollo Social",
    "Dirección de Talento Humano",
    "Oficina Jurídica",
)

_VERBOS = ("Publicar", "Elaborar", "Realizar", "Divulgar", "Actualizar", "Socializar", "Convocar", "Consolidar",
           "Evaluar", "Capacitar a", "Responder", "Diseñar")
_OBJETOS = ("el informe de gestión", "la audiencia pública participativa", "los datos abiertos del plan",
            "las encuestas de percepción ciudadana", "el sitio web institucional", "los foros con la comunidad",
            "las ferias de servicios", "las preguntas de la ciudadanía", "el cronograma de rendición de cuentas",
            "los servidores públicos en rendición de cuentas", "el boletín de resultados", "las mesas de diálogo")
_COMPLEMENTOS = ("en la página web y las redes sociales", "con las juntas de acción comunal de cada comuna",
                 "según la estrategia de comunicaciones del plan de desarrollo", "",
                 "con lenguaje claro y accesible para la ciudadanía", "antes del corte del seguimiento cuatrimestral",
                 "en las doce comunas y los corregimientos del municipio", "")
_METAS = ("Un informe publicado", "Número de asistentes a la audiencia", "Cuatro publicaciones al año",
          "Porcentaje de preguntas respondidas", "Encuesta aplicada y analizada", "Actas de las mesas de diálogo",
          "Sitio web actualizado cada mes", "Servidores capacitados / servidores convocados")
_EVIDENCIAS = ("Actas y listas de asistencia", "Registro fotográfico", "Informe publicado en el sitio web",
               "Oficio radicado", "Base de datos de preguntas y respuestas")
_OBSERVACIONES = ("", "", "", "Se aplazó por la ley de garantías", "Falta el informe de la dependencia de apoyo",
                  "Baja participación en el primer semestre", "")

CUTS = (date(VIGENCIA, 4, 30), date(VIGENCIA, 8, 31), date(VIGENCIA, 12, 31))
#: Month span of each cut (MES 1 = January): a cut reports on activities that have started by then.
_CUT_MONTH = {CUTS[0]: 4, CUTS[1]: 8, CUTS[2]: 12}

NOTES = Notes(
    objetivo="Plan sintético para medir el tablero a escala: actividades, cronograma y seguimiento generados.",
    seguimiento="DATOS SINTÉTICOS: generados para pruebas de rendimiento.",
)


def _schedule(rng: random.Random) -> list[int]:
    """Scheduled months of one activity, with the patterns real plans have (some non-contiguous)."""
    kind = rng.random()
    if kind < 0.05:
        return []  # unscheduled
    if kind < 0.25:
        return list(range(1, MESES + 1))  # continuous, all year
    if kind < 0.40:
        return [rng.randint(1, MESES)]  # one month (a hearing, a report)
    if kind < 0.55:
        first = rng.randint(1, 3)
        return list(range(first, MESES + 1, 3))  # quarterly
    if kind < 0.80:
        return sorted(rng.sample(range(1, MESES + 1), rng.randint(2, 5)))  # separate months
    start = rng.randint(1, MESES - 1)
    return list(range(start, min(MESES, start + rng.randint(1, 5)) + 1))  # one run


def _responsable(rng: random.Random, principal: str) -> str:
    """A RESPONSABLE cell: one office, or several joined as people join them."""
    kind = rng.random()
    if kind < 0.45:
        return principal
    others = rng.sample([o for o in OFICINAS if o != principal], 2)
    if kind < 0.65:
        return f"{principal} - {others[0]}"
    if kind < 0.78:
        return f"{principal} con apoyo de {others[0]} / {others[1]}"
    if kind < 0.90:
        return f"{principal} - apoyo todas las dependencias"
    if kind < 0.95:
        return "Todas las dependencias"
    return f"{principal.upper()}, {others[0]}"  # another spelling of the same office


def _fecha_programada(rng: random.Random, months: list[int]) -> str:
    """A «Fecha programada» text for scheduled months ``months`` (MES 1 = January), as plans write them."""
    if not months:
        return ""
    names = [MONTHS[(m - 1) % 12] for m in months]
    if len(months) >= 12:
        return rng.choice(("Permanente", "Durante la vigencia", "Enero a diciembre", f"Enero a diciembre de {VIGENCIA}"))
    if len(months) == 1:
        month = months[0]
        if month > 12:
            return f"Enero {VIGENCIA + 1}"
        kind = rng.random()
        if kind < 0.3:
            return names[0].capitalize()
        if kind < 0.5:
            return f"{rng.randint(1, 28):02d}/{month:02d}/{VIGENCIA}"
        if kind < 0.7:
            return f"{rng.randint(1, 28)} de {names[0]} de {VIGENCIA}"
        if kind < 0.85:
            first = rng.randint(1, 20)
            return f"{first} al {first + rng.randint(1, 7)} de {names[0]} de {VIGENCIA}"
        day = rng.randint(1, 27)
        return f"{day} y {day + 1} de {names[0]}"
    contiguous = months == list(range(months[0], months[-1] + 1))
    if months[-1] > 12 and contiguous:
        return f"{names[0].capitalize()} {VIGENCIA} - Enero {VIGENCIA + 1}"
    if months[-1] > 12:  # a list reaching into the next year: every month with its year
        names = [f"{name} de {VIGENCIA + (m > 12)}" for name, m in zip(names, months, strict=True)]
    elif contiguous:
        if months == list(range(1, 7)) and rng.random() < 0.5:
            return "Primer semestre"
        if months == list(range(7, 13)) and rng.random() < 0.5:
            return "Segundo semestre"
        kind = rng.random()
        if kind < 0.4:
            return f"{names[0].capitalize()} a {names[-1]} de {VIGENCIA}"
        if kind < 0.7:
            return f"{names[0].capitalize()} - {names[-1].capitalize()}"
        return f"{names[0][:3].capitalize()} a {names[-1][:3]} {VIGENCIA}"
    listed = formatting.join(names)
    return listed[0].upper() + listed[1:]


def synthetic_plan(n: int, seed: int = 2018, fechas: bool = False) -> Plan:
    """A plan of ``n`` activities (see the module docstring); deterministic for (n, seed, fechas)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed * 1_000_003 + n)
    params = Parametros(entidad="Municipio Sintético", vigencia=VIGENCIA, mes_inicio=date(VIGENCIA, 1, 1),
                        meses=MESES, umbral_amarillo=60.0, umbral_verde=80.0)
    # Subcomponent sizes: uneven, as in real plans (Diálogo is the largest).
    shares = (0.2, 0.4, 0.15, 0.25)
    sizes = [max(1, round(n * share)) for share in shares]
    sizes[1] += n - sum(sizes)
    while sizes[1] < 1:  # tiny n: take from the biggest other group
        biggest = max((0, 2, 3), key=lambda i: sizes[i])
        sizes[biggest] -= 1
        sizes[1] += 1
    actividades, cronograma, seguimiento = [], [], []
    for number, (subcomponente, size) in enumerate(zip(SUBCOMPONENTES_PAAC, sizes), start=1):
        for k in range(1, size + 1):
            ident = f"{number}.{k}"
            texto = " ".join(part for part in (rng.choice(_VERBOS), rng.choice(_OBJETOS), rng.choice(_COMPLEMENTOS))
                             if part)
            texto = f"{texto} (actividad {ident})"
            meta, responsable = rng.choice(_METAS), _responsable(rng, rng.choice(OFICINAS))
            months = _schedule(rng)
            fecha = _fecha_programada(rng, months) if fechas else ""
            actividades.append((ident, subcomponente, texto, meta, responsable, 1.0, fecha))
            if fechas:
                runs = list(read_schedule(fecha, VIGENCIA).intervals) if fecha else []
                cronograma.extend((ident, start, end, ORIGEN_FECHA_PROGRAMADA) for start, end in runs)
                months = sorted({m for start, end in runs for m in params.months_of(start, end)})
            else:
                cronograma.extend((ident, start, end, ORIGEN_MESES) for start, end in params.month_runs(months))
            seguimiento.extend(_reports(rng, ident, months))
    return Plan(
        params,
        pd.DataFrame(actividades, columns=ACTIVIDADES_COLUMNS),
        pd.DataFrame(columns=RESPONSABLES_COLUMNS),  # the loader derives it; layout does not need it
        pd.DataFrame(cronograma, columns=CRONOGRAMA_COLUMNS),
        pd.DataFrame(seguimiento, columns=SEGUIMIENTO_COLUMNS),
    )


def _reports(rng: random.Random, ident: str, months: list[int]) -> list[tuple]:
    """Follow-up reports at the PAAC cuts an activity has started by; progress never goes down."""
    if not months:
        return []
    reports, progress = [], 0.0
    for cut in CUTS:
        if months[0] > _CUT_MONTH[cut] or rng.random() < 0.1:
            continue  # not started yet, or the office did not report at this cut
        done = sum(m <= _CUT_MONTH[cut] for m in months) / len(months)
        progress = min(100.0, max(progress, round(100 * done * rng.uniform(0.5, 1.1) / 5) * 5))
        estado = "Cumplida" if progress >= 100 else "En ejecución" if progress else "Sin iniciar"
        evidencia = (f"https://transparencia.example.gov.co/rendicion/{ident}" if rng.random() < 0.4
                     else rng.choice(_EVIDENCIAS))
        reports.append((ident, cut, progress, estado, evidencia, rng.choice(_OBSERVACIONES), "", float("nan"), ""))
    return reports


def synthetic_workbook(n: int, path: str | Path | None = None, seed: int = 2018, fechas: bool = False) -> bytes:
    """The synthetic plan of ``n`` activities as a workbook in the municipal layout (written to ``path``).

    ``fechas=True``: the schedule is a FECHA PROGRAMADA column of text, with no MES marks.
    """
    return write_plan(synthetic_plan(n, seed, fechas), path, NOTES)

"""Build data/plan_2018.xlsx from the source document data/plan_accion_rendicion_2018.txt.

    python -m scripts.build_plan_2018

The text keeps the plan's words but not the month shading of its schedule, nor any
follow-up. Both are reconstructed here, in plain sight:

- SCHEDULE: a plausible 13-month schedule (MES 1 = January 2018) for the 13 activities the
  source's cronograma lists: continuous activities in every month, the public hearing in one
  month, others in several separate months.
- FOLLOW_UP: example reports at the three PAAC cuts of 2018, labelled as example data.

The workbook carries the document's words exactly: its title («… RENDICIÓN DE CUENTA – VIGENCIA
2018»), the cronograma's own short row names (stray «.0» and final periods included) and the
signature block. What the workbook adds (IDs, the entity row, the sheets «Seguimiento» and
«Parámetros») is labelled as an addition under the Plan's title.

The output is deterministic: the same source gives the same workbook contents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from rendicion.outputs.plan_workbook import Notes, write_plan
from rendicion.plan.model import (
    ACTIVIDADES_COLUMNS,
    CRONOGRAMA_COLUMNS,
    ORIGEN_MESES,
    SEGUIMIENTO_COLUMNS,
    Parametros,
    Plan,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "plan_accion_rendicion_2018.txt"
TARGET = ROOT / "data" / "plan_2018.xlsx"

#: Reconstructed schedule, by activity ID (IDs are "<subcomponent>.<n>" in document order).
#: The six activities the source's cronograma does not list (1.1–1.5, 3.1) stay unscheduled.
SCHEDULE = {
    "2.1": [9, 10],              # survey on topics of interest, before the hearing
    "2.2": list(range(1, 14)),   # website and social networks: continuous
    "2.3": [11],                 # the public hearing: one month
    "2.4": list(range(1, 14)),   # discussion in social networks: continuous
    "2.5": [3, 6, 9, 11],        # multimedia channels: separate months
    "2.6": [5, 10],              # management fairs
    "2.7": [4, 7, 10],           # forums
    "2.8": [12, 13],             # answers to the hearing's questions, after it
    "3.2": [6, 12],              # perception surveys
    "4.1": [4, 8, 12],           # follow-up of the schedule at each PAAC cut
    "4.2": [1, 2],               # evaluation of the previous process
    "4.3": [12],                 # general report
    "4.4": [13],                 # publication of the report's results
}

CUTS = (date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31))
_EXAMPLE = "https://example.org/rendicion-2018/"

#: Example follow-up: activity ID -> progress (%) at each cut (None: no report at that cut),
#: plus the evidence and a note reported with the last report.
FOLLOW_UP = {
    "1.1": ((100, None, None), "Base de caracterización de actores sociales", ""),
    "1.5": ((None, 40, 100), _EXAMPLE + "informe-de-gestion.pdf", ""),
    "3.1": ((None, 30, 60), "Listas de asistencia a las capacitaciones", "Faltan dos jornadas"),
    "2.1": ((None, None, 100), _EXAMPLE + "encuesta-temas.pdf", ""),
    "2.2": ((30, 60, 92), _EXAMPLE + "sitio-web", ""),
    "2.3": ((None, None, 100), _EXAMPLE + "audiencia-publica", "Audiencia realizada el 29 de noviembre"),
    "2.4": ((25, 45, 85), _EXAMPLE + "redes-sociales", "Baja interacción en el primer semestre"),
    "2.5": ((25, 50, 100), _EXAMPLE + "canal-multimedia", ""),
    "2.6": ((0, 50, 100), "Registro fotográfico de las ferias", ""),
    "2.7": ((33, 33, 100), "Actas de los foros", "El foro de julio se aplazó"),
    "2.8": ((None, None, 50), _EXAMPLE + "respuestas-audiencia", ""),
    "3.2": ((None, 50, 100), _EXAMPLE + "encuestas-percepcion.pdf", ""),
    "4.1": ((33, 50, 100), "Informes de seguimiento cuatrimestral", ""),
    "4.2": ((80, 90, 100), "Documento de evaluación del proceso anterior", "Pendiente la retroalimentación"),
    "4.3": ((None, None, 100), _EXAMPLE + "informe-general.pdf", ""),
}

#: Example observations of Control Interno, per (activity ID, cut): its own column, apart from the offices'
#: notes. None verifies a different % de avance, so the figures stay those of the offices' reports.
OBSERVACIONES_CI = {
    ("2.4", CUTS[1]): "Se verificaron las publicaciones en redes; la interacción sigue baja.",
    ("2.7", CUTS[1]): "El foro de julio se aplazó; se recomienda reprogramarlo en el segundo semestre.",
    ("4.2", CUTS[1]): "La actividad venció en febrero sin llegar al 100 %.",
    ("4.2", CUTS[2]): "Se verificó el documento de evaluación del proceso anterior.",
}

#: The document ends with its signature block (the text's last two non-blank lines).
FIRMA_LINES = 2

ADICIONES = (
    "Adiciones a la transcripción del documento (no están en el original): la fila de la entidad, la columna ID, "
    "los meses marcados del cronograma (reconstruidos) y las hojas «Seguimiento» (datos de ejemplo) y «Parámetros»."
)

NOTES = Notes(
    objetivo=(
        "Fortalecer la comunicación entre la Administración municipal y la ciudadanía en un proceso de "
        "rendición de cuentas permanentes, transparentes y participativas."
    ),
    cronograma=(
        "Cronograma reconstruido: el sombreado de los meses del documento original no se conservó en el "
        "texto fuente. Los meses marcados son una reconstrucción plausible, no la programación oficial."
    ),
    seguimiento=(
        "DATOS DE EJEMPLO: estos reportes de avance son ilustrativos, para mostrar el tablero. "
        "No son el avance real de la entidad."
    ),
)


@dataclass(frozen=True)
class SourceDocument:
    """The source text, split into what the document holds."""

    title: str
    objective: str
    #: (subcomponent as written or "", activity, goal/indicator, responsible) in document order.
    activities: list[tuple[str, str, str, str]]
    #: Activity names of the cronograma rows, as written (shortened, with stray characters).
    schedule_rows: list[str]
    #: The signature block: the signer's name, then the cargo.
    signature: list[str]


def parse_source(text: str) -> SourceDocument:
    """Split the tab-separated source document into its title, plan rows and cronograma rows."""
    lines = [line.rstrip("\n") for line in text.splitlines()]
    title = next(line.strip() for line in lines if line.strip())
    objective = next(line.strip() for line in lines if line.startswith("Fortalecer"))
    activities, schedule_rows, section = [], [], None
    for line in lines:
        cells = line.split("\t")
        if cells[0] == "SUBCOMPONENTE":
            section = "plan"
        elif len(cells) > 1 and cells[1] == "MES 1":
            section = "cronograma"
        elif section == "plan" and len(cells) == 4:
            activities.append(tuple(cell.strip() for cell in cells))
        elif section == "cronograma" and len(cells) > 1 and cells[0].strip():
            schedule_rows.append(cells[0].strip())
    signature = [line.strip() for line in lines if line.strip()][-FIRMA_LINES:]
    return SourceDocument(title, objective, activities, schedule_rows, signature)


def _subcomponent(name: str) -> str:
    return name[0] + name[1:].lower()


def build_plan(document: SourceDocument) -> Plan:
    """The 2018 plan: the source's activities, the reconstructed schedule and the example follow-up."""
    params = Parametros(entidad="Alcaldía de Ibagué", vigencia=2018, mes_inicio=date(2018, 1, 1), meses=13,
                        datos_de_ejemplo=True, cronograma_reconstruido=True)
    rows, current, numbers, counters = [], "", {}, {}
    for subcomponent, activity, goal, responsible in document.activities:
        if subcomponent:
            current = _subcomponent(subcomponent)
            numbers.setdefault(current, len(numbers) + 1)
        counters[current] = counters.get(current, 0) + 1
        ident = f"{numbers[current]}.{counters[current]}"
        rows.append((ident, current, activity, goal, responsible, 1.0, ""))
    actividades = pd.DataFrame(rows, columns=ACTIVIDADES_COLUMNS)
    cronograma = pd.DataFrame(
        [(i, start, end, ORIGEN_MESES) for i, months in SCHEDULE.items() for start, end in params.month_runs(months)],
        columns=CRONOGRAMA_COLUMNS,
    )
    reports = []
    for ident, (progress, evidence, note) in FOLLOW_UP.items():
        given = [(cut, value) for cut, value in zip(CUTS, progress) if value is not None]
        for n, (cut, value) in enumerate(given):
            last = n == len(given) - 1
            estado = "Cumplida" if value == 100 else "En ejecución" if value else "Sin iniciar"
            reports.append((ident, cut, float(value), estado, evidence if last else "", note if last else "", "",
                            float("nan"), OBSERVACIONES_CI.get((ident, cut), "")))
    seguimiento = pd.DataFrame(reports, columns=SEGUIMIENTO_COLUMNS)
    return Plan(params, actividades, pd.DataFrame(columns=["actividad_id", "dependencia", "rol"]), cronograma,
                seguimiento)


def document_notes(document: SourceDocument) -> Notes:
    """NOTES plus the document's own words: its title, the cronograma's row names and the signature.

    The cronograma rows are paired with the activity IDs of :data:`SCHEDULE`, in document order
    (the source's cronograma lists exactly those 13 activities, in that order).
    """
    if len(document.schedule_rows) != len(SCHEDULE):
        raise ValueError(f"El cronograma del documento tiene {len(document.schedule_rows)} filas, no {len(SCHEDULE)}.")
    return replace(NOTES, titulo=document.title, adiciones=ADICIONES,
                   cronograma_nombres=dict(zip(SCHEDULE, document.schedule_rows)), firma=document.signature)


def main() -> None:
    document = parse_source(SOURCE.read_text(encoding="utf-8"))
    plan = build_plan(document)
    write_plan(plan, TARGET, document_notes(document))
    print(f"Escrito {TARGET.relative_to(ROOT)}: {len(plan.actividades)} actividades.")


if __name__ == "__main__":
    main()

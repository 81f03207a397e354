"""What the plan's own data says at a cut, which Control Interno must point out in its follow-up.

Pure pandas. :func:`flags` reads the rows of :func:`rendicion.followup.engine.evaluate` and returns
one :class:`Flag` per activity and kind, in plan order, kinds in the order of :data:`TIPOS`:

- «Vencidas sin cumplir»: the schedule ended before the cut and the % de avance is below 100 (the
  estado «Vencida»), whether or not the rule evaluates the activity;
- «Sin fecha programada»: the plan gives the activity no scheduled day, so no cut before the final
  one can say whether it is on time (a gap in the plan's quality);
- «Programadas después del cierre de la vigencia»: its schedule runs past 31 December of the
  vigencia (a MES 13, «enero de 2019»), so the final follow-up measures it before it is due;
- «Al 100 % con pendientes»: the % de avance is 100 but an observation (the office's or Control
  Interno's) says something is still pending («Pendiente la retroalimentación»).

The report (:mod:`rendicion.outputs.informe`), the Resumen page and the JSON list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from rendicion.common import formatting
from rendicion.common.text import fold
from rendicion.plan.model import Parametros

VENCIDA_SIN_CUMPLIR = "vencida_sin_cumplir"
SIN_FECHA = "sin_fecha_programada"
DESPUES_DE_LA_VIGENCIA = "despues_de_la_vigencia"
CIEN_CON_PENDIENTES = "cien_con_pendientes"

#: Kinds of flag, in display order, with their Spanish titles.
TIPOS = {
    VENCIDA_SIN_CUMPLIR: "Vencidas sin cumplir",
    SIN_FECHA: "Sin fecha programada",
    DESPUES_DE_LA_VIGENCIA: "Programadas después del cierre de la vigencia",
    CIEN_CON_PENDIENTES: "Al 100 % con pendientes en las observaciones",
}

#: Wordings of an observation that says something is still to be done (matched on folded text).
_PENDING = re.compile(
    r"\b(pendientes?|falta|faltan|faltaria|por (realizar|hacer|entregar|publicar|completar|definir|ejecutar|"
    r"enviar|recibir|aprobar|socializar)|sin (realizar|terminar|entregar|publicar|concluir|completar)|"
    r"no se (ha|han) (realizado|entregado|publicado|completado|terminado|recibido)|en (proceso|tramite)|"
    r"aun no|todavia no|queda por|quedan por)\b"
)


@dataclass(frozen=True)
class Flag:
    """One thing to point out about one activity."""

    tipo: str
    id: str
    actividad: str
    #: What the data says, in Spanish, one sentence.
    detalle: str

    @property
    def titulo(self) -> str:
        return TIPOS[self.tipo]


def pending(text: object) -> bool:
    """Whether an observation says something is still pending («Pendiente la retroalimentación»)."""
    return bool(text) and bool(_PENDING.search(fold(str(text))))


def flags(evaluated: pd.DataFrame, corte: date, parametros: Parametros) -> list[Flag]:
    """Every flag of the activities of ``evaluated`` at ``corte`` (see the module docstring)."""
    found: dict[str, list[Flag]] = {kind: [] for kind in TIPOS}
    fin_vigencia = parametros.fin_vigencia
    for row in evaluated.itertuples(index=False):
        ident, name = str(row.id), str(row.actividad)
        avance = formatting.percent(row.avance)
        if row.vencida_sin_cumplir:
            found[VENCIDA_SIN_CUMPLIR].append(Flag(
                VENCIDA_SIN_CUMPLIR, ident, name,
                f"Su cronograma terminó el {formatting.day(row.fin)} y su avance al corte es {avance}."))
        if not row.dias_programados:
            found[SIN_FECHA].append(Flag(
                SIN_FECHA, ident, name,
                "El plan no le da fecha programada: solo se puede evaluar en el corte final."))
        elif row.fin is not None and row.fin > fin_vigencia:
            if row.inicio is not None and row.inicio > fin_vigencia:
                detalle = (f"Está programada del {formatting.day(row.inicio)} al {formatting.day(row.fin)}, después "
                           f"del cierre de la vigencia ({formatting.day(fin_vigencia)}), y en el corte final cuenta "
                           f"con {avance}.")
            else:
                detalle = (f"Su cronograma sigue hasta el {formatting.day(row.fin)}, después del cierre de la "
                           f"vigencia ({formatting.day(fin_vigencia)}).")
            found[DESPUES_DE_LA_VIGENCIA].append(Flag(DESPUES_DE_LA_VIGENCIA, ident, name, detalle))
        if row.avance >= 100:
            said = [(who, text) for who, text in (("Control Interno", row.observaciones_ci),
                                                 ("la dependencia", row.observaciones)) if pending(text)]
            if said:
                who, text = said[0]
                found[CIEN_CON_PENDIENTES].append(Flag(
                    CIEN_CON_PENDIENTES, ident, name,
                    f"Tiene 100 % de avance, pero la observación de {who} dice «{formatting.truncate(text, 160)}»."))
    return [flag for kind in TIPOS for flag in found[kind]]

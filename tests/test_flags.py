"""What the plan's own data says at a cut (rendicion.followup.flags), on the shipped plan and in words."""

from __future__ import annotations

from datetime import date

import pytest

from rendicion.followup import engine, flags

APRIL, AUGUST, DECEMBER = date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)


@pytest.mark.parametrize(("text", "pending"), [
    ("Pendiente la retroalimentación", True),
    ("Quedan pendientes dos foros", True),
    ("Falta publicar el acta", True),
    ("Acta por publicar en la web", True),
    ("Está por realizar la audiencia", True),
    ("Aún no se publica", True),
    ("En trámite ante la Secretaría", True),
    ("No se ha entregado el informe", True),
    ("Terminada", False),
    ("Publicada el 15/03/2018", False),
    ("", False),
])
def test_pending_wordings(text, pending):
    assert flags.pending(text) is pending


def test_the_shipped_plan_at_the_three_cuts(plan):
    """Hand-read from the workbook: no schedule for 1.1–1.5 and 3.1; 2.2, 2.4 and 2.8 run into January 2019 and
    4.4 is all in it; 4.2 (January–February) is overdue at 80 % and 90 %, then reports 100 % beside «Pendiente
    la retroalimentación»."""
    expected = {
        APRIL: {flags.VENCIDA_SIN_CUMPLIR: ["4.2"]},
        AUGUST: {flags.VENCIDA_SIN_CUMPLIR: ["4.2"]},
        DECEMBER: {flags.CIEN_CON_PENDIENTES: ["4.2"]},
    }
    for corte, specific in expected.items():
        found = flags.flags(engine.evaluate(plan, corte), corte, plan.parametros)
        by_kind = {kind: [f.id for f in found if f.tipo == kind] for kind in flags.TIPOS}
        assert by_kind == {
            flags.VENCIDA_SIN_CUMPLIR: specific.get(flags.VENCIDA_SIN_CUMPLIR, []),
            flags.SIN_FECHA: ["1.1", "1.2", "1.3", "1.4", "1.5", "3.1"],
            flags.DESPUES_DE_LA_VIGENCIA: ["2.2", "2.4", "2.8", "4.4"],
            flags.CIEN_CON_PENDIENTES: specific.get(flags.CIEN_CON_PENDIENTES, []),
        }
    [pending] = [f for f in flags.flags(engine.evaluate(plan, DECEMBER), DECEMBER, plan.parametros)
                 if f.tipo == flags.CIEN_CON_PENDIENTES]
    assert pending.detalle == ("Tiene 100 % de avance, pero la observación de la dependencia dice «Pendiente la "
                               "retroalimentación».")
    assert pending.titulo == "Al 100 % con pendientes en las observaciones"

"""Control Interno's follow-up report as one HTML file for the municipal website.

Rendered from the autoescaping Jinja2 template ``rendicion/outputs/templates/informe.html.j2``: every
text that comes from a workbook is escaped by the template (``autoescape=True``), never by
hand. The file is self-contained and works offline with JavaScript off: no script at all, the
chart is inline SVG, the styles are inline, and a Content-Security-Policy forbids loading
anything. It reflows on a phone (each activity becomes a card) and prints on letter paper,
landscape, without cutting a row.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from rendicion.common import formatting
from rendicion.followup import palette
from rendicion.followup.view import View
from rendicion.outputs import informe as informe_data
from rendicion.outputs.informe import Cierre, Informe
from rendicion.plan.model import Plan

TEMPLATE = "informe.html.j2"


@lru_cache(maxsize=1)
def _template():
    """The report's template; autoescape on, so every value is escaped unless the template says otherwise
    (it never does). Jinja2 is imported on first use: only the report needs it."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE)


#: Chart geometry (SVG user units).
_CHART_WIDTH, _LABEL_WIDTH, _BAR_STEP = 760, 230, 32


def informe_html(plan: Plan, corte: date, view: View | None = None, *, cierre: Cierre | None = None,
                 fecha_elaboracion: date | None = None, fecha_publicacion: date | None = None,
                 cabeza: str | None = None) -> str:
    """The follow-up report at ``corte`` as one HTML document (a str, UTF-8).

    ``view`` (same cut date) restricts it to the dashboard's filters; ``cierre`` overrides the
    closing held in Parámetros; ``fecha_elaboracion`` defaults to today, ``fecha_publicacion`` to a
    blank; ``cabeza``, the short chain value of the published version the plan comes from, is
    printed in the footer.
    """
    return render(informe_data.build(plan, corte, view, cierre=cierre, fecha_elaboracion=fecha_elaboracion,
                                     fecha_publicacion=fecha_publicacion), cabeza=cabeza)


def render(report: Informe, cabeza: str | None = None) -> str:
    header = report.encabezado
    return _template().render(
        informe=report,
        titulo=f"Seguimiento {header.seguimiento} de {header.vigencia} · Rendición de cuentas · {header.entidad}",
        titulo_largo=f"{informe_data.TITULO} · Componente 3: Rendición de cuentas",
        fuente=informe_data.FUENTE_FORMATO,
        columnas=informe_data.COLUMNAS,
        ancho=len(informe_data.COLUMNAS),
        cifra_nombre=palette.AVANCE_DEL_PLAN,
        grafico=_chart(report),
        lineas=3,
        pct=formatting.percent,
        elaboracion=formatting.day(header.fecha_elaboracion),
        corte_largo=formatting.long_day(header.corte),
        cabeza=informe_data.cabeza_linea(cabeza) if cabeza else None,
    )


def _chart(report: Informe) -> dict:
    """Bars of % de avance per subcomponent and for the component, with the zone thresholds."""
    area = _CHART_WIDTH - _LABEL_WIDTH - 70
    totals = [grupo.subtotal for grupo in report.grupos] + [report.total]
    bars = []
    for index, subtotal in enumerate(totals):
        value = subtotal.avance
        bars.append({
            "nombre": formatting.truncate(palette.AVANCE_DEL_PLAN if subtotal is report.total else subtotal.nombre, 30),
            "y": 8 + index * _BAR_STEP,
            "largo": round(area * (value or 0) / 100, 1),
            "color": palette.semaforo_color(subtotal.semaforo) if subtotal.semaforo else palette.GREY,
            "texto": formatting.percent(value) if value is not None else "sin evaluadas",
            "total": subtotal is report.total,
        })
    height = 8 + len(totals) * _BAR_STEP + 22
    thresholds = [{"x": round(_LABEL_WIDTH + area * v / 100, 1), "texto": formatting.percent(v)}
                  for v in (report.umbral_amarillo, report.umbral_verde)]
    description = "; ".join(
        f"{palette.AVANCE_DEL_PLAN if s is report.total else s.nombre}: "
        f"{formatting.percent(s.avance) if s.avance is not None else 'sin actividades evaluadas'}"
        f"{' · ' + s.zona if s.semaforo else ''}" for s in totals)
    return {"ancho": _CHART_WIDTH, "alto": height, "etiquetas": _LABEL_WIDTH, "area": area, "barras": bars,
            "umbrales": thresholds, "descripcion": description + "."}

"""Resumen: «Avance del plan» with its zone and rule, what is behind (atrasadas and vencidas sin cumplir, with
their offices), per subcomponent, activities by estado, the plan's findings. On a phone it reads in that order,
top to bottom."""

import streamlit as st

from rendicion.common import formatting
from rendicion.followup import engine, flags, measure, palette
from rendicion.followup.view import activity_table
from rendicion.outputs import figures
from rendicion.plan.model import REGLAS_DESCRIPCION
from ui import downloads, editing, session, widgets

view = session.page_header("Resumen del plan")

resumen = view.resumen
avance, semaforo = resumen["avance"], resumen["semaforo"]
atrasadas = activity_table(view, view.with_estados([engine.ATRASADA]))
vencidas = activity_table(view, measure.vencidas_sin_cumplir(view.actividades))
first, second, third, fourth = st.columns([1.2, 1, 0.9, 0.9], border=True)
first.metric(palette.AVANCE_DEL_PLAN, formatting.percent(avance),
             help=f"Promedio{' ponderado por el peso' if view.ponderado else ''} del % de avance de las actividades "
                  "evaluadas al corte (el verificado por Control Interno cuando lo hay; si no, el reportado). "
                  f"Regla «{view.parametros.actividades_evaluadas}»: "
                  f"{REGLAS_DESCRIPCION[view.parametros.actividades_evaluadas]}; desde el "
                  f"{formatting.long_day(view.parametros.fin_vigencia)} se evalúan todas. Zonas del PAAC: "
                  + ", ".join(palette.ZONA_NOMBRES[z] for z in (engine.ROJO, engine.AMARILLO, engine.VERDE)) + ".")
first.markdown(palette.semaforo_label(avance, semaforo, palette.SIN_EVALUADAS))
first.caption(f"Regla: «{view.parametros.actividades_evaluadas}»")
second.metric("Actividades evaluadas", f"{formatting.number(resumen['evaluadas'])} de "
                                       f"{formatting.number(resumen['actividades'])}",
              help="Las que se evalúan al corte según la regla elegida en la barra lateral (por omisión, la de la "
                   "hoja de parámetros).")
if resumen["verificadas"]:
    second.caption(f"{formatting.number(resumen['verificadas'])} con % verificado por Control Interno")
third.metric(palette.estado_label(engine.ATRASADA), formatting.number(len(atrasadas)),
             help="Ya empezaron y su % de avance está más de "
                  f"{formatting.plural(view.parametros.margen_atraso, 'punto')} por debajo del avance "
                  "esperado por el cronograma (margen de la hoja de parámetros).")
fourth.metric(f"{palette.ESTADO_ICONS[engine.VENCIDA]} Vencidas sin cumplir", formatting.number(len(vencidas)),
              help="Su cronograma terminó antes del corte y su % de avance es menor que 100 %.")

st.header("Lo que está atrasado o vencido", anchor="atrasadas")
if atrasadas.empty and vencidas.empty:
    st.success(f"No hay actividades atrasadas ni vencidas sin cumplir al {formatting.long_day(view.filters.corte)}.")
for title, table in ((f"{palette.estado_label(engine.ATRASADA)}s", atrasadas),
                     (f"{palette.ESTADO_ICONS[engine.VENCIDA]} Vencidas sin cumplir", vencidas)):
    if not table.empty:
        st.markdown(f"**{title} ({formatting.number(len(table))})**")
        widgets.pending_list(table)
if not (atrasadas.empty and vencidas.empty):
    pendientes = activity_table(view, view.with_estados(engine.PENDIENTES))
    columns = ["id", "actividad", "subcomponente", "responsables", "estado", "avance", "avance_esperado",
               "observaciones"]
    st.caption("En la Matriz de actividades, el filtro «Estado» las muestra con todas sus columnas.")
    downloads.table_downloads(widgets.spanish_columns(pendientes[columns], widgets.ACTIVITY_COLUMNS),
                              "actividades_atrasadas_y_vencidas", "pendientes", ("% de avance", "Avance esperado"))
st.caption("Cumplimiento del cronograma (indicador secundario, sin zona): "
           f"{palette.cumplimiento_label(resumen['cumplimiento_cronograma'])}. Es el avance reportado ÷ el avance "
           "esperado por el cronograma (máximo 100 %), promedio de las actividades con avance esperado.")

left, right = st.columns(2)
with left:
    widgets.plotly(figures.avance_por_subcomponente(view.por_subcomponente, view.parametros), key="por_sub")
with right:
    widgets.plotly(figures.estados(view.actividades), key="estados")

sin_fecha = measure.sin_fecha_programada(view.actividades)
if not sin_fecha.empty:
    st.header(f"Sin fecha programada ({formatting.number(len(sin_fecha))})")
    by_estado = sin_fecha["estado"].value_counts()
    parts = [f"{formatting.number(int(n))} en «{palette.estado_label(e)}»" for e, n in by_estado.items()]
    st.caption("No tienen cronograma: se evalúan solo en el corte final de la vigencia. En el gráfico de estados "
               f"están así: {', '.join(parts)}.")
    widgets.activity_grid(activity_table(view, sin_fecha), ["id", "estado", "avance", "actividad", "responsables"])

# Vencidas sin cumplir have their list above, and so do the activities without schedule before the final cut.
listed = {flags.VENCIDA_SIN_CUMPLIR} | ({flags.SIN_FECHA} if not sin_fecha.empty else set())
hallazgos = [flag for flag in flags.flags(view.actividades, view.filters.corte, view.parametros)
             if flag.tipo not in listed]
if hallazgos:
    st.header(f"Hallazgos sobre el plan ({formatting.number(len(hallazgos))})")
    st.caption("Lo que los datos del plan dicen por sí mismos; el informe de seguimiento los lista también.")
    for titulo in dict.fromkeys(flag.titulo for flag in hallazgos):
        st.markdown(f"**{widgets.literal(titulo)}**")
        st.markdown("\n".join(f"- **{widgets.literal(f.id)}** · {widgets.literal(formatting.truncate(f.actividad, 100))}: "
                              f"{widgets.literal(f.detalle)}" for f in hallazgos if f.titulo == titulo))


st.header("Informe de seguimiento y plantilla")
st.caption("El informe de seguimiento de Control Interno, en el formato oficial del PAAC, usa los filtros y la fecha "
           "de corte de la barra lateral. La plantilla es un libro en blanco con el mismo formato del plan, listo "
           "para que las dependencias lo diligencien.")
cierre = editing.report_form(view, session.current_app())
published = session.current_app().version  # the chain value of the version shown goes on the report
downloads.report_downloads(view, cierre, cabeza=published.chain[:16] if published and published.chain else None)

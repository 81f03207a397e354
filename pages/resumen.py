"""Resumen: «Avance del plan» with its zone, what is behind (atrasadas and vencidas, with their offices),
per subcomponent, activities by estado. On a phone it reads in that order, top to bottom."""

import streamlit as st

from rendicion.common import formatting
from rendicion.followup import engine, measure, palette
from rendicion.followup.view import activity_table
from rendicion.outputs import figures
from ui import downloads, editing, session, widgets

view = session.page_header("Resumen del plan")

resumen = view.resumen
avance, semaforo = resumen["avance"], resumen["semaforo"]
atrasadas = activity_table(view, view.with_estados([engine.ATRASADA]))
vencidas = activity_table(view, view.with_estados([engine.VENCIDA]))
first, second, third, fourth = st.columns([1.2, 1, 0.9, 0.9], border=True)
first.metric("Avance del plan", formatting.percent(avance),
             help="Promedio del % de avance reportado de las actividades evaluadas al corte, ponderado por su peso "
                  f"(regla: {view.parametros.actividades_evaluadas}; desde el "
                  f"{formatting.long_day(view.parametros.fin_vigencia)} se evalúan todas). Zonas del PAAC: baja "
                  "(rojo), media (amarillo), alta (verde).")
first.markdown(palette.semaforo_label(avance, semaforo, palette.SIN_EVALUADAS))
second.metric("Actividades evaluadas", f"{formatting.number(resumen['evaluadas'])} de "
                                       f"{formatting.number(resumen['actividades'])}",
              help="Las que se evalúan al corte según la regla de la hoja de parámetros.")
third.metric(palette.estado_label(engine.ATRASADA), formatting.number(len(atrasadas)),
             help=f"Ya empezaron y su % de avance está más de {formatting.plural(view.parametros.margen_atraso, 'punto')} "
                  "por debajo del avance esperado por el cronograma (margen de la hoja de parámetros).")
fourth.metric(palette.estado_label(engine.VENCIDA), formatting.number(len(vencidas)),
              help="Su cronograma terminó antes del corte y no llegaron al 100 %.")

st.subheader("Lo que está atrasado o vencido", anchor="atrasadas")
if atrasadas.empty and vencidas.empty:
    st.success(f"No hay actividades atrasadas ni vencidas al {formatting.long_day(view.filters.corte)}.")
for title, table in ((f"{palette.estado_label(engine.ATRASADA)}s", atrasadas),
                     (f"{palette.estado_label(engine.VENCIDA)}s", vencidas)):
    if not table.empty:
        st.markdown(f"**{title} ({formatting.number(len(table))})**")
        widgets.pending_list(table)
if not (atrasadas.empty and vencidas.empty):
    pendientes = activity_table(view, view.with_estados(engine.PENDIENTES))
    columns = ["id", "actividad", "subcomponente", "responsables", "estado", "avance_reportado", "avance_esperado",
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
    st.subheader(f"Sin fecha programada ({formatting.number(len(sin_fecha))})")
    by_estado = sin_fecha["estado"].value_counts()
    parts = [f"{formatting.number(int(n))} en «{palette.estado_label(e)}»" for e, n in by_estado.items()]
    st.caption("No tienen cronograma: se evalúan solo en el corte final de la vigencia. En el gráfico de estados "
               f"están así: {', '.join(parts)}.")
    widgets.activity_grid(activity_table(view, sin_fecha), ["id", "estado", "avance_reportado", "actividad",
                                                            "responsables"])

st.subheader("Informe de seguimiento y plantilla")
st.caption("El informe de seguimiento de Control Interno, en el formato oficial del PAAC, usa los filtros y la fecha "
           "de corte de la barra lateral. La plantilla es un libro en blanco con el mismo formato del plan, listo "
           "para que las dependencias lo diligencien.")
cierre = editing.report_form(view, session.current_app())
downloads.report_downloads(view, cierre)

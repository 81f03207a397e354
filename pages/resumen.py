"""Resumen: «Avance del plan» with its zone, per subcomponent, activities by estado, the overdue list."""

import streamlit as st

from rendicion.common import formatting
from rendicion.followup import measure, palette
from rendicion.followup.view import activity_table
from rendicion.outputs import figures
from ui import downloads, session, widgets

view = session.page_header("Resumen del plan")

resumen = view.resumen
avance, semaforo = resumen["avance"], resumen["semaforo"]
first, second, third, fourth = st.columns([1, 1, 1.35, 0.65], border=True)
first.metric("Avance del plan", formatting.percent(avance),
             help="Promedio del % de avance reportado de las actividades evaluadas al corte, ponderado por su peso "
                  f"(regla: {view.parametros.actividades_evaluadas}; desde el "
                  f"{formatting.long_day(view.parametros.fin_vigencia)} se evalúan todas). Zonas del PAAC: baja "
                  "(rojo), media (amarillo), alta (verde).")
first.markdown(palette.semaforo_label(avance, semaforo, palette.SIN_EVALUADAS))
second.metric("Actividades evaluadas", f"{formatting.number(resumen['evaluadas'])} de "
                                       f"{formatting.number(resumen['actividades'])}",
              help="Las que se evalúan al corte según la regla de la hoja de parámetros.")
third.metric("Cumplimiento del cronograma", palette.cumplimiento_label(resumen["cumplimiento_cronograma"]),
             help="Indicador secundario: avance reportado ÷ avance esperado por el cronograma (máximo 100 %), "
                  "promedio de las actividades con avance esperado. Sirve para ver las actividades atrasadas; no "
                  "tiene zona.")
fourth.metric(palette.estado_label("Vencida"), formatting.number(resumen["Vencida"]))

left, right = st.columns(2)
with left:
    widgets.plotly(figures.avance_por_subcomponente(view.por_subcomponente, view.parametros), key="por_sub")
with right:
    widgets.plotly(figures.estados(view.actividades), key="estados")

sin_fecha = measure.sin_fecha_programada(view.actividades)
if not sin_fecha.empty:
    st.header(f"Sin fecha programada ({formatting.number(len(sin_fecha))})")
    st.caption("No tienen cronograma: se evalúan solo en el corte final de la vigencia.")
    columns = ["id", "actividad", "subcomponente", "responsables", "avance_reportado"]
    st.dataframe(activity_table(view, sin_fecha), hide_index=True, width="stretch", column_config=widgets.ACTIVITY_COLUMNS,
                 column_order=columns)

st.header("Actividades vencidas")
vencidas = activity_table(view, view.actividades[view.actividades["estado"] == "Vencida"])
if vencidas.empty:
    st.success(f"No hay actividades vencidas al {formatting.long_day(view.filters.corte)}.")
else:
    columns = ["id", "actividad", "subcomponente", "responsables", "avance_reportado", "semaforo", "avance_esperado",
               "observaciones"]
    st.dataframe(vencidas, hide_index=True, width="stretch", column_config=widgets.ACTIVITY_COLUMNS, column_order=columns)
    downloads.table_downloads(widgets.spanish_columns(vencidas[columns], widgets.ACTIVITY_COLUMNS), "actividades_vencidas", "vencidas",
                       ("% de avance", "Avance esperado"))

st.header("Informe de seguimiento y plantilla")
st.caption("El informe de seguimiento de Control Interno, en el formato oficial del PAAC, usa los filtros y la fecha "
           "de corte de la barra lateral. La plantilla es un libro en blanco con el mismo formato del plan, listo "
           "para que las dependencias lo diligencien.")
cierre = downloads.report_form(view)
downloads.report_downloads(view, cierre)

"""Cronograma: the Gantt at day resolution, one row per activity, one bar per scheduled interval.

The Gantt is the first element under the page heading: what is drawn before it, or beside it while
Plotly's script loads, delays the chart (see the benchmark's browser comparison). So the page has
no data grid unless asked for one: the activities without a schedule are a short list, and their
table (Streamlit's grid needs another ~1.5 MB of script on a first visit) is drawn when the toggle
is on; the downloads build their tables only when clicked.
"""

import streamlit as st

from rendicion.common import formatting
from rendicion.followup.view import activity_table, schedule_table
from rendicion.outputs import figures
from ui import downloads, session, widgets

#: Rows drawn in one Gantt; larger selections are paged (filters first keeps it useful). Fifty rows
#: are already more than two screens; Plotly measures every row label as it draws, so 150 rows took
#: the browser about as long again as the rest of the page (see the benchmark's browser comparison).
GANTT_ROWS = 50
#: Activities without a schedule listed by name; all of them are in the table and the downloads.
LISTED = 10

view = session.page_header("Cronograma")

programadas = view.actividades[view.actividades["dias_programados"] > 0]
sin_programar = view.actividades[view.actividades["dias_programados"] == 0]
params = view.parametros

if programadas.empty:
    st.info("Ninguna de las actividades seleccionadas tiene meses o fechas programadas.")
else:
    pages = -(-len(programadas) // GANTT_ROWS)
    page = 1
    if pages > 1:
        st.caption(f"{formatting.plural(len(programadas), 'actividad programada')}: se muestran de a "
                   f"{GANTT_ROWS}. Use los filtros de la barra lateral para acotar.")
        page = st.pagination(pages, key="cronograma_pagina")
    shown = programadas.iloc[(page - 1) * GANTT_ROWS: page * GANTT_ROWS]
    widgets.plotly(figures.gantt(shown, view.plan.cronograma, params, view.filters.corte), key="gantt")
st.caption(f"Cada barra es un intervalo programado, por días. En las columnas de meses, MES 1 = "
           f"{formatting.month(params.mes_inicio)} y MES {params.meses} = "
           f"{formatting.month(params.month_start(params.meses))}. La línea vertical marca la fecha de corte; "
           "el porcentaje al final de cada fila es el % de avance, con el ícono de su zona cuando la actividad se "
           "evalúa al corte. Las barras de lo atrasado van rayadas y con ⚑, las de lo vencido cuadriculadas y con ⚠.")
if not programadas.empty:
    downloads.table_downloads(lambda: schedule_table(view, programadas), "cronograma", "cronograma",
                       ("Avance esperado", "Avance reportado"))

st.header(f"Actividades sin programar ({formatting.number(len(sin_programar))})")
if sin_programar.empty:
    st.success("Todas las actividades seleccionadas tienen meses o fechas programadas.")
else:
    columns = ["id", "subcomponente", "actividad", "responsables", "estado", "avance"]
    st.caption("No tienen meses ni fechas en el cronograma del libro, así que no aparecen en el gráfico. Para "
               "programarlas, complete su cronograma en el libro y cárguelo de nuevo.")
    widgets.activity_list(activity_table(view, sin_programar.iloc[:LISTED]))
    if len(sin_programar) > LISTED:
        st.caption(f"… y {formatting.number(len(sin_programar) - LISTED)} más: están todas en la tabla y en las "
                   "descargas.")
    if st.toggle("Ver en una tabla", key="cronograma_sin_programar_tabla"):
        widgets.activity_grid(activity_table(view, sin_programar), ["id", "estado", "avance_reportado", "actividad",
                                                                    "responsables"])
    downloads.table_downloads(lambda: widgets.spanish_columns(activity_table(view, sin_programar)[columns], widgets.ACTIVITY_COLUMNS),
                       "actividades_sin_programar", "sin_programar", ("% de avance",))

"""Resumen: plan compliance with its semáforo, per subcomponent, activities by estado, the overdue list."""

import streamlit as st

import ui
from rendicion import figures, formatting, palette
from rendicion.view import activity_table

view = ui.page_header("Resumen del plan")

resumen = view.resumen
cumplimiento, semaforo = resumen["cumplimiento"], resumen["semaforo"]
first, second, third, fourth = st.columns(4, border=True)
first.metric("Cumplimiento", formatting.percent(cumplimiento),
             help="Avance reportado frente al esperado al corte, promedio ponderado de las actividades con "
                  "avance esperado mayor que cero.")
first.markdown(palette.semaforo_label(cumplimiento, semaforo))
second.metric("Actividades", formatting.number(resumen["actividades"]))
third.metric(palette.estado_label("Vencida"), formatting.number(resumen["Vencida"]))
fourth.metric(palette.estado_label("Cumplida"), formatting.number(resumen["Cumplida"]))

left, right = st.columns(2)
with left:
    ui.plotly(figures.cumplimiento_por_subcomponente(view.por_subcomponente, view.parametros), key="por_sub")
with right:
    ui.plotly(figures.estados(view.actividades), key="estados")

st.subheader("Actividades vencidas")
vencidas = activity_table(view, view.actividades[view.actividades["estado"] == "Vencida"])
if vencidas.empty:
    st.success(f"No hay actividades vencidas al {formatting.long_day(view.filters.corte)}.")
else:
    columns = ["id", "actividad", "subcomponente", "responsables", "avance_reportado", "avance_esperado",
               "observaciones"]
    st.dataframe(vencidas, hide_index=True, width="stretch", column_config=ui.ACTIVITY_COLUMNS, column_order=columns)
    ui.table_downloads(ui.spanish_columns(vencidas[columns], ui.ACTIVITY_COLUMNS), "actividades_vencidas", "vencidas",
                       ("Avance reportado", "Avance esperado"))

st.subheader("Informe de seguimiento y plantilla")
st.caption("El informe de seguimiento de Control Interno, en el formato oficial del PAAC, usa los filtros y la fecha "
           "de corte de la barra lateral. La plantilla es un libro en blanco con el mismo formato del plan, listo "
           "para que las dependencias lo diligencien.")
cierre = ui.report_form(view)
ui.report_downloads(view, cierre)

"""Matriz de actividades: the plan's matrix grouped by subcomponent, with each % de avance, its estado and evidence."""

import streamlit as st

from rendicion.followup import engine, palette
from rendicion.followup.view import activity_table
from ui import downloads, session, widgets

view = session.page_header("Matriz de actividades")

estados = st.pills("Estado", engine.ESTADOS, selection_mode="multi", format_func=palette.estado_label, key="estado",
                   bind="query-params", help="Sin ninguno marcado se ven todas las actividades.")
actividades = view.with_estados(estados)
table = activity_table(view, actividades)
more = st.toggle("Ver también meta, zona, cumplimiento del cronograma, evidencia, observaciones y la verificación de "
                 "Control Interno", key="matriz_todas")
columns = widgets.KEY_COLUMNS + (["meta_indicador", "semaforo", "cumplimiento_cronograma", "evidencia", "enlace",
                                  "observaciones"] if more else [])
verified = table["avance_verificado"].notna().any() or table["observaciones_ci"].ne("").any()
if more and verified:  # Control Interno's own figures beside the office's
    columns += ["avance_reportado", "avance_verificado", "observaciones_ci"]
if view.filters.dependencias:
    columns.append("todas")
export_columns = ["subcomponente", "id", "actividad", "meta_indicador", "responsables", "estado", "avance",
                  "avance_reportado", "avance_verificado", "semaforo", "avance_esperado", "cumplimiento_cronograma",
                  "evidencia", "enlace", "observaciones", "observaciones_ci"]
downloads.table_downloads(widgets.spanish_columns(table[export_columns], widgets.ACTIVITY_COLUMNS), "matriz_actividades", "matriz",
                   ("% de avance", "Avance esperado", "Cumplimiento del cronograma"))
if table.empty:
    st.info(view.estados_message(estados))
    st.stop()
st.caption("Seleccione una fila para leer la actividad completa.")
for subcomponente, rows in table.groupby("subcomponente", sort=False):
    st.header(f"{widgets.literal(subcomponente)} · {widgets.count(len(rows), 'actividad')}", anchor=False)
    selection = widgets.activity_grid(rows, columns, key=f"matriz_{subcomponente}", select=True)
    for position in selection.selection.rows:
        widgets.activity_detail(rows.iloc[position])

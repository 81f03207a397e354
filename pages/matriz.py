"""Matriz de actividades: the plan's matrix grouped by subcomponent, with each % de avance, its zone and evidence."""

import streamlit as st

from rendicion.followup.view import activity_table
from ui import downloads, session, widgets

view = session.page_header("Matriz de actividades")

table = activity_table(view)
columns = ["id", "actividad", "meta_indicador", "responsables", "estado", "avance_reportado", "semaforo",
           "avance_esperado", "cumplimiento_cronograma", "evidencia", "enlace", "observaciones"]
if view.filters.dependencias:
    columns.append("todas")
st.caption("Seleccione una fila para leer la actividad completa. Las columnas se pueden ordenar y ampliar.")
export_columns = ["subcomponente", *[c for c in columns if c != "todas"]]
downloads.table_downloads(widgets.spanish_columns(table[export_columns], widgets.ACTIVITY_COLUMNS), "matriz_actividades", "matriz",
                   ("% de avance", "Avance esperado", "Cumplimiento del cronograma"))
for subcomponente, rows in table.groupby("subcomponente", sort=False):
    st.header(f"{widgets.literal(subcomponente)} · {len(rows)} actividad{'es' if len(rows) != 1 else ''}", anchor=False)
    selection = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height="auto" if len(rows) <= 20 else 560,
        row_height=widgets.row_height(rows, ("actividad", "meta_indicador", "observaciones")),
        column_order=columns,
        column_config=widgets.ACTIVITY_COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key=f"matriz_{subcomponente}",
    )
    for position in selection.selection.rows:
        widgets.activity_detail(rows.iloc[position])

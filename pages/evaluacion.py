"""Evaluación y seguimiento: status and compliance per office for one subcomponent (that one by default)."""

import streamlit as st

import ui
from rendicion import engine, figures, formatting, palette
from rendicion.text import fold

view = ui.page_header("Evaluación y seguimiento por dependencia", stop_when_empty=False)

options = list(view.filters.subcomponentes) or view.plan.subcomponentes
default = next((i for i, name in enumerate(options) if fold(name).startswith("evaluacion")), 0)
subcomponente = st.selectbox("Subcomponente", options, index=default, key="evaluacion_subcomponente")

actividades = view.actividades[view.actividades["subcomponente"] == subcomponente]
if actividades.empty:
    st.info(ui.literal(view.empty_message(subcomponente)))
    st.stop()
members = view.members[view.members["actividad_id"].isin(actividades["id"])]
por_dependencia = engine.aggregate_by_office(actividades, members, view.parametros)

left, right = st.columns(2)
with left:
    ui.plotly(figures.estado_por_dependencia(actividades, members), key="estado_dependencia")
with right:
    ui.plotly(figures.cumplimiento_por_dependencia(por_dependencia, view.parametros), key="cumplimiento_dependencia")

st.subheader("Detalle por dependencia")
detalle = por_dependencia.assign(
    cumplimiento=por_dependencia["cumplimiento"] / 100,
    semaforo=[palette.semaforo_label(c, s) if s else "Sin avance esperado"
              for c, s in zip(por_dependencia["cumplimiento"], por_dependencia["semaforo"])],
)
st.dataframe(
    detalle,
    hide_index=True,
    width="stretch",
    column_config={
        "dependencia": st.column_config.TextColumn("Dependencia", width="large"),
        "actividades": st.column_config.NumberColumn("Actividades"),
        "cumplimiento": st.column_config.ProgressColumn("Cumplimiento", format="percent", min_value=0, max_value=1),
        "semaforo": st.column_config.TextColumn("Semáforo"),
        **{estado: st.column_config.NumberColumn(palette.estado_label(estado)) for estado in engine.ESTADOS},
    },
)
labels = {"dependencia": "Dependencia", "actividades": "Actividades", "cumplimiento": "Cumplimiento",
          "semaforo": "Semáforo"}
ui.table_downloads(detalle.rename(columns=labels), "cumplimiento_por_dependencia", "por_dependencia", ("Cumplimiento",))
st.caption(f"Semáforo: rojo por debajo de {formatting.percent(view.parametros.umbral_amarillo)}, amarillo "
           f"desde {formatting.percent(view.parametros.umbral_amarillo)} y verde desde "
           f"{formatting.percent(view.parametros.umbral_verde)}. Una actividad cuenta para cada dependencia "
           "responsable, principal o de apoyo.")

"""Evaluación y seguimiento: status and «Avance» per office for one subcomponent (that one by default)."""

import streamlit as st

from rendicion.common import formatting
from rendicion.common.text import fold
from rendicion.followup import engine, measure, palette
from rendicion.followup.view import shown_fraction
from rendicion.outputs import figures
from ui import downloads, session, widgets

view = session.page_header("Evaluación y seguimiento por dependencia", stop_when_empty=False, caption=False)

options = list(view.filters.subcomponentes) or view.plan.subcomponentes
default = next((i for i, name in enumerate(options) if fold(name).startswith("evaluacion")), 0)
# Not «Subcomponente»: the sidebar's filter has that name; this one picks which of them is drawn.
subcomponente = st.selectbox("Subcomponente que se muestra", options, index=default, key="evaluacion_subcomponente")
session.filters_caption(view, subcomponente)

actividades = view.actividades[view.actividades["subcomponente"] == subcomponente]
if actividades.empty:
    st.info(widgets.literal(view.empty_message(subcomponente)))
    st.stop()
members = view.members[view.members["actividad_id"].isin(actividades["id"])]
por_dependencia = measure.aggregate_by_office(actividades, members, view.parametros)

left, right = st.columns(2)
with left:
    widgets.plotly(figures.estado_por_dependencia(actividades, members), key="estado_dependencia")
with right:
    widgets.plotly(figures.avance_por_dependencia(por_dependencia, view.parametros), key="avance_dependencia")

st.subheader("Detalle por dependencia")
detalle = por_dependencia.assign(
    avance=shown_fraction(por_dependencia["avance"]),
    semaforo=[palette.semaforo_label(a, s, palette.SIN_EVALUADAS)
              for a, s in zip(por_dependencia["avance"], por_dependencia["semaforo"])],
    cumplimiento_cronograma=shown_fraction(por_dependencia["cumplimiento_cronograma"]),
).drop(columns=["cumplidas", "sin_fecha", "vencidas_sin_cumplir", "verificadas"])
st.dataframe(
    detalle.assign(avance=[formatting.percent(a) for a in por_dependencia["avance"]],
                   cumplimiento_cronograma=[palette.cumplimiento_label(c)
                                            for c in por_dependencia["cumplimiento_cronograma"]]),
    hide_index=True,
    width="stretch",
    height=widgets.grid_height(len(detalle), 35),
    column_config={
        "dependencia": st.column_config.TextColumn("Dependencia", width="large"),
        "actividades": st.column_config.NumberColumn("Actividades"),
        "evaluadas": st.column_config.NumberColumn("Evaluadas al corte"),
        "avance": st.column_config.TextColumn("Avance"),
        "semaforo": st.column_config.TextColumn("Zona"),
        "cumplimiento_cronograma": st.column_config.TextColumn("Cumplimiento del cronograma"),
        **{estado: st.column_config.NumberColumn(palette.estado_label(estado)) for estado in engine.ESTADOS},
    },
)
labels = {"dependencia": "Dependencia", "actividades": "Actividades", "evaluadas": "Evaluadas al corte",
          "avance": "Avance", "semaforo": "Zona", "cumplimiento_cronograma": "Cumplimiento del cronograma"}
downloads.table_downloads(detalle.rename(columns=labels), "avance_por_dependencia", "por_dependencia",
                   ("Avance", "Cumplimiento del cronograma"))
st.caption("Avance: promedio del % de avance de las actividades evaluadas al corte "
           f"({view.parametros.actividades_evaluadas}). "
           f"Zonas: Baja (rojo) por debajo de {formatting.percent(view.parametros.umbral_amarillo)}, Media "
           f"(amarillo) desde {formatting.percent(view.parametros.umbral_amarillo)} y Alta (verde) desde "
           f"{formatting.percent(view.parametros.umbral_verde)}. Una actividad cuenta para cada dependencia "
           "responsable, principal o de apoyo. El cumplimiento del cronograma es un indicador secundario, sin zona.")

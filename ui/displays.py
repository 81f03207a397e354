"""Shared displays of plans and versions: the history's chain, a diff, how dates were read, a summary."""

from __future__ import annotations

import streamlit as st

from rendicion.common import formatting
from rendicion.common.errors import StoreError
from rendicion.reading import schedule
from rendicion.versions import diff
from rendicion.versions.diff import PlanDiff
from rendicion.versions.store import Store
from ui.downloads import table_downloads
from ui.widgets import grid_height, literal, row_height


def show_chain(store: Store) -> None:
    """Whether the history's hash chain verifies (see ``python -m rendicion versions --verify``).

    Checked on every visit (it reads each stored workbook once), so an alteration shows at once."""
    try:
        check = store.verify()
    except StoreError as error:
        st.error(f"No se pudo verificar el historial: {literal(str(error))}")
        return

    from rendicion.common import moments

    checked = moments.now_in_bogota()
    if check.ok:
        st.success(f"✔ {check.message()}")
        if check.migration_message():
            st.caption(literal(check.migration_message()))
        if check.head:
            st.caption(f"Cabeza de la cadena: **{check.short_head}** · verificada al abrir esta página, el {checked} "
                       "(hora de Bogotá). Va impresa en cada informe oficial; anótela también en el acta de la "
                       "rendición de cuentas.")
            with st.expander("Detalles técnicos de la cadena"):
                st.caption("Eslabón completo de la cadena en la última versión. Con la cabeza anotada, quien "
                           "administra el tablero comprueba después que el historial la sigue conteniendo:")
                st.code(check.head, language=None, wrap_lines=True)
                st.code("python -m rendicion versions --verify --cabeza VALOR", language="bash", wrap_lines=True)
    else:
        st.error(f"✘ {check.message()} Avise a quien administra el tablero; el historial puede haber sido "
                 f"modificado fuera de la aplicación. (Verificado al abrir esta página, el {checked}, hora de Bogotá.)")


_DIFF_SECTIONS = [
    ("agregadas", "Actividades agregadas"),
    ("eliminadas", "Actividades eliminadas"),
    ("modificadas", "Actividades con texto cambiado"),
    ("responsables", "Cambios de dependencias responsables"),
    ("meses", "Fechas agregadas o quitadas del cronograma"),
    ("reportes_nuevos", "Reportes de avance nuevos"),
    ("reportes_corregidos", "Reportes de avance corregidos (lo que tenían antes → lo que tienen ahora)"),
    ("reportes_quitados", "Reportes de avance quitados"),
    ("avance", "Cambios de avance por actividad"),
    ("parametros", "Cambios de parámetros"),
]


def show_diff(changes: PlanDiff, against: str) -> None:
    """The differences between two plans, section by section (only the non-empty ones)."""
    if changes.empty:
        st.info(changes.summary_text(against))
        return
    st.markdown(changes.summary_text(against))
    for attribute, title in _DIFF_SECTIONS:
        frame = getattr(changes, attribute)
        if len(frame):
            if attribute == "reportes_corregidos":
                frame = frame[["cambio"]]
            if "campo" in frame.columns:
                frame = frame.assign(campo=frame["campo"].map(lambda name: diff.CAMPOS.get(name, name)))
            with st.expander(f"{title} ({formatting.number(len(frame))})", expanded=len(frame) <= 10):
                st.dataframe(_diff_cells(frame).rename(columns=_DIFF_LABELS), hide_index=True, width="stretch",
                             height=grid_height(len(frame), 35))


_DIFF_LABELS = {
    "id": "ID", "subcomponente": "Subcomponente", "actividad": "Actividad", "campo": "Campo", "antes": "Antes",
    "despues": "Después", "agregadas": "Agregadas", "quitadas": "Quitadas", "agregados": "Agregados",
    "quitados": "Quitados", "fecha_corte": "Fecha de corte", "avance": "Avance",
    "avance_verificado": "% de avance verificado", "observaciones_ci": "Observaciones de Control Interno",
    "cambio": "Corrección",
}


def _diff_cells(frame):
    """A diff section as the user reads it: «—» for nothing, dd/mm/aaaa dates, Spanish percentages (the
    «avance» columns, and «antes»/«después» of the progress section, the one without «campo»)."""
    progress = {"avance", "avance_verificado"} | ({"antes", "despues"} if "campo" not in frame.columns else set())
    shown = frame.copy()
    for column in shown.columns:
        format_cell = formatting.percent if column in progress else formatting.shown
        shown[column] = [format_cell(value) for value in frame[column]]
    return shown


def show_schedule_readings(plan) -> None:
    """How each «Fecha programada» of an uploaded plan was read (nothing when it has none)."""
    frame = schedule.readings_table(plan)
    if frame.empty:
        return
    st.subheader("Cómo se leyeron las fechas programadas")
    st.caption("Revise que cada texto se haya leído como usted lo quiso decir antes de publicar. Si una fila tiene "
               "meses marcados y también fecha programada, el tablero usa los meses marcados.")
    st.dataframe(frame, hide_index=True, width="stretch", row_height=row_height(frame, ["Cómo se leyó"], 70),
                 column_config={"ID": st.column_config.TextColumn(width="small"),
                                "Actividad": st.column_config.TextColumn(width="medium"),
                                "Cómo se leyó": st.column_config.TextColumn(width="large")})
    table_downloads(frame, "fechas_programadas_leidas", "fechas_leidas")


def show_summary(summary: dict) -> None:
    """A plan's summary (the ``check`` counts) as metrics and two small lists."""
    first, second, third, fourth = st.columns(4, border=True)
    first.metric("Actividades", formatting.number(summary["activities"]))
    second.metric("Dependencias", formatting.number(len(summary["offices"])))
    third.metric("Actividades programadas", formatting.number(summary["scheduled_activities"]))
    fourth.metric("Reportes de avance", formatting.number(summary["progress_reports"]))
    st.caption("Subcomponentes: " + " · ".join(f"{literal(name)} ({count})"
                                               for name, count in summary["subcomponents"].items()))

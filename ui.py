"""Streamlit helpers shared by the entrypoint and the pages.

The one place that turns what the domain reports (validation reports, domain errors) into what
the user sees, plus the few display pieces every page uses the same way. Nothing here computes:
figures and numbers come from ``rendicion``.
"""

from __future__ import annotations

import logging

import streamlit as st

from rendicion.errors import RendicionError
from rendicion.report import Report
from rendicion.view import View

logger = logging.getLogger("rendicion.dashboard")

#: Session-state key under which the entrypoint leaves the current View for the page.
VIEW_KEY = "_vista"

#: Plotly config for every chart: Spanish, no logo, only the useful buttons.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "es",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "filename": "rendicion"},
}


def current_view() -> View:
    """The View computed by the entrypoint for this rerun.

    Streamlit serves the very first request of a fresh server for a deep link (``/matriz``) in
    its legacy "pages/ folder" mode, which runs the page file without the entrypoint. Calling
    ``st.navigation`` switches the server to navigation mode for good; the rerun then goes
    through ``dashboard.py`` as every later run does.
    """
    view = st.session_state.get(VIEW_KEY)
    if view is None:
        from dashboard import navigation_pages

        query = {name: st.query_params.get_all(name) for name in st.query_params}
        st.switch_page(st.navigation(navigation_pages(), position="hidden"), query_params=query)
    return view


def run_page(navigation) -> None:
    """Run the selected page. An unexpected bug is logged with its traceback for the maintainers and
    shown to the user in Spanish; it is never hidden. Streamlit's own control flow (st.stop,
    st.rerun, st.switch_page) is not an Exception and passes through."""
    try:
        navigation.run()
    except Exception:
        logger.exception("Error inesperado en la página %s", navigation.title)
        st.error("Ocurrió un error inesperado al mostrar esta página. Quedó registrado en el registro del "
                 "servidor; avise a quien administra el tablero. Puede seguir usando las demás páginas.")


def show_report(report: Report, title: str) -> None:
    """A validation report as a table: errors first, with sheet, row and column."""
    if report.errors:
        st.error(f"{title}: {len(report.errors)} error(es). Corrija el libro y vuelva a cargarlo.")
    elif report.warnings:
        st.warning(f"{title}: {len(report.warnings)} advertencia(s). El libro se puede usar.")
    if report.issues:
        st.dataframe(report.to_frame(), hide_index=True, width="stretch")


def show_error(error: RendicionError) -> None:
    """A domain error (expected, explained in Spanish) as an error box; other exceptions propagate."""
    st.error(str(error))


def plotly(figure, key: str | None = None) -> None:
    """Draw a Plotly figure with the shared config."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None)


def filters_caption(view: View) -> None:
    """What the page is showing, in one line under the title."""
    st.caption(f"{view.parametros.entidad or 'Entidad no indicada'} · {view.describe()}")


#: Spanish labels and formats of the activity tables (see rendicion.view.activity_table).
ACTIVITY_COLUMNS = {
    "id": st.column_config.TextColumn("ID", width="small", pinned=True),
    "subcomponente": st.column_config.TextColumn("Subcomponente"),
    "actividad": st.column_config.TextColumn("Actividad", width="large"),
    "meta_indicador": st.column_config.TextColumn("Meta / indicador", width="medium"),
    "responsables": st.column_config.TextColumn("Responsables (principal primero)", width="medium"),
    "estado": st.column_config.TextColumn("Estado"),
    "avance_reportado": st.column_config.ProgressColumn("Avance reportado", format="percent", min_value=0,
                                                        max_value=1),
    "avance_esperado": st.column_config.ProgressColumn("Avance esperado", format="percent", min_value=0,
                                                       max_value=1),
    "cumplimiento": st.column_config.NumberColumn("Cumplimiento", format="percent"),
    "semaforo": st.column_config.TextColumn("Semáforo"),
    "evidencia": st.column_config.TextColumn("Evidencia", width="medium"),
    "enlace": st.column_config.LinkColumn("Enlace de evidencia", display_text="Abrir evidencia"),
    "observaciones": st.column_config.TextColumn("Observaciones", width="medium"),
    "todas": st.column_config.CheckboxColumn("Por «Todas las dependencias»",
                                             help="La actividad aparece porque está asignada a todas las dependencias."),
}


def activity_detail(row) -> None:
    """One activity in full, every text readable (plain text: nothing from the workbook is rendered as HTML)."""
    with st.container(border=True):
        st.markdown(f"**{row['id']} · {row['estado']}**")
        for label, column in (("Actividad", "actividad"), ("Meta / indicador", "meta_indicador"),
                              ("Responsables", "responsables"), ("Evidencia", "evidencia"),
                              ("Observaciones", "observaciones")):
            if row[column]:
                st.caption(label)
                st.text(row[column])
        if row["enlace"]:
            st.link_button("Abrir evidencia", row["enlace"])


def row_height(frame, columns, chars_per_line: int = 48, max_lines: int = 6) -> int:
    """Row height (px) that fits the longest text of ``columns`` wrapped in a medium column."""
    longest = max((frame[c].astype(str).str.len().max() for c in columns if len(frame)), default=0)
    lines = min(max_lines, max(1, -(-int(longest) // chars_per_line)))
    return 14 + 20 * lines

"""What the entrypoint hands each page for one rerun: the view, the app's services, a flash message.

``dashboard.py`` computes one :class:`~rendicion.followup.view.View` and one :class:`AppServices` per
rerun and leaves them in the session under :data:`VIEW_KEY` and :data:`APP_KEY`; pages read them
through :func:`current_view` and :func:`current_app`. Nothing here imports the entrypoint: the
page list that a deep link needs comes from :mod:`ui.navigation`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from rendicion.followup.view import View
from rendicion.people.accounts import Editors
from rendicion.versions.publishing import Candidate
from rendicion.versions.store import Store, Version
from ui import navigation
from ui.widgets import literal

logger = logging.getLogger("rendicion.dashboard")


#: Session-state key under which the entrypoint leaves the current View for the page.
VIEW_KEY = "_vista"


APP_KEY = "_servicios"


_FLASH_KEY = "_aviso"


@dataclass
class AppServices:
    """What the entrypoint hands to the pages besides the view (callables are the cached loaders)."""

    store: Store | None
    version: Version | None
    store_error: str | None
    load_version: Callable[[Version], tuple]
    validate_upload: Callable[[bytes, str], Candidate]
    editors: Editors

    def caption(self) -> str:
        """The version everyone sees, for the sidebar."""
        if self.version is None:
            return "Sin almacén de versiones: se muestra data/plan_2018.xlsx."
        return f"Versión {self.version.version} · publicada el {self.version.display_time}"


def current_view() -> View:
    """The View computed by the entrypoint for this rerun.

    Streamlit serves the very first request of a fresh server for a deep link (``/matriz``) in
    its legacy "pages/ folder" mode, which runs the page file without the entrypoint. Calling
    ``st.navigation`` switches the server to navigation mode for good; the rerun then goes
    through ``dashboard.py`` as every later run does.
    """
    view = st.session_state.get(VIEW_KEY)
    if view is None:
        query = {name: st.query_params.get_all(name) for name in st.query_params}
        st.switch_page(st.navigation(navigation.navigation_pages(), position="hidden"), query_params=query)
    return view


def current_app() -> AppServices:
    """The services the entrypoint computed for this rerun (see :func:`current_view`)."""
    current_view()
    return st.session_state[APP_KEY]


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


def page_header(title: str, *, stop_when_empty: bool = True, caption: bool = True) -> View:
    """Title, the filters in one line (``caption=False``: the page writes it, see :func:`filters_caption`),
    and (by default) the page ends explaining an empty result."""
    view = current_view()
    st.title(title)
    if caption:
        filters_caption(view)
    if stop_when_empty and view.empty:
        st.info(literal(view.empty_message()))
        st.stop()
    return view


def filters_caption(view: View, subcomponente: str | None = None) -> None:
    """The entity and the filters in one line, naming the subcomponent the page shows when it shows one, and
    under them «Avance del plan» with its rule and counts (one element: nothing more is sent before a page's
    first chart)."""
    headline = "" if view.empty else f"  \n{literal(view.headline())}"
    st.caption(f"{literal(view.parametros.entidad or 'Entidad no indicada')} · "
               f"{literal(view.describe(subcomponente))}{headline}")


def notice(parametros) -> None:
    """The banner every page shows when the follow-up is example data or the schedule is reconstructed."""
    if parametros.aviso:
        st.warning(parametros.aviso, icon=":material/info:")


def flash(message: str) -> None:
    """A success message shown once, after the rerun that follows an action."""
    st.session_state[_FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message)

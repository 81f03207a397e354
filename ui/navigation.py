"""The app's pages: their files, titles, icons and addresses, for ``st.navigation``.

Shared by the entrypoint, which navigates, and by :func:`ui.session.current_view`, which sends a
deep link that Streamlit served without the entrypoint back through it. Keeping the list here
lets both use it without the pages' helpers importing the entrypoint.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent

#: (script, title, icon, url path) of each page, in the menu's order.
PAGES = [
    ("pages/resumen.py", "Resumen", ":material/dashboard:", "resumen"),
    ("pages/matriz.py", "Matriz de actividades", ":material/table_view:", "matriz"),
    ("pages/cronograma.py", "Cronograma", ":material/calendar_month:", "cronograma"),
    ("pages/evaluacion.py", "Evaluación y seguimiento", ":material/monitoring:", "evaluacion"),
    ("pages/cargar.py", "Cargar plan", ":material/upload_file:", "cargar"),
    ("pages/historial.py", "Historial de versiones", ":material/history:", "historial"),
]

#: The default page is served at "/"; Streamlit still reserves its url_path, so it gets this one and
#: the summary's own name, "/resumen", is a hidden page running the same script.
DEFAULT_URL = "inicio"


def navigation_pages() -> list:
    """The app's pages, for st.navigation: the summary at "/" (the default, in the menu) and at
    "/resumen" (hidden), every other page at its name."""
    pages = []
    for path, title, icon, url in PAGES:
        if url == "resumen":
            pages.append(st.Page(str(ROOT / path), title=title, icon=icon, url_path=DEFAULT_URL, default=True))
            pages.append(st.Page(str(ROOT / path), title=title, icon=icon, url_path=url, visibility="hidden"))
        else:
            pages.append(st.Page(str(ROOT / path), title=title, icon=icon, url_path=url))
    return pages



def menu(pages: list) -> None:
    """The menu, drawn by the app at the top of the sidebar: one link per page shown in the menu.

    Streamlit's own menu is off (``client.showSidebarNavigation = false`` in .streamlit/config.toml):
    on a first load it listed the files of pages/ («dashboard, cargar, evaluacion…») until
    ``st.navigation`` ran. Drawn by the script, the menu has the pages' titles from its first paint."""
    with st.sidebar:
        for page in pages:
            if page.visibility != "hidden":
                st.page_link(page, label=page.title, icon=page.icon)
        st.divider()

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

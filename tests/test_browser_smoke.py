"""The real-browser harness end to end, on a throwaway app (not the project's dashboard).

A tiny Streamlit script with a title and a Plotly chart is written to a temporary folder,
served with ``start_streamlit`` and visited in Chromium: the chart's SVG is drawn, there
is no exception box, no JavaScript error and no traceback in the server's log.
"""

from __future__ import annotations


import pytest

from tests.harness import PLOTLY_SVG, exception_boxes, screenshot, start_streamlit, wait_for_app

pytestmark = pytest.mark.browser

SMOKE_APP = '''
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Prueba de humo", layout="wide")
st.title("Prueba de humo del arnés")
figure = px.bar(x=["Información", "Diálogo", "Responsabilidad"], y=[3, 5, 2],
                labels={"x": "Subcomponente", "y": "Actividades"})
st.plotly_chart(figure)
st.write("Listo.")
'''


def test_streamlit_app_renders_in_chromium(tmp_path, page, page_errors):
    app = tmp_path / "smoke_app.py"
    app.write_text(SMOKE_APP, encoding="utf-8")

    with start_streamlit(app, log_path=tmp_path / "streamlit.log") as server:
        page.goto(server.url)
        wait_for_app(page)
        page.wait_for_selector(PLOTLY_SVG, state="visible")

        assert page.get_by_role("heading", name="Prueba de humo del arnés").is_visible()
        assert page.get_by_text("Listo.").is_visible()
        assert page.locator(PLOTLY_SVG).count() >= 1
        assert exception_boxes(page) == []
        assert page_errors == []
        path = screenshot(page, "smoke")
        log = server.log()

    assert path.stat().st_size > 0
    assert "Traceback" not in log, log


def test_exception_boxes_are_reported(tmp_path, page):
    """An uncaught error in the script shows up in exception_boxes (the helper really finds them)."""
    app = tmp_path / "failing_app.py"
    app.write_text('import streamlit as st\nst.title("Antes del error")\nraise ValueError("falla a propósito")\n',
                   encoding="utf-8")

    with start_streamlit(app) as server:
        page.goto(server.url)
        wait_for_app(page)
        boxes = exception_boxes(page)

    assert len(boxes) == 1
    assert "falla a propósito" in boxes[0]

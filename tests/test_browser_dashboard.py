"""The real dashboard in Debian's Chromium: every page renders its charts, nothing raises, filters travel.

Screenshots of every page at 1366×768 are written to artifacts/screenshots/ for review.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.harness import PLOTLY_SVG, exception_boxes, screenshot, wait_for_app

#: url_path ("" for the default page, served at the root), title, Plotly charts on the shipped plan.
PAGES = [
    ("", "Resumen del plan", 2),
    ("matriz", "Matriz de actividades", 0),
    ("cronograma", "Cronograma", 1),
    ("evaluacion", "Evaluación y seguimiento por dependencia", 2),
]
GRIDCELL = "[data-testid='stDataFrame'] [role='gridcell']"


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def _grid_texts(page, tables: int) -> list[str]:
    """Cell texts of the page's dataframes, once ``tables`` of them have drawn their cells."""
    page.wait_for_function(
        "n => [...document.querySelectorAll(\"[data-testid='stDataFrame']\")]"
        ".filter(t => t.querySelector(\"[role='gridcell']\")).length >= n",
        arg=tables,
    )
    return [text.strip() for text in page.locator(GRIDCELL).all_text_contents()]


@pytest.mark.parametrize("url_path, title, charts", PAGES, ids=[p[0] or "resumen" for p in PAGES])
def test_every_page_renders(page, streamlit_server, page_errors, url_path, title, charts):
    _open(page, f"{streamlit_server.url}/{url_path}")
    page.get_by_role("heading", name=title).wait_for()
    if charts:
        page.locator(PLOTLY_SVG).nth(charts - 1).wait_for(state="visible")
        assert page.locator(PLOTLY_SVG).count() >= charts
    assert exception_boxes(page) == []
    assert page.get_by_text("Page not found").count() == 0
    # The shipped follow-up is example data on a reconstructed schedule: every page says so, once.
    banner = page.locator("[data-testid='stAlert']").filter(has_text="DATOS DE EJEMPLO")
    assert banner.count() == 1 and "ronograma reconstruido" in banner.inner_text()
    assert page_errors == []
    screenshot(page, f"pagina-{url_path or 'resumen'}")
    assert "Traceback" not in streamlit_server.log()


def test_gantt_has_spanish_months_and_a_bar_per_run(page, streamlit_server):
    _open(page, f"{streamlit_server.url}/cronograma")
    page.locator(PLOTLY_SVG).first.wait_for(state="visible")
    ticks = page.locator("[data-testid='stPlotlyChart'] .xtick text").evaluate_all(
        "els => els.map(e => { const spans = [...e.querySelectorAll('tspan')];"
        " return spans.length ? spans.map(t => t.textContent).join(' ') : e.textContent; })"
    )
    assert "ene 2018" in ticks and "ene 2019" in ticks
    assert not any(name in " ".join(ticks) for name in ("Jan", "Feb", "Apr", "Aug", "Dec"))


def test_office_filter_in_the_url_survives_page_changes(page, streamlit_server):
    office = "Secretaría Administrativa"
    _open(page, f"{streamlit_server.url}/matriz?dependencia={quote(office)}")
    cells = _grid_texts(page, tables=3)  # Información (1.1), Diálogo (2.6, 2.8), Incentivos (3.1, 3.2)
    ids = {text for text in cells if text in {"1.1", "1.2", "2.3", "2.6", "2.8", "3.1", "3.2", "4.1"}}
    assert ids == {"1.1", "2.6", "2.8", "3.1", "3.2"}
    screenshot(page, "filtro-secretaria-administrativa-matriz")

    page.get_by_role("link", name="Cronograma").click()
    wait_for_app(page)
    page.locator(PLOTLY_SVG).first.wait_for(state="visible")
    query = parse_qs(urlparse(page.url).query)
    assert query.get("dependencia") == [office]
    labels = " ".join(page.locator("[data-testid='stPlotlyChart'] .ytick text").all_text_contents())
    assert "2.6 ·" in labels and "2.3 ·" not in labels
    assert exception_boxes(page) == []


def test_shared_link_is_the_first_request_of_a_fresh_server(page, tmp_path):
    """A copied link opened on a server nobody has visited yet still runs the entrypoint and its filters."""
    from tests.harness import DASHBOARD, REPO_ROOT, start_streamlit

    env = {"RENDICION_DB_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    with start_streamlit(DASHBOARD, env=env, cwd=REPO_ROOT, log_path=tmp_path / "streamlit.log") as server:
        _open(page, f"{server.url}/matriz?dependencia={quote('Secretaría Administrativa')}&corte=31%2F08%2F2018")
        page.get_by_role("heading", name="Matriz de actividades").wait_for()
        assert "Secretaría Administrativa · todos los subcomponentes · corte 31/08/2018" in page.content()
        assert page.get_by_text("Page not found").count() == 0
        assert exception_boxes(page) == []
        assert "Traceback" not in server.log()


def test_upload_through_the_real_file_input_and_publish(page, tmp_path, page_errors):
    """The secretary's monthly task in a real browser: choose the file, read the preview, publish."""
    from rendicion.versions.store import Store
    from tests.harness import DASHBOARD, REPO_ROOT, start_streamlit
    from tests.test_app_store import _updated_plan_bytes

    workbook = tmp_path / "plan_septiembre.xlsx"
    workbook.write_bytes(_updated_plan_bytes(tmp_path))
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with start_streamlit(DASHBOARD, env={"RENDICION_DB_URL": url}, cwd=REPO_ROOT,
                         log_path=tmp_path / "streamlit.log") as server:
        _open(page, f"{server.url}/cargar")
        page.get_by_role("heading", name="Cargar plan actualizado").wait_for()
        screenshot(page, "cargar-vacio")
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(workbook))
        page.get_by_text("1 actividad agregada", exact=False).wait_for()
        wait_for_app(page)
        screenshot(page, "cargar-vista-previa")
        page.get_by_label("Nota (opcional)").fill("Reportes de septiembre")
        page.get_by_role("button", name="Publicar").click()
        page.get_by_text("Publicada la versión 2", exact=False).first.wait_for()
        wait_for_app(page)
        screenshot(page, "cargar-publicado")
        assert exception_boxes(page) == [] and page_errors == []
        versions = Store(url).versions()
        assert [v.version for v in versions] == [2, 1] and versions[0].note == "Reportes de septiembre"

        _open(page, f"{server.url}/historial")
        page.get_by_role("heading", name="Historial de versiones").wait_for()
        screenshot(page, "historial")
        assert "Traceback" not in server.log()

"""In Chromium: workbook text never becomes markup, and the bugs of issue 11 stay fixed.

- A published plan whose every text carries Markdown images, links, colour directives, LaTeX,
  icons and HTML shows them as text on every page (and in the matrix row detail), and no
  request leaves for the payload's address (a local HTTP server counts hits).
- Row 1.1 of the shipped plan opens its detail; the summary answers at ``/resumen`` and ``/``;
  many download clicks all arrive with a clean server log; a file over 10 MB is refused with
  a Spanish message.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.builders import build_xlsx
from tests.harness import DASHBOARD, REPO_ROOT, exception_boxes, screenshot, start_streamlit, wait_for_app

PAGES = ["", "resumen", "matriz", "cronograma", "evaluacion", "cargar", "historial"]
DATAFRAME = "[data-testid='stDataFrame']"


# --------------------------------------------------------------------------- helpers


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def payload_server():
    """A local HTTP server that counts every request it gets (the payload's address)."""
    handler = type("Counter", (_Counter,), {"hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler.hits
    finally:
        server.shutdown()
        server.server_close()


def _payload(port: int) -> str:
    address = f"http://127.0.0.1:{port}"
    return (f"![x]({address}/imagen) [enlace]({address}/enlace) :red[rojo] :blue-background[fondo] $x^2$ "
            f":material/home: <img src=\"{address}/html\"> <a href=\"{address}/a\">a</a> {address}/auto")


def _hostile_plan(path: Path, payload: str) -> Path:
    """A small usable plan in which every text field carries ``payload``."""
    header = ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META DE PRODUCTO - INDICADOR", "RESPONSABLE",
              *[f"MES {m}" for m in range(1, 14)]]
    plan = [["PLAN DE ACCIÓN RENDICIÓN DE CUENTAS – VIGENCIA 2018"], [], header]
    seguimiento = [["ID", "ACTIVIDAD", "FECHA DE CORTE", "% DE AVANCE", "ESTADO", "EVIDENCIA", "OBSERVACIONES"]]
    for k, subcomponente in enumerate(["Información", "Diálogo"]):
        for j in (1, 2):
            ident = f"{k + 1}.{j}"
            months = ["X" if m in (3 + j, 4 + j, 9) else None for m in range(1, 14)]
            plan.append([f"{subcomponente} {payload}", ident, f"Actividad {ident} {payload}", f"Meta {payload}",
                         f"Secretaría de Planeación {payload}", *months])
            seguimiento.append([ident, f"Actividad {ident}", date(2018, 8, 31), 0.4, "En ejecución",
                                f"Evidencia {payload}", f"Observación {payload}"])
    # One activity without a schedule: the Cronograma page lists it by name.
    plan.append([f"Diálogo {payload}", "2.3", f"Actividad 2.3 {payload}", f"Meta {payload}",
                 f"Secretaría de Planeación {payload}", *[None] * 13])
    parametros = [["Parámetro", "Valor"], ["Entidad", f"Municipio {payload}"], ["Vigencia", 2018],
                  ["Mes 1 (mes calendario)", date(2018, 1, 1)], ["Meses del cronograma", 13]]
    return build_xlsx(path, {"Plan": plan, "Seguimiento": seguimiento, "Parámetros": parametros})


def _select_first_row(page) -> None:
    """Click the row marker of the first row of the page's first dataframe (the grid is a canvas)."""
    grid = page.locator(DATAFRAME).first
    grid.locator("[role='gridcell']").first.wait_for(state="attached")
    grid.scroll_into_view_if_needed()  # the mouse clicks in the viewport only
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 12)
    wait_for_app(page)


_MARKUP_PROBE = """(address) => {
  const found = [];
  const at = (e) => (e.closest('[data-testid]') || {dataset: {}}).dataset.testid;
  for (const e of document.querySelectorAll('img, image, source, iframe, video, audio'))
    if ((e.src || e.getAttribute('href') || '').includes(address)) found.push('img ' + at(e));
  for (const e of document.querySelectorAll('a'))
    if ((e.href || '').includes(address)) found.push('a ' + at(e));
  for (const e of document.querySelectorAll('.katex, .katex-html, math')) found.push('katex ' + at(e));
  for (const e of document.querySelectorAll('span[class*="colored"], span[style*="color"], span[style*="background"]'))
    if (/rojo|fondo/.test(e.textContent)) found.push('color ' + at(e));
  for (const e of document.querySelectorAll('[data-testid="stIconMaterial"]'))
    if (e.textContent.trim() === 'home') found.push('icon ' + at(e));
  return found;
}"""


# --------------------------------------------------------------------------- workbook text is text


def test_workbook_text_is_shown_as_text_on_every_page(page, tmp_path, payload_server, page_errors):
    from rendicion.versions import publishing
    from rendicion.versions.store import Store

    port, hits = payload_server
    payload = _payload(port)
    address = f"127.0.0.1:{port}"
    workbook = _hostile_plan(tmp_path / "plan.xlsx", payload)
    candidate = publishing.prepare(workbook.read_bytes(), "plan :red[rojo] $x^2$ ![x].xlsx")
    assert candidate.ok, candidate.findings.to_text()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    publishing.ensure_seeded(store)
    publishing.publish(store, candidate, note=f"Nota {payload}", author=f"Autor {payload}")
    office = next(name for name in candidate.plan.dependencias if "Planeación" in name)

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if address in request.url else None)
    with start_streamlit(DASHBOARD, env={"RENDICION_DB_URL": url}, cwd=REPO_ROOT,
                         log_path=tmp_path / "streamlit.log") as server:
        visits = [f"{server.url}/{name}" for name in PAGES]
        visits.append(f"{server.url}/matriz?dependencia={quote(office)}")
        for visit in visits:
            page.goto(visit)
            wait_for_app(page)
            page.wait_for_timeout(500)  # images and charts start their requests after the run
            if visit.endswith("/matriz"):
                _select_first_row(page)
                page.locator("[data-testid='stText']").filter(has_text="Observación").first.wait_for()
            if visit.endswith("/historial"):
                page.get_by_text("Descargar la versión 2").wait_for()
            if visit.endswith("/cronograma"):  # the activity without a schedule, listed by name
                assert "Actividad 2.3 ![x]" in page.inner_text("[data-testid='stMain']")
            found = page.evaluate(_MARKUP_PROBE, address)
            assert found == [], (visit, found)
            assert exception_boxes(page) == [], visit
            assert "Municipio" in page.inner_text("body"), visit
        screenshot(page, "texto-literal-matriz-filtrada")

        # The upload preview: validation title (file name), the workbook's summary, its subcomponents.
        upload = tmp_path / "plan $x^2$ :red[rojo] ![x](imagen).xlsx"
        upload.write_bytes(workbook.read_bytes())
        page.goto(f"{server.url}/cargar")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
        page.get_by_text("Resumen del libro").wait_for()
        wait_for_app(page)
        page.wait_for_timeout(500)
        assert page.evaluate(_MARKUP_PROBE, address) == []
        assert "$x^2$ :red[rojo]" in page.inner_text("body")
        screenshot(page, "texto-literal-carga")
        assert "Traceback" not in server.log()
    assert requests == [] and hits == []
    assert page_errors == []


# --------------------------------------------------------------------------- issue 11 bugs


def test_row_detail_of_activity_1_1_opens(page, streamlit_server, page_errors):
    page.goto(f"{streamlit_server.url}/matriz")
    wait_for_app(page)
    _select_first_row(page)
    page.locator("[data-testid='stText']").filter(has_text="Base de caracterización de actores sociales").wait_for()
    assert page.get_by_text("Ocurrió un error inesperado").count() == 0
    assert exception_boxes(page) == [] and page_errors == []
    screenshot(page, "matriz-detalle-1-1")


@pytest.mark.parametrize("path", ["resumen", ""])
def test_summary_answers_at_its_name_and_at_the_root(page, streamlit_server, path):
    page.goto(f"{streamlit_server.url}/{path}")
    wait_for_app(page)
    page.get_by_role("heading", name="Resumen del plan").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text("Página no encontrada").count() == 0
    assert exception_boxes(page) == []


def test_every_download_click_arrives_and_the_log_stays_clean(page, tmp_path):
    env = {"RENDICION_DB_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    with start_streamlit(DASHBOARD, env=env, cwd=REPO_ROOT, log_path=tmp_path / "streamlit.log") as server:
        page.goto(f"{server.url}/")
        wait_for_app(page)
        buttons = page.locator("[data-testid='stDownloadButton'] button")
        names = buttons.all_inner_texts()
        assert len(names) >= 3, names
        arrived, lost = [], []
        for click in range(40):
            button = buttons.nth(click % len(names))
            try:
                with page.expect_download(timeout=30_000) as download:
                    button.click()
                arrived.append((download.value.suggested_filename, Path(download.value.path()).stat().st_size))
            except PlaywrightTimeout:
                lost.append((click, names[click % len(names)].split()[-1]))
        log = server.log()
        assert lost == [], (lost, log[-3000:])
        assert len(arrived) == 40 and all(size > 0 for _, size in arrived)
        assert "Deferred file" not in log and "Traceback" not in log
        assert not re.search(r"\b(ERROR|Error|error)\b", log), log[-3000:]


def test_a_file_over_10_mb_is_refused_in_spanish(page, tmp_path):
    big = tmp_path / "plan_grande.xlsx"
    big.write_bytes(b"PK\x03\x04" + bytes(11 * 1024 * 1024))
    huge = tmp_path / "plan_enorme.xlsx"
    huge.write_bytes(b"PK\x03\x04" + bytes(60 * 1024 * 1024))
    env = {"RENDICION_DB_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    with start_streamlit(DASHBOARD, env=env, cwd=REPO_ROOT, log_path=tmp_path / "streamlit.log") as server:
        page.goto(f"{server.url}/cargar")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(big))
        page.get_by_text("supera el límite de 10 MB", exact=False).wait_for()
        wait_for_app(page)
        refusal = page.locator("[data-testid='stAlert']").filter(has_text="supera el límite").inner_text()
        assert "pesa 11,1 MB" in refusal and "Quite del libro lo que no sea del plan" in refusal
        screenshot(page, "cargar-archivo-de-11-mb")

        page.goto(f"{server.url}/cargar")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(huge))
        page.locator("[data-testid='stFileChip'][aria-invalid='true']").wait_for()
        note = page.locator("[data-testid='stFileUploader']").evaluate(
            "e => getComputedStyle(e, '::after').content")
        assert "máximo 10 MB" in note and "Excel (.xlsx)" in note
        screenshot(page, "cargar-archivo-de-60-mb")
        assert "Traceback" not in server.log()

"""Reports in the real browser: the HTML report works offline; dashboard downloads are built on click."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from rendicion import exports
from rendicion.loader import read_plan
from tests.builders import SHIPPED
from tests.harness import ARTIFACTS_DIR, VIEWPORT, exception_boxes, screenshot, wait_for_app


def test_html_report_opens_offline_and_draws_its_charts(browser, tmp_path):
    plan = read_plan(SHIPPED).plan
    report = ARTIFACTS_DIR / "reports" / "informe_navegador.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(exports.informe_html(plan, date(2018, 8, 31)), encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORT, locale="es-CO", offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        page.locator(".js-plotly-plot .main-svg").nth(3).wait_for(state="visible")
        assert page.locator(".js-plotly-plot").count() == 4
        assert errors == []
        assert [url for url in requests if not url.startswith("file:")] == []
        screenshot(page, "informe-html")
    finally:
        context.close()


def test_dashboard_builds_the_excel_report_when_clicked(page, streamlit_server):
    page.goto(f"{streamlit_server.url}/?corte=31%2F08%2F2018")
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Informe de seguimiento (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "informe_seguimiento_2018-08-31.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    texts = {str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value}
    assert "Hacer seguimiento al cronograma de la rendición de cuentas" in texts
    assert exception_boxes(page) == []

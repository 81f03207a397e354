"""Reports in the real browser: the HTML report works offline, reads on a phone and passes axe-core
(WCAG 2.1 AA, no serious or critical violation); dashboard downloads are built on click."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import axe_playwright_python
import openpyxl
import pytest

from rendicion.outputs.informe_html import informe_html
from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED
from tests.harness import ARTIFACTS_DIR, VIEWPORT, exception_boxes, screenshot, wait_for_app, wait_for_rerun

#: axe-core, as shipped inside the pinned axe-playwright-python package (requirements.txt).
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


@pytest.mark.parametrize("corte", [date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)])
def test_html_report_is_small_offline_and_passes_axe(browser, corte):
    plan = read_plan(SHIPPED).plan
    report = ARTIFACTS_DIR / "reports" / f"informe_{corte:%Y-%m-%d}.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(informe_html(plan, corte), encoding="utf-8")
    assert report.stat().st_size < 500_000
    # The report forbids every script (Content-Security-Policy); the test lifts that to inject axe-core.
    context = browser.new_context(viewport=VIEWPORT, locale="es-CO", offline=True, bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        assert [url for url in requests if not url.startswith("file:")] == []
        assert page.locator("svg[role=img]").count() == 1
        # The header field once (the elaboration date, made today, also mentions the deadline it missed).
        assert page.get_by_text("Fecha límite de publicación", exact=True).count() == 1
        assert page.get_by_text("Fecha de publicación", exact=True).count() == 1
        assert page.get_by_text("Hallazgos", exact=True).count() == 1
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        results = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        assert results["passes"], "axe-core did not run any rule"
        screenshot(page, f"informe-html-{corte:%m}")
    finally:
        context.close()


def test_html_report_reads_on_a_phone_without_javascript(browser):
    plan = read_plan(SHIPPED).plan
    report = ARTIFACTS_DIR / "reports" / "informe_telefono.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(informe_html(plan, date(2018, 12, 31)), encoding="utf-8")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="es-CO", offline=True,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        # The page is no wider than the phone: the table reflows into one card per activity.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        cell = page.locator("table.seguimiento td[data-etiqueta='% de avance']").first
        assert cell.bounding_box()["width"] <= 375
        screenshot(page, "informe-html-telefono")
        # Printed, it takes the letter page the CSS asks for (@page: letter, landscape): 792 × 612 points.
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+792(\.\d+)?\s+612", pdf)
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


def test_dashboard_report_carries_the_closing_typed_in_the_form(page, streamlit_server):
    page.goto(f"{streamlit_server.url}/?corte=31%2F08%2F2018")
    wait_for_app(page)
    page.get_by_role("textbox", name="Conclusiones").fill("El plan avanza <b>bien</b>.")
    page.get_by_role("textbox", name="Elaboró (nombre)").fill("Ana Pérez")
    # The closing is kept in the store for this cut (no editor configured here: anyone may save it).
    page.get_by_role("button", name="Guardar el cierre").click()
    page.get_by_text("Cierre del informe guardado", exact=False).first.wait_for()
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Informe para publicar (HTML)").click()
    download = download_info.value
    assert download.suggested_filename == "informe_seguimiento_2018-08-31.html"
    report = open(download.path(), encoding="utf-8").read()
    assert "El plan avanza &lt;b&gt;bien&lt;/b&gt;." in report and "Ana Pérez" in report
    assert "Seguimiento 2" in report and "14/09/2018" in report
    assert exception_boxes(page) == []

"""The public site in Chromium: axe-core finds no violation at any level on any page, one page is
used by keyboard alone, and the pages read on a phone with JavaScript off and print on letter paper."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import axe_playwright_python
import pytest

from rendicion.outputs import site
from rendicion.reading.loader import read_plan
from tests.builders import SHIPPED
from tests.harness import ARTIFACTS_DIR, VIEWPORT, screenshot

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
CUT_PAGE = "2018/2018-08-31/index.html"


@pytest.fixture(scope="module")
def sitio() -> Path:
    """The site of the shipped plan at its three cuts, written where CI keeps its artefacts."""
    loaded = read_plan(SHIPPED)
    fuente = site.Fuente(loaded.plan, "Plan incluido con Rendición (data/plan_2018.xlsx)",
                         tuple(issue.message for issue in loaded.findings.warnings))
    out = ARTIFACTS_DIR / "sitio" / "publico"
    site.write(site.build([fuente], date(2026, 12, 4)), out)
    return out


def test_axe_finds_no_violation_at_any_level_on_any_page(browser, sitio):
    pages = sorted(sitio.rglob("*.html"))
    assert len(pages) == 26  # index, measure, and per cut (3): the cut, its open data and 6 offices
    # The pages forbid every script (Content-Security-Policy); the test lifts that to inject axe-core.
    context = browser.new_context(viewport=VIEWPORT, locale="es-CO", offline=True, bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    found = {}
    try:
        for path in pages:
            page.goto(path.as_uri())
            page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
            # Every rule axe-core runs by default: WCAG 2.0/2.1/2.2 A and AA and its best practices.
            results = page.evaluate("() => axe.run(document, {resultTypes: ['violations', 'incomplete']})")
            assert results["passes"], "axe-core did not run any rule"
            violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]
            # What axe-core cannot decide must only be the charts' SVG text (dark on white by construction;
            # its colours are checked in tests/test_site.py): every HTML text's contrast is decided.
            undecided = [n["target"] for v in results["incomplete"] for n in v["nodes"]
                         if v["id"] != "color-contrast" or not n["html"].startswith("<text ")]
            if violations or undecided:
                found[str(path.relative_to(sitio))] = violations + undecided
        assert found == {}
        assert [url for url in requests if not url.startswith("file:")] == []
    finally:
        context.close()


def test_a_cut_page_works_by_keyboard_alone(browser, sitio):
    context = browser.new_context(viewport=VIEWPORT, locale="es-CO", offline=True)
    page = context.new_page()
    try:
        page.goto((sitio / CUT_PAGE).as_uri())
        expected = page.evaluate("() => [...document.querySelectorAll('a[href], [tabindex=\"0\"]')].length")
        visited, outlines = [], set()
        for _ in range(expected + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => {
                const e = document.activeElement;
                if (!e || e === document.body) return null;
                const style = getComputedStyle(e);
                return {tag: e.tagName, text: (e.getAttribute('aria-labelledby') || e.textContent).trim().slice(0, 60),
                        outline: style.outlineStyle + ' ' + style.outlineWidth};
            }""")
            if focused is None or (visited and focused == visited[0]):
                break
            visited.append(focused)
            outlines.add(focused["outline"])
        # Every link and every scrollable table is reached, in order, and shows where the focus is.
        assert len(visited) == expected
        assert visited[0]["text"] == "Saltar al contenido"
        assert all(not o.startswith("none") and not o.endswith(" 0px") for o in outlines), outlines
        # The skip link takes the keyboard past the navigation, and a link opens with Enter.
        page.keyboard.press("Shift+Tab")  # back from wherever the cycle ended
        page.goto((sitio / CUT_PAGE).as_uri())
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "contenido"
        page.get_by_role("link", name="Secretaría de Planeación").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"dependencias/secretaria-de-planeacion\.html$"))
        assert page.get_by_role("heading", level=1).inner_text().startswith("Secretaría de Planeación")
    finally:
        context.close()


def test_a_cut_page_reads_on_a_phone_without_javascript_and_prints(browser, sitio):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="es-CO", offline=True,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((sitio / CUT_PAGE).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.locator("svg[role=img]").count() == 2
        screenshot(page, "sitio-corte-telefono")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+792(\.\d+)?\s+612", pdf)
    finally:
        context.close()
    context = browser.new_context(viewport=VIEWPORT, locale="es-CO", offline=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((sitio / CUT_PAGE).as_uri())
        screenshot(page, "sitio-corte")
    finally:
        context.close()

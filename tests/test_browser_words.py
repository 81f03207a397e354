"""Every word Spanish, every number Colombian: the dashboard walked in Debian's Chromium.

Every page at the three PAAC cuts of the shipped plan (30/04, 31/08 and 31/12/2018), at 1366×768
and at 390×844 (a phone), fails on any visible text from :data:`FORBIDDEN`: English from
Streamlit or Plotly, and raw values (None, nan, NaT, ISO dates, a dot as decimal separator
beside «%», «62.9MB»). Grid cells are read from the grid's accessible table (the grid paints on
a canvas). Screenshots of each page at both sizes go to ``artifacts/screenshots/palabras-*.png``
(docs/desarrollo.md, «Capturas»), which CI keeps as artifacts.

Grow :data:`FORBIDDEN` whenever a word that a secretary would not read is found on a page.
"""

from __future__ import annotations

import re

import pytest

from tests.harness import LOCALE, PLOTLY_SVG, REPO_ROOT, exception_boxes, screenshot, wait_for_app

#: What must never be read on a page: (name, pattern). Keep it growing.
FORBIDDEN = [
    ("None", re.compile(r"\bNone\b")),
    ("nan", re.compile(r"\b(?:nan|NaN)\b")),
    ("NaT", re.compile(r"\bNaT\b")),
    ("<NA>", re.compile(r"<NA>")),
    ("Select all", re.compile(r"Select all", re.IGNORECASE)),
    ("Download", re.compile(r"\bDownload", re.IGNORECASE)),
    ("Zoom", re.compile(r"\bZoom\b", re.IGNORECASE)),
    ("Reset", re.compile(r"\bReset\b", re.IGNORECASE)),
    ("Pan", re.compile(r"\bPan\b")),
    ("Autoscale", re.compile(r"Autoscale", re.IGNORECASE)),
    ("Search", re.compile(r"\bSearch\b", re.IGNORECASE)),
    ("Show/hide", re.compile(r"Show/hide", re.IGNORECASE)),
    ("Fullscreen", re.compile(r"Fullscreen", re.IGNORECASE)),
    ("Browse files", re.compile(r"Browse files", re.IGNORECASE)),
    ("Drag and drop", re.compile(r"Drag and drop", re.IGNORECASE)),
    ("Clear all", re.compile(r"Clear all", re.IGNORECASE)),
    ("No results", re.compile(r"No results", re.IGNORECASE)),
    ("Choose an option", re.compile(r"Choose an option", re.IGNORECASE)),
    ("Page not found", re.compile(r"Page not found", re.IGNORECASE)),
    ("Running", re.compile(r"\bRunning\b")),
    ("true/false", re.compile(r"\b(?:True|False|true|false)\b")),
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("dot decimal beside %", re.compile(r"\d\.\d+\s?%")),
    ("size with a dot", re.compile(r"\d+\.\d+\s?[KMG]?B\b")),
    ("English size", re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:KB|MB|GB)\b")),
    ("count of one in the plural", re.compile(r"(?<![\d.,])1 (?:versiones|errores|cumplidas|actividades|advertencias)\b")),
    ("«(es)» plural", re.compile(r"\w\((?:es|s)\)")),
]

#: url path, heading, Plotly charts to wait for.
PAGES = [
    ("", "Resumen del plan", 2),
    ("matriz", "Matriz de actividades", 0),
    ("cronograma", "Cronograma", 1),
    ("evaluacion", "Evaluación y seguimiento por dependencia", 2),
    ("cargar", "Cargar plan actualizado", 0),
    ("historial", "Historial de versiones", 0),
]
CUTS = ["30/04/2018", "31/08/2018", "31/12/2018"]
SIZES = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}
GRIDCELL = "[data-testid='stDataFrame'] [role='gridcell'], [data-testid='stDataFrame'] [role='columnheader']"


def offending(text: str) -> list[str]:
    """«name: the text around it» for each forbidden token in ``text``."""
    found = []
    for name, pattern in FORBIDDEN:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{name}: …{text[start:end]}…".replace("\n", " ⏎ "))
    return found


def test_the_list_catches_what_the_issue_saw():
    seen = ["Select all", "None", "49.77%", "2018-08-31", "Download plot as a png", "Zoom", "Reset axes",
            "Show/hide columns", "Download as CSV", "Search", "62.9MB",
            "1 versiones", "1 error(es)", "1 cumplidas", "nan", "NaT"]
    for text in seen:
        assert offending(text), text
    spanish = ("91,9 % · 31/08/2018 · 1 versión · 2 versiones · 1 cumplida · Descargar CSV · 33 % de avance, "
               "66,3 % esperado · Sin avance esperado · — · Detalles técnicos · Filtros · 1.234 actividades")
    assert offending(spanish) == []


#: Material icons are drawn from their names («dashboard», «table_view») by a font ligature: not words.
_NO_ICON_NAMES = "[data-testid='stIconMaterial'], .material-symbols-rounded { visibility: hidden !important; }"


def _page_text(page) -> str:
    """What a user reads: the visible text of the page, the grids' cells and the tooltips of what is shown."""
    page.add_style_tag(content=_NO_ICON_NAMES)
    visible = page.locator("body").inner_text()
    cells = page.locator(GRIDCELL).all_text_contents()
    titles = page.locator("[data-testid='stApp'] [title]").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('title'))")
    return "\n".join([visible, *cells, *titles])


def _grid_scrollers(page) -> list[list[int]]:
    """[scrollWidth, clientWidth, scrollHeight, clientHeight] of each shown grid's scrolling area, once drawn
    (a grid in a closed expander is not drawn)."""
    shown = "[...document.querySelectorAll(\"[data-testid='stDataFrame']\")].filter(e => !e.closest('details:not([open])'))"
    page.wait_for_function(f"() => {shown}.every(e => e.querySelector('.dvn-scroller'))")
    return page.evaluate(f"""() => {shown}.map(e => e.querySelector('.dvn-scroller'))
        .map(s => [s.scrollWidth, s.clientWidth, s.scrollHeight, s.clientHeight])""")


@pytest.fixture(scope="module")
def sized_pages(browser):
    """One browser context per size (es-CO), reused by every cut."""
    contexts = {}
    try:
        for name, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, locale=LOCALE, is_mobile=name == "390",
                                          has_touch=name == "390")
            context.set_default_timeout(60_000)
            contexts[name] = context
        yield {name: context.new_page() for name, context in contexts.items()}
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("cut", CUTS)
def test_every_page_reads_spanish(sized_pages, streamlit_server, size, cut):
    page = sized_pages[size]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for url_path, heading, charts in PAGES:
        page.goto(f"{streamlit_server.url}/{url_path}?corte={cut.replace('/', '%2F')}")
        wait_for_app(page)
        page.get_by_role("heading", name=heading).first.wait_for()
        if charts:
            page.locator(PLOTLY_SVG).nth(charts - 1).wait_for(state="visible")
        if url_path == "matriz":  # its grids draw their cells after the script run ends
            page.locator("[data-testid='stDataFrame'] [role='gridcell']").first.wait_for(state="attached")
        assert exception_boxes(page) == []
        screenshot(page, f"palabras-{size}-{cut[:5].replace('/', '-')}-{url_path or 'resumen'}")
        text = _page_text(page)
        words = offending(text)
        if words:
            found[url_path or "resumen"] = words
        if url_path == "matriz":  # the grids' cells are read too; a phone sees ID, Estado and % de avance
            assert "Estado" in text and "% de avance" in text and ("33 %" in text if cut == "31/08/2018" else True)
        if size == "1366":
            # Every grid shows all its rows (no scrolling inside it), and the Matriz's six columns fit.
            for width, client_width, height, client_height in _grid_scrollers(page):
                assert height <= client_height + 1, (url_path, "inner vertical scroll")
                if url_path == "matriz":
                    assert width <= client_width + 1, (url_path, "horizontal scroll")
    assert found == {}
    assert errors == []
    assert "Traceback" not in streamlit_server.log()


def test_the_office_filter_has_no_english_option(page, streamlit_server):
    page.goto(f"{streamlit_server.url}/matriz")
    wait_for_app(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert "Select all" not in " ".join(texts) and "Secretaría de Planeación" in texts
    screenshot(page, "palabras-filtro-dependencias")


def test_an_uploaded_file_shows_no_english_size(page, streamlit_server):
    page.goto(f"{streamlit_server.url}/cargar")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(REPO_ROOT / "data" / "plan_2018.xlsx"))
    page.get_by_text("Este libro es idéntico a la versión actual", exact=False).wait_for()
    wait_for_app(page)
    assert offending(_page_text(page)) == []
    screenshot(page, "palabras-cargar-archivo")


def test_the_sidebar_toggle_says_filtros_on_a_phone(browser, streamlit_server):
    context = browser.new_context(viewport=SIZES["390"], locale=LOCALE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{streamlit_server.url}/?corte=31%2F08%2F2018")
        wait_for_app(page)
        toggle = page.locator("[data-testid='stExpandSidebarButton']")
        toggle.wait_for()
        label = toggle.evaluate("e => getComputedStyle(e, '::after').content")
        assert label == '"Filtros"'
        box = toggle.bounding_box()
        assert box["width"] > 60  # the word is drawn, not only the «»» icon
        # Read top to bottom: headline, zone, evaluated count, what is behind, then the subcomponents.
        # (The metrics by their labels: the sidebar's «Actividades evaluadas en cada corte» and the headline
        # caption under the title carry the same words.)
        main = page.locator("[data-testid='stMain']")
        tops = [main.locator("[data-testid='stMetricLabel']").filter(has_text=label).first.bounding_box()["y"]
                for label in ("Avance del plan", "Actividades evaluadas")]
        tops.append(main.get_by_role("heading", name="Lo que está atrasado o vencido").bounding_box()["y"])
        chart = page.locator("[data-testid='stPlotlyChart']").first.bounding_box()["y"]
        assert tops == sorted(tops) and tops[-1] < chart
        screenshot(page, "palabras-390-filtros")
    finally:
        context.close()


#: What Streamlit's menu read on a first load, from the files in pages/, before the entrypoint's own menu.
FILE_NAMES = {"dashboard", "cargar", "cronograma", "evaluacion", "historial", "matriz", "resumen"}


_MENU_TEXTS = """els => els.map(e => { const c = e.cloneNode(true);
    c.querySelectorAll("[data-testid='stIconMaterial']").forEach(i => i.remove());
    return c.textContent.trim().toLowerCase(); })"""


def _menu(page) -> set[str]:
    """The menu's entries: Streamlit's own menu (its links) and the app's (page links in the sidebar)."""
    links = page.locator("[data-testid='stSidebarNavLink'], [data-testid='stSidebar'] [data-testid='stPageLink-NavLink']")
    return set(links.evaluate_all(_MENU_TEXTS))


def test_the_first_load_menu_never_shows_file_names(browser, streamlit_server):
    """The menu is read from the first paint on (a fresh browser session each time), not only once settled."""
    for path in ("", "matriz", "historial"):
        context = browser.new_context(viewport=SIZES["1366"], locale=LOCALE)
        try:
            page = context.new_page()
            page.goto(f"{streamlit_server.url}/{path}", wait_until="commit")
            seen: set[str] = set()
            for _ in range(200):  # about 10 s of polling; the menu is drawn long before
                seen |= _menu(page)
                if "matriz de actividades" in seen:
                    break
                page.wait_for_timeout(50)
            wait_for_app(page)
            seen |= _menu(page)
            assert {"resumen", "matriz de actividades", "historial de versiones"} <= seen
            assert seen & FILE_NAMES <= {"resumen", "cronograma"}  # also titles of pages
        finally:
            context.close()

"""AppTest drives the real page scripts: every page renders, filters and the cut date change what is shown.

As seen with Streamlit 1.67, after the first run AppTest reruns (and ``switch_page`` runs) the
page file without the entrypoint, so the shared sidebar is only drawn on the first run. The
shared controls are bound to the URL, so the tests set them the way a copied link does —
through query parameters before the first run — which also proves that the URL reproduces the
view. Session state survives page switches, so each page draws the view the entrypoint computed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rendicion.outputs import markdown

pytestmark = pytest.mark.usefixtures("isolated_store")

PAGES = ["pages/resumen.py", "pages/matriz.py", "pages/cronograma.py", "pages/evaluacion.py", "pages/cargar.py",
         "pages/historial.py"]
TIMEOUT = 60
DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")

#: Activities of "Secretaría Administrativa" (3.1, 3.2) and of "Todas las dependencias" (1.1, 2.6, 2.8).
ADMINISTRATIVA = {"1.1", "2.6", "2.8", "3.1", "3.2"}


def open_app(**query: str | list[str]) -> AppTest:
    """The dashboard opened from a URL with these query parameters (the shared filters)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app() -> AppTest:
    return open_app()


def _ids(at: AppTest) -> set[str]:
    return {i for frame in at.dataframe for i in frame.value.get("id", [])}


def _plotly_json(at: AppTest) -> str:
    """Every chart of the page as JSON text (non-ASCII unescaped, so Spanish names can be searched)."""
    return " ".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False) for chart in at.get("plotly_chart"))


def _gantt_ids(at: AppTest) -> set[str]:
    """Activity IDs on the Gantt's rows (row labels are "<id> · <activity>")."""
    [chart] = at.get("plotly_chart")
    labels = json.loads(chart.proto.spec)["layout"]["yaxis"]["ticktext"]
    return {label.split(" · ")[0] for label in labels if " · " in label}


def test_default_page_is_the_summary_with_the_latest_cut(app):
    assert app.title[0].value == "Resumen del plan"
    assert app.select_slider(key="corte").value == date(2018, 12, 31)
    metrics = {m.label: m.value for m in app.metric}
    assert list(metrics) == ["Avance del plan", "Actividades evaluadas", "⚑ Atrasada", "⚠ Vencidas sin cumplir"]
    # 31/12 is the final cut: all 19 activities are evaluated, and they average 73 % (amarillo).
    assert metrics["Avance del plan"] == "73 %"
    assert metrics["Actividades evaluadas"] == "19 de 19"
    assert metrics["⚠ Vencidas sin cumplir"] == "0"
    assert any("🟡 73 % · Media (amarillo)" in m.value for m in app.markdown)
    # Beside the headline, on every page: the rule, how many are evaluated and how many are overdue.
    assert any("Avance del plan: 73 % · Media (amarillo) · regla «programadas a la fecha» · 19 de 19 actividades "
               "evaluadas · 0 vencidas sin cumplir" in c.value.replace("\\", "") for c in app.caption)
    assert any(c.value.replace("\\", "") == "Regla: «programadas a la fecha»" for c in app.caption)
    # The plan's findings at 31/12: 6 without schedule, 4 running past the vigencia (2.2, 2.4, 2.8, 4.4) and 4.2 at
    # 100 % beside «Pendiente la retroalimentación».
    assert any(t.value == "Hallazgos sobre el plan (11)" for t in app.header)
    assert any("Pendiente la retroalimentación" in m.value for m in app.markdown)
    # The shipped workbook is example data with a reconstructed schedule: the banner says it, once.
    banners = [w.value for w in app.warning if "DATOS DE EJEMPLO" in w.value]
    assert len(banners) == 1 and "ronograma reconstruido" in banners[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_shipped_plan(app, page):
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title[0].value
    assert not [e for e in app.error], [e.value for e in app.error]


def test_office_filter_changes_matrix_and_charts(app):
    app.switch_page("pages/matriz.py").run()
    assert len(_ids(app)) == 19

    filtered = open_app(dependencia=["Secretaría Administrativa"])
    assert filtered.multiselect(key="dependencia").value == ["Secretaría Administrativa"]
    filtered.switch_page("pages/matriz.py").run()
    assert _ids(filtered) == ADMINISTRATIVA
    filtered.switch_page("pages/cronograma.py").run()
    assert _gantt_ids(filtered) == {"2.6", "2.8", "3.2"}  # the scheduled ones; 1.1 and 3.1 have no months
    filtered.switch_page("pages/evaluacion.py").run()
    filtered.selectbox(key="evaluacion_subcomponente").set_value("Incentivos").run()
    charts = _plotly_json(filtered)
    assert "Secretaría Administrativa" in charts
    assert "Dirección de Comunicaciones" not in charts


def test_cut_date_changes_estados_and_avance(app):
    before = {m.label: m.value for m in app.metric}
    april = open_app(corte="30/04/2018")
    assert april.select_slider(key="corte").value == date(2018, 4, 30)
    after = {m.label: m.value for m in april.metric}
    # By 30/04 six activities have started: (30 + 25 + 25 + 33 + 33 + 80) / 6 = 37,7 % (rojo).
    assert before["Avance del plan"] != after["Avance del plan"] == "37,7 %"
    assert after["Actividades evaluadas"] == "6 de 19"
    assert after["⚠ Vencidas sin cumplir"] == "1"
    assert any(t.value.startswith("Sin fecha programada (6)") for t in april.header)
    # 4.2 (January and February) stands at 80 %: listed by name as vencida sin cumplir.
    assert any(m.value == "**⚠ Vencidas sin cumplir (1)**" for m in april.markdown)
    assert any("**4\\.2**" in m.value and "Realizar evaluación" in m.value for m in april.markdown)
    assert any("1 vencida sin cumplir" in c.value for c in april.caption)
    # Before the final cut the activities without schedule have their own list: the findings add only the 4
    # that run past the vigencia.
    assert any(t.value == "Hallazgos sobre el plan (4)" for t in april.header)
    april.switch_page("pages/matriz.py").run()
    estados = {i: e for frame in april.dataframe for i, e in zip(frame.value["id"], frame.value["estado"])}
    assert estados["2.3"] == "◷ Por iniciar"  # the public hearing (November) has not started on 30 April
    app.switch_page("pages/matriz.py").run()
    estados = {i: e for frame in app.dataframe for i, e in zip(frame.value["id"], frame.value["estado"])}
    assert estados["2.3"] == "✔ Cumplida"


def test_empty_result_explains_itself():
    # Talento Humano only supports 3.1 (Incentivos); "Todas las dependencias" has nothing in this subcomponent.
    at = open_app(dependencia=["Dirección de Talento Humano"], subcomponente=["Evaluación y seguimiento"])
    [info] = at.info
    assert info.value == markdown.escape("La dependencia «Dirección de Talento Humano» no tiene actividades en el "
                                         "subcomponente «Evaluación y seguimiento».")
    at.switch_page("pages/evaluacion.py").run()
    assert at.info[0].value == info.value



def test_summary_has_the_report_form_prefilled_from_parametros(app):
    """The shipped plan leaves the closing empty: the fields start blank and accept what Control Interno types."""
    labels = [area.label for area in app.text_area]
    assert labels == ["Conclusiones", "Recomendaciones"]
    assert [box.label for box in app.text_input][-2:] == ["Elaboró (nombre)", "Cargo"]
    assert all(area.value == "" for area in app.text_area)
    # They are kept with «Guardar el cierre» (see the next test), not on every keystroke.
    assert [b.label for b in app.button if b.label == "Guardar el cierre"] == ["Guardar el cierre"]


def test_the_report_closing_is_kept_per_cut_for_a_new_session_with_its_editor(isolated_store, monkeypatch):
    from rendicion.people.accounts import hash_password
    from rendicion.versions.store import Store

    monkeypatch.setenv("RENDICION_EDITORES", f"Ana Pérez={hash_password('clave de ana 2018')}")
    at = open_app(corte="31/08/2018")
    at.text_area(key=next(a.key for a in at.text_area if a.label == "Conclusiones")).input("2.7 va atrasada.")
    [nombre] = [t for t in at.text_input if t.label == "Elaboró (nombre)"]
    nombre.input("Ana Pérez")
    at.text_input(key="cierre_cuenta").input("Ana Pérez")
    at.text_input(key="cierre_clave").input("clave de ana 2018")
    [button] = [b for b in at.button if b.label == "Guardar el cierre"]
    button.click().run()
    assert not at.exception, at.exception
    kept = Store(isolated_store).closing(2018, date(2018, 8, 31))
    assert (kept.conclusiones, kept.elaboro_nombre, kept.author) == ("2.7 va atrasada.", "Ana Pérez", "Ana Pérez")

    again = open_app(corte="31/08/2018")  # a new session finds it, and says who typed it
    assert [a.value for a in again.text_area] == ["2.7 va atrasada.", ""]
    assert any("por Ana Pérez" in c.value for c in again.caption)
    other_cut = open_app(corte="30/04/2018")  # another cut has its own closing
    assert [a.value for a in other_cut.text_area] == ["", ""]


def test_a_wrong_password_keeps_no_closing(isolated_store, monkeypatch):
    from rendicion.people.accounts import hash_password
    from rendicion.versions.store import Store

    monkeypatch.setenv("RENDICION_EDITORES", f"Ana Pérez={hash_password('clave de ana 2018')}")
    at = open_app(corte="31/08/2018")
    at.text_area(key=next(a.key for a in at.text_area if a.label == "Conclusiones")).input("Sin permiso.")
    at.text_input(key="cierre_cuenta").input("Ana Pérez")
    at.text_input(key="cierre_clave").input("otra clave")
    [button] = [b for b in at.button if b.label == "Guardar el cierre"]
    button.click().run()
    assert any("No se guardó el cierre" in e.value for e in at.error)
    assert Store(isolated_store).closing(2018, date(2018, 8, 31)) is None


def test_cronograma_draws_the_gantt_first_and_without_plotly_s_button_bar(app):
    """Under the title, nothing is sent before the Gantt (what comes first delays it in the browser),
    and no data grid at all until asked: its script would load beside Plotly's on a first visit."""
    app.switch_page("pages/cronograma.py").run()
    kinds = [node.type for node in app.main.children.values()]
    assert kinds[:3] == ["title", "caption", "plotly_chart"]
    assert "dataframe" not in kinds
    [chart] = app.get("plotly_chart")
    config = json.loads(chart.proto.config)
    assert config["displayModeBar"] is False and config["locale"] == "es"
    # No chart has Plotly's button bar: its tooltips are English («Download plot as a png», «Zoom»,
    # «Reset axes») and on a phone it covered the chart's title.
    for page in ("pages/resumen.py", "pages/evaluacion.py"):
        app.switch_page(page).run()
        configs = [json.loads(c.proto.config) for c in app.get("plotly_chart")]
        assert len(configs) == 2 and all(c["displayModeBar"] is False for c in configs)


def _unscheduled_ids(at: AppTest) -> list[str]:
    """IDs in the list of activities without a schedule (lines "- **ID** · actividad …", escaped)."""
    [listing] = [m.value for m in at.markdown if m.value.startswith("- **")]
    return [line[len("- **"):line.index("**", 4)].replace("\\", "") for line in listing.splitlines()]


def test_cronograma_lists_the_unscheduled_activities_and_shows_their_table_when_asked(app):
    # By hand from data/plan_2018.xlsx: the Información activities and 3.1 have no month marked and no
    # fecha programada (the loader warns at rows 7–11 and at 3.1's row).
    expected = ["1.1", "1.2", "1.3", "1.4", "1.5", "3.1"]
    app.switch_page("pages/cronograma.py").run()
    assert f"Actividades sin programar ({len(expected)})" in [h.value for h in app.header]
    assert _unscheduled_ids(app) == expected
    assert not app.dataframe
    [toggle] = app.toggle
    assert toggle.label == "Ver en una tabla" and toggle.value is False
    toggle.set_value(True).run()
    assert not app.exception, app.exception
    [table] = app.dataframe
    assert table.value["id"].tolist() == expected
    assert _gantt_ids(app).isdisjoint(expected)


def _synthetic_cronograma(store_url: str, activities: int) -> tuple[AppTest, pd.DataFrame]:
    """A synthetic plan of ``activities`` published in the test's store; its Cronograma page at 31/12/2018
    and the plan evaluated at that date."""
    from bench import synth
    from rendicion.followup import engine
    from rendicion.reading.loader import read_plan
    from rendicion.versions import publishing
    from rendicion.versions.store import Store

    data = synth.synthetic_workbook(activities)
    store = Store(store_url)
    publishing.ensure_seeded(store)
    publishing.publish(store, publishing.prepare(data, "sintetico.xlsx"), note="prueba")
    store.close()
    at = open_app(corte="31/12/2018")
    at.switch_page("pages/cronograma.py").run()
    assert not at.exception, at.exception
    return at, engine.evaluate(read_plan(data).plan, date(2018, 12, 31))


def test_cronograma_lists_ten_unscheduled_activities_and_the_table_holds_all(isolated_store):
    at, evaluated = _synthetic_cronograma(isolated_store, 400)
    unscheduled = evaluated.loc[evaluated["dias_programados"] == 0, "id"].tolist()
    assert len(unscheduled) > 10
    assert _unscheduled_ids(at) == unscheduled[:10]
    assert any(c.value.startswith(f"… y {len(unscheduled) - 10} más") for c in at.caption)
    at.toggle[0].set_value(True).run()
    [table] = at.dataframe
    assert table.value["id"].tolist() == unscheduled


def test_cronograma_pages_a_large_plan_fifty_activities_at_a_time(isolated_store):
    at, evaluated = _synthetic_cronograma(isolated_store, 120)
    scheduled = evaluated.loc[evaluated["dias_programados"] > 0, "id"].tolist()
    assert 100 < len(scheduled) <= 150
    assert any("se muestran de a 50" in c.value for c in at.caption)
    assert _gantt_ids(at) == set(scheduled[:50])
    at.session_state["cronograma_pagina"] = 3
    at.run()
    assert _gantt_ids(at) == set(scheduled[100:])


def test_the_benchmark_measures_the_gantt_page_the_app_draws():
    """The benchmark builds the figure of one Gantt page: as many rows as pages/cronograma.py draws."""
    import ast

    from bench.common import GANTT_PAGE_ROWS

    source = (Path(DASHBOARD).parent / "pages" / "cronograma.py").read_text(encoding="utf-8")
    [rows] = [node.value.value for node in ast.parse(source).body if isinstance(node, ast.Assign)
              and any(getattr(t, "id", None) == "GANTT_ROWS" for t in node.targets)]
    assert rows == GANTT_PAGE_ROWS


def test_the_rule_is_chosen_in_the_sidebar_and_in_the_url():
    """The plan's rule by default; «las que vencen hasta el corte» stays selectable (31/08: only 4.2, 90 %)."""
    app = open_app(corte="31/08/2018")
    assert app.selectbox(key="regla").value == "programadas a la fecha"
    assert {m.label: m.value for m in app.metric}["Avance del plan"] == "53,5 %"
    app.selectbox(key="regla").set_value("las que vencen hasta el corte").run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Avance del plan"], metrics["Actividades evaluadas"]) == ("90 %", "1 de 19")
    assert any("regla «las que vencen hasta el corte»" in c.value for c in app.caption)
    shared = open_app(corte="31/08/2018", regla="programadas en el cuatrimestre")
    metrics = {m.label: m.value for m in shared.metric}
    assert (metrics["Avance del plan"], metrics["Actividades evaluadas"]) == ("48,3 %", "7 de 19")


# --------------------------------------------------------------------------- what is behind, at 31/08


#: At 31/08/2018 on the shipped plan (by hand from data/plan_2018.xlsx and the rule: started and more
#: than 15 points below the expected): 2.4 45 % against 61,4 % (MES 1–13: 243 of 396 days), 2.7 33 %
#: against 66,3 % (April, July, October: 61 of 92 days), 4.1 50 % against 66,3 % (April, August,
#: December: 61 of 92 days). 4.2 (January–February) ended at 90 %: vencida.
ATRASADAS_31_08 = {"2.4", "2.7", "4.1"}
VENCIDAS_31_08 = {"4.2"}


def _listed(markdown_text: str) -> list[str]:
    """IDs of a list drawn by ui.widgets.pending_list (lines "- **ID** · …", escaped)."""
    return [line[len("- **"):line.index("**", 4)].replace("\\", "") for line in markdown_text.splitlines()
            if line.startswith("- **")]


def _in_page_order(node) -> list[str]:
    """The page's elements top to bottom (a phone stacks columns in this order): markdown by its text,
    the rest by their type."""
    children = getattr(node, "children", None)
    if isinstance(children, dict) and children:
        return [name for key in sorted(children) for name in _in_page_order(children[key])]
    return [node.value if node.type == "markdown" else node.type]


def test_resumen_lists_atrasadas_and_vencidas_with_their_offices_at_31_08():
    at = open_app(corte="31/08/2018")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["⚑ Atrasada"], metrics["⚠ Vencidas sin cumplir"]) == ("3", "1")
    texts = [m.value for m in at.markdown]
    atrasadas = texts[texts.index("**⚑ Atrasadas (3)**") + 1]
    vencidas = texts[texts.index("**⚠ Vencidas sin cumplir (1)**") + 1]
    assert set(_listed(atrasadas)) == ATRASADAS_31_08 and set(_listed(vencidas)) == VENCIDAS_31_08
    # Each with its offices, its % de avance and the expected.
    assert "Secretaría de Planeación · 33 % de avance, 66,3 % esperado" in atrasadas  # 2.7
    assert "Secretaría de Planeación · Secretaría de Apoyo a la Gestión · 50 % de avance, 66,3 % esperado" in atrasadas
    assert "Secretaría de Apoyo a la Gestión · Secretaría de Planeación · 90 % de avance, 100 % esperado" in vencidas
    # Headline, zone, evaluated count, then what is behind, then the subcomponents: the phone's order.
    order = _in_page_order(at.main)
    assert order.index("metric") < order.index("**⚑ Atrasadas (3)**") < order.index("plotly_chart")


def test_resumen_at_30_04_lists_only_the_vencida():
    at = open_app(corte="30/04/2018")
    metrics = {m.label: m.value for m in at.metric}
    # 30/04: 2.4 25 % against 30,3 %, 2.7 and 4.1 33 % against 32,6 %: none is 15 points behind.
    assert (metrics["⚑ Atrasada"], metrics["⚠ Vencidas sin cumplir"]) == ("0", "1")
    assert not any(m.value.startswith("**⚑ Atrasadas") for m in at.markdown)


def test_matriz_filters_atrasadas_and_vencidas_at_31_08():
    at = open_app(corte="31/08/2018")
    at.switch_page("pages/matriz.py").run()
    assert not at.exception
    assert len(_ids(at)) == 19
    at.button_group(key="estado").set_value(["Atrasada"]).run()
    assert _ids(at) == ATRASADAS_31_08
    at.button_group(key="estado").set_value(["Vencida"]).run()
    assert _ids(at) == VENCIDAS_31_08
    at.button_group(key="estado").set_value(["Atrasada", "Vencida"]).run()
    assert _ids(at) == ATRASADAS_31_08 | VENCIDAS_31_08
    # The six key columns, percentages in Spanish words: no «None», no «0.33», no «33%».
    frame = next(f.value for f in at.dataframe if "2.7" in list(f.value["id"]))
    row = frame[frame["id"] == "2.7"].iloc[0]
    assert (row["avance_reportado"], row["avance_esperado"], row["estado"]) == ("33 %", "66,3 %", "⚑ Atrasada")


def test_matriz_estado_filter_with_nothing_says_so():
    at = open_app(corte="30/04/2018")
    at.switch_page("pages/matriz.py").run()
    at.button_group(key="estado").set_value(["Atrasada"]).run()
    assert _ids(at) == set()
    assert any("Ninguna actividad de la selección está «⚑ Atrasada» al corte del 30/04/2018" in i.value
               for i in at.info)


# --------------------------------------------------------------------------- smaller confusions (issue 19)


def _long_finding_script():
    from rendicion.reading.findings import Findings
    from ui import messages

    findings = Findings()
    findings.error("La fecha programada «entre abril y el día de la audiencia» no se pudo leer como un intervalo de "
                   "días del periodo del plan. Cómo corregirlo: escriba la fecha como 30/04/2018, como un mes "
                   "(«abril de 2018») o como un intervalo («1 al 15 de abril de 2018») y cargue el libro de nuevo.",
                   sheet="Plan", row=7, column="F")
    messages.show_findings(findings, "Validación")


def test_a_long_finding_is_shown_whole_with_how_to_fix_it():
    at = AppTest.from_function(_long_finding_script, default_timeout=TIMEOUT).run()
    [grid] = at.dataframe
    message = grid.value["Mensaje"].iloc[0]
    assert message.endswith("y cargue el libro de nuevo.") and len(message) == 280
    columns = json.loads(grid.proto.columns)
    assert columns["Mensaje"]["width"] == 560
    # 280 characters at about 62 a line (560 px) are 5 lines: the row is that tall (14 px + 20 a line).
    assert grid.proto.row_height == 14 + 20 * 5


def test_evaluacion_names_the_subcomponent_it_shows_not_two_selectors_with_one_name():
    at = open_app(corte="31/08/2018")
    at.switch_page("pages/evaluacion.py").run()
    assert [s.label for s in at.selectbox] == ["Subcomponente que se muestra"]
    shown = at.selectbox[0].value
    assert shown.startswith("Evaluación")
    caption = at.caption[0].value
    assert "todos los subcomponentes" not in caption and markdown.escape(shown) in caption


def test_resumen_says_how_the_unscheduled_activities_are_counted_in_the_estado_chart():
    at = open_app(corte="31/08/2018")
    # 1.1 to 1.5 and 3.1 have no schedule: 6 «sin fecha programada»; 1.1 reported 100 % (Cumplida),
    # so the estado chart counts 5 «Sin programar» and 1 «Cumplida».
    assert any(s.value == "Sin fecha programada (6)" for s in at.header)
    assert any("5 en «○ Sin programar», 1 en «✔ Cumplida»" in c.value for c in at.caption)


#: What a cell must never read (a raw value): Python's and pandas' missing values, ISO dates, «49.77%».
RAW = ("None", "nan", "NaN", "NaT", "<NA>")


def _raw_cells(frame) -> list[str]:
    import re

    cells = [str(value) for column in frame.columns for value in frame[column].tolist()]
    return [c for c in cells if c in RAW or re.search(r"\b\d{4}-\d{2}-\d{2}\b|\d\.\d+\s?%", c)]


def test_upload_diff_reads_dashes_and_spanish_percentages_never_none(tmp_path):
    from tests.test_app_store import XLSX, _updated_plan_bytes

    at = open_app()
    at.switch_page("pages/cargar.py").run()
    at.file_uploader(key="carga_archivo").set_value(("actualizado.xlsx", _updated_plan_bytes(tmp_path), XLSX)).run()
    assert not at.exception, at.exception
    frames = {e.label: g.value for e in at.expander for g in e.dataframe}
    assert frames, "the diff shows its sections"
    assert {label: _raw_cells(frame) for label, frame in frames.items()} == {label: [] for label in frames}
    # The new report of 2.4 (30/09/2018, 70 %) reads as the user writes it.
    [nuevos] = [f for label, f in frames.items() if label.startswith("Reportes de avance nuevos")]
    assert nuevos.iloc[0].tolist() == ["2.4", "30/09/2018", "70 %", "—", "—"]  # not verified, no observation


def test_historial_hides_hashes_and_commands_behind_detalles_tecnicos():
    at = open_app()
    at.switch_page("pages/historial.py").run()
    assert not at.exception, at.exception
    main = at.dataframe[0].value
    assert "sha256" not in main.columns and _raw_cells(main) == []
    assert main["Restaurada de"].tolist() == ["—"]
    expanders = {e.label: e for e in at.expander}
    assert {"Detalles técnicos", "Detalles técnicos de la cadena"} <= set(expanders)
    assert len(expanders["Detalles técnicos"].dataframe[0].value["sha256"].iloc[0]) == 64
    assert any("python -m rendicion" in c.value for c in expanders["Detalles técnicos de la cadena"].code)
    # Outside the expanders, no 64-character hash and no command.
    outside = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success]
    assert not any("python -m" in text or len(text) >= 64 and all(ch in "0123456789abcdef" for ch in text)
                   for text in outside)

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
    assert list(metrics)[:3] == ["Avance del plan", "Actividades evaluadas", "Cumplimiento del cronograma"]
    # 31/12 is the final cut: all 19 activities are evaluated, and they average 73 % (amarillo).
    assert metrics["Avance del plan"] == "73 %"
    assert metrics["Actividades evaluadas"] == "19 de 19"
    assert any("🟡 73 % (amarillo)" in m.value for m in app.markdown)
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
    assert before["Avance del plan"] != after["Avance del plan"] == "80 %"  # only 4.2 is due by 30/04
    assert after["Actividades evaluadas"] == "1 de 19"
    assert any(t.value.startswith("Sin fecha programada (6)") for t in april.header)
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
    app.text_area[0].input("El plan avanza según lo programado.").run()
    assert not app.exception, app.exception
    assert app.text_area[0].value == "El plan avanza según lo programado."


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
    app.switch_page("pages/resumen.py").run()
    assert all(json.loads(c.proto.config).get("displayModeBar", True) for c in app.get("plotly_chart"))


def _unscheduled_ids(at: AppTest) -> list[str]:
    """IDs in the list of activities without a schedule (lines "- **ID** · actividad …", escaped)."""
    [listing] = [m.value for m in at.markdown if m.value.startswith("- **")]
    return [line[len("- **"):line.index("**", 4)].replace("\\", "") for line in listing.splitlines()]


def test_cronograma_lists_the_unscheduled_activities_and_shows_their_table_when_asked(app):
    from rendicion.followup import engine
    from rendicion.reading.loader import read_plan
    from tests.builders import SHIPPED

    plan = read_plan(SHIPPED).plan
    evaluated = engine.evaluate(plan, date(2018, 12, 31))
    expected = evaluated.loc[evaluated["dias_programados"] == 0, "id"].tolist()
    assert 0 < len(expected) <= 10
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

"""AppTest on the upload and history pages: validate, preview, publish, restore — against a tmp store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from rendicion.outputs.plan_workbook import write_plan
from rendicion.plan.model import Plan
from rendicion.reading.loader import read_plan
from rendicion.versions.store import Store
from tests.builders import SHIPPED, build_xlsx

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(path: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _updated_plan_bytes(tmp_path) -> bytes:
    """The shipped plan with one activity more and a new report: what an office sends in September."""
    plan = read_plan(SHIPPED).plan
    extra = pd.DataFrame([{"id": "2.9", "subcomponente": "Diálogo", "actividad": "Mesa de diálogo con veedurías",
                           "meta_indicador": "Mesa realizada", "responsable_texto": "Secretaría de Planeación",
                           "peso": 1.0}])
    reports = pd.concat([plan.seguimiento, pd.DataFrame([{"actividad_id": "2.4", "fecha_corte": date(2018, 9, 30),
                                                          "avance": 70.0, "estado": "", "evidencia": "",
                                                          "observaciones": ""}])], ignore_index=True)
    updated = Plan(plan.parametros, pd.concat([plan.actividades, extra], ignore_index=True), plan.responsables,
                   plan.cronograma, reports)
    return write_plan(updated, tmp_path / "actualizado.xlsx")


def test_invalid_workbook_shows_its_errors_and_publishes_nothing(isolated_store, tmp_path):
    rows = [["ID", "SUBCOMPONENTE", "ACTIVIDADES", "RESPONSABLE"],
            ["1", "Diálogo", "Una", "Secretaría de Planeación"], ["1", "Diálogo", "Otra", "Secretaría de Planeación"]]
    data = build_xlsx(tmp_path / "malo.xlsx", {"Plan": rows}).read_bytes()
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("malo.xlsx", data, XLSX)).run()
    assert not at.exception
    assert any("1 error." in e.value for e in at.error)
    [report] = [f.value for f in at.dataframe]
    assert list(report.columns) == ["Nivel", "Hoja", "Fila", "Columna", "Mensaje"]
    assert "repetido" in report["Mensaje"].iloc[0] and report["Fila"].iloc[0] == 3
    assert not [b for b in at.button if b.label == "Publicar"]
    assert [v.version for v in Store(isolated_store).versions()] == [1]


def test_not_a_workbook_is_refused_in_spanish(isolated_store):
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("plan.xlsx", b"id;actividad\n1;x\n", XLSX)).run()
    assert not at.exception
    messages = " ".join(f.value["Mensaje"].iloc[0] for f in at.dataframe)
    assert "no un libro de Excel" in messages
    assert [v.version for v in Store(isolated_store).versions()] == [1]


def test_valid_workbook_shows_its_diff_is_published_and_seen_everywhere(isolated_store, tmp_path):
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("actualizado.xlsx", _updated_plan_bytes(tmp_path), XLSX)).run()
    assert not at.exception
    page_text = " ".join(m.value for m in at.markdown)
    assert "1 actividad agregada" in page_text
    added = [f.value for f in at.dataframe if "Actividad" in f.value.columns and "ID" in f.value.columns]
    assert any("2.9" in frame["ID"].tolist() for frame in added)
    [note] = [t for t in at.text_input if t.label == "Nota (opcional)"]
    note.set_value("Reportes de septiembre")
    [publish] = [b for b in at.button if b.label == "Publicar"]
    publish.click().run()
    assert not at.exception
    versions = Store(isolated_store).versions()
    assert [v.version for v in versions] == [2, 1]
    assert versions[0].note == "Reportes de septiembre" and versions[0].summary["activities"] == 20

    fresh = AppTest.from_file(DASHBOARD, default_timeout=60)
    fresh.run()
    assert fresh.metric[1].value == "20 de 20"  # "Actividades evaluadas" at the final cut: all 20
    fresh.switch_page("pages/matriz.py").run()
    assert "2.9" in {i for frame in fresh.dataframe for i in frame.value.get("id", [])}


def test_restoring_an_old_version_publishes_it_again(isolated_store, tmp_path):
    store = Store(isolated_store)
    at = _page("pages/historial.py")  # seeds version 1
    first = store.versions()[0]
    store.publish(_updated_plan_bytes(tmp_path), note="v2", summary={"activities": 20})
    at = _page("pages/historial.py")
    [restore] = [b for b in at.button if b.label == "Restaurar como versión nueva"]
    [target] = [s for s in at.selectbox if s.label == "Versión a restaurar"]
    target.set_value(1)
    restore.click().run()
    assert not at.exception
    newest = store.versions()[0]
    assert (newest.version, newest.restored_from, newest.sha256) == (3, 1, first.sha256)
    assert [v.version for v in store.versions()] == [3, 2, 1]  # nothing overwritten


def test_wrong_editor_password_publishes_nothing(isolated_store, tmp_path, monkeypatch):
    monkeypatch.setenv("RENDICION_EDITOR_PASSWORD", "clave-secreta")
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("actualizado.xlsx", _updated_plan_bytes(tmp_path), XLSX)).run()
    at.text_input(key="publicar_clave").set_value("otra")
    [publish] = [b for b in at.button if b.label == "Publicar"]
    publish.click().run()
    assert any("contraseña de editor no es correcta" in e.value for e in at.error)
    assert [v.version for v in Store(isolated_store).versions()] == [1]


def test_without_password_the_page_says_anyone_can_publish(isolated_store):
    at = _page("pages/cargar.py")
    assert any("cualquier persona" in w.value for w in at.warning)


def test_upload_preview_shows_how_each_fecha_programada_was_read(isolated_store, tmp_path):
    rows = [["Vigencia 2018"], [],
            ["Subcomponente", "Actividades", "Meta o producto", "Responsable", "Fecha programada"],
            ["Diálogo", "Realizar la audiencia pública de rendición de cuentas", "Audiencia", "Secretaría de Planeación",
             "Abril, agosto y diciembre"],
            [None, "Publicar las respuestas a las preguntas de la ciudadanía", "Respuestas", "Secretaría de Planeación",
             "22 al 28 de abril de 2018"]]
    data = build_xlsx(tmp_path / "paac.xlsx", {"Plan": rows}).read_bytes()
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("paac.xlsx", data, XLSX)).run()
    assert not at.exception
    assert "Cómo se leyeron las fechas programadas" in [h.value for h in at.subheader]
    [readings] = [f.value for f in at.dataframe if "Se leyó como" in f.value.columns]
    assert readings["Fecha programada"].tolist() == ["Abril, agosto y diciembre", "22 al 28 de abril de 2018"]
    assert readings["Se leyó como"].tolist() == ["abr 2018; ago 2018; dic 2018", "22/04/2018 – 28/04/2018"]
    assert "sin año escrito" in readings["Cómo se leyó"].iloc[0]
    assert readings["Cómo se leyó"].iloc[1] == "Fecha exacta"
    # The same convention is a warning of the validation report, at its cell.
    [report] = [f.value for f in at.dataframe if "Mensaje" in f.value.columns]
    row = report[report["Mensaje"].str.contains("Abril, agosto y diciembre")].iloc[0]
    assert (row["Hoja"], row["Fila"], row["Columna"]) == ("Plan", 4, "E")


def test_upload_preview_of_a_plan_with_month_columns_has_no_readings_table(isolated_store, tmp_path):
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(("actualizado.xlsx", _updated_plan_bytes(tmp_path), XLSX)).run()
    assert not at.exception
    assert "Cómo se leyeron las fechas programadas" not in [h.value for h in at.subheader]


def test_a_published_fecha_programada_plan_draws_its_days_on_the_cronograma_page(isolated_store, tmp_path):
    rows = [["Vigencia 2018"], [],
            ["Subcomponente", "Actividades", "Meta o producto", "Responsable", "Fecha programada"],
            ["Diálogo", "Realizar la audiencia pública de rendición de cuentas", "Audiencia", "Secretaría de Planeación",
             "30/04/2018"],
            [None, "Publicar las respuestas a las preguntas de la ciudadanía", "Respuestas", "Secretaría de Planeación",
             "Diciembre 2018 - Enero 2019"]]
    at = _page("pages/cargar.py")
    at.file_uploader(key="carga_archivo").set_value(
        ("paac.xlsx", build_xlsx(tmp_path / "paac.xlsx", {"Plan": rows}).read_bytes(), XLSX)).run()
    [publish] = [b for b in at.button if b.label == "Publicar"]
    publish.click().run()
    assert not at.exception
    fresh = AppTest.from_file(DASHBOARD, default_timeout=60)
    fresh.run()
    fresh.switch_page("pages/cronograma.py").run()
    assert not fresh.exception
    [chart] = [c for c in fresh.get("plotly_chart")]
    figure = json.loads(chart.proto.spec)
    bars = [t for t in figure["data"] if t.get("type") == "bar" and t.get("meta")]
    bases = sorted(b for t in bars for b in t["base"])
    assert bases == ["2018-04-30", "2018-12-01"]
    assert figure["layout"]["xaxis"]["range"][1] == "2019-02-01"  # the axis reaches January 2019

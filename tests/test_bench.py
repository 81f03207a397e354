"""The benchmark's building blocks (rendicion.synth, rendicion.bench): fast checks, no browser.

The benchmark itself (``python -m rendicion.bench``) takes minutes and is run by hand; its
results are in docs/rendimiento.md.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from rendicion import bench, engine, figures
from rendicion.loader import read_plan
from rendicion.synth import OFICINAS, synthetic_plan, synthetic_workbook
from tests.builders import months_by_id


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "plan_200.xlsx"
    synthetic_workbook(200, path)
    return path


def test_synthetic_plan_reads_cleanly_and_looks_real(synthetic):
    loaded = read_plan(synthetic)
    assert loaded.ok, loaded.report.to_text()
    plan = loaded.plan
    summary = plan.summary()
    assert summary["activities"] == 200
    assert list(summary["subcomponents"]) == ["Información", "Diálogo", "Incentivos", "Evaluación y seguimiento"]
    assert set(OFICINAS) <= set(plan.dependencias) and "Todas las dependencias" in plan.dependencias
    # Cells naming several offices, read as one principal plus support offices.
    assert (plan.responsables.groupby("actividad_id").size() > 1).sum() > 40
    # Schedules: unscheduled, all-year and non-contiguous ones.
    months = months_by_id(plan).values()
    assert 0 < summary["scheduled_activities"] < 200
    assert any(m == list(range(1, 14)) for m in months)
    assert any(any(b - a > 1 for a, b in zip(m, m[1:])) for m in months)
    # Three PAAC cuts of reports.
    assert sorted(set(plan.seguimiento["fecha_corte"])) == [date(2018, 4, 30), date(2018, 8, 31), date(2018, 12, 31)]


def test_synthetic_plan_is_deterministic():
    first, second = synthetic_plan(50), synthetic_plan(50)
    assert first.actividades.equals(second.actividades)
    assert first.cronograma.equals(second.cronograma)
    assert len(synthetic_plan(1).actividades) == 1


def test_gantt_margin_fits_its_labels_without_plotly_measuring_them(synthetic):
    plan = read_plan(synthetic).plan
    evaluated = engine.evaluate(plan, bench.CORTE)
    fig = figures.gantt(evaluated, plan.cronograma, plan.parametros, bench.CORTE)
    assert fig.layout.yaxis.automargin is False
    longest = max(figures._label_width(text) for text in fig.layout.yaxis.ticktext if " · " in text)
    assert longest < fig.layout.margin.l <= 480


@pytest.mark.parametrize("message", [
    "La hoja tiene 200.001 filas; el máximo que se lee es 60.000.",
    "No se pudo leer la fecha de corte «invalid date». Escríbala como dd/mm/aaaa.",
])
def test_spanish_messages_pass(message):
    assert bench.non_spanish(message) == []


@pytest.mark.parametrize("message", [
    "Traceback (most recent call last): ValueError", "error: invalid file", "The file could not be read",
    "No se pudo leer el avance None.", "",
])
def test_english_or_technical_messages_are_caught(message):
    assert bench.non_spanish(message)


def test_percentile():
    assert bench._percentile([], 50) is None
    assert bench._percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert bench._percentile([1.0, 2.0], 95) == pytest.approx(1.95)


def test_app_target_publishes_the_plan_to_a_store_the_dashboard_reads(synthetic):
    assert bench.dashboard_reads_store()
    with bench.app_target(synthetic) as (script, env, mode):
        assert mode == "store" and script == bench.DASHBOARD
        from rendicion.store import Store

        store = Store(env["RENDICION_DB_URL"])
        try:
            version, data = store.current_data()
            assert version.version == 2 and data == synthetic.read_bytes()
        finally:
            store.close()


def test_child_measurement_reports_json(synthetic):
    result = bench.run_child("read_plan", synthetic)
    assert result["ok"] and result["seconds"] > 0 and result["max_rss_mb"] > 0
    assert json.dumps(result)


def test_synthetic_plan_with_fecha_programada_reads_back_its_schedule(tmp_path):
    path = tmp_path / "plan_fechas.xlsx"
    synthetic_workbook(300, path, fechas=True)
    expected = synthetic_plan(300, fechas=True)
    loaded = read_plan(path)
    assert loaded.ok, loaded.report.to_text()
    plan = loaded.plan
    # The schedule is the text: no MES marks, and every interval read from it.
    assert set(plan.cronograma["origen"]) == {"fecha_programada"}
    assert plan.actividades["fecha_programada"].tolist() == expected.actividades["fecha_programada"].tolist()
    assert plan.cronograma[["actividad_id", "inicio", "fin"]].values.tolist() == \
        expected.cronograma[["actividad_id", "inicio", "fin"]].values.tolist()
    # Mixed forms, as published plans write them: days, day ranges, month ranges and lists, periods.
    texts = set(plan.actividades["fecha_programada"])
    assert {"Permanente", "Primer semestre"} & texts
    assert any("/" in t for t in texts) and any(" al " in t for t in texts) and any(", " in t for t in texts)
    # Texts without a year are warned at their cells (column F, FECHA PROGRAMADA).
    assert any(w.column == "F" and "sin año escrito" in w.message for w in loaded.report.warnings)


def test_bench_fechas_option_is_in_the_parser():
    args = bench.build_parser().parse_args(["--solo-fechas", "--fechas", "500"])
    assert args.solo_fechas and args.fechas == 500
    assert bench.build_parser().parse_args([]).fechas == 10_000

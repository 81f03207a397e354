"""The benchmark's building blocks (bench.synth, bench): fast checks, no browser.

The benchmark itself (``python -m bench``) takes minutes and is run by hand; its
results are in docs/rendimiento.md.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

import bench
from bench.synth import OFICINAS, synthetic_plan, synthetic_workbook
from rendicion.followup import engine
from rendicion.outputs import figures
from rendicion.reading.loader import read_plan
from tests.builders import months_by_id


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "plan_200.xlsx"
    synthetic_workbook(200, path)
    return path


def test_synthetic_plan_reads_cleanly_and_looks_real(synthetic):
    loaded = read_plan(synthetic)
    assert loaded.ok, loaded.findings.to_text()
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


@pytest.mark.parametrize("text, bold, width", [
    # By hand, Arial at 12 px, then 6 % of margin: digits and lowercase 6.7 (bold 7.4), «. ·», spaces, t and i
    # 3.4 (bold 4.0), A 8.7.
    ("1.1 · Actividad", False, (7 * 6.7 + 7 * 3.4 + 8.7) * 1.06),
    ("1.1 · Actividad", True, (7 * 7.4 + 7 * 4.0 + 8.7) * 1.06),
    ("GOMW", False, (2 * 9.4 + 2 * 12.2) * 1.06),     # round capitals, then the widest letters
    ("(r)", False, 3 * 4.7 * 1.06),
    ("Дом", False, (8.7 + 2 * 12.2) * 1.06),          # a capital of any script counts as a Latin capital;
])                                                    # other letters of other scripts as the widest
def test_label_width_of_known_labels(text, bold, width):
    assert figures._label_width(text, bold=bold) == pytest.approx(width)


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
        from rendicion.versions.store import Store

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


def test_commands_are_timed_with_their_own_startup(synthetic):
    check = bench.run_command(bench.check_command(synthetic))
    plain = bench.run_command(bench.plain_read_command(synthetic))
    for measured in (check, plain):
        assert measured["returncode"] == 0
        assert 0 < measured["cpu_seconds"] and 0 < measured["seconds"]
    # Both pay for importing pandas: neither command can be cheaper than a bare interpreter.
    bare = bench.run_command([bench.sys.executable, "-c", "pass"])
    assert check["cpu_seconds"] > bare["cpu_seconds"] and plain["cpu_seconds"] > bare["cpu_seconds"]


def test_a_failing_command_is_reported_not_timed():
    with pytest.raises(RuntimeError, match="falló"):
        bench.run_command([bench.sys.executable, "-c", "raise SystemExit(3)"])


def _reads(ratio_comando: float) -> dict:
    return {"archivo_bytes": 2048, "actividades": None, "read_plan": 1.0, "read_plan_ok": True, "read_excel": 2.0,
            "ratio_lectura": 0.5, "comando_check": {"segundos": 3 * ratio_comando, "cpu": 3 * ratio_comando},
            "comando_read_excel": {"segundos": 3.0, "cpu": 3.0}, "ratio_comando": ratio_comando,
            "ratio_comando_cpu": ratio_comando}


def _result(**parts) -> dict:
    return {"tamanos": {}, "maquina": {"cpu": "x", "cores": 2, "ram_gib": 1.0, "python": "3.11"}, "repeticiones": 3,
            **parts}


def test_the_load_target_applies_to_the_whole_commands():
    result = _result(tamanos={"2018": _reads(1.1), "10000": _reads(0.31)})
    (name, measured, goal, met), info = bench.verdicts(result)
    assert "10.000 actividades" in name and "órdenes nuevas" in name
    assert (measured, goal, met) == ("0,31", "≤ 0,3", False)
    assert info[3] is None  # the CPU ratio and the in-process ratio are shown, without a target of their own
    result["tamanos"]["10000"] = _reads(0.29)
    assert bench.verdicts(result)[0][3] is True
    text = bench.table(result)  # --only lectura: no engine, figures or pages rows
    assert "Razón de las órdenes (con sus importaciones)" in text and "Motor" not in text


def test_the_gantt_is_compared_with_the_one_bar_plotly_app():
    browser = {"hola": {"primera": [1.0], "repetida": [1.0]}, "plotly_minimo": {"primera": [2.0], "repetida": [2.0]},
               "cronograma": {"2018": {"primera": [2.3], "repetida": [2.5], "traceback_in_log": False, "mode": "store"}}}
    summary = bench.summarize_browser(browser)
    assert summary["cronograma"]["2018"]["primera"]["razon"] == pytest.approx(1.15)
    assert summary["cronograma"]["2018"]["repetida"]["razon_hola"] == pytest.approx(2.5)
    verdicts = bench.verdicts(_result(navegador=summary))  # --only navegador: no plan sizes measured
    assert [(goal, met) for _, _, goal, met in verdicts] == [("≤ 1,2", True), ("≤ 1,2", False)]
    assert "frente al gráfico mínimo" in bench.table(_result(navegador=summary))


def test_browser_ratios_pair_the_visits_of_one_round():
    """A busy spell (round 2, every app three times slower) moves the medians, not the paired ratio."""
    browser = {"hola": {"primera": [1.0, 3.0, 1.0], "repetida": [1.0, 1.0, 1.0]},
               "plotly_minimo": {"primera": [2.0, 6.0, 2.1], "repetida": [2.0, 2.0, 2.0]},
               "cronograma": {"2018": {"primera": [2.2, 6.6, 4.0], "repetida": [2.0, 2.0, 2.0],
                                       "traceback_in_log": False, "mode": "store"}}}
    summary = bench.summarize_browser(browser)
    first = summary["cronograma"]["2018"]["primera"]
    assert first["razon"] == pytest.approx(1.1)  # rounds: 1.1, 1.1, 1.9
    assert first["segundos"] == pytest.approx(4.0)  # the median of the times alone
    assert summary["plotly_minimo_razon_hola"]["primera"] == pytest.approx(2.0)


def test_only_options_parse_in_spanish(capsys):
    assert bench.build_parser().parse_args(["--only", "navegador"]).only == "navegador"
    with pytest.raises(SystemExit):
        bench.build_parser().parse_args(["--only", "todo"])
    assert "opción no válida: 'todo'" in capsys.readouterr().err


def test_synthetic_plan_with_fecha_programada_reads_back_its_schedule(tmp_path):
    path = tmp_path / "plan_fechas.xlsx"
    synthetic_workbook(300, path, fechas=True)
    expected = synthetic_plan(300, fechas=True)
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
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
    assert any(w.column == "F" and "sin año escrito" in w.message for w in loaded.findings.warnings)


def test_bench_fechas_option_is_in_the_parser():
    args = bench.build_parser().parse_args(["--solo-fechas", "--fechas", "500"])
    assert args.solo_fechas and args.fechas == 500
    assert bench.build_parser().parse_args([]).fechas == 10_000


def test_hostile_uploads_are_judged_on_the_median_run_and_report_every_rerun():
    from bench import isolation

    def run(reruns, load):
        return {"reruns": reruns, "max_rerun": max(reruns), "busy_uploads_at_each_rerun": [0, 4, 2],
                "queued_seen": True, "server_rss_before_mb": 210.0, "server_rss_after_mb": 232.0,
                "carga_media_al_empezar": load}

    runs = [run([0.5, 3.1, 0.7], 9.5), run([1.2, 0.9, 0.4], 1.0), run([1.9, 0.8, 0.6], 2.0)]
    uploads = {"corridas": runs, "max_rerun": 1.9, "max_rerun_peor": 3.1}
    text = "\n".join(isolation.upload_lines(uploads))
    for reruns in (["0,50", "3,10", "0,70"], ["1,20", "0,90", "0,40"], ["1,90", "0,80", "0,60"]):
        assert ", ".join(reruns) in text
    assert "3 corridas" in text and "1,90 s en la corrida mediana, 3,10 s en la peor" in text
    assert "carga media de la máquina 9,5" in text
    (target, measured, goal, met), = isolation.upload_verdicts(uploads)
    assert measured == "1,90 s" and goal == "< 2 s" and met
    assert not isolation.upload_verdicts(uploads | {"max_rerun": 2.0})[0][3]


def test_hostile_uploads_run_repeat_times_each_with_the_load_when_it_started(monkeypatch):
    from bench import isolation

    slowest = iter([3.1, 0.5, 0.9, 0.7, 1.9, 0.6])  # each run with uploads, then its control
    calls = []

    def measured(upload):
        calls.append(upload)
        top = next(slowest)
        return {"reruns": [0.2, top], "max_rerun": top, "busy_uploads_at_each_rerun": [4 * upload, 0],
                "queued_seen": upload, "server_rss_before_mb": 210.0, "server_rss_after_mb": 230.0}

    monkeypatch.setattr(isolation, "measure_hostile_uploads", measured)
    uploads = isolation.measure_uploads(3)
    assert calls == [True, False] * 3
    assert [run["max_rerun"] for run in uploads["corridas"]] == [3.1, 0.9, 1.9]
    assert uploads["max_rerun"] == 1.9 and uploads["max_rerun_peor"] == 3.1
    assert [run["max_rerun"] for run in uploads["control_sin_cargas"]] == [0.5, 0.7, 0.6]
    assert uploads["control_max_rerun"] == 0.6
    assert all(run["carga_media_al_empezar"] >= 0 for run in uploads["corridas"])
    assert "Control 3 (carga media" in "\n".join(isolation.upload_lines(uploads))


def test_mutation_groups_name_existing_modules_and_tests():
    from bench import mutation

    for group in mutation.GROUPS:
        for path in (*group.modules, *group.tests):
            assert (mutation.REPO_ROOT / path).is_file(), path


def test_mutation_equivalents_are_read_with_their_reason(tmp_path):
    from bench import mutation

    listing = tmp_path / "equivalentes.txt"
    listing.write_text("# comentario\n\nmod.x_f__mutmut_3  \"UTF-8\" names the same codec\nmod.x_g__mutmut_1 why\n",
                       encoding="utf-8")
    assert mutation.equivalents(listing) == {"mod.x_f__mutmut_3": '"UTF-8" names the same codec',
                                             "mod.x_g__mutmut_1": "why"}


def test_every_listed_equivalent_belongs_to_a_mutated_module():
    from bench import mutation

    modules = {path.removesuffix(".py").replace("/", ".") for group in mutation.GROUPS for path in group.modules}
    for name, why in mutation.equivalents().items():
        assert name.rpartition(".")[0] in modules, name
        assert why, name


def test_mutation_table_counts_and_flags_groups_below_target():
    from bench import mutation

    results = {"csv": {"mutantes": 49, "muertos": 43, "equivalentes": 6, "sobrevivientes": [], "otros": [],
                       "puntaje": 1.0},
               "cadena": {"mutantes": 20, "muertos": 17, "equivalentes": 0, "otros": [], "puntaje": 0.85,
                          "sobrevivientes": [{"mutante": "m.x_f__mutmut_2", "cambio": "-a\n+b"}]}}
    assert mutation.table(results).splitlines() == [
        "Grupo          Mutantes  Muertos  Equiv.  Vivos   Puntaje  Meta",
        "-" * 66,
        "csv                  49       43       6      0     100 %  sí",
        "cadena               20       17       0      1      85 %  NO",
        "",
        "cadena · m.x_f__mutmut_2 sobrevivió:",
        "-a",
        "+b",
    ]

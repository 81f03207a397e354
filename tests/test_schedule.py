"""The schedule as dated intervals: «Fecha programada» and its synonyms read from real layouts.

Every workbook is built in tmp_path with the shapes published PAACs have; each test asserts the
intervals the loader kept and the warnings it gave at their cells (sheet, row, column).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rendicion.followup import engine
from rendicion.outputs import figures
from rendicion.outputs.plan_workbook import write_plan
from rendicion.reading import schedule
from rendicion.reading.loader import read_plan
from tests.builders import build_xlsx

VIGENCIA = [["Parámetro", "Valor"], ["Vigencia", 2018], ["Entidad", "Alcaldía de Prueba"]]
PAAC_HEADER = ["Subcomponente", "Actividades", "Meta o producto", "Responsable", "Fecha programada"]

#: (text as published, intervals read with vigencia 2018, warned at its cell)
EXPRESSIONS = [
    ("30/04/2018", [(date(2018, 4, 30), date(2018, 4, 30))], False),
    ("15 abril de 2017", [(date(2017, 4, 15), date(2017, 4, 15))], False),
    ("29 de abril de 2017", [(date(2017, 4, 29), date(2017, 4, 29))], False),
    ("19 y 20 de abril de 2017", [(date(2017, 4, 19), date(2017, 4, 20))], False),
    ("22 al 28 de abril de 2017", [(date(2017, 4, 22), date(2017, 4, 28))], False),
    ("Enero 2021", [(date(2021, 1, 1), date(2021, 1, 31))], False),
    ("Marzo a dic 2019", [(date(2019, 3, 1), date(2019, 12, 31))], False),
    ("Febrero - Marzo", [(date(2018, 2, 1), date(2018, 3, 31))], True),
    ("Abril a diciembre de 2018", [(date(2018, 4, 1), date(2018, 12, 31))], False),
    ("Enero a Diciembre", [(date(2018, 1, 1), date(2018, 12, 31))], True),
    ("Abril, agosto y diciembre", [(date(2018, 4, 1), date(2018, 4, 30)), (date(2018, 8, 1), date(2018, 8, 31)),
                                   (date(2018, 12, 1), date(2018, 12, 31))], True),
    ("Junio y diciembre", [(date(2018, 6, 1), date(2018, 6, 30)), (date(2018, 12, 1), date(2018, 12, 31))], True),
    ("30 de abril, 31 de agosto y 31 de diciembre de 2018",
     [(date(2018, 4, 30), date(2018, 4, 30)), (date(2018, 8, 31), date(2018, 8, 31)),
      (date(2018, 12, 31), date(2018, 12, 31))], False),
    ("Primer semestre", [(date(2018, 1, 1), date(2018, 6, 30))], True),
    ("Segundo semestre", [(date(2018, 7, 1), date(2018, 12, 31))], True),
    ("I cuatrimestre", [(date(2018, 1, 1), date(2018, 4, 30))], True),
    ("Primer trimestre", [(date(2018, 1, 1), date(2018, 3, 31))], True),
    ("Permanente", [(date(2018, 1, 1), date(2018, 12, 31))], True),
    ("Durante la vigencia", [(date(2018, 1, 1), date(2018, 12, 31))], True),
    ("Diciembre 2018 - Enero 2019", [(date(2018, 12, 1), date(2019, 1, 31))], False),
    ("Hasta el 31 de enero de 2019", [(date(2018, 1, 1), date(2019, 1, 31))], True),
    ("Trimestral", [(date(2018, 1, 1), date(2018, 12, 31))], True),
    ("Cuando se requiera", [], True),
]


def _paac_rows(cells: list, header: list | None = None) -> list[list]:
    """A PAAC component-3 table: one activity per schedule cell, in the published column order."""
    rows = [header or PAAC_HEADER]
    for k, cell in enumerate(cells, start=1):
        rows.append(["Diálogo" if k == 1 else None, f"Realizar la tarea número {k} del plan de acción", "Meta", "Secretaría de Planeación",
                     cell])
    return rows


def _intervals(plan) -> dict[str, list[tuple[date, date]]]:
    found: dict[str, list] = {}
    for ident, start, end in zip(plan.cronograma["actividad_id"], plan.cronograma["inicio"], plan.cronograma["fin"],
                                 strict=True):
        found.setdefault(ident, []).append((start, end))
    return found


def _warnings_at(report, sheet: str, column: str) -> dict[int, str]:
    return {w.row: w.message for w in report.warnings if w.sheet == sheet and w.column == column}


# --------------------------------------------------------------------------- the loader


def test_every_published_expression_is_read_or_warned_at_its_cell(tmp_path):
    texts = [text for text, _, _ in EXPRESSIONS]
    path = build_xlsx(tmp_path / "paac.xlsx", {"Plan": _paac_rows(texts), "Parámetros": VIGENCIA})
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    ids = plan.actividades["id"].tolist()
    read = _intervals(plan)
    warned = _warnings_at(loaded.findings, "Plan", "E")
    for row, (ident, (text, expected, with_warning)) in enumerate(zip(ids, EXPRESSIONS, strict=True), start=2):
        assert read.get(ident, []) == expected, text
        assert (row in warned) == with_warning, (text, warned.get(row))
        if with_warning:
            assert f"«{text}»" in warned[row]
    # The text stays as written, and the intervals say where they come from.
    assert plan.actividades["fecha_programada"].tolist() == texts
    assert set(plan.cronograma["origen"]) == {"fecha_programada"}
    # «Cuando se requiera» is unscheduled, and said so once more at its row.
    unscheduled = ids[texts.index("Cuando se requiera")]
    assert any(f"La actividad {unscheduled} no tiene meses ni fecha programada" in w.message
               for w in loaded.findings.warnings)


def test_a_date_cell_and_an_unreadable_text(tmp_path):
    rows = _paac_rows([datetime(2018, 4, 30), "Abril (informe) ???", "xyz"])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok
    plan = loaded.plan
    assert plan.actividades["fecha_programada"].tolist()[0] == "30/04/2018"
    read = _intervals(plan)
    assert read["1.1"] == [(date(2018, 4, 30), date(2018, 4, 30))]
    assert "1.3" not in read
    warned = _warnings_at(loaded.findings, "Plan", "E")
    assert 2 not in warned
    assert "No se pudo leer la fecha programada «xyz»" in warned[4]


@pytest.mark.parametrize("title", ["Fecha de ejecución", "Plazo", "Fecha límite", "FECHA PROGRAMADA",
                                   "Fecha programada (dd/mm/aaaa)", "Fecha de realización", "Plazo de ejecución"])
def test_synonyms_of_fecha_programada(tmp_path, title):
    rows = _paac_rows(["22 al 28 de abril de 2018", "Junio y diciembre"], PAAC_HEADER[:4] + [title])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok, loaded.findings.to_text()
    assert _intervals(loaded.plan) == {
        "1.1": [(date(2018, 4, 22), date(2018, 4, 28))],
        "1.2": [(date(2018, 6, 1), date(2018, 6, 30)), (date(2018, 12, 1), date(2018, 12, 31))],
    }


def test_fecha_inicio_and_fecha_fin_columns(tmp_path):
    header = ["Subcomponente", "Actividades", "Meta", "Responsable", "Fecha inicio", "Fecha fin"]
    rows = [header,
            ["Diálogo", "Convocar la audiencia pública", "Meta", "Secretaría de Planeación",
             datetime(2018, 2, 1), datetime(2018, 6, 30)],
            [None, "Publicar el informe de gestión", "Meta", "Secretaría de Planeación", "1 de marzo de 2018",
             "15/03/2018"],
            [None, "Responder las preguntas ciudadanas", "Meta", "Secretaría de Planeación", datetime(2018, 9, 1),
             None],
            [None, "Evaluar la audiencia", "Meta", "Secretaría de Planeación", datetime(2018, 9, 1),
             datetime(2018, 8, 1)]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok, loaded.findings.to_text()
    assert _intervals(loaded.plan) == {
        "1.1": [(date(2018, 2, 1), date(2018, 6, 30))],
        "1.2": [(date(2018, 3, 1), date(2018, 3, 15))],
        "1.3": [(date(2018, 9, 1), date(2018, 9, 1))],
    }
    assert set(loaded.plan.cronograma["origen"]) == {"fecha_inicio_fin"}
    warned = _warnings_at(loaded.findings, "Plan", "E")
    assert sorted(warned) == [4, 5]
    assert "falta la fecha de fin" in warned[4]
    assert "anterior a la de inicio" in warned[5]


def test_mes_columns_win_over_fecha_programada_and_disagreement_is_warned(tmp_path):
    months = [f"MES {m}" for m in range(1, 14)]
    rows = [PAAC_HEADER + months,
            ["Diálogo", "Realizar la audiencia pública", "Meta", "Secretaría de Planeación", "Noviembre de 2018"]
            + [None] * 10 + ["X", None, None],                      # agrees: MES 11
            [None, "Publicar las respuestas", "Meta", "Secretaría de Planeación", "30 de abril de 2018"]
            + [None] * 4 + ["X"] + [None] * 8,                      # disagrees: MES 5
            [None, "Actualizar el sitio web", "Meta", "Secretaría de Planeación", "Primer semestre"]
            + [None] * 13]                                          # no marks: the text schedules it
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok, loaded.findings.to_text()
    plan = loaded.plan
    assert _intervals(plan) == {
        "1.1": [(date(2018, 11, 1), date(2018, 11, 30))],
        "1.2": [(date(2018, 5, 1), date(2018, 5, 31))],
        "1.3": [(date(2018, 1, 1), date(2018, 6, 30))],
    }
    assert plan.cronograma.set_index("actividad_id")["origen"].to_dict() == {
        "1.1": "meses", "1.2": "meses", "1.3": "fecha_programada"}
    warned = _warnings_at(loaded.findings, "Plan", "E")
    assert 2 not in warned
    assert "no coincide con los meses marcados" in warned[3] and "may 2018" in warned[3]
    assert "Primer semestre" in warned[4]  # a convention, said at its cell


def test_no_vigencia_anywhere_takes_it_from_the_dates(tmp_path):
    rows = _paac_rows(["Marzo a dic 2019", "30/04/2019", "Junio y diciembre", "Enero 2020"])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    params = loaded.plan.parametros
    assert (params.vigencia, params.mes_inicio) == (2019, date(2019, 1, 1))
    [note] = [w.message for w in loaded.findings.warnings if "no dice su vigencia" in w.message]
    assert "2019" in note
    # Texts without a year are read in that vigencia.
    assert _intervals(loaded.plan)["1.3"] == [(date(2019, 6, 1), date(2019, 6, 30)),
                                              (date(2019, 12, 1), date(2019, 12, 31))]


def test_a_vigencia_title_is_not_overridden_by_the_dates(tmp_path):
    rows = [["Plan de acción · Vigencia 2018"], []] + _paac_rows(["Marzo a dic 2019", "Junio y diciembre"])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok
    assert loaded.plan.parametros.vigencia == 2018
    assert not [w for w in loaded.findings.warnings if "no dice su vigencia" in w.message]
    assert _intervals(loaded.plan)["1.2"][0] == (date(2018, 6, 1), date(2018, 6, 30))


def test_month_runs_merge_consecutive_months(tmp_path):
    months = ["Enero", "Feb", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Sept", "Octubre", "Nov", "Dic"]
    rows = [PAAC_HEADER[:4] + months,
            ["Diálogo", "Una tarea con huecos en el cronograma anual", "Meta", "Secretaría de Planeación",
             "X", "X", None, None, "X", None, None, None, None, None, "X", "X"]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok
    assert _intervals(loaded.plan)["1.1"] == [(date(2018, 1, 1), date(2018, 2, 28)), (date(2018, 5, 1), date(2018, 5, 31)),
                                              (date(2018, 11, 1), date(2018, 12, 31))]
    summary = loaded.plan.summary()
    assert (summary["schedule_marks"], summary["schedule_intervals"]) == (5, 3)


def test_written_plan_reads_back_with_the_same_days(tmp_path):
    rows = _paac_rows([text for text, _, _ in EXPRESSIONS])
    first = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA})).plan
    again = read_plan(write_plan(first))
    assert again is not None
    assert again.plan.cronograma.values.tolist() == first.cronograma.values.tolist()
    assert again.plan.actividades["fecha_programada"].tolist() == first.actividades["fecha_programada"].tolist()


# --------------------------------------------------------------------------- the upload preview


def test_readings_table_shows_how_each_text_was_read(tmp_path):
    months = [f"MES {m}" for m in range(1, 14)]
    rows = [PAAC_HEADER + months,
            ["Diálogo", "Realizar la audiencia pública", "Meta", "Secretaría de Planeación", "Abril, agosto y diciembre"]
            + [None] * 13,
            [None, "Publicar las respuestas", "Meta", "Secretaría de Planeación", "22 al 28 de abril de 2018"]
            + [None] * 13,
            [None, "Publicar el informe", "Meta", "Secretaría de Planeación", "xyz"] + [None] * 13,
            [None, "Actualizar el sitio web", "Meta", "Secretaría de Planeación", "Marzo de 2018"]
            + [None, None, None, "X"] + [None] * 9,
            [None, "Sin fecha", "Meta", "Secretaría de Planeación", None] + ["X"] + [None] * 12]
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA})).plan
    table = schedule.readings_table(plan)
    assert list(table.columns) == schedule.READINGS_COLUMNS
    assert table["ID"].tolist() == ["1.1", "1.2", "1.3", "1.4"]  # 1.5 has no text
    by_id = table.set_index("ID")
    assert by_id.loc["1.1", "Se leyó como"] == "abr 2018; ago 2018; dic 2018"
    assert "sin año escrito" in by_id.loc["1.1", "Cómo se leyó"]
    assert by_id.loc["1.1", "Cronograma usado"] == "Fecha programada"
    assert (by_id.loc["1.2", "Se leyó como"], by_id.loc["1.2", "Cómo se leyó"]) == (
        "22/04/2018 – 28/04/2018", "Fecha exacta")
    assert by_id.loc["1.3", "Se leyó como"] == "Sin programar"
    assert "No se pudo leer" in by_id.loc["1.3", "Cómo se leyó"]
    assert by_id.loc["1.3", "Cronograma usado"] == "Sin programar"
    assert by_id.loc["1.4", "Cronograma usado"] == "Columnas de meses"  # the MES mark (April) wins
    assert by_id.loc["1.4", "Fecha programada"] == "Marzo de 2018"


def test_readings_table_of_a_plan_without_fecha_programada_is_empty(plan):
    table = schedule.readings_table(plan)
    assert table.empty and list(table.columns) == schedule.READINGS_COLUMNS


# --------------------------------------------------------------------------- engine and Gantt


def _one_activity_plan(tmp_path, text: str):
    rows = _paac_rows([text])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok
    return loaded.plan


def test_one_day_activity_expected_progress_and_estado(tmp_path):
    plan = _one_activity_plan(tmp_path, "30/04/2018")
    at = {corte: engine.evaluate(plan, corte).iloc[0] for corte in
          (date(2018, 4, 29), date(2018, 4, 30), date(2018, 5, 1))}
    assert [(r["avance_esperado"], r["estado"]) for r in at.values()] == [
        (0.0, "Por iniciar"), (100.0, "Atrasada"), (100.0, "Vencida")]  # nothing reported on its day: behind
    assert at[date(2018, 4, 30)]["dias_programados"] == 1


def test_gaps_and_a_cut_inside_an_interval(tmp_path):
    plan = _one_activity_plan(tmp_path, "22 al 28 de abril y 1 al 10 de junio de 2018")
    # 7 + 10 = 17 scheduled days. On 5 May: April's 7 are over, June has not started.
    row = engine.evaluate(plan, date(2018, 5, 5)).iloc[0]
    assert row["dias_programados"] == 17
    assert row["avance_esperado"] == pytest.approx(100 * 7 / 17)
    assert row["estado"] == "Atrasada"  # nothing reported against 41 % expected
    # On 3 June: 7 + 3 days.
    assert engine.evaluate(plan, date(2018, 6, 3)).iloc[0]["avance_esperado"] == pytest.approx(100 * 10 / 17)


def test_interval_across_years(tmp_path):
    plan = _one_activity_plan(tmp_path, "Diciembre 2018 - Enero 2019")
    row = engine.evaluate(plan, date(2018, 12, 31)).iloc[0]
    # 31 of its 62 days are over on 31 December.
    assert (row["inicio"], row["fin"], row["dias_programados"]) == (date(2018, 12, 1), date(2019, 1, 31), 62)
    assert row["avance_esperado"] == pytest.approx(50.0)


def test_overlapping_intervals_count_their_days_once():
    import pandas as pd

    cronograma = pd.DataFrame([("A", date(2018, 3, 1), date(2018, 3, 20), "meses"),
                               ("A", date(2018, 3, 11), date(2018, 3, 31), "meses"),
                               ("A", date(2018, 3, 1), date(2018, 3, 20), "meses")],
                              columns=["actividad_id", "inicio", "fin", "origen"])
    assert engine.expected_progress(cronograma, date(2018, 3, 15))["A"] == pytest.approx(100 * 15 / 31)


def test_gantt_draws_a_one_day_activity_and_widens_its_axis(tmp_path):
    rows = _paac_rows(["30/04/2018", "Diciembre 2018 - Enero 2019"])
    plan = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA})).plan
    plan = type(plan)(plan.parametros.__class__(vigencia=2018, mes_inicio=date(2018, 1, 1), meses=12),
                      plan.actividades, plan.responsables, plan.cronograma, plan.seguimiento)
    corte = date(2018, 6, 30)
    fig = figures.gantt(engine.evaluate(plan, corte), plan.cronograma, plan.parametros, corte)
    bars = [t for t in fig.data if t.type == "bar" and t.meta]
    lengths = {b: x for t in bars for b, x in zip(t.base, t.x, strict=True)}
    axis = fig.layout.xaxis.range
    # The axis runs from January 2018 to the end of January 2019, past the plan's 12 months.
    assert (axis[0], axis[1]) == ("2018-01-01", "2019-02-01")
    span_ms = 396 * 86_400_000
    assert lengths["2018-04-30"] >= span_ms * figures.MIN_BAR_SHARE > 86_400_000  # wider than its one day
    assert lengths["2018-12-01"] == 62 * 86_400_000
    hover = [h for t in bars for h in t.customdata if "1.1" in h][0]
    assert "Programada: 30/04/2018 (1 día)" in hover


# --------------------------------------------------------------------------- one row's decision


MARCH = [(date(2018, 3, 1), date(2018, 3, 31))]


def test_row_schedule_marked_months_win_and_an_unreadable_text_is_still_warned():
    decided = schedule.row_schedule({"fecha_programada": ("xyz", 4)}, MARCH, 2018)
    assert (decided.origen, decided.intervals) == ("meses", MARCH)
    [(message, column)] = decided.warnings
    assert column == 4 and "«xyz»" in message and "se usan los meses marcados" in message


def test_row_schedule_convention_of_a_losing_text_is_not_warned_when_it_agrees():
    decided = schedule.row_schedule({"fecha_programada": ("Marzo", 4)}, MARCH, 2018)
    assert decided.warnings == []  # «Marzo» has no year, but the marked month is what is used


def test_row_schedule_pair_against_marked_months():
    fechas = {"fecha_inicio": (date(2018, 3, 1), 5), "fecha_fin": (date(2018, 4, 15), 6)}
    decided = schedule.row_schedule(fechas, MARCH, 2018)
    assert decided.origen == "meses"
    [(message, column)] = decided.warnings
    assert column == 5 and "01/03/2018 – 15/04/2018" in message and "mar 2018" in message
    alone = schedule.row_schedule(fechas, [], 2018)
    assert (alone.origen, alone.intervals, alone.warnings) == (
        "fecha_inicio_fin", [(date(2018, 3, 1), date(2018, 4, 15))], [])


def test_row_schedule_without_any_schedule_cell():
    assert schedule.row_schedule({}, [], 2018) == schedule.RowSchedule(None, [], [])


def test_row_schedule_of_marked_months_alone_keeps_them_as_they_are():
    runs = [(date(2018, 1, 1), date(2018, 2, 28)), (date(2018, 6, 1), date(2018, 6, 30))]
    decided = schedule.row_schedule({}, runs, 2018)
    assert decided == schedule.RowSchedule("meses", runs, [])
    assert decided.intervals is not runs  # a copy: the caller's list is not shared


def test_a_note_in_the_fecha_programada_column_is_not_read_as_a_date(tmp_path):
    note = "Se realizará " + "cuando la administración lo disponga, según el presupuesto, " * 5
    rows = _paac_rows([note, "30/04/2018"])
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok
    assert "1.1" not in _intervals(loaded.plan)
    warned = _warnings_at(loaded.findings, "Plan", "E")
    assert "no parece una fecha" in warned[2] and f"hasta {schedule.MAX_FECHA_CHARS}" in warned[2]
    # The text is kept as written, whole.
    assert loaded.plan.actividades["fecha_programada"].iloc[0] == note.strip()


def test_no_vigencia_with_month_columns_that_carry_their_year(tmp_path):
    months = [f"{name} 2019" for name in ("Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto",
                                          "Septiembre", "Octubre", "Noviembre", "Diciembre")]
    rows = [PAAC_HEADER[:4] + months,
            ["Diálogo", "Realizar la audiencia pública de rendición", "Meta", "Secretaría de Planeación"]
            + [None] * 10 + ["X", None]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows}))
    assert loaded.ok, loaded.findings.to_text()
    assert loaded.plan.parametros.vigencia == 2019
    assert _intervals(loaded.plan) == {"1.1": [(date(2019, 11, 1), date(2019, 11, 30))]}
    assert not [w for w in loaded.findings.warnings if "fuera del periodo" in w.message]
    assert any("no dice su vigencia" in w.message for w in loaded.findings.warnings)


def test_row_schedule_fecha_programada_wins_over_a_disagreeing_pair():
    fechas = {"fecha_programada": ("Marzo de 2018", 4), "fecha_inicio": (date(2018, 3, 1), 5),
              "fecha_fin": (date(2018, 4, 15), 6)}
    decided = schedule.row_schedule(fechas, [], 2018)
    assert (decided.origen, decided.intervals) == ("fecha_programada", MARCH)
    [(message, column)] = decided.warnings
    assert column == 5
    assert message == ("Las fechas de inicio y fin (01/03/2018 – 15/04/2018) no coinciden con la fecha programada "
                       "«Marzo de 2018» (mar 2018). Se usa la fecha programada; corrija la que esté mal.")
    agreeing = {**fechas, "fecha_fin": (date(2018, 3, 31), 6)}
    assert schedule.row_schedule(agreeing, [], 2018).warnings == []


def test_row_schedule_an_unreadable_text_falls_back_to_the_pair():
    fechas = {"fecha_programada": ("xyz", 4), "fecha_inicio": (date(2018, 3, 1), 5), "fecha_fin": (date(2018, 3, 31), 6)}
    decided = schedule.row_schedule(fechas, [], 2018)
    assert (decided.origen, decided.intervals) == ("fecha_inicio_fin", MARCH)
    [(message, column)] = decided.warnings
    assert column == 4 and message == "No se pudo leer la fecha programada «xyz»; se usan las fechas de inicio y fin."


def test_dates_outside_1990_to_2100_are_not_a_schedule(tmp_path):
    header = PAAC_HEADER + ["Fecha inicio", "Fecha fin"]
    rows = [header,
            ["Diálogo", "Realizar la tarea número uno del plan de acción", "M", "Secretaría de Planeación",
             datetime(9999, 12, 31), None, None],
            [None, "Realizar la tarea número dos del plan de acción", "M", "Secretaría de Planeación", None,
             datetime(1900, 1, 1), datetime(9999, 12, 31)],
            [None, "Realizar la tarea número tres del plan de acción", "M", "Secretaría de Planeación", None,
             datetime(2018, 3, 1), datetime(9999, 12, 31)]]
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", {"Plan": rows, "Parámetros": VIGENCIA}))
    assert loaded.ok
    assert _intervals(loaded.plan) == {"1.3": [(date(2018, 3, 1), date(2018, 3, 1))]}
    warned = _warnings_at(loaded.findings, "Plan", "E")
    assert "fuera de los años 1990 a 2100" in warned[2]
    assert "No se pudieron leer la fecha de inicio" in _warnings_at(loaded.findings, "Plan", "F")[3]
    evaluated = engine.evaluate(loaded.plan, date(2018, 8, 31))
    figures.gantt(evaluated, loaded.plan.cronograma, loaded.plan.parametros, date(2018, 8, 31))

"""Every guess the reading makes is a warning at its cell, with what was read and what it became.

Offices merged by similarity, a dash read as joining or separating offices, and an ID whose text
belongs to another activity (in the follow-up and in the cronograma). Workbooks built in tmp_path.
"""

from __future__ import annotations

from datetime import date

from rendicion.reading.loader import read_plan
from tests.builders import build_xlsx

HEADER = ["SUBCOMPONENTE", "ID", "ACTIVIDADES", "META", "RESPONSABLE"]


def _plan(offices: list[str]) -> list[list]:
    texts = ["Publicar el informe de gestión", "Realizar la audiencia pública", "Responder las preguntas ciudadanas",
             "Difundir la convocatoria", "Evaluar la rendición de cuentas"]
    return [["VIGENCIA 2018"], HEADER] + [
        ["Diálogo" if n == 1 else "", f"1.{n}", texts[n - 1], "m", office] for n, office in enumerate(offices, start=1)
    ]


def _read(tmp_path, sheets):
    loaded = read_plan(build_xlsx(tmp_path / "p.xlsx", sheets))
    assert loaded.ok, loaded.findings.to_text()
    return loaded


def _at(loaded, sheet: str, row: int, column: str) -> list[str]:
    return [f.message for f in loaded.findings.warnings if (f.sheet, f.row, f.column) == (sheet, row, column)]


def _offices(loaded, ident: str) -> list[str]:
    frame = loaded.plan.responsables
    return frame[frame["actividad_id"] == ident]["dependencia"].tolist()


def test_an_office_merged_by_similarity_is_said_with_its_canonical_name_and_score(tmp_path):
    loaded = _read(tmp_path, {"Plan": _plan(["Secretaría de Planeación", "Secretaría de Planeación",
                                             "Secretaria de Planecion", "Secretaría General", "Secretaría General"])})
    assert _offices(loaded, "1.3") == ["Secretaría de Planeación"]
    [said] = _at(loaded, "Plan", 5, "E")
    assert "«Secretaria de Planecion» se leyó como «Secretaría de Planeación»" in said
    assert "(parecido 97 %)" in said  # Indel similarity of «secretaria planecion» and «secretaria planeacion»
    # The same office written with other accents or capitals is not a guess: nothing is said.
    assert _at(loaded, "Plan", 3, "E") == [] and _at(loaded, "Plan", 4, "E") == []


def test_a_dash_that_splits_off_an_office_named_nowhere_else_is_said(tmp_path):
    loaded = _read(tmp_path, {"Plan": _plan(["Secretaría General", "Secretaría General – Talento Humano",
                                             "Secretaría de Planeación", "Secretaría de Planeación",
                                             "Secretaría de Planeación"])})
    assert _offices(loaded, "1.2") == ["Secretaría General", "Talento Humano"]
    [said] = _at(loaded, "Plan", 4, "E")
    assert "«Secretaría General – Talento Humano» se separó en 2 dependencias" in said
    assert "«Talento Humano» no aparece en ninguna otra parte del plan" in said


def test_a_dash_joined_name_the_plan_repeats_is_one_office(tmp_path):
    loaded = _read(tmp_path, {"Plan": _plan(["Secretaría General", "Secretaría General – Talento Humano",
                                             "Secretaría General – Talento Humano", "Secretaría de Planeación",
                                             "Secretaría de Planeación"])})
    assert _offices(loaded, "1.2") == ["Secretaría General – Talento Humano"]
    assert _offices(loaded, "1.3") == ["Secretaría General – Talento Humano"]
    [said] = _at(loaded, "Plan", 4, "E")
    assert "se leyó como una sola dependencia" in said


def test_a_dash_between_two_offices_of_the_plan_still_separates_them_in_silence(tmp_path):
    loaded = _read(tmp_path, {"Plan": _plan(["Secretaría General", "Secretaría General - Secretaría de Planeación",
                                             "Secretaría de Planeación", "Dirección de Talento Humano - Secretaría General",
                                             "Secretaría de Planeación"])})
    assert _offices(loaded, "1.2") == ["Secretaría General", "Secretaría de Planeación"]
    # «Dirección de Talento Humano» appears only here, but its name says it is an office of its own.
    assert _offices(loaded, "1.4") == ["Dirección de Talento Humano", "Secretaría General"]
    assert [f for f in loaded.findings.warnings if f.column == "E"] == []


def _follow_up(rows: list[list]) -> list[list]:
    return [["Seguimiento"], ["ID", "ACTIVIDAD", "FECHA DE CORTE", "% DE AVANCE"], *rows]


def test_a_follow_up_number_that_is_no_id_is_matched_by_its_text_and_said(tmp_path):
    """The issue's case: an activity numbered 1.9 carries 1.3's text."""
    follow = [["Seguimiento"], ["ACTIVIDADES", "FECHA DE CORTE", "% DE AVANCE"],
              ["1.9 Responder las preguntas ciudadanas", date(2018, 4, 30), "50 %"]]
    loaded = _read(tmp_path, {"Plan": _plan(["Planeación"] * 5), "Seg": follow})
    assert loaded.plan.seguimiento["actividad_id"].tolist() == ["1.3"]
    [said] = _at(loaded, "Seg", 3, "A")
    assert "«1.9» no es el ID de ninguna actividad" in said and "se asignó a 1.3" in said


def test_a_follow_up_id_column_that_names_no_activity_is_matched_by_text_and_said(tmp_path):
    follow = _follow_up([["1.9", "Responder las preguntas ciudadanas", date(2018, 4, 30), "50 %"]])
    loaded = _read(tmp_path, {"Plan": _plan(["Planeación"] * 5), "Seg": follow})
    assert loaded.plan.seguimiento["actividad_id"].tolist() == ["1.3"]
    [said] = _at(loaded, "Seg", 3, "A")
    assert "«1.9» no es el ID de ninguna actividad" in said


def test_a_follow_up_id_whose_text_is_another_activitys_is_said(tmp_path):
    follow = _follow_up([["1.4", "Responder las preguntas ciudadanas", date(2018, 4, 30), "50 %"],
                         ["1.1", "Publicar el informe de gestión", date(2018, 4, 30), "20 %"]])
    loaded = _read(tmp_path, {"Plan": _plan(["Planeación"] * 5), "Seg": follow})
    assert loaded.plan.seguimiento["actividad_id"].tolist() == ["1.4", "1.1"]  # the ID decides, as before
    [said] = _at(loaded, "Seg", 3, "A")
    assert "dice el ID 1.4, pero su texto («Responder las preguntas ciudadanas») es el de la actividad 1.3" in said
    assert _at(loaded, "Seg", 4, "A") == []


def test_a_cronograma_id_whose_text_is_another_activitys_is_said(tmp_path):
    crono = [["ID", "ACTIVIDAD"] + [f"MES {m}" for m in range(1, 14)],
             ["1.9", "Responder las preguntas ciudadanas", "X"] + [None] * 12,
             ["1.1", "Realizar la audiencia pública", None, "X"] + [None] * 11]
    loaded = _read(tmp_path, {"Plan": _plan(["Planeación"] * 5), "Crono": crono})
    cronograma = loaded.plan.cronograma
    assert cronograma[["actividad_id", "inicio"]].values.tolist() == [["1.1", date(2018, 2, 1)],
                                                                      ["1.3", date(2018, 1, 1)]]
    [unknown] = _at(loaded, "Crono", 2, "A")
    assert "«1.9»" in unknown and "se asignaron a 1.3" in unknown
    [other] = _at(loaded, "Crono", 3, "A")
    assert "dice el ID 1.1, pero su texto («Realizar la audiencia pública») es el de la actividad 1.2" in other


def test_a_follow_up_number_of_another_numbering_is_matched_by_text_and_said(tmp_path):
    """The plan writes no IDs (they are generated as 1.1, 1.2 …); the follow-up numbers its rows its own way."""
    plan = [["VIGENCIA 2018"], ["SUBCOMPONENTE", "ACTIVIDADES", "RESPONSABLE"],
            ["Diálogo", "Publicar el informe de gestión", "Planeación"],
            ["", "Realizar la audiencia pública", "Planeación"],
            ["", "Responder las preguntas ciudadanas", "Planeación"]]
    follow = _follow_up([["1.1", "Responder las preguntas ciudadanas", date(2018, 4, 30), "50 %"]])
    loaded = _read(tmp_path, {"Plan": plan, "Seg": follow})
    assert loaded.plan.seguimiento["actividad_id"].tolist() == ["1.3"]
    [said] = _at(loaded, "Seg", 3, "A")
    assert "«1.1» de la fila nombra la actividad 1.1, pero su texto es el de la actividad 1.3" in said

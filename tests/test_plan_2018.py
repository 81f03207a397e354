"""data/plan_2018.xlsx carries the source document's words exactly, and the loader still reads it all."""

from __future__ import annotations

import openpyxl
import pytest

from rendicion.outputs.plan_workbook import write_plan
from rendicion.reading.loader import read_plan
from scripts.build_plan_2018 import SCHEDULE, SOURCE, build_plan, document_notes, parse_source
from tests.builders import SHIPPED, SOURCE_SCHEDULE_IDS

DOCUMENT = parse_source(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(SHIPPED)


def _values(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True)]


def test_title_is_the_documents():
    assert DOCUMENT.title == "PLAN DE ACCIÓN RENDICIÓN DE CUENTA – VIGENCIA 2018"
    assert openpyxl.load_workbook(SHIPPED)["Plan"]["A1"].value == DOCUMENT.title


def test_plan_texts_are_the_documents(book):
    rows = [r for r in _values(book["Plan"]) if r[1] and str(r[1])[0].isdigit()]
    assert [(r[2], r[3], r[4]) for r in rows] == [a[1:] for a in DOCUMENT.activities]
    titles = [r[0] for r in _values(book["Plan"])[:6] if r[0]]
    assert DOCUMENT.objective in titles


def test_cronograma_rows_are_the_documents_own_short_names(book):
    rows = [r for r in _values(book["Cronograma"])[5:] if r[0]]
    assert [r[1] for r in rows] == DOCUMENT.schedule_rows
    assert [r[0] for r in rows] == list(SCHEDULE) == SOURCE_SCHEDULE_IDS
    names = dict((r[0], r[1]) for r in rows)
    assert names["2.3"] == "Audiencia pública participativa"
    assert names["4.2"] == "Realizar evaluación y retroalimentación del proceso anterior de rendición de cuentas.0"
    assert names["4.3"] == "Realizar informe general de la rendición de cuentas."
    assert names["2.7"].endswith("proyectos planes y Programas.")


def test_signature_block_closes_the_cronograma(book):
    assert DOCUMENT.signature == ["GUILLERMO ALFONSO JARAMILLO MARTÍNEZ", "Alcalde de Ibagué"]
    texts = [r[1] for r in _values(book["Cronograma"]) if r[1]]
    assert texts[-2:] == DOCUMENT.signature


def test_additions_are_labelled(book):
    plan_titles = " ".join(str(r[0]) for r in _values(book["Plan"])[:5] if r[0])
    assert "Adiciones a la transcripción" in plan_titles
    for addition in ("columna ID", "«Seguimiento»", "«Parámetros»", "entidad"):
        assert addition in plan_titles
    assert "Cronograma reconstruido" in str(book["Cronograma"]["A3"].value)
    assert "DATOS DE EJEMPLO" in str(book["Seguimiento"]["A2"].value)


def test_loader_matches_all_13_cronograma_rows_without_complaint():
    loaded = read_plan(SHIPPED)
    assert loaded.ok
    assert sorted(set(loaded.plan.cronograma["actividad_id"])) == sorted(SOURCE_SCHEDULE_IDS)
    assert not [w for w in loaded.findings.warnings if w.sheet == "Cronograma"]
    assert loaded.plan.parametros.vigencia == 2018


def test_loader_matches_the_short_names_even_without_ids(tmp_path):
    book = openpyxl.load_workbook(SHIPPED)
    sheet = book["Cronograma"]
    for row in range(6, 6 + len(SCHEDULE)):
        sheet.cell(row, 1).value = None  # only the document's names are left to match
    path = tmp_path / "sin_ids.xlsx"
    book.save(path)
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    shipped = read_plan(SHIPPED).plan.cronograma
    assert sorted(set(loaded.plan.cronograma["actividad_id"])) == sorted(SOURCE_SCHEDULE_IDS)
    assert len(loaded.plan.cronograma) == len(shipped)


def test_shipped_workbook_is_what_the_script_builds(tmp_path):
    rebuilt = tmp_path / "plan_2018.xlsx"
    write_plan(build_plan(DOCUMENT), rebuilt, document_notes(DOCUMENT))
    fresh, shipped = openpyxl.load_workbook(rebuilt), openpyxl.load_workbook(SHIPPED)
    assert fresh.sheetnames == shipped.sheetnames
    for name in shipped.sheetnames:
        assert _values(fresh[name]) == _values(shipped[name]), name

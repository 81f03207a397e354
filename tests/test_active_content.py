"""No active content in the history: macros refused, outward formulas and external links named at their cells."""

from __future__ import annotations

import pytest

from bench.hostile_workbooks import Formula, PlanRows, _outward_formulas, _xlsm_macros
from rendicion.reading import active_content
from rendicion.reading.loader import read_plan
from rendicion.versions.store import Store


def test_outward_formulas_and_external_links_are_warnings_at_their_cells():
    loaded = read_plan(_outward_formulas())
    assert loaded.ok  # the values Excel saved are used; nothing is evaluated
    found = [(i.sheet, i.row, i.column, i.message) for i in loaded.findings.warnings
             if "fórmula" in i.message or "vínculo" in i.message or "otro libro" in i.message]
    assert [(sheet, row, column) for sheet, row, column, _ in found] == [
        (None, None, None), ("Seguimiento", 2, "F"), ("Seguimiento", 3, "F"), ("Seguimiento", 4, "F"),
        ("Seguimiento", 5, "F")]
    link, webservice, filterxml, dde, external = (message for *_, message in found)
    assert "vínculo externo a «file://servidor/compartido/metas.xlsx»" in link
    assert "fórmula WEBSERVICE" in webservice and "dirección de internet" in webservice
    assert "fórmula FILTERXML" in filterxml
    assert "fórmula DDE («=cmd|' /C calc'!A0»)" in dde and "otro programa" in dde
    assert "toma su valor de otro libro («=[1]Hoja1!A1»)" in external
    assert set(loaded.plan.seguimiento["evidencia"]) == {"Actas"}


def test_ordinary_formulas_and_texts_that_look_alike_are_not_flagged():
    plan = PlanRows(n=4, text=lambda k: ["Publicar en www.ejemplo.gov.co | sección [1]", "WEBSERVICE del municipio",
                                         "Informe", "Otro"][k],
                    office=lambda k: Formula('"Secretaría de Planeación"', "Secretaría de Planeación", ' t="str"'))
    data = plan.workbook()
    assert active_content.scan(data) == []
    sums = PlanRows(n=4, office=lambda k: Formula('IF(A1="a|b","Secretaría de Gobierno","Secretaría de Gobierno")',
                                                  "Secretaría de Gobierno", ' t="str"'))
    assert active_content.scan(sums.workbook()) == []


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsx"])
def test_a_workbook_with_macros_is_refused_with_a_spanish_message(tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(_xlsm_macros())
    loaded = read_plan(path)
    assert not loaded.ok and loaded.plan is None
    [error] = loaded.findings.errors
    assert "contiene macros" in error.message and "Guardar como" in error.message


@pytest.mark.parametrize("filename, expected", [("plan_agosto.xlsx", "v2_plan_agosto.xlsx"),
                                                ("antiguo.xlsm", "v2_antiguo.xlsm")])
def test_a_version_downloads_under_its_own_name_and_extension(tmp_path, filename, expected):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.publish(b"uno", summary={})
    version = store.publish(b"dos", filename=filename, summary={})
    assert version.download_name == expected
    assert store.get(2).download_name == expected

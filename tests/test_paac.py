"""The PAAC's components and cuts as published headers name them."""

from __future__ import annotations

from datetime import date

import pytest

from rendicion.reading.paac import component_of, component_of_cell, cut_of


@pytest.mark.parametrize(("label", "expected", "by_convention"), [
    ("Fecha seguimiento: 30/04/2018", date(2018, 4, 30), False),
    ("Periodo del 01 de enero al 30 de abril de 2021", date(2021, 4, 30), False),
    ("Vigencia: Periodo del 01 de enero al 30 de abril de 2021", date(2021, 4, 30), False),
    ("SEGUIMIENTO No. 2 – CORTE AGOSTO 31 DE 2018", date(2018, 8, 31), False),
    ("Corte a diciembre 31", date(2018, 12, 31), False),
    ("Corte 31-08-2018", date(2018, 8, 31), False),
    ("Seguimiento 2", date(2018, 8, 31), True),
    ("Seguimiento 1 OCI", date(2018, 4, 30), True),
    ("Segundo seguimiento", date(2018, 8, 31), True),
    ("3er seguimiento", date(2018, 12, 31), True),
    ("II cuatrimestre", date(2018, 8, 31), True),
    ("Cuatrimestre 3", date(2018, 12, 31), True),
    ("Primer seguimiento 2019", date(2019, 4, 30), True),
    ("Enero a abril de 2019", date(2019, 4, 30), True),
    ("Seguimiento al PAAC por la Oficina de Control Interno a diciembre 2019", date(2019, 12, 31), True),
    ("Seguimiento con corte a 31 de agosto", date(2018, 8, 31), False),
    ("Informe de seguimiento corte: agosto", date(2018, 8, 31), True),
    ("Seguimiento a marzo y abril", date(2018, 4, 30), True),
])
def test_cut_of_published_headers(label, expected, by_convention):
    cut = cut_of(label, 2018)
    assert cut is not None and cut.fecha == expected
    assert (cut.convention is not None) is by_convention


@pytest.mark.parametrize("label", ["Vigencia: 2018", "Seguimiento 2018", "Plan 2018", "Hoja1", "abril 2018", ""])
def test_labels_that_name_no_cut(label):
    assert cut_of(label, 2018) is None


@pytest.mark.parametrize(("name", "titles", "expected"), [
    ("Riesgos de corrupción", [], 1),
    ("Racionalización de trámites", [], 2),
    ("Rendición de cuentas", [], 3),
    ("Atención al ciudadano", [], 4),
    ("Transparencia", [], 5),
    ("Iniciativas adicionales", [], 6),
    ("C3", [], 3),
    ("Hoja2", ["PLAN ANTICORRUPCIÓN Y DE ATENCIÓN AL CIUDADANO", "Componente 3: Rendición de cuentas"], 3),
    ("Plan anticorrupción 2018", ["Plan Anticorrupción y de Atención al Ciudadano"], None),
    ("Seguimiento 1", [], None),
    ("Cronograma", [], None),
])
def test_component_of_sheet(name, titles, expected):
    assert component_of(name, titles) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Componente 3: Rendición de cuentas", 3), ("Rendición de cuentas", 3), (3, 3), ("3", 3),
    ("Componente 1: Gestión del riesgo de corrupción", 1), ("Mecanismos para mejorar la atención al ciudadano", 4),
    ("Estrategia de comunicaciones", None), (7, None), ("", None),
])
def test_component_of_a_componente_cell(value, expected):
    assert component_of_cell(value) == expected

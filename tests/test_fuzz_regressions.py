"""Workbooks the fuzzer of ``python -m bench --fuzz-minutes M`` found breaking read_plan.

Each file in ``tests/data/fuzz/`` once made ``read_plan`` raise instead of reporting; now it must give
a usable plan or a refusal whose messages are Spanish.

- ``content_types_danado.xlsx``: ``[Content_Types].xml`` damaged (calamine reads the values, openpyxl
  could not read the shading): a ``ParseError`` escaped; now a warning, and the plan is used.
- ``duracion_fuera_de_rango.xlsx``: a duration cell calamine cannot convert (a Rust panic,
  ``PanicException``, which is a ``BaseException``): now a refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import check_loaded
from rendicion.reading.loader import read_plan

FOUND = sorted((Path(__file__).parent / "data" / "fuzz").glob("*.xlsx"))
EXPECTED = {"content_types_danado.xlsx": True, "duracion_fuera_de_rango.xlsx": False}


def test_every_finding_has_an_expectation():
    assert {path.name for path in FOUND} == set(EXPECTED)


@pytest.mark.parametrize("path", FOUND, ids=[path.stem for path in FOUND])
def test_fuzz_finding_is_read_or_refused_in_spanish(path):
    loaded = read_plan(path)
    assert check_loaded(loaded) == []
    assert loaded.ok is EXPECTED[path.name], loaded.findings.to_text()

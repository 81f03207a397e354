"""Publishing use case: prepare (validate) an upload, publish only usable workbooks, passwords."""

from __future__ import annotations

import hashlib

import pytest

from rendicion.common.errors import NothingToRestore, RendicionError, UnusableWorkbook
from rendicion.reading import guard
from rendicion.versions import publishing
from rendicion.versions.publishing import Candidate, prepare, publish
from rendicion.versions.store import Store
from tests.builders import SHIPPED, build_xlsx


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'versiones.db'}")


def test_prepare_a_valid_workbook():
    data = SHIPPED.read_bytes()
    candidate = prepare(data, "C:\\Users\\ana\\Documentos/plan agosto.xlsx")
    assert isinstance(candidate, Candidate)
    assert candidate.ok and candidate.findings.ok and candidate.plan is not None
    assert candidate.data == data and candidate.size == len(data)
    assert candidate.sha256 == hashlib.sha256(data).hexdigest()
    assert candidate.filename == "plan agosto.xlsx"
    assert candidate.findings.warnings  # the shipped plan has unscheduled activities: usable, with warnings


def test_prepare_keeps_only_the_file_name():
    assert prepare(b"x", "../../etc/plan.xlsx").filename == "plan.xlsx"
    assert prepare(b"x", "C:\\Users\\ana\\plan abril.xlsx").filename == "plan abril.xlsx"
    assert prepare(b"x", "").filename == "plan.xlsx"


def test_prepare_an_unusable_file_reports_instead_of_raising():
    candidate = prepare("ID;ACTIVIDAD\n1;Audiencia\n".encode(), "plan.csv")
    assert not candidate.ok and candidate.plan is None
    assert "no un libro de Excel" in candidate.findings.errors[0].message


def test_prepare_refuses_oversize_files_through_the_guard():
    candidate = prepare(b"PK\x03\x04" + b"\0" * guard.MAX_FILE_BYTES, "enorme.xlsx")
    assert not candidate.ok
    assert "MB" in candidate.findings.errors[0].message


def test_publish_a_usable_candidate(store):
    candidate = prepare(SHIPPED.read_bytes(), "plan_2018.xlsx")
    version = publish(store, candidate, note="Corte de agosto", author="Ana Pérez")
    assert version.version == 1 and store.current() == version
    assert version.note == "Corte de agosto" and version.author == "Ana Pérez"
    assert version.filename == "plan_2018.xlsx" and version.sha256 == candidate.sha256
    assert version.summary == candidate.plan.summary()
    assert store.data(1) == SHIPPED.read_bytes()


def test_publish_refuses_a_workbook_with_errors(store, tmp_path):
    path = build_xlsx(tmp_path / "sin_plan.xlsx", {"Hoja1": [["Nada que ver"], ["con un plan"]]})
    candidate = prepare(path.read_bytes(), path.name)
    assert not candidate.ok
    with pytest.raises(UnusableWorkbook) as caught:
        publish(store, candidate, note="no debe quedar")
    error = caught.value
    assert isinstance(error, RendicionError)
    assert error.findings is candidate.findings and error.findings.errors
    assert str(error) == "El libro «sin_plan.xlsx» no se puede publicar: tiene 1 error. Corríjalos y vuelva a cargarlo."
    assert store.versions() == []


def test_ensure_seeded_uses_the_shipped_plan(store):
    version = publishing.ensure_seeded(store)
    assert version.version == 1 and version.note == "Versión inicial (data/plan_2018.xlsx)"
    assert version.summary["activities"] == 19
    assert publishing.ensure_seeded(store) is None
    assert publishing.SEED_PLAN == SHIPPED


def test_restore_republishes_an_old_version_once(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    first = store.publish(b"uno", summary={})
    store.publish(b"dos", summary={})
    again = publishing.restore(store, first.version, author="Ana Pérez")
    assert (again.version, again.restored_from, again.author, again.sha256) == (3, 1, "Ana Pérez", first.sha256)
    with pytest.raises(NothingToRestore, match="La versión 1 tiene el mismo contenido que la versión actual \\(3\\)"):
        publishing.restore(store, first.version)
    with pytest.raises(NothingToRestore, match="La versión 3 es la versión actual"):
        publishing.restore(store, 3)
    assert [v.version for v in store.versions()] == [3, 2, 1]

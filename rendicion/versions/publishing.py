"""Publishing a plan workbook: the use case shared by the dashboard's upload page and the CLI.

1. :func:`prepare` reads and validates the uploaded bytes (the guard inside ``read_plan``
   refuses oversize and hostile files) into a :class:`Candidate`.
2. The caller shows the report and, when the candidate is usable, the differences with the
   current version (:mod:`rendicion.versions.diff`).
3. :func:`publish` stores it as a new version — never when the candidate has errors.

Who may publish, and under which name, is :mod:`rendicion.people.accounts`' business (named accounts,
the shared password, guessing limits); :func:`restore` republishes an old version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rendicion.common import formatting
from rendicion.common.errors import NothingToRestore, UnusableWorkbook
from rendicion.plan.model import Plan
from rendicion.reading.findings import Findings
from rendicion.reading.loader import Loaded, read_plan
from rendicion.versions.store import REPO_ROOT, Store, Version

#: The plan the store starts with (version 1) when it is empty.
SEED_PLAN = REPO_ROOT / "data" / "plan_2018.xlsx"


@dataclass
class Candidate:
    """An uploaded workbook, read and validated, not yet published."""

    loaded: Loaded
    data: bytes = field(repr=False)
    filename: str
    sha256: str

    @property
    def ok(self) -> bool:
        """True when it can be published (warnings allowed)."""
        return self.loaded.ok

    @property
    def findings(self) -> Findings:
        return self.loaded.findings

    @property
    def plan(self) -> Plan | None:
        return self.loaded.plan

    @property
    def size(self) -> int:
        return len(self.data)


def prepare(data: bytes, filename: str) -> Candidate:
    """Read and validate ``data`` (never raises for a bad file: problems go to the report).

    In this process; the dashboard validates uploads in a bounded child (:mod:`rendicion.versions.sandbox`)."""
    data = bytes(data)
    return candidate_from(read_plan(data), data, filename, hashlib.sha256(data).hexdigest())


def candidate_from(loaded: Loaded, data: bytes, filename: str, sha256: str) -> Candidate:
    """The candidate of ``data`` read as ``loaded``, named by the bare file name (even from Windows)."""
    name = re.split(r"[\\/]", str(filename or ""))[-1].strip() or "plan.xlsx"
    return Candidate(loaded, data, name, sha256)


def publish(store: Store, candidate: Candidate, *, note: str = "", author: str | None = None) -> Version:
    """Store ``candidate`` as the new current version.

    Raises :class:`~rendicion.common.errors.UnusableWorkbook` (with the report) when it has errors,
    :class:`~rendicion.common.errors.StoreError` when the store cannot write.
    """
    if not candidate.ok or candidate.loaded.plan is None:
        errors = candidate.findings.error_count
        raise UnusableWorkbook(
            f"El libro «{candidate.filename}» no se puede publicar: tiene "
            f"{formatting.plural(errors, 'error')}. Corríjalos y vuelva a cargarlo.",
            candidate.findings,
        )
    version = store.publish(candidate.data, note=note, author=author, filename=candidate.filename,
                            summary=candidate.loaded.plan.summary())
    _refresh_site(store)
    return version


def restore(store: Store, version: int, *, note: str = "", author: str | None = None) -> Version:
    """Publish an old version's bytes again as the new current version.

    Refused (:class:`~rendicion.common.errors.NothingToRestore`) when the current version already has
    exactly those bytes: a second click on «Restaurar» must not add a copy."""
    old = store.get(version)
    current = store.current()
    if current is not None and current.sha256 == old.sha256:
        same = "es la versión actual" if current.version == old.version else (
            f"tiene el mismo contenido que la versión actual ({current.version})")
        raise NothingToRestore(f"La versión {old.version} {same}: no hay nada que restaurar.")
    restored = store.restore(version, note=note, author=author)
    _refresh_site(store)
    return restored


def _refresh_site(store: Store) -> None:
    """The public site follows every publication and restoration when ``RENDICION_SITIO_DIR`` is set
    (imported here: the site's templates and report cost 0.17 s that other users of this module skip)."""
    from rendicion.versions import sitio

    sitio.refresh_configured(store)


def plan_summary(data: bytes) -> dict:
    """The summary of a workbook's plan; :class:`UnusableWorkbook` when it has errors."""
    loaded = read_plan(data)
    if not loaded.ok:
        raise UnusableWorkbook("El plan inicial tiene errores y no se puede publicar.", loaded.findings)
    return loaded.plan.summary()


def ensure_seeded(store: Store, path: Path = SEED_PLAN) -> Version | None:
    """Publish the shipped plan as version 1 when the store is empty (see :meth:`Store.ensure_seeded`)."""
    return store.ensure_seeded(path, plan_summary)

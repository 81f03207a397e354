"""The public site (:mod:`rendicion.outputs.site`) from the version store: what to publish, and when.

:func:`fuentes` takes, for each vigencia, the newest published version of its plan (closed cuts
do not exist yet: until they do, the site shows every PAAC cut that has passed, computed from
that version). :func:`refresh` writes the site; :func:`refresh_configured` does so into the
folder ``RENDICION_SITIO_DIR`` names, and is what publishing calls after every publication and
restoration (:mod:`rendicion.versions.publishing`), so the public site never lags the store.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime
from pathlib import Path

from rendicion.outputs import site
from rendicion.reading.loader import read_plan
from rendicion.common.moments import BOGOTA
from rendicion.versions.store import Store

#: The folder the site is written to on each publication (unset: no site is written).
SITIO_ENV_VAR = "RENDICION_SITIO_DIR"

_log = logging.getLogger(__name__)


def hoy() -> date:
    """Today in Bogotá (a cut passes at midnight there, not on the server's clock)."""
    return datetime.now(BOGOTA).date()


def fuentes(store: Store) -> list[site.Fuente]:
    """The newest published version of each vigencia, read, with its findings; newest vigencia first.

    Each distinct workbook is read once (versions that republish the same bytes share it)."""
    chosen: dict[int, site.Fuente] = {}
    seen: set[str] = set()
    for version in store.versions():  # newest first
        if version.sha256 in seen:
            continue
        seen.add(version.sha256)
        loaded = read_plan(store.data(version.version))
        if loaded.plan is None:
            continue
        vigencia = loaded.plan.parametros.vigencia
        if vigencia in chosen:
            continue
        origen = f"Versión {version.version} del plan, publicada el {version.display_time} (hora de Bogotá)"
        hallazgos = tuple(_hallazgo(issue.location(), issue.message) for issue in loaded.findings.warnings)
        chosen[vigencia] = site.Fuente(loaded.plan, origen, hallazgos)
    return [chosen[v] for v in sorted(chosen, reverse=True)]


def _hallazgo(location: str, message: str) -> str:
    """"Hoja «Plan», fila 7: La actividad 1.1 …"."""
    return f"{location[0].upper()}{location[1:]}: {message}" if location else message


def refresh(store: Store, out: Path, *, today: date | None = None,
            licencia: tuple[str, str] = site.LICENCIA) -> Path:
    """Write the site of ``store`` into ``out``; returns the folder written."""
    files = site.build(fuentes(store), today or hoy(), licencia=licencia)
    return site.write(files, out)


def configured_dir() -> Path | None:
    value = os.environ.get(SITIO_ENV_VAR, "").strip()
    return Path(value) if value else None


def refresh_configured(store: Store) -> Path | None:
    """After a publication: rewrite the site when ``RENDICION_SITIO_DIR`` is set.

    The publication is already stored when this runs, so a failure here does not undo it: it is
    logged with its traceback (the server's log) and the previous site stays in place."""
    out = configured_dir()
    if out is None:
        return None
    try:
        return refresh(store, out)
    except Exception:  # noqa: BLE001 - logged in full; the stored publication stands
        _log.exception("No se pudo actualizar el sitio público en %s", out)
        return None

"""The tamper-evident hash chain of the version history.

Every version row carries ``chain`` = sha256 of three lines::

    canonical JSON of its metadata (version, created_at, note, author, filename, sha256, size,
    summary, restored_from; sorted keys, UTF-8, no spaces, created_at as UTC with microseconds)
    the sha256 of its workbook's bytes
    the previous version's chain value (empty for the first version)

So editing any field of a row, swapping a workbook's bytes (even together with its sha256),
deleting or reordering rows breaks the chain at the first affected version, and the store's
one-row ``chain_head`` (updated in the same transaction as each publication) catches the
deletion of the newest rows.

What it does not do: someone with write access to the database who recomputes every chain
value from the altered row onwards, head included, produces a valid chain. The head's short form
(:func:`short`, its first :data:`SHORT` hex digits, 64 bits) is printed on every official report
and by ``versions``; anyone holding a report checks the store against it with
``versions --verify --cabeza VALOR`` (the history must still contain a version whose chain value
starts with it), which a recomputed chain fails.

A chain cannot be reset by deleting it. A store that holds versions without their chain values
(a store from before the chain, or one whose ``chain`` column and ``chain_head`` table were
dropped after an edit) fails verification until the chain is created explicitly, once, by
``versions --encadenar --nota TEXTO``: a noted and logged migration, recorded in the store, that
every later verification names (the chain attests from that moment on, not before). The store
never chains old rows by itself. One that cannot be written (read-only) is still read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rendicion.common import formatting, moments


def canonical_time(value: datetime | str) -> str:
    """``created_at`` as both backends give it back: UTC, microseconds, ``Z``."""
    return moments.utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def metadata_bytes(row: Any) -> bytes:
    """A version row's metadata, canonicalised (``summary`` as the stored JSON text)."""
    fields = {
        "version": int(row.version),
        "created_at": canonical_time(row.created_at),
        "note": row.note or "",
        "author": row.author,
        "filename": row.filename,
        "sha256": row.sha256,
        "size": int(row.size),
        "summary": row.summary or "",
        "restored_from": int(row.restored_from) if row.restored_from is not None else None,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_value(row: Any, data_sha256: str, previous: str | None) -> str:
    """The chain value of ``row`` whose bytes hash to ``data_sha256``, after ``previous``."""
    digest = hashlib.sha256()
    digest.update(metadata_bytes(row))
    digest.update(b"\n" + data_sha256.encode("ascii") + b"\n")
    digest.update((previous or "").encode("ascii"))
    return digest.hexdigest()


#: Hex digits of the short head printed on reports (64 bits: no forger finds a chain with that prefix).
SHORT = 16


def short(value: str | None) -> str | None:
    """The short form of a chain value, as reports print it."""
    return value[:SHORT] if value else None


@dataclass(frozen=True)
class Migration:
    """The one explicit creation of the chain over versions that had none: when, why, by whom, over how many."""

    created_at: str  # dd/mm/aaaa hh:mm, Bogotá
    note: str
    author: str | None
    versions: int


@dataclass
class ChainCheck:
    """The outcome of verifying the history: ok, how many versions, the first bad one and why."""

    verified: int = 0
    #: The first version that does not verify (None when everything verifies, or when only the head is wrong).
    first_bad: int | None = None
    problems: list[str] = field(default_factory=list)
    #: The last version's chain value (the one to write in the minutes).
    head: str | None = None
    #: The explicit creation of the chain over older versions, when there was one.
    migration: Migration | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def short_head(self) -> str | None:
        return short(self.head)

    def message(self) -> str:
        """One Spanish sentence for the page and the terminal."""
        if self.ok:
            if not self.verified:
                return "Historial íntegro: todavía no hay versiones publicadas."
            return f"Historial íntegro: {formatting.plural(self.verified, 'versión verificada')}."
        return f"El historial NO es íntegro. {self.problems[0]}"

    def migration_message(self) -> str | None:
        """The sentence that names the explicit creation of the chain, when there was one (its note is free text)."""
        if self.migration is None:
            return None
        m = self.migration
        return (f"La cadena se creó el {m.created_at} (hora de Bogotá) sobre las {m.versions} versiones que ya "
                f"existían («{m.note}», {m.author or 'sin autor'}): da fe de ellas desde ese momento, no antes.")


UNCHAINED = ("El historial no tiene cadena de huellas: sus versiones no tienen valor de cadena ni registro de la "
             "última. Si el almacén es anterior a la cadena, créela una vez con «python -m rendicion versions "
             "--encadenar --nota TEXTO» (queda registrado); si no, alguien borró la cadena: restaure la base de datos "
             "desde una copia de seguridad y compruébela con la cabeza publicada en el último informe.")


def verify(rows: Iterable[Any], blob_sha256: Any, head: Any, expected_head: str | None = None,
           migration: Migration | None = None) -> ChainCheck:
    """Check every row (oldest first) against the chain, every blob against its hash, and the head.

    ``blob_sha256(sha)``: the sha256 of the bytes stored under ``sha``, or None when missing.
    ``head``: the ``chain_head`` row or None. ``expected_head``: a value noted outside the
    database (whole, or its first :data:`SHORT` digits or more) that must start the chain value of
    some version. ``migration``: the explicit creation of the chain, when the store recorded one.
    """
    check = ChainCheck(migration=migration)
    rows = list(rows)
    if rows and head is None and all(row.chain is None for row in rows):
        return _bad(check, int(rows[0].version), UNCHAINED)
    previous: str | None = None
    previous_number = 0
    seen_values: set[str] = set()
    last = None
    for row in rows:
        number = int(row.version)
        actual = blob_sha256(row.sha256)
        if actual is None:
            return _bad(check, number, f"La versión {number} no tiene sus datos (falta el libro con huella "
                                       f"{row.sha256[:12]}…).")
        if actual != row.sha256:
            return _bad(check, number, f"Los datos de la versión {number} no coinciden con su huella sha256: "
                                       "el libro fue reemplazado o está dañado.")
        if row.chain is None:
            return _bad(check, number, f"La versión {number} no tiene valor de cadena.")
        if chain_value(row, actual, previous) != row.chain:
            gap = f" Falta la versión {previous_number + 1} o se alteró el orden." if number != previous_number + 1 else ""
            return _bad(check, number, f"La cadena se rompe en la versión {number}: sus datos o los de la versión "
                                       f"anterior fueron modificados, borrados o reordenados.{gap}")
        previous, previous_number, last = row.chain, number, row
        seen_values.add(row.chain)
        check.verified += 1
    if last is not None or head is not None:
        if head is None:
            check.problems.append("Falta el registro de la última versión de la cadena (tabla chain_head).")
        elif last is None or int(head.version) > int(last.version):
            missing = int(head.version)
            check.first_bad = missing
            check.problems.append(f"Falta la versión {missing}: el registro de la cadena dice que la última versión "
                                  f"publicada es la {missing}, y no está en el historial.")
        elif int(head.version) != int(last.version) or head.chain != last.chain:
            check.first_bad = int(last.version)
            check.problems.append(f"El registro de la última versión de la cadena no coincide con la versión "
                                  f"{int(last.version)}: el historial fue modificado.")
    check.head = previous
    if expected_head and check.ok:
        noted = expected_head.strip().lower()
        if len(noted) < SHORT or any(c not in "0123456789abcdef" for c in noted):
            check.problems.append(f"El valor de cadena anotado («{expected_head.strip()[:70]}») no es válido: "
                                  f"escriba la cabeza tal como aparece en el informe ({SHORT} cifras hexadecimales o "
                                  "más).")
        elif not any(value.startswith(noted) for value in seen_values):
            check.problems.append(f"El valor de cadena anotado ({noted[:SHORT]}) no aparece en el historial: el "
                                  "historial fue reescrito desde entonces.")
    return check


def _bad(check: ChainCheck, number: int, message: str) -> ChainCheck:
    check.first_bad = number
    check.problems.append(message)
    return check

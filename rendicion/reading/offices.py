"""Responsible offices: split a "RESPONSABLE" cell into offices and give each one canonical name.

Rules (general, never fitted to one entity's wording):

- A cell names several offices joined by a line break, "-", "–", "/", ",", ";", "+" or "con (el) apoyo de".
  " y " never separates: "Dirección de Comunicaciones y Relaciones Públicas" is one office.
- The first office named leads the activity (rol ``principal``); the others support it (``apoyo``).
- A leading "apoyo", "apoyo de" or "apoyo:" is a role word, not part of the name.
- Two spellings are the same office when their *key* is equal: folded (no case, accents or
  punctuation) and without connecting words (de, la, y …), so a missing "y" or a trailing
  period does not matter. Keys that differ by a typo are merged when they are nearly equal.
- "Todas las dependencias" (also "todas las áreas/secretarías/oficinas") is one canonical entry.
- The canonical name of an office is its most frequent spelling; ties go to the most complete one
  (more words, more accents, more capitals).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from rendicion.common.text import clean, fold, strip_stray_suffix
from rendicion.plan.model import TODAS_LAS_DEPENDENCIAS

_SEPARATORS = re.compile(r"\s*(?:[-–—/,;+]|\bcon\s+(?:el\s+)?apoyo\s+de(?:\s+la|\s+las|\s+los)?\b)\s*", re.IGNORECASE)
_STRONG_SEPARATORS = re.compile(r"\s*(?:[,;+]|\bcon\s+(?:el\s+)?apoyo\s+de(?:\s+la|\s+las|\s+los)?\b)\s*",
                                re.IGNORECASE)
#: First words of a name that names an office on its own (folded).
_UNIT_WORDS = {"secretaria", "subsecretaria", "direccion", "subdireccion", "oficina", "despacho", "alcaldia", "alcalde",
               "grupo", "area", "unidad", "coordinacion", "gerencia", "jefatura", "departamento", "instituto",
               "personeria", "contraloria", "concejo", "comite", "consejo", "division", "programa", "todas"}
_DASHES = re.compile(r"\s*[-–—/]\s*")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\u2028\u2029]+")
_ROLE_PREFIX = re.compile(r"^(?:apoyo\s*:\s*|apoyo\s+de(?:\s+la|\s+las|\s+los)?\s+|apoyo\s+(?=todas\b))", re.IGNORECASE)
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "a", "al", "en", "para"}
_TODAS = re.compile(r"^todas (?:las )?(?:dependencias|areas|secretarias|oficinas|unidades)(?: .*)?$")

#: Nearly-equal keys (typos) are merged at or above this similarity, when few enough to compare.
_TYPO_SIMILARITY = 92  # percent, rapidfuzz's Indel similarity
_TYPO_MAX_KEYS = 300


@dataclass(frozen=True)
class Mention:
    """One office as written in a cell, with its role there."""

    text: str
    rol: str  # "principal" or "apoyo"


def segments(cell: object) -> list[tuple[str, list[str]]]:
    """A RESPONSABLE cell cut at its clear separators (line breaks, «,», «;», «+», «con apoyo de»),
    each segment with its parts between dashes or slashes («-», «–», «—», «/»).

    A dash may join the name of one office («Secretaría General – Talento Humano») as well as
    separate two: the reader decides which by the offices the rest of the plan names.
    """
    lines = _LINE_BREAKS.split(cell) if isinstance(cell, str) else [cell]
    found = []
    for line in lines:
        for segment in _STRONG_SEPARATORS.split(clean(line)):
            if segment:
                found.append((segment, [name for part in _DASHES.split(segment) if key(name := office_name(part))]))
    return found


def office_name(part: str) -> str:
    """One office as written, without a leading role word («apoyo de …») or a stray suffix."""
    return strip_stray_suffix(_ROLE_PREFIX.sub("", part))


def names_an_office(name: str) -> bool:
    """Whether a name starts with a word that names an organisational unit («Secretaría …», «Dirección …»)."""
    words = key(name).split()
    return bool(words) and words[0] in _UNIT_WORDS


def split(cell: object, joined: frozenset[str] = frozenset()) -> list[Mention]:
    """Split a RESPONSABLE cell into mentions, first principal and the rest apoyo.

    Segments whose :func:`key` is in ``joined`` are one office even when a dash or slash is in them.

    >>> [m.text for m in split("Secretaría de Planeación - apoyo todas las dependencias")]
    ['Secretaría de Planeación', 'todas las dependencias']
    """
    mentions: list[Mention] = []
    if joined:
        parts = [part for segment, pieces in segments(cell)
                 for part in ([segment] if key(office_name(segment)) in joined else pieces)]
    else:
        lines = _LINE_BREAKS.split(cell) if isinstance(cell, str) else [cell]
        parts = [part for line in lines for part in _SEPARATORS.split(clean(line))]
    for part in parts:
        had_role_word = bool(_ROLE_PREFIX.match(part))
        name = strip_stray_suffix(_ROLE_PREFIX.sub("", part))
        if not key(name):
            continue
        rol = "principal" if not mentions and not had_role_word else "apoyo"
        mentions.append(Mention(name, rol))
    if mentions and all(m.rol == "apoyo" for m in mentions):
        mentions[0] = Mention(mentions[0].text, "principal")
    return mentions


@lru_cache(maxsize=1 << 14)
def key(name: str) -> str:
    """Identity of an office for matching: folded, without connecting words (memoised: a plan repeats them)."""
    folded_name = fold(name)
    folded = " ".join(word for word in folded_name.split() if word not in _CONNECTORS)
    if _TODAS.match(folded_name) or folded.startswith("todas dependencias"):
        return "todas dependencias"
    return folded


class Canonicalizer:
    """Learns every spelling of the offices of one plan, then names each office canonically."""

    def __init__(self) -> None:
        self._spellings: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, name: str) -> None:
        """Record one spelling."""
        self._spellings[key(name)][name] += 1

    def mapping(self) -> dict[str, str]:
        """Map every recorded spelling to its canonical name."""
        return {spelling: canonical for spelling, (canonical, _) in self.readings().items()}

    def readings(self) -> dict[str, tuple[str, int | None]]:
        """Every recorded spelling -> (canonical name, similarity score).

        The score (0–100, rapidfuzz's Indel similarity of the two keys) is given only for spellings
        merged by similarity (a typo: «Secretaria de Planecion»); it is None for spellings that are
        the same office by their key (case, accents, connecting words, punctuation).
        """
        groups = _merge_typos(self._spellings)
        result: dict[str, tuple[str, int | None]] = {}
        for keys in groups:
            spellings: Counter[str] = Counter()
            for k in keys:
                spellings.update(self._spellings[k])
            canonical = TODAS_LAS_DEPENDENCIAS if "todas dependencias" in keys else _best(spellings)
            canonical_key = key(canonical)
            for spelling in spellings:
                own = key(spelling)
                score = None if own == canonical_key else int(fuzz.ratio(own, canonical_key))
                result[spelling] = (canonical, score)
        return result


def _best(spellings: Counter[str]) -> str:
    def score(name: str) -> tuple:
        accents = sum(1 for ch in name if ch.isalpha() and not ch.isascii())
        capitals = sum(1 for word in name.split() if word[:1].isupper())
        return (spellings[name], len(name.split()), accents, capitals, name)

    return max(spellings, key=score)


def _merge_typos(spellings: dict[str, Counter[str]]) -> list[list[str]]:
    """Group keys, joining a rare key to a more frequent nearly-equal one."""
    by_frequency = sorted(spellings, key=lambda k: -sum(spellings[k].values()))
    if len(by_frequency) > _TYPO_MAX_KEYS:
        return [[k] for k in by_frequency]
    groups: list[list[str]] = []
    for candidate in by_frequency:
        for group in groups:
            head = group[0]
            if "todas dependencias" not in (head, candidate) and (
                fuzz.ratio(head, candidate, score_cutoff=_TYPO_SIMILARITY) > 0
            ):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return groups

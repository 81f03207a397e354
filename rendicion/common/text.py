"""Text normalisation shared by every matcher: headers, offices, activity names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w%#]+")
#: _NON_WORD for lowercase ASCII text: every character but a–z, 0–9, % and # becomes a space.
_ASCII_NON_WORD = {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) in "%#")}
_STRAY_NUMBER_SUFFIX = re.compile(r"(?<=\D)\.0+$")
#: The combining marks of U+0300–U+036F (a few there, such as U+034F, are not combining).
_COMMON_MARKS = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")
#: A number at the start of an activity text that is its ID: «1.1 Actualizar …», «2. Publicar …».
_LEADING_ID = re.compile(r"^(?:(\d{1,3}(?:\.\d{1,3})+)\.?|(\d{1,3})[.)\-–:])\s+(\S.*)$", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: object) -> str:
    """A cell value as display text: control and bidi characters removed, spaces collapsed.

    ``None`` and NaN become "". Integral floats lose their ".0" (``3.0`` -> "3").
    """
    if type(value) is str:
        # Fast path for most cells: a printable text has no control, bidi or non-space
        # whitespace character (all of them are unprintable), so only runs of spaces remain.
        if value.isprintable() and "  " not in value:
            return value.strip()
        text = _CONTROL.sub("", value)
        return _SPACES.sub(" ", text).strip()
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    text = _CONTROL.sub("", str(value))
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text`` with punctuation folded to spaces.

    >>> fold("  Dirección de Comunicaciones y Relaciones Públicas. ")
    'direccion de comunicaciones y relaciones publicas'
    """
    if type(text) is str and len(text) <= _MEMO_CHARS:
        return _fold_memo(text)
    return _fold(text)


#: Texts up to this length are folded once per process (a plan repeats its offices and headers).
_MEMO_CHARS = 200


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", clean(text))
    without_marks = _COMMON_MARKS.sub("", decomposed)  # Spanish accents, tilde and diaeresis: fast
    if not without_marks.isascii():
        without_marks = "".join(ch for ch in without_marks if not unicodedata.combining(ch))
    if without_marks.isascii():  # the usual case, same result as the pattern below, several times faster
        return " ".join(without_marks.lower().translate(_ASCII_NON_WORD).split())
    words = _NON_WORD.sub(" ", without_marks.casefold().replace("_", " "))
    return " ".join(words.split())


_fold_memo = lru_cache(maxsize=1 << 16)(_fold)


def strip_stray_suffix(text: str) -> str:
    """Drop what copy-pasting from a document leaves at the end of a name: ".0", periods, spaces."""
    if type(text) is str and len(text) <= _MEMO_CHARS:
        return _strip_memo(text)  # references repeat: every schedule and follow-up row names an activity
    return _strip_stray_suffix(text)


def _strip_stray_suffix(text: str) -> str:
    text = clean(text)
    if text.endswith("0"):  # the only texts the ".0" pattern can change
        text = _STRAY_NUMBER_SUFFIX.sub("", text)
    return text.rstrip(" .;,:")


_strip_memo = lru_cache(maxsize=1 << 16)(_strip_stray_suffix)


def leading_id(text: str) -> tuple[str, str] | None:
    """(number, rest) when ``text`` starts with an activity number («1.1 Actualizar …»), else None."""
    match = _LEADING_ID.match(text)
    if not match:
        return None
    return match.group(1) or match.group(2), match.group(3).strip()


def short(value: object, limit: int = 80) -> str:
    """A cell as text for a message: cleaned, cut to ``limit`` characters with an ellipsis."""
    text = clean(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

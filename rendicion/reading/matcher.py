"""Find the activity a schedule or follow-up row names (schedule and follow-up rows name activities
by ID, by full text or by a shortened or misspelt text).

Cost: O(n) plus a bounded budget. Exact IDs and exact folded texts are dictionary lookups; only
the rest are searched approximately, and those searches share one budget of
:data:`Matcher.BUDGET` string comparisons per workbook. Past it, the remaining rows are reported
as not found at their cells (the loader says once that the search stopped), instead of spending
the validation's CPU: 4,000 follow-up rows whose texts are anagrams of 2,000 activities used to
hold a validation slot for 68 s.
"""

from __future__ import annotations

import pandas as pd

from rendicion.common.text import fold, strip_stray_suffix
from rendicion.reading.fuzzy import TextIndex


class Matcher:
    """Find the activity a schedule or follow-up row names: by ID, by full text, by a shortened text,
    or by a nearly equal text (typos). The approximate searches are :mod:`rendicion.reading.fuzzy`'s."""

    AMBIGUOUS = object()
    _MIN_PARTIAL = 12
    #: String comparisons the approximate search may make for one workbook (about half a second of CPU).
    BUDGET = 600_000

    def __init__(self, actividades: pd.DataFrame) -> None:
        self._by_id = {str(i): str(i) for i in actividades["id"].tolist()}
        self._actividades = actividades
        self._texts: dict[str, str] | None = None
        self._index: TextIndex | None = None
        self._memo: dict[str, object] = {}
        self._exact: dict[str, str | None] = {}
        self._raw: dict[str, str] | None = None
        #: Comparisons spent so far, and whether a lookup found the budget spent (it then reports "not found").
        self.spent = 0
        self.exhausted = False

    @property
    def _by_text(self) -> dict[str, str]:
        """Folded activity text -> ID; built on the first lookup by text (rows usually name IDs)."""
        if self._texts is None:
            self._texts = {}
            for ident, text in zip(self._actividades["id"].tolist(), self._actividades["actividad"].tolist()):
                self._texts.setdefault(fold(strip_stray_suffix(text)), str(ident))
        return self._texts

    def __call__(self, value: object) -> object:
        text = strip_stray_suffix(value)
        if not text:
            return None
        if text in self._by_id:
            return self._by_id[text]
        key = fold(text)
        if key in self._by_text:
            return self._by_text[key]
        if key not in self._memo:
            self._memo[key] = self._approximate(key)
        return self._memo[key]

    def other_owner(self, ident: str, value: object) -> str | None:
        """The activity whose text is exactly ``value``, when it is not ``ident`` (a row whose ID and text disagree).

        A row that copies its activity's text as the plan writes it is answered without folding anything.
        """
        if self._raw is None:
            self._raw = {str(i): t for i, t in zip(self._actividades["id"].tolist(),
                                                   self._actividades["actividad"].tolist())}
        if value == self._raw.get(ident):
            return None
        owner = self.exact_text(value)
        return owner if owner is not None and owner != ident else None

    def exact_text(self, value: object) -> str | None:
        """The ID of the activity whose text is exactly ``value`` (case, accents, punctuation aside), or None.

        A dictionary lookup, with no approximate search: cheap enough to check every row that also gives an ID.
        """
        if isinstance(value, str) and value in self._exact:
            return self._exact[value]  # a follow-up repeats each activity's text at every cut
        text = strip_stray_suffix(value)
        found = self._by_text.get(fold(text)) if text else None
        if isinstance(value, str) and len(self._exact) < 1 << 16:
            self._exact[value] = found
        return found

    def _approximate(self, key: str) -> object:
        if self._index is None:
            self._index = TextIndex(list(self._by_text))
        if len(key) >= self._MIN_PARTIAL:
            found = self._partial(key)
            if found is not None:
                return found
        if self.exhausted:
            return None
        close, cost = self._index.similar_within(key, limit=2, budget=self.BUDGET - self.spent)
        self.spent += cost
        if self.spent > self.BUDGET:
            self.exhausted = True
            return None
        if len(close) == 1:
            return self._by_text[close[0]]
        return self.AMBIGUOUS if close else None

    def _partial(self, key: str) -> object:
        contained = self._index.containing(key)
        if len(contained) > 1:
            edges = [text for text in contained if text.endswith(key) or text.startswith(key)]
            contained = edges or contained
        if len(contained) == 1:
            return self._by_text[contained[0]]
        return self.AMBIGUOUS if contained else None

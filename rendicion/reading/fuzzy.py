"""Approximate lookup of known texts (activity names): which ones a row's text contains, is part
of, or nearly equals, with rapidfuzz doing the character work in C++.

Two questions, both on folded text (:func:`rendicion.common.text.fold`):

- :meth:`TextIndex.containing` — the known texts that contain the key or are contained in it
  (a shortened or extended name). A length-sorted haystack answers "key in text" with one C
  search; an index of each text's first :data:`ANCHOR` characters answers "text in key".
- :meth:`TextIndex.similar` — the (at most two) known texts whose Indel similarity
  (``rapidfuzz.fuzz.ratio``, 0–100) with the key is at least :data:`SIMILARITY`.

The cost of a lookup does not grow with the number of lookups, so 20,000 rows that name nothing
cost about as much as 20,000 cheap misses. But texts built to defeat the filters (anagrams of one
another: same length, same letters) leave every known text a candidate, so
:meth:`TextIndex.similar_within` takes a ``budget`` of comparisons and
:class:`~rendicion.reading.matcher.Matcher` spends one bounded budget per workbook. Before rapidfuzz compares strings, two exact filters drop the texts
that cannot reach the threshold (they never drop a real match):

1. Length: ``ratio = 2·LCS / (l1 + l2) ≤ 2·min(l1, l2) / (l1 + l2)``, so the lengths must be
   within a factor of 0.88 / 1.12 of each other.
2. Letter counts: the longest common subsequence never exceeds the shared letter counts, so a
   match needs ``L1(counts1, counts2) ≤ 0.12 · (l1 + l2)``. The L1 distance to a few pivot
   texts (precomputed, triangle inequality) narrows the candidates with a binary search.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

#: Minimum Indel similarity (percent) for two texts to be "nearly equal".
SIMILARITY = 88
#: Characters of a text's beginning used to find it inside a longer key.
ANCHOR = 12
#: Below this many texts, comparing with every one is cheaper than filtering.
_FILTER_FROM = 64
_PIVOTS = 4
_SEPARATOR = "\n"  # never inside folded text (fold collapses whitespace to single spaces)
#: Letter-count buckets: a–z, 0–9, space; everything else shares the last one.
_BUCKETS = 38
_BUCKET_OF = np.full(128, _BUCKETS - 1, dtype=np.intp)
_BUCKET_OF[ord("a"):ord("z") + 1] = np.arange(26)
_BUCKET_OF[ord("0"):ord("9") + 1] = np.arange(26, 36)
_BUCKET_OF[ord(" ")] = 36


def _counts(text: str) -> np.ndarray:
    """How many times each bucket's characters occur in ``text``."""
    codes = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)  # beyond ASCII: "?", "other"
    return np.bincount(_BUCKET_OF[codes], minlength=_BUCKETS)


class TextIndex:
    """Known texts (already folded, without repeats), ready for approximate lookups."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = list(dict.fromkeys(texts))
        self._lengths = np.array([len(t) for t in self.texts], dtype=np.int64)
        self._haystack_parts()
        self._known = set(self.texts)
        #: A text's first ANCHOR characters -> the lengths of the texts that begin with them.
        self._anchors: dict[str, set[int]] = defaultdict(set)
        self._short: list[str] = []
        for text in self.texts:
            if len(text) >= ANCHOR:
                self._anchors[text[:ANCHOR]].add(len(text))
            else:
                self._short.append(text)
        if len(self.texts) >= _FILTER_FROM:
            self._pivot_parts()

    # ---- containment -----------------------------------------------------------------------

    def _haystack_parts(self) -> None:
        by_length = sorted(self.texts, key=len, reverse=True)
        self._starts: list[int] = []
        position = 0
        for text in by_length:
            self._starts.append(position)
            position += len(text) + 1
        self._by_length = by_length
        self._haystack = _SEPARATOR.join(by_length)
        self._neg_lengths = [-len(t) for t in by_length]  # ascending, for bisect

    def containing(self, key: str) -> list[str]:
        """Known texts that contain ``key`` or are contained in it (``key`` itself excluded)."""
        found = dict.fromkeys(self._texts_containing(key))
        positions = len(key) - ANCHOR + 1
        if len(self._anchors) < positions:  # few distinct beginnings: find each one in the key
            for anchor in self._anchors:
                start = key.find(anchor)
                while start != -1:
                    self._texts_at(key, start, anchor, found)
                    start = key.find(anchor, start + 1)
        else:  # look up every slice of the key among the beginnings
            for start in range(max(positions, 0)):
                anchor = key[start:start + ANCHOR]
                if anchor in self._anchors:
                    self._texts_at(key, start, anchor, found)
        for text in self._short:
            if text in key:
                found[text] = None
        found.pop(key, None)
        return list(found)

    def _texts_at(self, key: str, start: int, anchor: str, found: dict) -> None:
        """Add to ``found`` the known texts beginning with ``anchor`` that are in ``key`` at ``start``."""
        for length in self._anchors[anchor]:
            piece = key[start:start + length]
            if len(piece) == length and piece in self._known:
                found[piece] = None

    def _texts_containing(self, key: str) -> list[str]:
        """Texts at least as long as ``key`` that contain it: one C search over their haystack."""
        if not key:
            return []
        count = bisect.bisect_right(self._neg_lengths, -len(key))  # texts with len >= len(key)
        end = self._starts[count - 1] + len(self._by_length[count - 1]) if count else 0
        found = []
        position = self._haystack.find(key, 0, end)
        while position != -1:
            index = bisect.bisect_right(self._starts, position) - 1
            found.append(self._by_length[index])
            position = self._haystack.find(key, self._starts[index] + len(self._by_length[index]) + 1, end)
        return found

    # ---- similarity ------------------------------------------------------------------------

    def _pivot_parts(self) -> None:
        counts = np.stack([_counts(t) for t in self.texts])  # int64, as each key's
        pivots = [0]
        distance = np.abs(counts - counts[0]).sum(axis=1)
        for _ in range(_PIVOTS - 1):  # farthest-first: pivots spread over the texts
            pivots.append(int(distance.argmax()))
            distance = np.minimum(distance, np.abs(counts - counts[pivots[-1]]).sum(axis=1))
        self._pivots = counts[pivots]
        self._to_pivots = np.stack([np.abs(counts - p).sum(axis=1) for p in self._pivots], axis=1)
        self._order = np.argsort(self._to_pivots[:, 0], kind="stable")
        self._sorted_first = self._to_pivots[self._order, 0]

    def similar(self, key: str, limit: int = 2) -> list[str]:
        """Up to ``limit`` known texts at least :data:`SIMILARITY` similar to ``key``, best first."""
        return self.similar_within(key, limit)[0]

    def similar_within(self, key: str, limit: int = 2, budget: int | None = None) -> tuple[list[str], int]:
        """Up to ``limit`` known texts at least :data:`SIMILARITY` similar to ``key``, best first, and the
        comparisons it took. With a ``budget`` and more candidates than it allows, nothing is compared:
        ``([], candidates)``, so the caller can tell a spent budget (cost above it) from a miss."""
        window = self._candidate_rows(key) if len(self.texts) >= _FILTER_FROM else None
        count = len(self.texts) if window is None else len(window)
        if not count or (budget is not None and count > budget):
            return [], count
        candidates = self.texts if window is None else [self.texts[i] for i in window]
        best = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=SIMILARITY, limit=limit)
        return [text for text, _score, _index in best], count

    def _candidate_rows(self, key: str) -> np.ndarray:
        """Indices of the known texts that pass both filters for ``key`` (numpy only, no string built)."""
        n = len(key)
        shortest = n * SIMILARITY / (200 - SIMILARITY)  # l2 >= 0.79 l1
        longest = n * (200 - SIMILARITY) / SIMILARITY  # l2 <= 1.27 l1
        slack = (100 - SIMILARITY) / 100 * (n + longest) + 1  # max L1 distance of letter counts, rounded up
        to_pivots = np.abs(self._pivots - _counts(key)).sum(axis=1)
        low, high = np.searchsorted(self._sorted_first, [to_pivots[0] - slack, to_pivots[0] + slack + 0.5])
        if low >= high:
            return self._order[:0]
        window = self._order[low:high]
        lengths = self._lengths[window]
        keep = (np.abs(self._to_pivots[window, 1:] - to_pivots[1:]) <= slack).all(axis=1)
        keep &= (lengths >= shortest - 1e-6) & (lengths <= longest + 1e-6)
        return window[keep]

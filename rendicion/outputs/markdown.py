"""Workbook text made literal for Streamlit's Markdown: what a plan says is shown, never rendered.

Streamlit renders Markdown almost everywhere it shows a string (titles, captions, messages,
widget labels, tooltips, metric labels), including images that the browser fetches
(``![x](http://…)``), links, colour directives (``:red[…]``), LaTeX (``$x^2$``), icons
(``:material/home:``), emoji shortcodes, HTML entities and GitHub autolinks. :func:`escape`
backslash-escapes every ASCII punctuation character, which CommonMark defines as literal once
escaped, so none of those constructs can start; the text reads exactly as written.

Two cases backslashes cannot reach are handled apart:

- line breaks: a newline would let the next line start a list, a heading or a table, so every
  run of line-break characters becomes one space (these displays are one-paragraph texts; full
  texts keep their breaks in ``st.text`` and in the tables);
- GitHub's literal autolinks (``http://…``, ``www.…``, ``nombre@dominio``) are recognised even
  when their punctuation is escaped (checked in Chromium with Streamlit 1.67), so an invisible
  word joiner (U+2060) goes after the colon of ``://``, before ``www.`` and before ``@``.

Used by ``ui.widgets.literal`` for every string that carries workbook text; this module has no Streamlit.
"""

from __future__ import annotations

import re

import pandas as pd

#: Every ASCII punctuation character (CommonMark: each may be backslash-escaped).
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
#: Word joiner (invisible, no width): breaks what GitHub's autolinks look for.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?=www\.)|(?=@)", re.IGNORECASE)


def escape(text: object) -> str:
    """``text`` (any value; None and NaN give "") as literal Markdown for Streamlit."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    one_line = _LINE_BREAKS.sub(" ", str(text))
    unlinked = _AUTOLINK.sub(_JOINER, one_line)
    return _PUNCTUATION.sub(r"\\\1", unlinked)

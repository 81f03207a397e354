"""Workbook text is always text: the Markdown escaping every page uses, and the matrix row detail."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rendicion.outputs.markdown import escape


@pytest.mark.parametrize("text, expected", [
    ("![x](http://127.0.0.1:9/p)", "\\!\\[x\\]\\(http\\:\u2060\\/\\/127\\.0\\.0\\.1\\:9\\/p\\)"),
    (":red[rojo]", "\\:red\\[rojo\\]"),
    ("$x^2$", "\\$x\\^2\\$"),
    (":material/home:", "\\:material\\/home\\:"),
    ("<b>&amp;</b>", "\\<b\\>\\&amp\\;\\<\\/b\\>"),
    ("# título | a ~b~ _c_ *d*", "\\# título \\| a \\~b\\~ \\_c\\_ \\*d\\*"),
    ("- uno\n+ dos\r\n3. tres", "\\- uno \\+ dos 3\\. tres"),
    ("www.ejemplo.com y ana@ejemplo.com", "\u2060www\\.ejemplo\\.com y ana\u2060\\@ejemplo\\.com"),
    ("Secretaría de Planeación", "Secretaría de Planeación"),
    (None, ""), (float("nan"), ""), (pd.NA, ""), (3, "3"),
])
def test_every_markdown_construct_is_escaped(text, expected):
    assert escape(text) == expected


def test_escaping_keeps_every_visible_character():
    text = "Informe (2018): 50% — «Diálogo» & co. ¿ok? ¡sí!"
    shown = escape(text).replace("\\", "").replace("\u2060", "")
    assert shown == text


def _row_detail_of_the_shipped_plan(activity_id: str) -> None:
    from datetime import date

    from rendicion.followup import engine
    from rendicion.followup.view import Filters, View, activity_table
    from rendicion.reading.loader import read_plan
    from ui import widgets

    plan = read_plan("data/plan_2018.xlsx").plan
    corte = date(2018, 8, 31)
    table = activity_table(View(plan, engine.evaluate(plan, corte), engine.membership(plan), Filters(corte, (), ())))
    widgets.activity_detail(table[table["id"] == activity_id].iloc[0])


def test_row_detail_of_an_activity_whose_evidence_is_not_a_link():
    """Issue 11: row 1.1 of the shipped plan («Base de caracterización…», no link) raised in st.link_button."""
    at = AppTest.from_function(_row_detail_of_the_shipped_plan, args=("1.1",), default_timeout=60).run()
    assert not at.exception, at.exception
    texts = [t.value for t in at.text]
    assert "Entregar la caracterización de la población clasificada para organizar convocatoria." in texts
    assert "Base de caracterización de actores sociales" in texts
    assert at.markdown[0].value == "**1\\.1 · ✔ Cumplida**"
    assert not at.get("link_button")

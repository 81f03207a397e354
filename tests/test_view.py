"""The dashboard's view: filters, the "Todas las dependencias" rule, display tables, empty messages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from rendicion.followup import engine
from rendicion.followup.view import Filters, View, activity_table, default_corte, responsables_labels, schedule_table
from rendicion.plan.model import Plan
from tests.builders import AUGUST_CUT


def _view(plan: Plan, **filters) -> View:
    return View(plan, engine.evaluate(plan, AUGUST_CUT), engine.membership(plan), Filters(AUGUST_CUT, **filters))


def test_no_filter_is_the_whole_plan(plan):
    view = _view(plan)
    assert len(view.actividades) == 19 and not view.empty
    assert view.via_todas == set()


def test_office_filter_includes_all_offices_activities_marked(plan):
    view = _view(plan, dependencias=("Secretaría Administrativa",))
    assert set(view.actividades["id"]) == {"1.1", "2.6", "2.8", "3.1", "3.2"}
    assert view.via_todas == {"1.1", "2.6", "2.8"}
    assert set(view.por_dependencia["dependencia"]) == {"Secretaría Administrativa"}


def test_filters_combine_with_and(plan):
    view = _view(plan, dependencias=("Secretaría Administrativa",), subcomponentes=("Incentivos",))
    assert list(view.actividades["id"]) == ["3.1", "3.2"]
    assert view.describe() == "Secretaría Administrativa · Incentivos · corte 31/08/2018"


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"dependencias": ("Dirección de Talento Humano",), "subcomponentes": ("Evaluación y seguimiento",)},
         "La dependencia «Dirección de Talento Humano» no tiene actividades en el subcomponente "
         "«Evaluación y seguimiento»."),
        ({"dependencias": ("Dirección de Talento Humano", "Secretaría Administrativa"),
          "subcomponentes": ("Evaluación y seguimiento",)},
         "Las dependencias «Dirección de Talento Humano» y «Secretaría Administrativa» no tienen actividades en "
         "el subcomponente «Evaluación y seguimiento»."),
    ],
)
def test_empty_results_explain_themselves(plan, filters, message):
    view = _view(plan, **filters)
    assert view.empty and view.empty_message() == message


def test_offices_text_puts_the_principal_first(plan):
    labels = responsables_labels(plan)
    assert labels["2.3"] == ("Secretaría de Apoyo a la Gestión · Dirección de Comunicaciones y Relaciones Públicas · "
                             "Secretaría de Planeación")


def test_activity_table_splits_links_from_text_evidence(plan):
    december = date(2018, 12, 31)  # the example evidence comes with each activity's last report
    view = View(plan, engine.evaluate(plan, december), engine.membership(plan), Filters(december))
    table = activity_table(view).set_index("id")
    assert table.loc["2.2", "enlace"] == "https://example.org/rendicion-2018/sitio-web"
    assert table.loc["2.2", "evidencia"] == ""
    assert pd.isna(table.loc["2.6", "enlace"]) and table.loc["2.6", "evidencia"] == "Registro fotográfico de las ferias"
    august = activity_table(_view(plan)).set_index("id")
    assert august.loc["4.2", "estado"] == "⚠ Vencida"
    assert august.loc["2.4", "avance_reportado"] == pytest.approx(0.45)


def test_default_cut_is_the_latest_report(plan):
    assert default_corte(plan) == date(2018, 12, 31)


def test_schedule_table_lists_months_in_words(plan):
    view = _view(plan)
    row = schedule_table(view, view.actividades[view.actividades["id"] == "2.5"]).iloc[0]
    assert row["Programación"] == "mar 2018; jun 2018; sep 2018; nov 2018"
    assert (row["Inicio"], row["Fin"], row["Días programados"]) == (date(2018, 3, 1), date(2018, 11, 30), 121)
    assert row["Fecha programada"] == ""
    # 61 of its 121 scheduled days have elapsed at 31/08/2018.
    # 61 of 121 days: 50,41 %, shown as every page shows it, one decimal half up: 50,4 %.
    assert row["Estado"] == "▶ En ejecución" and row["Avance esperado"] == pytest.approx(0.504)


def test_tables_show_the_figures_rounded_as_the_headline():
    """A table shows 37,7 % where the headline says 37,7 % (not Streamlit's 37,67 %), and 28,25 as 28,3 %."""
    import math

    import pandas as pd

    from rendicion.followup.view import shown_fraction

    shown = shown_fraction(pd.Series([226 / 6, 28.25, 45.25, 100.0, float("nan")], index=[3, 4, 5, 6, 7]))
    assert shown.iloc[:4].tolist() == pytest.approx([0.377, 0.283, 0.453, 1.0])
    assert math.isnan(shown.iloc[4]) and shown.index.tolist() == [3, 4, 5, 6, 7]

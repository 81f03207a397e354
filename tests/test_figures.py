"""Figures and palette on the shipped 2018 plan at the 31 August 2018 cut.

The shipped plan schedules 13 activities (see ``tests/builders.SOURCE_SCHEDULE_IDS``);
2.5 runs in months 3, 6, 9 and 11, 2.2 in months 1–13, 4.2 in months 1–2 (Vencida at
the cut), 2.4 reports 45 % against 61,4 % expected (243 of its 396 scheduled days).
"""

from __future__ import annotations

import math
import re
import time
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from rendicion.common import formatting
from rendicion.followup import engine, measure, palette
from rendicion.followup.engine import ESTADOS, SEMAFOROS
from rendicion.outputs import figures
from rendicion.plan.model import Parametros
from tests.builders import AUGUST_CUT, SOURCE_SCHEDULE_IDS

CORTE = AUGUST_CUT
MONTHS_2018 = ["ene 2018", "feb 2018", "mar 2018", "abr 2018", "may 2018", "jun 2018", "jul 2018", "ago 2018",
               "sep 2018", "oct 2018", "nov 2018", "dic 2018", "ene 2019"]
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def plan(plan):
    """The shipped plan under «las que vencen hasta el corte»: the figures' literals below were computed by hand
    under that rule (only 4.2 due at 30/04 and 31/08), which stays selectable. The default rule's figures are
    recomputed in tests/test_engine_shipped.py."""
    import dataclasses

    return dataclasses.replace(plan, parametros=dataclasses.replace(
        plan.parametros, actividades_evaluadas="las que vencen hasta el corte"))


@pytest.fixture(scope="module")
def evaluated(plan):
    return engine.evaluate(plan, CORTE)


@pytest.fixture(scope="module")
def members(plan):
    return engine.membership(plan)


@pytest.fixture(scope="module")
def gantt(plan, evaluated):
    return figures.gantt(evaluated, plan.cronograma, plan.parametros, CORTE)


# --------------------------------------------------------------------------- helpers


def unwrap(text: str) -> str:
    return text.replace("<br>", " ")


def estado_traces(fig: go.Figure) -> list:
    """The Gantt's bar traces that hold activities (one per estado), in figure order."""
    return [t for t in fig.data if t.type == "bar" and t.meta in ESTADOS]


def row_labels(fig: go.Figure) -> dict[float, str]:
    """Row position -> left tick label of the Gantt."""
    return dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))


def activity_rows(fig: go.Figure) -> dict[str, float]:
    """Activity id -> row position, from the labels "id · actividad"."""
    return {label.split(" · ")[0]: y for y, label in row_labels(fig).items() if " · " in label}


def segments(fig: go.Figure) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp, str]]]:
    """Activity id -> its bars as (start, end exclusive, estado), sorted by start."""
    ids = {y: i for i, y in activity_rows(fig).items()}
    out: dict[str, list] = {}
    for trace in estado_traces(fig):
        for y, length, base in zip(trace.y, trace.x, trace.base, strict=True):
            start = pd.Timestamp(base)
            out.setdefault(ids[y], []).append((start, start + pd.Timedelta(milliseconds=int(length)), trace.meta))
    return {k: sorted(v) for k, v in out.items()}


def visible_strings(fig: go.Figure) -> list[str]:
    """Every string a user can read: titles, axis titles and ticks, legend names, texts, hovers, annotations."""
    strings: list[str] = []
    layout = fig.layout
    if layout.title.text:
        strings.append(layout.title.text)
    for name in ("xaxis", "xaxis2", "yaxis", "yaxis2"):
        axis = layout[name] if name in layout else None
        if axis is None:
            continue
        if axis.title.text:
            strings.append(axis.title.text)
        strings.extend(axis.ticktext or ())
    strings.extend(a.text for a in layout.annotations if a.text)
    for trace in fig.data:
        if trace.type == "indicator":
            continue
        if trace.showlegend is not False and trace.name:
            strings.append(trace.name)
        for attr in ("text", "customdata", "hovertemplate", "hovertext"):
            value = getattr(trace, attr, None)
            if value is None:
                continue
            strings.extend(str(v) for v in np.ravel(value)) if not isinstance(value, str) else strings.append(value)
    return strings


#: English month names (capitalised: the Spanish "mar", "may" are lowercase) and English words.
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
ENGLISH_WORDS = re.compile(
    r"\b(status|progress|activit(y|ies)|months?|dates?|count|office|schedule|compliance|threshold|"
    r"values?|none|nan|null|true|false|trace\s*\d*|undefined|expected|reported|cut)\b",
    re.IGNORECASE,
)


def assert_spanish(fig: go.Figure) -> None:
    assert fig.layout.separators == ",."
    assert fig.layout.template.layout.plot_bgcolor == pio.templates["plotly_white"].layout.plot_bgcolor
    strings = visible_strings(fig)
    assert strings, "the figure shows no text at all"
    for text in strings:
        assert not ENGLISH_MONTHS.search(text), text
        assert not ENGLISH_WORDS.search(text), text
        assert "%{x" not in text and "%{y" not in text and "%{base" not in text, text
    # Every trace a user can hover gives a Spanish preformatted hover (never Plotly's default).
    for trace in fig.data:
        if trace.type == "indicator" or trace.hoverinfo == "skip":
            continue
        assert trace.hovertemplate == "%{customdata}<extra></extra>", (trace.name, trace.hovertemplate)


# --------------------------------------------------------------------------- palette


def test_palette_covers_every_estado_and_semaforo_with_distinct_colours_and_icons():
    assert set(palette.ESTADO_COLORS) == set(ESTADOS) == set(palette.ESTADO_ICONS) == set(palette.ESTADO_TEXT_COLORS)
    assert len(set(palette.ESTADO_COLORS.values())) == len(ESTADOS)
    assert len(set(palette.ESTADO_ICONS.values())) == len(ESTADOS)
    assert set(palette.SEMAFORO_COLORS) == set(SEMAFOROS) == set(palette.SEMAFORO_ICONS)
    assert len(set(palette.SEMAFORO_COLORS.values())) == len(SEMAFOROS)
    # Okabe–Ito colours only (plus its grey).
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999"}
    assert set(palette.ESTADO_COLORS.values()) | set(palette.SEMAFORO_COLORS.values()) <= okabe_ito


def test_palette_labels_read_without_colour():
    assert palette.estado_label("Vencida") == "⚠ Vencida"
    assert palette.estado_label("Cumplida") == "✔ Cumplida"
    # One label per zone, the same as the report's: «Alta (verde)», «Media (amarillo)», «Baja (rojo)».
    assert palette.semaforo_label(87.5, "verde") == "🟢 87,5 % · Alta (verde)"
    assert palette.semaforo_label(59.94, "rojo") == "🔴 59,9 % · Baja (rojo)"
    assert palette.semaforo_label(100.0, "verde") == "🟢 100 % · Alta (verde)"
    assert palette.semaforo_label(28.25, "rojo") == "🔴 28,3 % · Baja (rojo)"  # half up, as by hand
    assert palette.semaforo_label(float("nan"), None) == "No evaluada al corte"
    assert palette.semaforo_label(None, None) == "No evaluada al corte"
    assert palette.semaforo_label(pd.NA, "verde", palette.SIN_EVALUADAS) == "Sin actividades evaluadas al corte"
    assert palette.semaforo_color(None) == palette.SIN_SEMAFORO_COLOR
    assert palette.semaforo_legend("amarillo", 60, 80) == "🟡 Amarillo · media (60 % a < 80 %)"
    assert palette.zona_label("rojo") == "🔴 Baja (rojo)"
    # «Cumplimiento del cronograma» never carries a zone's word or icon.
    assert palette.cumplimiento_label(73.125) == "73,1 %"
    assert palette.cumplimiento_label(float("nan")) == "Sin avance esperado"
    assert palette.NEUTRAL not in palette.SEMAFORO_COLORS.values()


def test_formatting_helpers():
    assert formatting.month_span(date(2018, 3, 1), date(2018, 3, 1)) == "mar 2018"
    assert formatting.month_span(date(2018, 1, 1), date(2019, 1, 1)) == "ene 2018 – ene 2019"
    assert formatting.plural(1, "actividad") == "1 actividad"
    assert formatting.plural(3, "actividad") == "3 actividades"
    assert formatting.plural(2, "mes") == "2 meses"
    assert formatting.plural(1200, "actividad") == "1.200 actividades"
    assert formatting.truncate("abc", 5) == "abc"
    assert formatting.truncate("abcdef ghij", 8) == "abcdef…"
    assert len(formatting.truncate("x" * 100, 60)) == 60
    text = "Actualizar canales multimedia para presentar contenidos de la gestión"
    wrapped = formatting.wrap(text, 20)
    assert wrapped.replace("<br>", " ") == text
    assert all(len(line) <= 20 for line in wrapped.split("<br>"))


# --------------------------------------------------------------------------- Gantt


def test_gantt_one_segment_per_run_of_consecutive_months(gantt):
    bars = segments(gantt)
    # 2.5: months 3, 6, 9, 11 -> four one-month bars, from the 1st to the end of each month.
    assert [(s.date(), e.date()) for s, e, _ in bars["2.5"]] == [
        (date(2018, 3, 1), date(2018, 4, 1)),
        (date(2018, 6, 1), date(2018, 7, 1)),
        (date(2018, 9, 1), date(2018, 10, 1)),
        (date(2018, 11, 1), date(2018, 12, 1)),
    ]
    # 2.2: months 1–13 -> one bar, 1 January 2018 to the end of January 2019.
    assert [(s.date(), e.date()) for s, e, _ in bars["2.2"]] == [(date(2018, 1, 1), date(2019, 2, 1))]
    # 2.7: months 4, 7, 10 -> three bars; 4.2: months 1–2 -> one bar; 2.1: months 9–10 -> one bar.
    assert len(bars["2.7"]) == 3
    assert [(s.date(), e.date()) for s, e, _ in bars["4.2"]] == [(date(2018, 1, 1), date(2018, 3, 1))]
    assert [(s.date(), e.date()) for s, e, _ in bars["2.1"]] == [(date(2018, 9, 1), date(2018, 11, 1))]
    # Total: one bar per run of the whole cronograma.
    assert sum(len(v) for v in bars.values()) == 1 + 1 + 1 + 1 + 4 + 2 + 3 + 1 + 2 + 3 + 1 + 1 + 1


def test_gantt_only_scheduled_activities_in_plan_order(gantt, evaluated):
    rows = activity_rows(gantt)
    assert sorted(rows, key=rows.get) == SOURCE_SCHEDULE_IDS  # the 13 scheduled ones, top to bottom
    assert set(segments(gantt)) == set(SOURCE_SCHEDULE_IDS)
    unscheduled = set(evaluated.loc[evaluated["dias_programados"] == 0, "id"])
    assert unscheduled == {"1.1", "1.2", "1.3", "1.4", "1.5", "3.1"}
    assert not unscheduled & set(rows)
    # y runs top to bottom (reversed range), one header row per subcomponent above its activities.
    low, high = gantt.layout.yaxis.range
    assert low > high
    headers = {y: t for y, t in row_labels(gantt).items() if " · " not in t}
    assert sorted(headers.items()) == [(0, "<b>Diálogo</b>"), (9, "<b>Incentivos</b>"), (11, "<b>Evaluación y seguimiento</b>")]
    assert rows["2.1"] == 1 and rows["3.2"] == 10 and rows["4.1"] == 12


def test_gantt_labels_truncated_with_full_text_in_hover(gantt, evaluated):
    labels = [t for t in gantt.layout.yaxis.ticktext if " · " in t]
    assert all(len(label) <= figures.GANTT_LABEL_CHARS for label in labels)
    assert any(label.endswith("…") for label in labels)
    full = evaluated.set_index("id").loc["2.5", "actividad"]
    assert len(full) > figures.GANTT_LABEL_CHARS
    hovers = [unwrap(h) for t in estado_traces(gantt) for h in t.customdata if h.startswith("<b>2.5 · ")]
    assert len(hovers) == 4  # one per segment, all the same text
    hover = hovers[0]
    assert full in hover
    assert "Programada: mar 2018; jun 2018; sep 2018 y nov 2018 (4 meses)" in hover
    assert "Estado: <b>▶ En ejecución</b>" in hover
    # Not due at 31/08 (its schedule ends in November): its % de avance has no zone yet.
    # 61 of its 121 scheduled days have elapsed: 50,4 % expected, 50 reported -> 99,2 % of schedule.
    assert "% de avance: <b>50 % · no evaluada al corte</b>" in hover and "Avance esperado: 50,4 %" in hover
    assert "Cumplimiento del cronograma: 99,2 %" in hover
    hover_24 = next(unwrap(h) for t in estado_traces(gantt) for h in t.customdata if h.startswith("<b>2.4 · "))
    assert "Programada: ene 2018 – ene 2019 (13 meses)" in hover_24
    # 243 of its 396 scheduled days: 61,4 % expected, 45 reported -> 73,3 % of schedule.
    assert "Avance esperado: 61,4 %" in hover_24 and "% de avance: <b>45 % · no evaluada al corte</b>" in hover_24
    assert "Cumplimiento del cronograma: 73,3 %" in hover_24
    assert "amarillo" not in hover_24 and "🟡" not in hover_24
    hover_42 = next(unwrap(h) for t in estado_traces(gantt) for h in t.customdata if h.startswith("<b>4.2 · "))
    assert "% de avance: <b>🟢 90 % · Alta (verde)</b>" in hover_42  # ended in February: evaluated


def test_gantt_traces_are_the_estados_once_each_in_order(gantt, evaluated):
    traces = estado_traces(gantt)
    metas = [t.meta for t in traces]
    assert len(metas) == len(set(metas))
    assert metas == [e for e in ESTADOS if e in metas]
    scheduled = evaluated[evaluated["dias_programados"] > 0]
    assert set(metas) == set(scheduled["estado"]) == {"En ejecución", "Atrasada", "Por iniciar", "Vencida"}
    for trace in traces:
        assert trace.name == palette.estado_label(trace.meta)
        assert trace.marker.color == palette.ESTADO_COLORS[trace.meta]
        assert trace.orientation == "h"
    # What is behind is told without colour too: a fill pattern on its bars and its icon on its row.
    patterns = {t.meta: t.marker.pattern.shape for t in traces}
    assert patterns == {"En ejecución": None, "Atrasada": "/", "Por iniciar": None, "Vencida": "x"}
    icons = {t.meta: set(t.text) if t.text is not None else set() for t in traces}
    assert icons == {"En ejecución": set(), "Atrasada": {"⚑"}, "Por iniciar": set(), "Vencida": {"⚠"}}
    assert {t.meta: t.textposition for t in traces if t.text is not None} == {"Atrasada": "inside",
                                                                                "Vencida": "inside"}
    # Only the estado traces show in the legend.
    assert [t.name for t in gantt.data if t.showlegend is not False] == [t.name for t in traces]
    # Each activity's bars carry its own estado.
    estado = evaluated.set_index("id")["estado"]
    for activity, bars in segments(gantt).items():
        assert {e for _, _, e in bars} == {estado[activity]}
    assert segments(gantt)["4.2"][0][2] == "Vencida"


def test_gantt_cut_line_and_spanish_month_ticks(gantt, plan):
    lines = [s for s in gantt.layout.shapes if s.type == "line" and s.name == "corte"]
    assert len(lines) == 1
    line = lines[0]
    assert line.x0 == line.x1 and str(line.x0).startswith("2018-08-31")
    assert (line.yref, line.y0, line.y1) == ("paper", 0, 1)
    assert any(a.text and "Corte: 31/08/2018" in a.text for a in gantt.layout.annotations)
    for axis in (gantt.layout.xaxis, gantt.layout.xaxis2):
        assert [unwrap(t) for t in axis.ticktext] == MONTHS_2018
        assert len(axis.tickvals) == plan.parametros.meses
    xaxis = gantt.layout.xaxis
    assert xaxis.type == "date" and xaxis.tickmode == "array"
    assert [str(v)[:10] for v in xaxis.range] == ["2018-01-01", "2019-02-01"]
    # Each label sits inside its month.
    for value, label in zip(xaxis.tickvals, xaxis.ticktext, strict=True):
        assert formatting.short_month(pd.Timestamp(value).date()) == unwrap(label)


def test_gantt_shows_reported_progress_per_row(gantt, evaluated):
    rows = activity_rows(gantt)
    progress = dict(zip(gantt.layout.yaxis2.tickvals, gantt.layout.yaxis2.ticktext, strict=True))
    by_id = evaluated.set_index("id")
    assert progress[rows["2.4"]] == "45 %"
    assert progress[rows["4.2"]] == "🟢 90 %"  # the only activity due at 31/08 carries its zone's icon
    assert progress[rows["2.1"]] == "0 %"
    assert set(progress) == set(rows.values())  # no progress on header rows
    for activity, y in rows.items():
        assert progress[y].endswith(formatting.percent(by_id.loc[activity, "avance_reportado"], 0))
        assert (progress[y] != formatting.percent(by_id.loc[activity, "avance_reportado"], 0)) == bool(
            by_id.loc[activity, "evaluada"])
    assert gantt.layout.yaxis2.overlaying == "y" and gantt.layout.yaxis2.side == "right"
    assert list(gantt.layout.yaxis2.range) == list(gantt.layout.yaxis.range)


def test_gantt_height_grows_with_rows(plan, evaluated, gantt):
    rows = len(gantt.layout.yaxis.tickvals)
    assert rows == 13 + 3
    assert gantt.layout.height == rows * figures.GANTT_ROW_PX + 180
    dialogo = evaluated[evaluated["subcomponente"] == "Diálogo"]
    small = figures.gantt(dialogo, plan.cronograma, plan.parametros, CORTE)
    assert len(small.layout.yaxis.tickvals) == 8 + 1
    assert small.layout.height < gantt.layout.height


def test_gantt_is_spanish(gantt):
    assert gantt.layout.title.text == "<b>Cronograma de actividades · corte 31/08/2018</b>"
    assert gantt.layout.template.layout.plot_bgcolor == pio.templates["plotly_white"].layout.plot_bgcolor
    assert gantt.layout.legend.orientation == "h"
    assert_spanish(gantt)


@pytest.mark.parametrize("which", ["no rows", "unscheduled only", "empty cronograma"])
def test_gantt_without_scheduled_activities_says_so_in_spanish(plan, evaluated, which):
    rows, cronograma = evaluated, plan.cronograma
    if which == "no rows":
        rows = evaluated.iloc[:0]
    elif which == "unscheduled only":
        rows = evaluated[evaluated["dias_programados"] == 0]
    else:
        cronograma = plan.cronograma.iloc[:0]
    fig = figures.gantt(rows, cronograma, plan.parametros, CORTE)
    assert [t for t in fig.data if t.type == "bar"] == []
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["No hay actividades programadas con los filtros actuales."]
    note = fig.layout.annotations[0]
    assert (note.x, note.y, note.xref, note.yref) == (0.5, 0.5, "paper", "paper")
    assert fig.layout.separators == ",."


def test_gantt_cut_outside_the_period_is_pinned_to_the_edge(plan):
    late = date(2019, 3, 15)
    fig = figures.gantt(engine.evaluate(plan, late), plan.cronograma, plan.parametros, late)
    line = next(s for s in fig.layout.shapes if s.name == "corte")
    assert str(line.x0).startswith("2019-02-01")
    assert any("Corte: 15/03/2019" in (a.text or "") for a in fig.layout.annotations)


def _big(plan, evaluated, n: int):
    """``n`` scheduled activities: the shipped ones repeated under new ids and subcomponents."""
    scheduled = evaluated[evaluated["dias_programados"] > 0]
    parts, schedules = [], []
    for copy in range(math.ceil(n / len(scheduled))):
        part = scheduled.assign(id=scheduled["id"] + f".{copy}", subcomponente=scheduled["subcomponente"] + f" {copy // 10}")
        parts.append(part)
        schedules.append(plan.cronograma.assign(actividad_id=plan.cronograma["actividad_id"] + f".{copy}"))
    return pd.concat(parts, ignore_index=True).iloc[:n], pd.concat(schedules, ignore_index=True)


def test_gantt_builds_2000_rows_within_a_cpu_budget(plan, evaluated):
    rows, cronograma = _big(plan, evaluated, 2000)
    best = math.inf
    for _ in range(3):
        start = time.process_time()  # CPU time, not wall-clock: the machine may be busy
        fig = figures.gantt(rows, cronograma, plan.parametros, CORTE)
        best = min(best, time.process_time() - start)
    assert len(activity_rows(fig)) == 2000
    assert len(estado_traces(fig)) == 4  # one trace per estado, not one per bar
    assert best < 2.0, f"{best:.2f} s de CPU"  # about 0.2 s here; the benchmark tracks the figure


# --------------------------------------------------------------------------- per office


def test_estado_por_dependencia_counts_every_office(evaluated, members, plan):
    fig = figures.estado_por_dependencia(evaluated, members)
    offices = [unwrap(t) for t in fig.layout.yaxis.ticktext]
    assert offices == plan.dependencias  # every office, Plan.dependencias order, "Todas" last
    by_office = measure.aggregate_by_office(evaluated, members, plan.parametros)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.meta for t in bars] == [e for e in ESTADOS if by_office[e].sum() > 0]
    for trace in bars:
        assert trace.name == palette.estado_label(trace.meta)
        assert trace.marker.color == palette.ESTADO_COLORS[trace.meta]
        assert list(trace.x) == by_office[trace.meta].tolist()
        assert list(trace.text) == [str(c) if c else "" for c in by_office[trace.meta]]
    assert fig.layout.barmode == "stack"
    assert fig.layout.xaxis.title.text == "Número de actividades"
    planeacion = offices.index("Secretaría de Planeación")
    assert sum(t.x[planeacion] for t in bars) == 12
    totals = next(t for t in fig.data if t.type == "scatter")
    assert unwrap(totals.text[planeacion]) == "<b>12</b>"
    hover = next(t for t in bars if t.meta == "Vencida").customdata[planeacion]
    assert hover == "<b>Secretaría de Planeación</b><br>⚠ Vencida: 1 actividad de 12"
    assert_spanish(fig)


def test_estado_por_dependencia_respects_filtered_members(evaluated, members):
    only = members[members["dependencia"] == "Dirección de Talento Humano"]
    fig = figures.estado_por_dependencia(evaluated, only)
    assert [unwrap(t) for t in fig.layout.yaxis.ticktext] == ["Dirección de Talento Humano"]
    empty = figures.estado_por_dependencia(evaluated, members.iloc[:0])
    assert [a.text for a in empty.layout.annotations] == [figures.NO_DATA]


def test_avance_por_dependencia(evaluated, members, plan):
    by_office = measure.aggregate_by_office(evaluated, members, plan.parametros)
    fig = figures.avance_por_dependencia(by_office, plan.parametros)
    assert [unwrap(t) for t in fig.layout.yaxis.ticktext] == plan.dependencias
    bars = [t for t in fig.data if t.type == "bar"]
    # At 31/08 only 4.2 (90 %) is due: Planeación and Apoyo a la Gestión carry it.
    assert [t.meta for t in bars] == ["verde"]
    texts = {plan.dependencias[int(y)]: t for y, t in zip(bars[0].y, bars[0].text, strict=True)}
    assert texts == {"Secretaría de Apoyo a la Gestión": "🟢 90 % · Alta (verde)",
                     "Secretaría de Planeación": "🟢 90 % · Alta (verde)"}
    assert bars[0].marker.color == palette.SEMAFORO_COLORS["verde"]
    assert bars[0].name == "🟢 Verde · alta (≥ 80 %)"
    hover = unwrap(bars[0].customdata[0])
    assert "1 de 7 actividades evaluadas" in hover and "Cumplimiento del cronograma: 88,5 %" in hover  # Apoyo: (75,41 + 90 + 100) / 3
    thresholds = sorted((s.x0, s.name) for s in fig.layout.shapes)
    assert thresholds == [(60.0, "umbral amarillo"), (80.0, "umbral verde")]
    assert all(s.line.dash == "dash" for s in fig.layout.shapes)
    labels = sorted(a.text for a in fig.layout.annotations if a.name.startswith("umbral"))
    assert labels == ["Umbral amarillo: 60 %", "Umbral verde: 80 %"]
    assert_spanish(fig)


def test_avance_keeps_offices_without_evaluated_activities(plan, members):
    # At 30 April 2018 only 4.2 (Planeación, Apoyo a la Gestión) is due.
    evaluated = engine.evaluate(plan, date(2018, 4, 30))
    by_office = measure.aggregate_by_office(evaluated, members, plan.parametros)
    assert by_office["avance"].isna().sum() == 4
    fig = figures.avance_por_dependencia(by_office, plan.parametros)
    assert [unwrap(t) for t in fig.layout.yaxis.ticktext] == plan.dependencias
    missing = next(t for t in fig.data if t.type == "scatter")
    names = [plan.dependencias[int(y)] for y in missing.y]
    assert names == ["Dirección de Comunicaciones y Relaciones Públicas", "Dirección de Talento Humano",
                     "Secretaría Administrativa", "Todas las dependencias"]
    assert all("Sin actividades evaluadas al corte" in text for text in missing.text)
    assert list(missing.x) == [0, 0, 0, 0]
    # The words are drawn on a white ground above the dashed threshold lines, in short lines.
    words = [a for a in fig.layout.annotations if a.name == "sin evaluadas"]
    assert sorted(a.y for a in words) == sorted(missing.y)
    assert all(a.bgcolor == "#FFFFFF" and a.text == "⚪ Sin actividades<br>evaluadas al corte" for a in words)
    assert all(s.layer == "below" for s in fig.layout.shapes)
    assert_spanish(fig)


def test_avance_colours_each_zone_and_custom_thresholds():
    frame = pd.DataFrame({
        "dependencia": ["A", "B", "C", "D"],
        "actividades": [1, 2, 3, 4],
        "evaluadas": [1, 2, 0, 4],
        "avance": [45.25, 72.5, float("nan"), 95.0],
        "semaforo": ["rojo", "amarillo", None, "verde"],
        "cumplimiento_cronograma": [50.0, 80.0, float("nan"), 100.0],
    })
    parametros = Parametros(umbral_amarillo=50.0, umbral_verde=75.5)
    fig = figures.avance_por_dependencia(frame, parametros)
    bars = {t.meta: t for t in fig.data if t.type == "bar"}
    assert list(bars) == ["verde", "amarillo", "rojo"]
    # 45,25 rounds half up to 45,3, as the report and the JSON round it.
    assert list(bars["rojo"].y) == [0] and list(bars["rojo"].text) == ["🔴 45,3 % · Baja (rojo)"]
    assert list(bars["amarillo"].text) == ["🟡 72,5 % · Media (amarillo)"]
    assert bars["amarillo"].marker.color == palette.SEMAFORO_COLORS["amarillo"]
    assert bars["amarillo"].name == "🟡 Amarillo · media (50 % a < 75,5 %)"
    assert sorted(s.x0 for s in fig.layout.shapes) == [50.0, 75.5]
    assert "Umbral verde: 75,5 %" in [a.text for a in fig.layout.annotations]
    assert all(t.width == bars["verde"].width for t in bars.values())


def test_avance_por_subcomponente(evaluated, plan):
    by_sub = measure.aggregate(evaluated, plan.parametros, by="subcomponente")
    fig = figures.avance_por_subcomponente(by_sub, plan.parametros)
    assert [unwrap(t) for t in fig.layout.yaxis.ticktext] == plan.subcomponentes
    assert fig.layout.title.text == "<b>Avance por subcomponente</b>"
    missing = next(t for t in fig.data if t.type == "scatter")
    assert [plan.subcomponentes[int(y)] for y in missing.y] == ["Información", "Diálogo", "Incentivos"]
    bars = next(t for t in fig.data if t.type == "bar")
    assert dict(zip(bars.y, bars.text, strict=True)) == {3: "🟢 90 % · Alta (verde)"}  # Evaluación y seguimiento: 4.2
    assert_spanish(fig)
    empty = figures.avance_por_subcomponente(by_sub.iloc[:0], plan.parametros)
    assert [a.text for a in empty.layout.annotations] == [figures.NO_DATA]


# --------------------------------------------------------------------------- plan-wide


def test_estados_from_evaluated_or_aggregate(evaluated, plan):
    counts = evaluated["estado"].value_counts()
    fig = figures.estados(evaluated)
    bar = fig.data[0]
    assert [unwrap(t) for t in fig.layout.yaxis.ticktext] == [palette.estado_label(e) for e in ESTADOS]
    assert list(bar.x) == [int(counts.get(e, 0)) for e in ESTADOS] == [1, 4, 3, 5, 1, 5]
    assert list(bar.marker.color) == [palette.ESTADO_COLORS[e] for e in ESTADOS]
    assert bar.text[1] == "4 · 21,1 %"
    assert_spanish(fig)
    total = measure.aggregate(evaluated, plan.parametros)
    for source in (total, total.iloc[0], measure.aggregate(evaluated, plan.parametros, by="subcomponente")):
        assert list(figures.estados(source).data[0].x) == list(bar.x)
    empty = figures.estados(evaluated.iloc[:0])
    assert [a.text for a in empty.layout.annotations] == [figures.NO_DATA]


def test_indicador(evaluated, plan):
    total = measure.aggregate(evaluated, plan.parametros).iloc[0]
    fig = figures.indicador(total["avance"], total["semaforo"], plan.parametros)
    texts = [a.text for a in fig.layout.annotations]
    assert fig.layout.title.text == "<b>Avance del plan</b>"
    assert "<b>90 %</b>" in texts
    assert "🟢 Alta (verde)" in texts
    gauge = fig.data[0].gauge
    assert [tuple(s.range) for s in gauge.steps] == [(0, 60), (60, 80), (80, 100)]
    assert list(gauge.axis.ticktext) == ["0 %", "60 %", "80 %", "100 %"]
    assert gauge.bar.color == palette.SEMAFORO_COLORS["verde"]
    assert_spanish(fig)
    nothing = figures.indicador(float("nan"), None, plan.parametros)
    assert "<b>Sin actividades evaluadas al corte</b>" in [a.text for a in nothing.layout.annotations]


def test_avance_at_zero_still_shows_its_label(plan, members):
    # At 31/12 Comunicaciones' only Evaluación activity (4.4, January 2019) is evaluated at 0 %.
    evaluated = engine.evaluate(plan, date(2018, 12, 31))
    evaluated = evaluated[evaluated["subcomponente"] == "Evaluación y seguimiento"]
    by_office = measure.aggregate_by_office(evaluated, members, plan.parametros)
    fig = figures.avance_por_dependencia(by_office, plan.parametros)
    offices = [unwrap(t) for t in fig.layout.yaxis.ticktext]
    zero = next(t for t in fig.data if t.name == "cero")
    assert [offices[int(y)] for y in zero.y] == ["Dirección de Comunicaciones y Relaciones Públicas"]
    assert list(zero.text) == ["🔴 0 % · Baja (rojo)"]

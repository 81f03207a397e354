"""Plotly figures of the dashboard, pure functions of the engine's frames (no Streamlit).

Every word a user sees is Spanish: titles, axis labels, legends, hover texts (built as
preformatted strings in ``customdata``, never Plotly's own ``%{x}`` formatting) and month
names (explicit ``tickvals``/``ticktext``). Numbers use the decimal comma
(``layout.separators = ",."``) and :mod:`rendicion.common.formatting`. Colours and icons come
from :mod:`rendicion.followup.palette`. Toolbar/config options are left to the app.

The app should pass ``theme=None`` to ``st.plotly_chart``: Streamlit's own theme would
replace fonts, the template and the colours of the figures.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rendicion.common import formatting
from rendicion.followup import palette
from rendicion.followup.engine import ESTADOS, SEMAFOROS
from rendicion.followup.measure import aggregate_by_office
from rendicion.plan.model import Parametros

FONT_FAMILY = '"Source Sans Pro", "Source Sans 3", "Segoe UI", Arial, sans-serif'
FONT_SIZE = 13
TEMPLATE = "plotly_white"
SEPARATORS = ",."

#: Gantt geometry: pixels per row, maximum label length (characters).
GANTT_ROW_PX = 26
GANTT_LABEL_CHARS = 60
#: Message of a Gantt without scheduled activities.
GANTT_EMPTY = "No hay actividades programadas con los filtros actuales."
#: Message of the other charts when there is nothing to show.
NO_DATA = "No hay actividades con los filtros actuales."

_TITLE_PX = 12  # distance from the top of the figure to the title
_LEGEND_PX = 42  # distance from the top of the figure to the legend
_HEADER_BAND = "rgba(38, 39, 48, 0.06)"
_GRID = "rgba(38, 39, 48, 0.12)"
_CUT_COLOR = "#000000"
_MUTED = "#595959"  # secondary text, 7:1 on white
_HOVER_WIDTH = 70  # characters per hover line
_BAR_WIDTH = 0.62  # bar thickness, in rows
#: Narrowest bar of the Gantt, as a share of the axis (a one-day activity on a 13-month axis: about 3 days).
MIN_BAR_SHARE = 1 / 120
_GANTT_LABEL_PAD_PX = 16  # between the longest row label and the figure's left edge
_GANTT_MAX_LEFT_PX = 480  # a 60-character label of capitals still fits


# --------------------------------------------------------------------------- shared layout


def _escape(text: object) -> str:
    """User text made safe for Plotly's pseudo-HTML labels."""
    return html.escape(str(text), quote=False)


def _frame(fig: go.Figure, title: str, height: int, *, top: int, legend: bool = True, bottom: int = 50,
           left: int = 10, right: int = 20) -> go.Figure:
    """Common layout: Spanish separators, fonts, white template, title and legend pinned in pixels.

    The title sits ``_TITLE_PX`` below the top edge, the horizontal legend ``_LEGEND_PX``
    below it, whatever the figure's height; ``top`` is the top margin (room for both and
    for anything drawn above the plot area).
    """
    fig.update_layout(
        separators=SEPARATORS,
        height=height,
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=palette.TEXT),
        title=dict(
            text=f"<b>{_escape(title)}</b>",
            x=0,
            xref="container",
            xanchor="left",
            y=1 - _TITLE_PX / height,
            yref="container",
            yanchor="top",
            pad=dict(l=12),
            font=dict(size=17),
        ),
        showlegend=legend,
        legend=dict(
            orientation="h",
            x=0,
            xref="container",
            xanchor="left",
            y=1 - _LEGEND_PX / height,
            yref="container",
            yanchor="top",
            traceorder="normal",
            font=dict(size=13),
            itemclick=False,
            itemdoubleclick=False,
            bgcolor="rgba(0,0,0,0)",
        ),
        margin=dict(l=left, r=right, t=top, b=bottom, pad=4),
        hoverlabel=dict(align="left", bgcolor="white", font=dict(family=FONT_FAMILY, size=13, color=palette.TEXT)),
        bargap=0.35,
    )
    _set_template(fig)  # after the update: updating a layout that holds a template is slower
    return fig


def _set_template(fig: go.Figure) -> None:
    """Give ``fig`` the registered :data:`TEMPLATE` without validating it again.

    Setting ``template="plotly_white"`` re-validates the whole template on every figure: about
    15 of the 22 ms a small figure costs, four times per Resumen rerun (measured by
    ``python -m bench.capacity``). The registered template is validated once, when Plotly
    registers it; this assigns it the way Plotly applies its own default template
    (``BaseFigure._initialize_layout_template``), with the layout's validation off meanwhile."""
    import plotly.io as pio

    layout = fig.layout
    if not getattr(fig, "_allow_disable_validation", False):  # a Plotly without the switch: validate
        layout.template = TEMPLATE
        return
    layout._validate = False
    try:
        layout.template = pio.templates[TEMPLATE]
    finally:
        layout._validate = fig._validate


def _empty_figure(title: str, message: str, height: int = 260) -> go.Figure:
    """A figure holding only its title and a centred Spanish message."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=16, color=_MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _frame(fig, title, height, top=50, legend=False, bottom=20)


def _wrap_label(text: str, width: int = 34) -> str:
    """A category label wrapped on two lines at most (spaces become ``<br>``), escaped."""
    return formatting.wrap(_escape(text), width)


# --------------------------------------------------------------------------- Gantt


def _runs(evaluated: pd.DataFrame, cronograma: pd.DataFrame) -> pd.DataFrame:
    """The scheduled intervals to draw: columns pos, inicio, fin (``datetime64[D]``, inclusive).

    ``pos`` is the activity's position in ``evaluated`` (plan order); intervals of unknown
    activities, without dates or ending before they start are left out; repeated ones
    count once. Sorted by position and first day.
    """
    ids = pd.Index(evaluated["id"].astype(str))
    frame = pd.DataFrame({
        "pos": ids.get_indexer(cronograma["actividad_id"].astype(str)),
        "inicio": _as_days(cronograma["inicio"]),
        "fin": _as_days(cronograma["fin"]),
    })
    frame = frame[(frame["pos"] >= 0) & frame["inicio"].notna() & frame["fin"].notna()]
    frame = frame[frame["fin"] >= frame["inicio"]]
    return frame.drop_duplicates().sort_values(["pos", "inicio"], kind="stable").reset_index(drop=True)


def _as_days(values: pd.Series) -> np.ndarray:
    """A column of dates as ``datetime64[D]`` (NaT where missing)."""
    return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce").to_numpy().astype("datetime64[D]")


def _month_axis(first: np.datetime64, months: int) -> dict:
    """x-axis of the schedule from month ``first`` (datetime64[M]) for ``months`` months.

    One Spanish label per month, centred, gridlines on month edges.
    """
    edges = (first + np.arange(months + 1).astype("timedelta64[M]")).astype("datetime64[D]")
    starts = edges[:-1]
    middles = starts + (edges[1:] - starts) // 2
    # Two lines ("ene<br>2018") so the thirteen labels stay horizontal at 1366 px.
    labels = [formatting.short_month(d.astype(object)).replace(" ", "<br>") for d in starts]
    return dict(
        type="date",
        range=[str(edges[0]), str(edges[-1])],
        tickmode="array",
        tickvals=[str(d) for d in middles],
        ticktext=labels,
        ticks="",
        showgrid=False,
        minor=dict(tickmode="array", tickvals=[str(d) for d in edges], showgrid=True, gridcolor=_GRID, ticks=""),
        side="top",
        tickfont=dict(size=12),
        zeroline=False,
        automargin=False,
    )


def _axis_months(parametros: Parametros, runs: pd.DataFrame) -> tuple[np.datetime64, int]:
    """First month and number of months of the Gantt: the plan period, widened to every interval drawn."""
    first = np.datetime64(parametros.fecha_inicio, "M")
    last = np.datetime64(parametros.fecha_fin, "M")
    if len(runs):
        first = min(first, runs["inicio"].min().to_datetime64().astype("datetime64[M]"))
        last = max(last, runs["fin"].max().to_datetime64().astype("datetime64[M]"))
    return first, int((last - first).astype(int)) + 1


#: Approximate advance widths (px at 12 px) of the Gantt's row labels in Arial / Liberation Sans,
#: the widest of the figure's fonts, for (regular, bold) text. See :func:`_label_width`.
_NARROW = set("ijlftI'.,;:·/[]|!íìïÍÌÏ ")
_SEMI = set("r()-*\"{}¡")
_WIDE = set("mwMW%@…—")
_CAPITAL_ROUND = set("GOQÓÒÖ")


def _label_width(text: str, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` at 12 px (Arial metrics, then 6 % more to be generous).

    The Gantt sets its left margin from this estimate instead of Plotly's ``automargin``:
    measuring 150 row labels in the browser took about half of the chart's drawing time.
    A capital letter of any script counts as a Latin capital; other characters outside Latin
    (other scripts' small letters, emoji) count as the widest Latin letters.
    """
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 4.0 if bold else 3.4
        elif ch in _SEMI:
            width += 4.7
        elif ch in _WIDE:
            width += 12.2
        elif ch in _CAPITAL_ROUND:
            width += 9.4
        elif ch.isupper():
            width += 8.7
        elif ch.isascii() or ch.isalpha() and ord(ch) < 0x250:
            width += 7.4 if bold else 6.7
        else:
            width += 12.2
    return width * 1.06


def _join(items: Sequence[str]) -> str:
    """Spanish enumeration: "a", "a y b", "a; b y c" (semicolons: items may hold commas)."""
    return formatting.join(items, "; ")


def gantt(evaluated: pd.DataFrame, cronograma: pd.DataFrame, parametros: Parametros, corte: date) -> go.Figure:
    """The schedule at day resolution, one row per scheduled activity.

    - Rows follow ``evaluated`` (plan order) top to bottom, under a bold header row (on a
      light band) per subcomponent; the label is "id · actividad" cut to about 60
      characters (the full text is in the hover). Activities without a scheduled month
      (in ``cronograma``) are left out.
    - One bar per interval of the cronograma, from the start of its first day to the end of
      its last day, coloured by the activity's estado: one trace per estado present, in
      :data:`ESTADOS` order, named "icon estado" (``meta`` = estado). A bar is drawn at least
      :data:`MIN_BAR_SHARE` of the axis wide, so that a one-day activity stays visible (its
      hover gives the real dates).
    - The months on the axis are the plan period (``parametros``), widened to any interval
      outside it (a «Fecha programada» in the next year).
    - A right-hand column (the ticks of a second y-axis) gives each activity's reported
      progress ("45 %"); the hover gives expected and reported progress and compliance.
    - A dashed vertical line marks the end of the cut day, labelled "Corte: dd/mm/aaaa".

    Height: ``GANTT_ROW_PX`` per row (activities and headers) plus 150 px.
    """
    title = f"Cronograma de actividades · corte {formatting.day(corte)}"
    rows = evaluated.drop_duplicates("id").reset_index(drop=True)
    runs = _runs(rows, cronograma)
    if runs.empty:
        return _empty_figure(title, GANTT_EMPTY)

    # Scheduled activities in plan order, with a header row before each change of subcomponent.
    positions = np.unique(runs["pos"].to_numpy())
    scheduled = rows.iloc[positions]
    subcomponent = scheduled["subcomponente"].astype(str).to_numpy()
    header_before = np.ones(len(scheduled), dtype=bool)
    header_before[1:] = subcomponent[1:] != subcomponent[:-1]
    y = np.arange(len(scheduled)) + np.cumsum(header_before)  # row of each activity
    header_y = y[header_before] - 1
    total_rows = len(scheduled) + int(header_before.sum())

    # Runs: dates and the activity (index into ``scheduled``) of each bar.
    run_activity = np.searchsorted(positions, runs["pos"].to_numpy())
    start = runs["inicio"].to_numpy().astype("datetime64[D]")
    stop = runs["fin"].to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")  # exclusive: the day after
    schedule_text: list[list[str]] = [[] for _ in range(len(scheduled))]
    day_count = np.zeros(len(scheduled), dtype=int)
    np.add.at(day_count, run_activity, (stop - start).astype(int))
    # Whole months (from a month's first day to a month's last day) are counted in months.
    first_of_month = start == start.astype("datetime64[M]").astype("datetime64[D]")
    ends_month = stop == stop.astype("datetime64[M]").astype("datetime64[D]")
    whole = first_of_month & ends_month
    month_count = np.zeros(len(scheduled), dtype=int)
    np.add.at(month_count, run_activity, np.where(
        whole, (stop.astype("datetime64[M]") - start.astype("datetime64[M]")).astype(int), 0))
    partial = np.zeros(len(scheduled), dtype=bool)
    np.logical_or.at(partial, run_activity, ~whole)
    for activity, a, b in zip(run_activity, start, stop, strict=True):
        schedule_text[activity].append(formatting.interval(a.astype(object), (b - 1).astype(object)))
    duration = [formatting.plural(int(day_count[k]), "día") if partial[k] else formatting.plural(int(month_count[k]), "mes")
                for k in range(len(scheduled))]

    # One hover text per activity, shared by its bars.
    ids = scheduled["id"].astype(str).to_numpy()
    texts = scheduled["actividad"].astype(str).to_numpy()
    estados = scheduled["estado"].astype(str).to_numpy()
    expected = scheduled["avance_esperado"].to_numpy(dtype=float)
    reported = scheduled["avance"].to_numpy(dtype=float)
    compliance = scheduled["cumplimiento_cronograma"].to_numpy(dtype=float)
    lights = scheduled["semaforo"].to_numpy(dtype=object)
    hover = np.array([
        f"<b>{_escape(ids[k])} · {_escape(subcomponent[k])}</b><br>"
        f"{formatting.wrap(_escape(texts[k]), _HOVER_WIDTH)}<br>"
        f"Programada: {_join(schedule_text[k])} ({duration[k]})<br>"
        f"Estado: <b>{palette.estado_label(estados[k])}</b><br>"
        f"% de avance: <b>{_avance_text(reported[k], lights[k])}</b><br>"
        f"Avance esperado: {formatting.percent(expected[k])}<br>"
        f"Cumplimiento del cronograma: {palette.cumplimiento_label(compliance[k])}"
        for k in range(len(scheduled))
    ], dtype=object)
    plain_labels = [formatting.truncate(f"{i} · {t}", GANTT_LABEL_CHARS) for i, t in zip(ids, texts, strict=True)]
    labels = [_escape(label) for label in plain_labels]
    headers = [str(s) for s in subcomponent[header_before]]
    # Row labels are measured here, not by Plotly (automargin), which is slow with many rows.
    label_px = max([_label_width(label) for label in plain_labels] + [_label_width(h, bold=True) for h in headers])
    left_margin = int(min(_GANTT_MAX_LEFT_PX, label_px + _GANTT_LABEL_PAD_PX))

    axis_first, axis_months = _axis_months(parametros, runs)
    x_start = str(axis_first.astype("datetime64[D]"))
    x_end = (axis_first + np.timedelta64(axis_months, "M")).astype("datetime64[D]")
    period_ms = int((x_end - np.datetime64(x_start)).astype("timedelta64[ms]").astype(np.int64))
    traces = [
        # Subcomponent header bands: one full-width light bar per header row.
        go.Bar(orientation="h", y=header_y, x=np.full(len(header_y), period_ms), base=[x_start] * len(header_y),
               width=1.0, marker=dict(color=_HEADER_BAND, line=dict(width=0)), hoverinfo="skip",
               showlegend=False, name="subcomponente"),
    ]
    run_estado = estados[run_activity]
    run_y = y[run_activity]
    run_hover = hover[run_activity]
    base = np.datetime_as_string(start, unit="D")
    length = (stop - start).astype("timedelta64[ms]").astype(np.int64)
    length = np.maximum(length, int(period_ms * MIN_BAR_SHARE))
    for estado in ESTADOS:
        mask = run_estado == estado
        if mask.any():
            traces.append(go.Bar(
                orientation="h",
                name=palette.estado_label(estado),
                legendgroup=estado,
                meta=estado,
                y=run_y[mask],
                x=length[mask],
                base=base[mask],
                marker=dict(color=palette.estado_color(estado), line=dict(width=0),
                            pattern=_late_pattern(estado)),
                customdata=run_hover[mask],
                hovertemplate="%{customdata}<extra></extra>",
                width=_BAR_WIDTH,
                **_late_mark(estado, int(mask.sum())),
            ))
    # Overlaying axes are only drawn when a trace uses them: an empty, invisible one draws the
    # progress column (yaxis2, right) and the months again below the rows (xaxis2, bottom).
    traces.append(go.Scatter(x=[None], y=[None], xaxis="x2", yaxis="y2", mode="markers", showlegend=False,
                             hoverinfo="skip", name="avance"))

    # Cut date: a line at the end of day D (the day is over at the cut), pinned to an edge when outside.
    cut_text = f"Corte: {formatting.day(corte)}"
    if np.datetime64(corte, "D") < np.datetime64(x_start, "D"):
        line_x, anchor, cut_text = x_start, "left", f"◀ {cut_text}"
    elif np.datetime64(corte, "D") >= x_end:
        line_x, anchor, cut_text = str(x_end), "right", f"{cut_text} ▶"
    else:
        line_x, anchor = f"{corte.isoformat()} 23:59:59", "left"
    shapes = [dict(type="line", xref="x", x0=line_x, x1=line_x, yref="paper", y0=0, y1=1, layer="above",
                   line=dict(color=_CUT_COLOR, width=2, dash="dash"), name="corte")]
    annotations = [
        dict(x=line_x, xref="x", y=1, yref="paper", yanchor="top", xanchor=anchor, xshift=4 if anchor == "left" else -4,
             text=f"<b>{cut_text}</b>", showarrow=False, bgcolor="rgba(255,255,255,0.85)",
             font=dict(size=12, color=_CUT_COLOR), name="corte"),
        dict(x=1, xref="paper", xanchor="left", xshift=6, y=1, yref="paper", yanchor="bottom", yshift=4,
             text="% de<br>avance", align="left", showarrow=False, font=dict(size=12), name="avance"),
    ]

    y_range = [total_rows - 0.5, -0.5]
    row_axis = dict(range=y_range, tickmode="array", showgrid=False, zeroline=False, ticks="",
                    tickfont=dict(size=12), automargin=False)
    layout = go.Layout(
        xaxis=_month_axis(axis_first, axis_months),
        xaxis2=dict(_month_axis(axis_first, axis_months), overlaying="x", side="bottom", matches="x", minor=None),
        yaxis=dict(row_axis, tickvals=np.concatenate([y, header_y]).tolist(),
                   ticktext=labels + [f"<b>{_escape(h)}</b>" for h in headers]),
        yaxis2=dict(row_axis, overlaying="y", side="right", matches="y", anchor="x", tickvals=y.tolist(),
                    ticktext=[f"{palette.semaforo_icon(z)} {formatting.percent(v, 0)}" if z else formatting.percent(v, 0)
                              for v, z in zip(reported, lights, strict=True)]),
        shapes=shapes,
        annotations=annotations,
        barmode="overlay",
        hovermode="closest",
    )
    fig = go.Figure(data=traces, layout=layout)
    height = total_rows * GANTT_ROW_PX + 180
    return _frame(fig, title, height, top=126, bottom=60, left=left_margin, right=70)


def _late_pattern(estado: str) -> dict | None:
    """The fill pattern of a late estado's bars (hatched «Atrasada», crossed «Vencida»), None otherwise."""
    shape = palette.ESTADO_PATTERNS.get(estado)
    return dict(shape=shape, fgcolor="#000000", fgopacity=0.45, size=7, solidity=0.25) if shape else None


def _late_mark(estado: str, bars: int) -> dict:
    """The estado's icon inside each bar of a late estado («⚑» Atrasada, «⚠» Vencida; the legend names
    them): not colour alone. Inside, so it never runs into the % de avance column at the right."""
    if estado not in palette.ESTADO_PATTERNS:
        return {}
    return dict(text=[palette.ESTADO_ICONS[estado]] * bars, textposition="inside", insidetextanchor="start",
                constraintext="none", textangle=0,
                textfont=dict(size=13, color=palette.ESTADO_TEXT_COLORS[estado]))


def _avance_text(reported: float, zone: str | None) -> str:
    """An activity's % de avance with its zone when evaluated: "🟢 90 % · Alta (verde)" or "40 % · no evaluada al corte"."""
    return palette.semaforo_label(reported, zone, f"{formatting.percent(reported)} · {palette.NO_EVALUADA.lower()}")


# --------------------------------------------------------------------------- per office / subcomponent


def _count_axis(maximum: float) -> dict:
    """x-axis of counts: integer ticks, room on the right for the totals."""
    axis = dict(title=dict(text="Número de actividades"), rangemode="tozero", range=[0, maximum * 1.1 + 0.6],
                tickformat=",d", gridcolor=_GRID, zeroline=False)
    if maximum <= 12:
        axis["dtick"] = 1
    return axis


def _category_axis(labels: Sequence[str]) -> dict:
    """y-axis listing ``labels`` top to bottom."""
    n = len(labels)
    return dict(range=[n - 0.5, -0.5], tickmode="array", tickvals=list(range(n)), ticktext=list(labels),
                showgrid=False, zeroline=False, ticks="", automargin=True)


def _category_height(n: int, top: int) -> int:
    return max(260, top + 60 + 44 * n)


def estado_por_dependencia(evaluated: pd.DataFrame, members: pd.DataFrame) -> go.Figure:
    """Activities per office and estado: horizontal stacked bars, counts in the segments.

    ``members`` is :func:`rendicion.followup.engine.membership` (possibly filtered); offices keep the
    order of :func:`rendicion.followup.measure.aggregate_by_office` (:attr:`Plan.dependencias`).
    """
    title = "Estado de las actividades por dependencia"
    by_office = aggregate_by_office(evaluated, members, Parametros())
    if by_office.empty:
        return _empty_figure(title, NO_DATA)
    offices = by_office["dependencia"].astype(str).tolist()
    positions = np.arange(len(offices))
    totals = by_office["actividades"].to_numpy(dtype=int)

    fig = go.Figure()
    for estado in ESTADOS:
        counts = by_office[estado].to_numpy(dtype=int)
        if not counts.any():
            continue
        hover = [
            f"<b>{_escape(office)}</b><br>{palette.estado_label(estado)}: "
            f"{formatting.plural(int(c), 'actividad')} de {formatting.number(int(t))}"
            for office, c, t in zip(offices, counts, totals, strict=True)
        ]
        fig.add_trace(go.Bar(
            orientation="h",
            name=palette.estado_label(estado),
            legendgroup=estado,
            meta=estado,
            y=positions,
            x=counts,
            text=[formatting.number(int(c)) if c else "" for c in counts],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont=dict(color=palette.ESTADO_TEXT_COLORS[estado], size=13),
            marker=dict(color=palette.estado_color(estado), line=dict(color="white", width=1)),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        y=positions, x=totals, mode="text", text=[f"<b>{formatting.number(int(t))}</b>" for t in totals],
        textposition="middle right", showlegend=False, hoverinfo="skip", cliponaxis=False, name="total",
    ))
    top = 80
    fig.update_layout(
        barmode="stack",
        xaxis=_count_axis(float(totals.max())),
        yaxis=_category_axis([_wrap_label(o) for o in offices]),
        uniformtext=dict(minsize=10, mode="hide"),
    )
    return _frame(fig, title, _category_height(len(offices), top), top=top)


def _avance_bars(frame: pd.DataFrame, column: str, parametros: Parametros, title: str,
                 group_name: str) -> go.Figure:
    """«Avance del plan» (0–100) per row of ``frame`` (a :mod:`rendicion.followup.measure` aggregate), coloured by zone."""
    if frame.empty:
        return _empty_figure(title, NO_DATA)
    names = frame[column].astype(str).tolist()
    positions = np.arange(len(names))
    values = frame["avance"].to_numpy(dtype=float)
    lights = frame["semaforo"].to_numpy(dtype=object)
    counts = frame["actividades"].to_numpy(dtype=int)
    evaluated = frame["evaluadas"].to_numpy(dtype=int)
    schedule = frame["cumplimiento_cronograma"].to_numpy(dtype=float)

    fig = go.Figure()
    for light in SEMAFOROS:
        mask = np.array([s == light for s in lights]) & ~np.isnan(values)
        if not mask.any():
            continue
        hover = [
            f"<b>{_escape(names[i])}</b><br>Avance: {palette.semaforo_label(values[i], light)}<br>"
            f"{formatting.number(int(evaluated[i]))} de {formatting.plural(int(counts[i]), 'actividad')} evaluadas "
            f"en {group_name}<br>Cumplimiento del cronograma: {palette.cumplimiento_label(schedule[i])}"
            for i in np.flatnonzero(mask)
        ]
        fig.add_trace(go.Bar(
            orientation="h",
            name=palette.semaforo_legend(light, parametros.umbral_amarillo, parametros.umbral_verde),
            legendgroup=light,
            meta=light,
            y=positions[mask],
            x=values[mask],
            text=[palette.semaforo_label(v, light) for v in values[mask]],
            # Inside the bar's end when it fits (the threshold lines run under the bars), else outside.
            textposition="auto",
            insidetextanchor="end",
            textangle=0,
            cliponaxis=False,
            insidetextfont=dict(size=13, color=palette.SEMAFORO_TEXT_COLORS[light]),
            outsidetextfont=dict(size=13, color=palette.TEXT),
            constraintext="none",
            width=_BAR_WIDTH,  # explicit: Plotly would derive it from the gaps between this trace's rows
            marker=dict(color=palette.semaforo_color(light), line=dict(width=0)),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        ))
    missing = np.isnan(values) | np.array([not s for s in lights])
    if missing.any():
        hover = [
            f"<b>{_escape(names[i])}</b><br>{palette.SIN_EVALUADAS}: ninguna de sus actividades se evalúa a este corte<br>"
            f"{formatting.plural(int(counts[i]), 'actividad')} en {group_name}"
            for i in np.flatnonzero(missing)
        ]
        # The trace carries the hover; the words are annotations on a white ground, above the dashed
        # threshold lines (which crossed them), in two short lines (one was cut off on a phone).
        fig.add_trace(go.Scatter(
            y=positions[missing], x=np.zeros(int(missing.sum())), mode="text",
            text=[f"{palette.SIN_SEMAFORO_ICON} {palette.SIN_EVALUADAS}"] * int(missing.sum()),
            textposition="middle right", textfont=dict(color="rgba(0,0,0,0)", size=13),
            name=palette.SIN_EVALUADAS, showlegend=False, cliponaxis=False,
            customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        ))
        for position in positions[missing]:
            fig.add_annotation(x=0, xref="x", y=int(position), yref="y", xanchor="left", showarrow=False,
                               text=f"{palette.SIN_SEMAFORO_ICON} {formatting.wrap(palette.SIN_EVALUADAS, 18)}",
                               align="left", bgcolor="#FFFFFF", font=dict(color=_MUTED, size=12),
                               name="sin evaluadas")
    # Plotly draws no text on a bar of length 0: a group evaluated at 0 % gets its label beside the axis.
    with np.errstate(invalid="ignore"):
        zero = ~missing & (values < 0.05)
    if zero.any():
        fig.add_trace(go.Scatter(
            y=positions[zero], x=np.zeros(int(zero.sum())), mode="text",
            text=[palette.semaforo_label(values[i], lights[i]) for i in np.flatnonzero(zero)],
            textposition="middle right", textfont=dict(color=palette.TEXT, size=13),
            name="cero", showlegend=False, cliponaxis=False, hoverinfo="skip",
        ))
    # Threshold lines; the amarillo label runs left of its line and the verde label right of
    # its line, so they never overlap.
    for threshold, light, anchor in ((parametros.umbral_amarillo, "amarillo", "right"),
                                     (parametros.umbral_verde, "verde", "left")):
        fig.add_shape(type="line", xref="x", x0=threshold, x1=threshold, yref="paper", y0=0, y1=1,
                      line=dict(color=palette.TEXT, width=1.5, dash="dash"), layer="below", name=f"umbral {light}")
        fig.add_annotation(x=threshold, xref="x", y=1, yref="paper", yanchor="bottom", xanchor=anchor, showarrow=False,
                           text=f"Umbral {light}: {formatting.percent(threshold)}", font=dict(size=11, color=_MUTED),
                           name=f"umbral {light}")
    top = 96
    fig.update_layout(
        xaxis=dict(title=dict(text="% de avance"), range=[0, 125], tickmode="array",
                   tickvals=[0, 20, 40, 60, 80, 100], ticktext=[formatting.percent(v) for v in (0, 20, 40, 60, 80, 100)],
                   gridcolor=_GRID, zeroline=False),
        yaxis=_category_axis([_wrap_label(n) for n in names]),
        barmode="overlay",
    )
    return _frame(fig, title, _category_height(len(names), top), top=top)


def avance_por_dependencia(by_office: pd.DataFrame, parametros: Parametros) -> go.Figure:
    """«Avance del plan» per office (:func:`rendicion.followup.measure.aggregate_by_office`), coloured by zone.

    Bars read "🟢 87,5 % · Alta (verde)"; an office without evaluated activities shows "Sin actividades
    evaluadas al corte"; dashed lines mark the amarillo and verde thresholds.
    """
    return _avance_bars(by_office, "dependencia", parametros, "Avance por dependencia", "la dependencia")


def avance_por_subcomponente(by_sub: pd.DataFrame, parametros: Parametros) -> go.Figure:
    """«Avance del plan» per subcomponent (:func:`rendicion.followup.measure.aggregate` with ``by="subcomponente"``)."""
    return _avance_bars(by_sub, "subcomponente", parametros, "Avance por subcomponente", "el subcomponente")


# --------------------------------------------------------------------------- plan-wide


def _estado_counts(data: pd.DataFrame | pd.Series) -> dict[str, int]:
    """Count per estado from an evaluate() frame (column ``estado``) or an aggregate row/frame."""
    if isinstance(data, pd.Series):
        return {e: int(data.get(e, 0) or 0) for e in ESTADOS}
    if "estado" in data.columns:
        counts = data["estado"].astype(str).value_counts()
        return {e: int(counts.get(e, 0)) for e in ESTADOS}
    return {e: int(pd.to_numeric(data[e], errors="coerce").fillna(0).sum()) if e in data.columns else 0
            for e in ESTADOS}


def estados(agg_row_or_evaluated: pd.DataFrame | pd.Series) -> go.Figure:
    """Activities per estado: one horizontal bar per estado (all five, in :data:`ESTADOS` order).

    Accepts an :func:`rendicion.followup.engine.evaluate` frame, an :func:`rendicion.followup.measure.aggregate`
    frame (its rows are summed) or one aggregate row (a Series).
    """
    title = "Actividades por estado"
    counts = _estado_counts(agg_row_or_evaluated)
    total = sum(counts.values())
    if total == 0:
        return _empty_figure(title, NO_DATA)
    values = np.array([counts[e] for e in ESTADOS])
    shares = [formatting.percent(100.0 * v / total) for v in values]
    text = [f"{formatting.number(int(v))} · {s}" for v, s in zip(values, shares, strict=True)]
    hover = [
        f"<b>{palette.estado_label(e)}</b><br>{formatting.plural(int(v), 'actividad')} de "
        f"{formatting.number(total)} ({s})"
        for e, v, s in zip(ESTADOS, values, shares, strict=True)
    ]
    fig = go.Figure(go.Bar(
        orientation="h",
        y=np.arange(len(ESTADOS)),
        x=values,
        text=text,
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        marker=dict(color=[palette.estado_color(e) for e in ESTADOS], line=dict(width=0)),
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        name="Actividades",
        showlegend=False,
    ))
    maximum = float(values.max())
    axis = _count_axis(maximum)
    axis["range"] = [0, maximum * 1.3 + 0.6]
    top = 50
    fig.update_layout(xaxis=axis, yaxis=_category_axis([palette.estado_label(e) for e in ESTADOS]))
    return _frame(fig, title, max(260, top + 60 + 36 * len(ESTADOS)), top=top, legend=False)


def indicador(value: float | None, semaforo: str | None, parametros: Parametros) -> go.Figure:
    """Gauge of «Avance del plan» with its three PAAC zones (tints of the palette)."""
    title = "Avance del plan"
    missing = value is None or bool(pd.isna(value))
    amarillo, verde = parametros.umbral_amarillo, parametros.umbral_verde
    bands = [
        dict(range=[0, amarillo], color="rgba(213, 94, 0, 0.22)"),
        dict(range=[amarillo, verde], color="rgba(230, 159, 0, 0.28)"),
        dict(range=[verde, 100], color="rgba(0, 158, 115, 0.25)"),
    ]
    ticks = sorted({0, amarillo, verde, 100})
    fig = go.Figure(go.Indicator(
        mode="gauge",
        value=0 if missing else float(value),
        gauge=dict(
            shape="angular",
            axis=dict(range=[0, 100], tickmode="array", tickvals=ticks,
                      ticktext=[formatting.percent(t) for t in ticks], tickfont=dict(size=12)),
            bar=dict(color=palette.semaforo_color(semaforo), thickness=0 if missing else 0.35),
            steps=bands,
            borderwidth=0,
        ),
        domain=dict(x=[0, 1], y=[0.12, 1]),
    ))
    # The number is an annotation, formatted like every other percentage ("100 %", "85,6 %").
    if missing:
        fig.add_annotation(text=f"<b>{palette.SIN_EVALUADAS}</b>", x=0.5, y=0.16, xref="paper", yref="paper",
                           showarrow=False, font=dict(size=16, color=_MUTED))
    else:
        fig.add_annotation(text=f"<b>{formatting.percent(value)}</b>", x=0.5, y=0.2, xref="paper", yref="paper",
                           showarrow=False, font=dict(size=34))
        fig.add_annotation(text=palette.zona_label(semaforo), x=0.5, y=0.03, xref="paper",
                           yref="paper", showarrow=False, font=dict(size=15))
    return _frame(fig, title, 280, top=50, legend=False, bottom=10, left=30, right=30)

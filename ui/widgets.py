"""Display pieces every page uses the same way: literal text, charts, activity tables and lists.

Nothing here computes: figures and numbers come from ``rendicion``. Workbook text reaches a
Streamlit string that renders Markdown only through :func:`literal`.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from rendicion.common import formatting
from rendicion.followup import palette
from rendicion.outputs import markdown

#: Plotly config for every chart: no mode bar. Streamlit's Plotly has no Spanish locale loaded, so the
#: bar's tooltips («Download plot as a png», «Zoom», «Reset axes») were English, and on a phone the
#: bar covered the chart's title. Every chart's data is downloadable beside it as CSV and Excel.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "displayModeBar": False,
    "locale": "es",
    "responsive": True,
}


def literal(text: object) -> str:
    """Workbook-derived text (entity, offices, subcomponents, IDs, notes, file names, messages
    that quote them) made literal for any Streamlit string that renders Markdown: titles,
    captions, st.markdown, messages, widget labels, help tooltips, metric labels and
    ``st.select_slider`` options. Not for ``st.selectbox``/``st.multiselect`` options,
    ``st.text``, ``st.code`` or dataframe cells: those show plain text (checked in Chromium),
    where the escapes would show. See :mod:`rendicion.outputs.markdown`."""
    return markdown.escape(text)


def count(number: int, singular: str, plural_form: str | None = None) -> str:
    """A count and its noun in agreement («1 actividad», «3 actividades»): :func:`formatting.plural`."""
    return formatting.plural(number, singular, plural_form)


def queue_message(place: int, slots: int) -> str:
    """What an upload waiting for a validation slot says: its place in the queue (1 = next)."""
    ahead = "su libro es el siguiente" if place == 1 else (
        f"hay {formatting.plural(place - 1, 'libro')} esperando antes que el suyo")
    return (f"En cola: {ahead}. Se validan hasta {formatting.plural(slots, 'libro')} a la vez en todo el servidor; la validación "
            "empezará sola en cuanto haya turno. No cierre esta página.")


def plotly(figure, key: str | None = None) -> None:
    """Draw a Plotly figure with the shared config (never Plotly's English button bar).

    Screen readers get the chart's title as its name (Streamlit's ``alt``; without it a chart has none)."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None, alt=chart_name(figure))


def chart_name(figure) -> str | None:
    """The figure's title as plain text ("Avance por subcomponente"), for its accessible name."""
    title = getattr(getattr(figure.layout, "title", None), "text", None) or ""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(title))).strip()
    return text or None


#: Spanish labels and formats of the activity tables (see rendicion.followup.view.activity_table).
#: Percentages are shown as text written by :func:`spanish_cells` («45 %», «66,3 %», «Sin avance
#: esperado»): Streamlit's own percent format writes «49.77%» and a missing value as «None».
#: The widths (px) let ID, Actividad, Responsables, % de avance, Avance esperado and Estado fit at
#: 1366 px with the sidebar open; long texts wrap (the row height follows the longest).
ACTIVITY_COLUMNS = {
    "id": st.column_config.TextColumn("ID", width=48, pinned=True),
    "subcomponente": st.column_config.TextColumn("Subcomponente", width=200),
    "actividad": st.column_config.TextColumn("Actividad", width=320),
    "meta_indicador": st.column_config.TextColumn("Meta / indicador", width=220),
    "responsables": st.column_config.TextColumn("Responsables", width=190,
                                                help="La dependencia principal primero, luego las de apoyo."),
    "estado": st.column_config.TextColumn("Estado", width=118),
    "avance": st.column_config.TextColumn(
        "% de avance", width=88,
        help="El % verificado por Control Interno cuando lo hay; si no, el que reportó la dependencia."),
    "avance_reportado": st.column_config.TextColumn("% reportado por la dependencia", width=110),
    "avance_verificado": st.column_config.TextColumn(
        "% de avance verificado", width=110, help="El que verificó Control Interno (vacío si no lo ha verificado)."),
    "avance_esperado": st.column_config.TextColumn("Avance esperado", width=100),
    "cumplimiento_cronograma": st.column_config.TextColumn(
        "Cumplimiento del cronograma", width=150,
        help="Indicador secundario: avance reportado ÷ avance esperado por el cronograma (máximo 100 %). Sirve para "
             "ver las actividades atrasadas; no tiene zona."),
    "semaforo": st.column_config.TextColumn("Zona del % de avance", width=170,
                                            help="Zona del PAAC del % de avance de cada actividad evaluada al corte."),
    "evidencia": st.column_config.TextColumn("Evidencia", width=200),
    "enlace": st.column_config.LinkColumn("Enlace de evidencia", display_text="Abrir evidencia"),
    "observaciones": st.column_config.TextColumn("Observaciones", width=220),
    "todas": st.column_config.TextColumn("Por «Todas las dependencias»", width=120,
                                         help="La actividad aparece porque está asignada a todas las dependencias."),
    "observaciones_ci": st.column_config.TextColumn("Observaciones de Control Interno", width=220),
}

#: The six columns every activity grid shows first (the rest are in the detail and the downloads). The
#: narrow ones come first: a phone (390 px) sees ID, Estado and % de avance without scrolling.
KEY_COLUMNS = ["id", "estado", "avance", "avance_esperado", "actividad", "responsables"]


def spanish_cells(table):
    """An activity table (fractions 0–1) with every cell as the user reads it: percentages through
    the Spanish formatter, «Sin avance esperado» for a missing schedule index, «—» for nothing."""
    shown = table.copy()
    for column in ("avance", "avance_reportado", "avance_esperado"):
        if column in shown:
            shown[column] = [formatting.percent(value * 100) for value in table[column]]
    if "avance_verificado" in shown:
        shown["avance_verificado"] = ["Sin verificar" if value != value else formatting.percent(value * 100)
                                      for value in table["avance_verificado"]]
    if "cumplimiento_cronograma" in shown:
        shown["cumplimiento_cronograma"] = [palette.cumplimiento_label(value * 100)
                                            for value in table["cumplimiento_cronograma"]]
    if "todas" in shown:
        shown["todas"] = ["Sí" if value else "No" for value in table["todas"]]
    return shown


#: Header and row heights of Streamlit's grid (px), for a height that shows every row with no inner scroll.
_HEADER_PX = 35
_BORDER_PX = 3


def grid_height(rows: int, row_px: int) -> int:
    """The height (px) that shows the header and every one of ``rows`` rows."""
    return _HEADER_PX + max(rows, 1) * row_px + _BORDER_PX


def activity_grid(table, columns=None, *, key: str | None = None, select: bool = False):
    """Activities as a grid: every row shown (no inner scroll), long texts wrapped, Spanish cells.

    ``select``: one row can be selected (its detail is drawn by the page); returns the selection."""
    columns = list(columns or KEY_COLUMNS)
    long_texts = [c for c in ("actividad", "meta_indicador", "observaciones", "responsables") if c in columns]
    row_px = row_height(table, long_texts, chars_per_line=40) if len(table) else 35
    options = dict(on_select="rerun", selection_mode="single-row", key=key) if select else {}
    return st.dataframe(spanish_cells(table), hide_index=True, width="stretch", height=grid_height(len(table), row_px),
                        row_height=row_px, column_order=columns, column_config=ACTIVITY_COLUMNS, **options)


def pending_list(table, chars: int = 160) -> None:
    """Activities that are behind (rows of :func:`rendicion.followup.view.activity_table`), one card-like line
    each, so a phone reads them whole: «**ID** · actividad — Responsables · % de avance frente al esperado»."""
    lines = [f"- **{literal(row.id)}** · {literal(formatting.truncate(row.actividad, chars))}  \n"
             f"  {literal(row.responsables)} · {formatting.percent(row.avance * 100)} de avance, "
             f"{formatting.percent(row.avance_esperado * 100)} esperado"
             for row in table.itertuples(index=False)]
    st.markdown("\n".join(lines))


def activity_detail(row) -> None:
    """One activity in full, every text readable (plain text: nothing from the workbook is rendered as HTML)."""
    with st.container(border=True):
        st.markdown(f"**{literal(row['id'])} · {literal(row['estado'])}**")
        st.caption("% de avance y zona")
        avance = formatting.percent(row["avance"] * 100)
        st.text(row["semaforo"] if row["semaforo"] != palette.NO_EVALUADA else f"{avance} · no evaluada al corte")
        st.caption("Avance esperado y cumplimiento del cronograma")
        st.text(f"{formatting.percent(row['avance_esperado'] * 100)} esperado · cumplimiento del cronograma: "
                f"{palette.cumplimiento_label(row['cumplimiento_cronograma'] * 100)}")
        if row.get("avance_verificado") == row.get("avance_verificado"):  # not NaN: Control Interno verified it
            st.caption("Verificación de Control Interno")
            st.text(f"{formatting.percent(row['avance_verificado'] * 100)} verificado · "
                    f"{formatting.percent(row['avance_reportado'] * 100)} reportado por la dependencia")
        for label, column in (("Actividad", "actividad"), ("Meta / indicador", "meta_indicador"),
                              ("Responsables", "responsables"), ("Evidencia", "evidencia"),
                              ("Observaciones", "observaciones"),
                              ("Observaciones de Control Interno", "observaciones_ci")):
            if _present(row[column]):
                st.caption(label)
                st.text(row[column])
        if _present(row["enlace"]):  # a blank link is NaN in the table: no button, not an error
            st.link_button("Abrir evidencia", row["enlace"])


def activity_list(table, chars: int = 140) -> None:
    """Rows of :func:`rendicion.followup.view.activity_table` as a short list, one line each (literal text):
    «**ID** · actividad (responsables) — estado»."""
    lines = [f"- **{literal(row.id)}** · {literal(formatting.truncate(row.actividad, chars))} "
             f"({literal(row.responsables)}) — {literal(row.estado)}"
             for row in table.itertuples(index=False)]
    st.markdown("\n".join(lines))


def _present(value) -> bool:
    """A non-blank text cell (tables hold "", None, NaN or pd.NA for blanks)."""
    return isinstance(value, str) and value.strip() != ""


def row_height(frame, columns, chars_per_line: int = 48, max_lines: int = 6) -> int:
    """Row height (px) that fits the longest text of ``columns`` wrapped in a medium column."""
    longest = max((frame[c].astype(str).str.len().max() for c in columns if len(frame)), default=0)
    lines = min(max_lines, max(1, -(-int(longest) // chars_per_line)))
    return 14 + 20 * lines


def spanish_columns(frame, config: dict):
    """``frame`` with the Spanish labels of a column config, for exports."""
    labels = {name: column.get("label") or name for name, column in config.items() if name in frame.columns}
    return frame[[c for c in frame.columns if c in labels]].rename(columns=labels)


#: The uploader's own ceiling (MB; .streamlit/config.toml's server.maxUploadSize is the same).
#: Streamlit's frontend refuses a bigger file with only an icon, so the ceiling is well above the
#: plan limit (rendicion.reading.guard.MAX_FILE_BYTES, 10 MB): a file between the two reaches the page and
#: is refused with a Spanish message; past the ceiling, the CSS below says it in Spanish.
UPLOAD_CEILING_MB = 16  # and below the proxy's body limit (deploy/Caddyfile: 18.000.000 bytes)


_UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "Arrastre aquí el libro del plan"; display: block; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "Máximo 10 MB · libro de Excel .xlsx, sin macros"; display: block; font-size: 0.85em; opacity: 0.7; }
[data-testid="stFileUploaderDropzone"] button p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "Elegir archivo"; font-size: 0.9rem; }
[data-testid="stFileUploader"]:has([data-testid="stFileChip"][aria-invalid="true"])::after {
  content: "Este archivo no se cargó: debe ser un libro de Excel (.xlsx) de máximo 10 MB. Quite del libro lo que no sea del plan (imágenes, hojas auxiliares), guárdelo como .xlsx y cárguelo de nuevo.";
  display: block; margin-top: 0.5rem; padding: 0.75rem 1rem; border-radius: 0.5rem;
  background: #ffecec; color: #7d1a1a; }
</style>
"""


def spanish_uploader() -> None:
    """Hide the uploader's English texts and show Spanish ones (static CSS, no user data)."""
    st.html(_UPLOADER_CSS)


#: Streamlit's own English that no option removes, replaced or hidden (static CSS, no user data):
#: - the grids' toolbar («Search», «Show/hide columns», «Download as CSV», «Fullscreen»): every table
#:   has its own «Descargar CSV» and «Descargar Excel» buttons, and all its rows are shown;
#: - the sidebar's unlabelled «»» toggle gets the word «Filtros», so a phone user finds the filters;
#: - the uploaded file's size («62.9MB», a dot decimal) is hidden: the page says the size in Spanish.
_APP_CSS = """
<style>
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stExpandSidebarButton"] { width: auto !important; padding: 0 0.6rem !important; gap: 0.3rem; }
[data-testid="stExpandSidebarButton"]::after { content: "Filtros"; font-size: 0.95rem; font-weight: 600; }
[data-testid="stFileChip"] [data-testid="stFileChipName"] ~ * { display: none; }
[data-testid="stFileChip"] small, [data-testid="stFileChip"] span:not([data-testid]) + small { display: none; }
</style>
"""


def app_chrome() -> None:
    """Hide or replace Streamlit's own English (see :data:`_APP_CSS`); called once per rerun by the entrypoint."""
    st.html(_APP_CSS)

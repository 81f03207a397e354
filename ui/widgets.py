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

#: Plotly config for every chart: Spanish, no logo, only the useful buttons.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "es",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "filename": "rendicion"},
}



def literal(text: object) -> str:
    """Workbook-derived text (entity, offices, subcomponents, IDs, notes, file names, messages
    that quote them) made literal for any Streamlit string that renders Markdown: titles,
    captions, st.markdown, messages, widget labels, help tooltips, metric labels and
    ``st.select_slider`` options. Not for ``st.selectbox``/``st.multiselect`` options,
    ``st.text``, ``st.code`` or dataframe cells: those show plain text (checked in Chromium),
    where the escapes would show. See :mod:`rendicion.outputs.markdown`."""
    return markdown.escape(text)



def queue_message(place: int, slots: int) -> str:
    """What an upload waiting for a validation slot says: its place in the queue (1 = next)."""
    ahead = "su libro es el siguiente" if place == 1 else (
        f"hay {formatting.plural(place - 1, 'libro')} esperando antes que el suyo")
    return (f"En cola: {ahead}. Se validan hasta {slots} libros a la vez en todo el servidor; la validación "
            "empezará sola en cuanto haya turno. No cierre esta página.")



#: For a chart that must appear fast (the Gantt): no mode bar for Plotly to build (its zoom and
#: PNG buttons): the Gantt has its own paging and CSV/Excel downloads.
PLOTLY_CONFIG_STATIC = {**PLOTLY_CONFIG, "displayModeBar": False}



def plotly(figure, key: str | None = None, *, modebar: bool = True) -> None:
    """Draw a Plotly figure with the shared config (``modebar=False``: without Plotly's button bar).

    Screen readers get the chart's title as its name (Streamlit's ``alt``; without it a chart has none)."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG if modebar else PLOTLY_CONFIG_STATIC, key=key, width="stretch",
                    theme=None, alt=chart_name(figure))


def chart_name(figure) -> str | None:
    """The figure's title as plain text ("Avance por subcomponente"), for its accessible name."""
    title = getattr(getattr(figure.layout, "title", None), "text", None) or ""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(title))).strip()
    return text or None



#: Spanish labels and formats of the activity tables (see rendicion.followup.view.activity_table).
ACTIVITY_COLUMNS = {
    "id": st.column_config.TextColumn("ID", width="small", pinned=True),
    "subcomponente": st.column_config.TextColumn("Subcomponente"),
    "actividad": st.column_config.TextColumn("Actividad", width="large"),
    "meta_indicador": st.column_config.TextColumn("Meta / indicador", width="medium"),
    "responsables": st.column_config.TextColumn("Responsables (principal primero)", width="medium"),
    "estado": st.column_config.TextColumn("Estado"),
    "avance_reportado": st.column_config.ProgressColumn("% de avance", format="percent", min_value=0,
                                                        max_value=1),
    "avance_esperado": st.column_config.ProgressColumn("Avance esperado", format="percent", min_value=0,
                                                       max_value=1),
    "cumplimiento_cronograma": st.column_config.NumberColumn(
        "Cumplimiento del cronograma", format="percent",
        help="Indicador secundario: avance reportado ÷ avance esperado por el cronograma (máximo 100 %). Sirve para "
             "ver las actividades atrasadas; no tiene zona."),
    "semaforo": st.column_config.TextColumn("Zona del % de avance",
                                            help="Zona del PAAC del % de avance de cada actividad evaluada al corte."),
    "evidencia": st.column_config.TextColumn("Evidencia", width="medium"),
    "enlace": st.column_config.LinkColumn("Enlace de evidencia", display_text="Abrir evidencia"),
    "observaciones": st.column_config.TextColumn("Observaciones", width="medium"),
    "todas": st.column_config.CheckboxColumn("Por «Todas las dependencias»",
                                             help="La actividad aparece porque está asignada a todas las dependencias."),
}



def activity_detail(row) -> None:
    """One activity in full, every text readable (plain text: nothing from the workbook is rendered as HTML)."""
    with st.container(border=True):
        st.markdown(f"**{literal(row['id'])} · {literal(row['estado'])}**")
        st.caption("% de avance y zona")
        avance = formatting.percent(row["avance_reportado"] * 100)
        st.text(row["semaforo"] if row["semaforo"] != palette.NO_EVALUADA else f"{avance} · no evaluada al corte")
        for label, column in (("Actividad", "actividad"), ("Meta / indicador", "meta_indicador"),
                              ("Responsables", "responsables"), ("Evidencia", "evidencia"),
                              ("Observaciones", "observaciones")):
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
UPLOAD_CEILING_MB = 50



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

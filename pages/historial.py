"""Historial de versiones: every published version, download, comparison of any two, restore."""

import pandas as pd
import streamlit as st

from rendicion.common import formatting
from rendicion.versions import diff
from ui import displays, downloads, editing, session, widgets

app = session.current_app()
st.title("Historial de versiones")
if app.store is None:
    st.error(f"No se puede abrir el almacén de versiones: {widgets.literal(app.store_error)}")
    st.stop()
st.caption("Cada publicación es una versión nueva; ninguna se modifica ni se borra. Restaurar una versión la "
           "publica otra vez como la más reciente.")

displays.show_chain(app.store)
versions = app.store.versions()
by_number = {v.version: v for v in versions}
current = versions[0].version
table = pd.DataFrame(
    {
        "Versión": [v.version for v in versions],
        "Publicada": [v.display_time for v in versions],
        "Nota": [formatting.shown(v.note) for v in versions],
        "Publicada por": [formatting.shown(v.author) for v in versions],
        "Archivo": [v.filename for v in versions],
        "Actividades": [formatting.shown(v.summary.get("activities")) for v in versions],
        "Reportes": [formatting.shown(v.summary.get("progress_reports")) for v in versions],
        "Restaurada de": [formatting.shown(v.restored_from) for v in versions],
        "Actual": ["Sí" if v.version == current else "" for v in versions],
    }
)
st.dataframe(table, hide_index=True, width="stretch", height=widgets.grid_height(len(table), 35))
with st.expander("Detalles técnicos"):
    st.caption("Huella sha256 de cada libro publicado (para comprobar una copia descargada).")
    st.dataframe(pd.DataFrame({"Versión": [v.version for v in versions], "sha256": [v.sha256 for v in versions]}),
                 hide_index=True, width="stretch", height=widgets.grid_height(len(versions), 35))


def _label(number: int) -> str:
    version = by_number[number]
    note = f" · {version.note}" if version.note else ""
    return f"Versión {number} · {version.display_time}{note}"


numbers = list(by_number)
st.subheader("Descargar una versión")
chosen = st.selectbox("Versión", numbers, format_func=_label, key="historial_descarga")
downloads.version_download(app, by_number[chosen])

st.subheader("Comparar dos versiones")
if len(numbers) < 2:
    st.info("Solo hay una versión publicada: no hay con qué compararla.")
else:
    left, right = st.columns(2)
    older = left.selectbox("Versión anterior", numbers, index=1, format_func=_label, key="historial_a")
    newer = right.selectbox("Versión posterior", numbers, index=0, format_func=_label, key="historial_b")
    old_plan, _ = app.load_version(by_number[older])
    new_plan, _ = app.load_version(by_number[newer])
    displays.show_diff(diff.compare(old_plan, new_plan), f"la versión {older}")

st.subheader("Restaurar una versión")
editing.editor_access_notice(app)
with st.form("restaurar", border=True):
    target = st.selectbox("Versión a restaurar", numbers[1:] or numbers, format_func=_label)
    note = st.text_input("Nota (opcional)", max_chars=500)
    editing.credential_fields(app, "restaurar")
    submitted = editing.submit_button("restaurar", "Restaurar como versión nueva", icon=":material/restore:")
if submitted:
    editing.restore(app, target, note, "restaurar")

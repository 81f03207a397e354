"""Cargar plan: validate an updated workbook, preview what changes, publish it as a new version."""

import streamlit as st

from rendicion.common.errors import UnreadableWorkbook, ValidationLimit
from rendicion.reading import guard
from rendicion.versions import diff
from ui import displays, editing, messages, session, widgets

view = session.current_view()
app = session.current_app()
st.title("Cargar plan actualizado")
st.caption("Cargue el libro de Excel con el plan y sus reportes de avance. Antes de publicar verá sus errores, "
           "sus advertencias y lo que cambia frente a la versión actual. Publicar no borra nada: cada versión "
           "queda en el historial.")
editing.editor_access_notice(app)
widgets.spanish_uploader()

uploaded = st.file_uploader("Libro del plan (.xlsx)", type=["xlsx", "xlsm"], key="carga_archivo",
                            max_upload_size=widgets.UPLOAD_CEILING_MB)
if uploaded is None:
    st.info("Todavía no ha cargado ningún libro. Puede partir de la plantilla en blanco o de una versión del "
            "historial.")
    st.stop()

data = uploaded.getvalue()
try:
    guard.check_size(len(data))  # over 10 MB: refused here, in Spanish, before anything reads it
except UnreadableWorkbook as refusal:
    messages.show_error(refusal)
    st.stop()

try:
    candidate = app.validate_upload(data, uploaded.name)
except ValidationLimit as refusal:
    messages.show_validation_limit(refusal)
    st.stop()
messages.show_findings(candidate.findings, f"Validación de «{candidate.filename}»")
if not candidate.ok:
    st.stop()
if not candidate.findings.issues:
    st.success(f"«{widgets.literal(candidate.filename)}» no tiene errores ni advertencias.")

st.subheader("Resumen del libro")
displays.show_summary(candidate.plan.summary())
displays.show_schedule_readings(candidate.plan)

st.subheader("Diferencias con la versión actual")
current = app.version.version if app.version else None
if app.version is not None and candidate.sha256 == app.version.sha256:
    st.info(f"Este libro es idéntico a la versión actual ({current}); no hay nada que publicar.")
    st.stop()
displays.show_diff(diff.compare(view.plan, candidate.plan), f"la versión actual ({current})" if current else "el plan actual")

st.subheader("Publicar")
if app.store is None:
    st.stop()
with st.form("publicar", border=True):
    note = st.text_input("Nota (opcional)", placeholder="Por ejemplo: reportes del corte de agosto", max_chars=500)
    editing.credential_fields(app, "publicar")
    submitted = editing.submit_button("publicar", "Publicar", type="primary", icon=":material/publish:")
if submitted:
    editing.publish(app, candidate, note, "publicar")

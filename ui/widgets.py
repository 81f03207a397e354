"""Streamlit helpers shared by the entrypoint and the pages.

The one place that turns what the domain reports (validation reports, domain errors) into what
the user sees, plus the few display pieces every page uses the same way. Nothing here computes:
figures and numbers come from ``rendicion``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import astuple, dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rendicion import accounts, diff, exports, formatting, markdown, palette, publishing, schedule
from rendicion.accounts import Editors
from rendicion.diff import PlanDiff
from rendicion.errors import NotAuthorized, RendicionError, StoreError, UnusableWorkbook, ValidationLimit
from rendicion.informe import Cierre
from rendicion.publishing import Candidate
from rendicion.report import Report
from rendicion.store import Store, Version
from rendicion.view import View

logger = logging.getLogger("rendicion.dashboard")

#: Session-state key under which the entrypoint leaves the current View for the page.
VIEW_KEY = "_vista"

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
    where the escapes would show. See :mod:`rendicion.markdown`."""
    return markdown.escape(text)


def current_view() -> View:
    """The View computed by the entrypoint for this rerun.

    Streamlit serves the very first request of a fresh server for a deep link (``/matriz``) in
    its legacy "pages/ folder" mode, which runs the page file without the entrypoint. Calling
    ``st.navigation`` switches the server to navigation mode for good; the rerun then goes
    through ``dashboard.py`` as every later run does.
    """
    view = st.session_state.get(VIEW_KEY)
    if view is None:
        from dashboard import navigation_pages

        query = {name: st.query_params.get_all(name) for name in st.query_params}
        st.switch_page(st.navigation(navigation_pages(), position="hidden"), query_params=query)
    return view


def run_page(navigation) -> None:
    """Run the selected page. An unexpected bug is logged with its traceback for the maintainers and
    shown to the user in Spanish; it is never hidden. Streamlit's own control flow (st.stop,
    st.rerun, st.switch_page) is not an Exception and passes through."""
    try:
        navigation.run()
    except Exception:
        logger.exception("Error inesperado en la página %s", navigation.title)
        st.error("Ocurrió un error inesperado al mostrar esta página. Quedó registrado en el registro del "
                 "servidor; avise a quien administra el tablero. Puede seguir usando las demás páginas.")


def show_report(report: Report, title: str) -> None:
    """A validation report as a table: errors first, with sheet, row and column."""
    if report.errors:
        st.error(f"{literal(title)}: {report.error_count} error(es). Corrija el libro y vuelva a cargarlo.")
    elif report.warnings:
        st.warning(f"{literal(title)}: {report.verdict()}")
    if report.issues:
        frame = report.to_frame()
        st.dataframe(frame, hide_index=True, width="stretch", row_height=row_height(frame, ["Mensaje"], 110),
                     column_config={"Nivel": st.column_config.TextColumn(width="small"),
                                    "Hoja": st.column_config.TextColumn(width="small"),
                                    "Fila": st.column_config.NumberColumn(width="small", format="%d"),
                                    "Columna": st.column_config.TextColumn(width="small"),
                                    "Mensaje": st.column_config.TextColumn(width="large")})
        table_downloads(frame, "validacion_del_libro", f"validacion_{len(frame)}")


def show_error(error: RendicionError) -> None:
    """A domain error (expected, explained in Spanish) as an error box; other exceptions propagate.
    Its words are shown literally: messages quote file names and workbook texts."""
    st.error(literal(str(error)))


def show_validation_limit(error: ValidationLimit) -> None:
    """An upload whose isolated validation hit a limit: the Spanish refusal, and the details in the log."""
    logger.warning("Validación aislada detenida (%s): %s %s", type(error).__name__, error,
                   getattr(error, "detail", ""))
    st.error(literal(str(error)), icon=":material/block:")


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
    """Draw a Plotly figure with the shared config (``modebar=False``: without Plotly's button bar)."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG if modebar else PLOTLY_CONFIG_STATIC, key=key, width="stretch",
                    theme=None)


def notice(parametros) -> None:
    """The banner every page shows when the follow-up is example data or the schedule is reconstructed."""
    if parametros.aviso:
        st.warning(parametros.aviso, icon=":material/info:")


def page_header(title: str, *, stop_when_empty: bool = True) -> View:
    """Title, the filters in one line, and (by default) the page ends explaining an empty result."""
    view = current_view()
    st.title(title)
    st.caption(f"{literal(view.parametros.entidad or 'Entidad no indicada')} · {literal(view.describe())}")
    if stop_when_empty and view.empty:
        st.info(literal(view.empty_message()))
        st.stop()
    return view


#: Spanish labels and formats of the activity tables (see rendicion.view.activity_table).
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
    """Rows of :func:`rendicion.view.activity_table` as a short list, one line each (literal text):
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


# ---- services of the entrypoint: the store, cached loaders, editor access -------------------

APP_KEY = "_servicios"
_FLASH_KEY = "_aviso"


@dataclass
class AppServices:
    """What the entrypoint hands to the pages besides the view (callables are the cached loaders)."""

    store: Store | None
    version: Version | None
    store_error: str | None
    load_version: Callable[[Version], tuple]
    validate_upload: Callable[[bytes, str], Candidate]
    editors: Editors

    def caption(self) -> str:
        """The version everyone sees, for the sidebar."""
        if self.version is None:
            return "Sin almacén de versiones: se muestra data/plan_2018.xlsx."
        return f"Versión {self.version.version} · publicada el {self.version.display_time}"


def current_app() -> AppServices:
    """The services the entrypoint computed for this rerun (see :func:`current_view`)."""
    current_view()
    return st.session_state[APP_KEY]


def editors() -> Editors:
    """The editor accounts and the shared password, from the environment and Streamlit secrets."""
    try:
        secrets = {key: st.secrets[key] for key in ("editores", "editor_password") if key in st.secrets}
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        secrets = {}
    except Exception:  # noqa: BLE001 - a secrets.toml that is not valid TOML: say so, keep the app up
        logger.exception("No se pudo leer .streamlit/secrets.toml")
        found = accounts.load_editors()
        found.problems.append("El archivo .streamlit/secrets.toml no se pudo leer (no es TOML válido); sus cuentas "
                              "de editor no se tuvieron en cuenta.")
        return found
    return accounts.load_editors(secrets=secrets)


def flash(message: str) -> None:
    """A success message shown once, after the rerun that follows an action."""
    st.session_state[_FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message)


def editor_access_notice(app: AppServices) -> None:
    """Say plainly who can publish, and what is wrong in the accounts' configuration."""
    if app.store is None:
        st.error(f"No se puede publicar ni restaurar: {literal(app.store_error)}")
        return
    for problem in app.editors.problems:
        st.warning(literal(problem))
    if app.editors.accounts:
        st.caption("Publicar y restaurar requieren una cuenta de editor; la versión queda a nombre de la cuenta."
                   + (" También se acepta la contraseña compartida." if app.editors.shared_password else ""))
    elif app.editors.shared_password:
        st.caption("Publicar y restaurar requieren la contraseña de editor; la versión queda registrada como "
                   f"«{accounts.SHARED_AUTHOR}».")
    else:
        st.warning("No hay cuentas de editor ni contraseña configuradas: **cualquier persona** con acceso al tablero "
                   "puede publicar o restaurar versiones. Para exigirlas, cree cuentas con "
                   "`python -m rendicion editor NOMBRE` (véase «Quién puede hacer qué» en el README).")


def credential_fields(app: AppServices, form: str) -> None:
    """Inside ``form``: the account name (when accounts exist) and the password (when one is asked)."""
    if app.editors.accounts:
        st.text_input("Cuenta de editor", key=f"{form}_cuenta", max_chars=accounts.MAX_NAME)
    if app.editors.required:
        st.text_input("Contraseña de editor", type="password", key=f"{form}_clave")


def submit_button(form: str, label: str, **kwargs) -> bool:
    """The form's submit button; the password field is emptied as it is submitted (see :func:`_take_password`)."""
    return st.form_submit_button(label, on_click=_take_password, args=(form,), **kwargs)


def _take_password(form: str) -> None:
    """Move the submitted password out of its widget, so the field is empty whatever happens next."""
    key = f"{form}_clave"
    st.session_state[f"_{key}_enviada"] = st.session_state.get(key) or ""
    if key in st.session_state:
        st.session_state[key] = ""


def _author(app: AppServices, form: str) -> str | None:
    """The account that submitted ``form`` (NotAuthorized when refused); see :func:`accounts.authenticate`."""
    password = st.session_state.pop(f"_{form}_clave_enviada", "")
    name = st.session_state.get(f"{form}_cuenta", "")
    return accounts.authenticate(app.editors, name, password, session=_session_id())


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "sin-sesion"


def publish(app: AppServices, candidate: Candidate, note: str, form: str = "publicar") -> None:
    """Publish an uploaded workbook under the editor's account; the outcome is shown here, in Spanish."""
    try:
        author = _author(app, form)
        version = publishing.publish(app.store, candidate, note=note.strip(), author=author)
    except NotAuthorized as error:
        st.error(f"{literal(str(error))} No se publicó nada.")
        return
    except UnusableWorkbook as error:
        show_error(error)
        show_report(error.report, "Validación")
        return
    except RendicionError as error:
        show_error(error)
        return
    flash(f"Publicada la versión {version.version}: desde ahora es el plan que todos ven.")
    st.rerun()


def restore(app: AppServices, version: int, note: str, form: str = "restaurar") -> None:
    """Publish an old version again as a new one, under the editor's account; the outcome is shown here."""
    try:
        author = _author(app, form)
        new = publishing.restore(app.store, version, note=note.strip() or f"Restauración de la versión {version}",
                                 author=author)
    except NotAuthorized as error:
        st.error(f"{literal(str(error))} No se restauró nada.")
        return
    except RendicionError as error:
        show_error(error)
        return
    flash(f"La versión {version} se publicó de nuevo como versión {new.version}.")
    st.rerun()


def show_chain(store: Store) -> None:
    """Whether the history's hash chain verifies (see ``python -m rendicion versions --verify``).

    Checked on every visit (it reads each stored workbook once), so an alteration shows at once."""
    try:
        check = store.verify()
    except StoreError as error:
        st.error(f"No se pudo verificar el historial: {literal(str(error))}")
        return
    if check.ok:
        st.success(f"✔ {check.message()}")
        if check.head:
            st.caption(f"Eslabón de la cadena en la última versión: {check.head}. Anótelo en el acta de la rendición "
                       "de cuentas; `python -m rendicion versions --verify --cadena VALOR` comprueba después que el "
                       "historial lo sigue conteniendo.")
    else:
        st.error(f"✘ {check.message()} Avise a quien administra el tablero; el historial puede haber sido "
                 "modificado fuera de la aplicación.")


# ---- shared displays -----------------------------------------------------------------------

_DIFF_SECTIONS = [
    ("agregadas", "Actividades agregadas"),
    ("eliminadas", "Actividades eliminadas"),
    ("modificadas", "Actividades con texto cambiado"),
    ("responsables", "Cambios de dependencias responsables"),
    ("meses", "Fechas agregadas o quitadas del cronograma"),
    ("reportes_nuevos", "Reportes de avance nuevos"),
    ("avance", "Cambios de avance por actividad"),
    ("parametros", "Cambios de parámetros"),
]


def show_diff(changes: PlanDiff, against: str) -> None:
    """The differences between two plans, section by section (only the non-empty ones)."""
    if changes.empty:
        st.info(changes.summary_text(against))
        return
    st.markdown(changes.summary_text(against))
    for attribute, title in _DIFF_SECTIONS:
        frame = getattr(changes, attribute)
        if len(frame):
            if "campo" in frame.columns:
                frame = frame.assign(campo=frame["campo"].map(lambda name: diff.CAMPOS.get(name, name)))
            with st.expander(f"{title} ({len(frame)})", expanded=len(frame) <= 10):
                st.dataframe(frame.rename(columns=_DIFF_LABELS), hide_index=True, width="stretch")


_DIFF_LABELS = {
    "id": "ID", "subcomponente": "Subcomponente", "actividad": "Actividad", "campo": "Campo", "antes": "Antes",
    "despues": "Después", "agregadas": "Agregadas", "quitadas": "Quitadas", "agregados": "Agregados",
    "quitados": "Quitados", "fecha_corte": "Fecha de corte", "avance": "Avance (%)",
}


def show_schedule_readings(plan) -> None:
    """How each «Fecha programada» of an uploaded plan was read (nothing when it has none)."""
    frame = schedule.readings_table(plan)
    if frame.empty:
        return
    st.subheader("Cómo se leyeron las fechas programadas")
    st.caption("Revise que cada texto se haya leído como usted lo quiso decir antes de publicar. Si una fila tiene "
               "meses marcados y también fecha programada, el tablero usa los meses marcados.")
    st.dataframe(frame, hide_index=True, width="stretch", row_height=row_height(frame, ["Cómo se leyó"], 70),
                 column_config={"ID": st.column_config.TextColumn(width="small"),
                                "Actividad": st.column_config.TextColumn(width="medium"),
                                "Cómo se leyó": st.column_config.TextColumn(width="large")})
    table_downloads(frame, "fechas_programadas_leidas", "fechas_leidas")


def show_summary(summary: dict) -> None:
    """A plan's summary (the ``check`` counts) as metrics and two small lists."""
    first, second, third, fourth = st.columns(4, border=True)
    first.metric("Actividades", formatting.number(summary["activities"]))
    second.metric("Dependencias", formatting.number(len(summary["offices"])))
    third.metric("Actividades programadas", formatting.number(summary["scheduled_activities"]))
    fourth.metric("Reportes de avance", formatting.number(summary["progress_reports"]))
    st.caption("Subcomponentes: " + " · ".join(f"{literal(name)} ({count})"
                                               for name, count in summary["subcomponents"].items()))


# ---- downloads (built only when clicked) -----------------------------------------------------
#
# Every download button passes a callable (the file is built on the click) and on_click="ignore".
# Streamlit gives a deferred download a new placeholder id on every run and forgets the old ones
# when a run ends; with the default on_click="rerun", each click reran the page, so a click that
# came while (or just after) the previous click's rerun finished asked for a forgotten id:
# «Deferred file … not found» in the log and no file (about 1 click in 10). Not rerunning keeps
# the ids of the drawn page valid: every click arrives.

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Download buttons never rerun the page (see above).
DOWNLOAD_CLICK = "ignore"


def table_downloads(frame, name: str, key: str, percent_columns: tuple[str, ...] = ()) -> None:
    """CSV and Excel buttons for a displayed table (its Spanish column titles are kept).

    ``frame`` is the table, or a function that builds it: then it is built only when a button is
    clicked, so a table that is not on the page costs nothing while the page draws."""
    def table():
        return frame() if callable(frame) else frame

    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Descargar CSV", on_click=DOWNLOAD_CLICK, data=lambda: exports.tabla_csv(table()),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    right.download_button("Descargar Excel", on_click=DOWNLOAD_CLICK,
                          data=lambda: exports.tabla_excel(table(), porcentajes=percent_columns),
                          file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:")


#: MIME type of a workbook with macros (only versions published before macros were refused).
XLSM_MIME = "application/vnd.ms-excel.sheet.macroEnabled.12"


def version_download(app: AppServices, version: Version) -> None:
    """One published version, under its own file name and extension (built only when clicked)."""
    name = version.download_name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    st.download_button(f"Descargar la versión {version.version} ({literal(name)})",
                       on_click=DOWNLOAD_CLICK, data=lambda: app.store.data(version.version), file_name=name,
                       mime=XLSM_MIME if extension == "xlsm" else XLSX_MIME, icon=":material/download:",
                       key="historial_descargar")


def spanish_columns(frame, config: dict):
    """``frame`` with the Spanish labels of a column config, for exports."""
    labels = {name: column.get("label") or name for name, column in config.items() if name in frame.columns}
    return frame[[c for c in frame.columns if c in labels]].rename(columns=labels)


# ---- the file uploader's own words are English: restate them in Spanish ---------------------

#: The uploader's own ceiling (MB; .streamlit/config.toml's server.maxUploadSize is the same).
#: Streamlit's frontend refuses a bigger file with only an icon, so the ceiling is well above the
#: plan limit (rendicion.guard.MAX_FILE_BYTES, 10 MB): a file between the two reaches the page and
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


def report_form(view: View) -> Cierre:
    """Fields for the closing of Control Interno's report, prefilled from the Parámetros sheet.

    The widgets' keys carry a digest of the Parámetros values, so a workbook with other values
    prefills the fields anew instead of keeping what was typed for the previous one.
    """
    given = Cierre.de_parametros(view.parametros)
    digest = hashlib.sha256("\x1f".join(astuple(given)).encode("utf-8")).hexdigest()[:12]
    with st.container(border=True):
        st.markdown("**Cierre del informe de seguimiento**")
        st.caption("Lo que escriba aquí va al informe (Excel y HTML). Se llena con lo que trae la hoja «Parámetros»; "
                   "un campo en blanco se imprime como líneas para llenar a mano.")
        conclusiones = st.text_area("Conclusiones", value=given.conclusiones, key=f"cierre_conclusiones_{digest}")
        recomendaciones = st.text_area("Recomendaciones", value=given.recomendaciones,
                                       key=f"cierre_recomendaciones_{digest}")
        left, right = st.columns(2)
        # No help tooltips: Streamlit labels their button in English ("Help for …").
        nombre = left.text_input("Elaboró (nombre)", value=given.elaboro_nombre, key=f"cierre_nombre_{digest}",
                                 placeholder="Jefe de Control Interno que firma el informe")
        cargo = right.text_input("Cargo", value=given.elaboro_cargo, key=f"cierre_cargo_{digest}")
    return Cierre(conclusiones, recomendaciones, nombre, cargo)


def report_downloads(view: View, cierre: Cierre | None = None) -> None:
    """Control Interno's follow-up report (Excel and web page) for the current filters and cut, with
    ``cierre`` as its closing (default: the Parámetros sheet's), and the blank template. The files
    are built when their button is clicked."""
    from rendicion.informe_excel import informe_excel
    from rendicion.informe_html import informe_html

    corte = view.filters.corte
    stamp = f"{corte:%Y-%m-%d}"
    cierre = cierre if cierre is not None else Cierre.de_parametros(view.parametros)
    first, second, third = st.columns(3)
    first.download_button("Informe de seguimiento (Excel)", icon=":material/table:", key="informe_xlsx",
                          on_click=DOWNLOAD_CLICK, data=lambda: informe_excel(view.plan, corte, view, cierre=cierre),
                          file_name=f"informe_seguimiento_{stamp}.xlsx", mime=XLSX_MIME, width="stretch")
    second.download_button("Informe para publicar (HTML)", icon=":material/public:", key="informe_html",
                           on_click=DOWNLOAD_CLICK, data=lambda: informe_html(view.plan, corte, view, cierre=cierre),
                           file_name=f"informe_seguimiento_{stamp}.html", mime="text/html", width="stretch")
    third.download_button("Plantilla en blanco (Excel)", icon=":material/edit_document:", key="plantilla",
                          on_click=DOWNLOAD_CLICK, data=lambda: exports.plantilla(vigencia=view.parametros.vigencia),
                          file_name="plantilla_plan_rendicion.xlsx", mime=XLSX_MIME, width="stretch")

"""Editing: who may publish and restore, the credential fields, and the two actions themselves.

Every action that changes the store takes its author from the submitted credentials
(:func:`rendicion.people.accounts.authenticate`); a refusal says so in Spanish and nothing changes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, astuple

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rendicion.common import formatting
from rendicion.common.errors import NotAuthorized, RendicionError, UnusableWorkbook
from rendicion.followup.view import View
from rendicion.outputs.informe import Cierre
from rendicion.people import accounts
from rendicion.people.accounts import Editors
from rendicion.versions import publishing
from rendicion.versions.publishing import Candidate
from ui.messages import show_error, show_findings
from ui.session import AppServices, flash
from ui.widgets import literal

logger = logging.getLogger("rendicion.dashboard")


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
                   "`python -m rendicion editor NOMBRE` (véase docs/seguridad-y-roles.md, «Quién puede hacer qué»).")



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
    return accounts.authenticate(app.editors, name, password, session=_session_id(), address=_client_address())


def _client_address() -> str:
    """The client's address (guessing limits are kept per address, across reloads): ``X-Forwarded-For`` is
    trusted only on a connection from the local proxy (see :func:`rendicion.people.throttle.client_address`)."""
    from rendicion.people.throttle import client_address

    try:
        peer, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no client context (AppTest, a bare script run): no address to tell
        peer, forwarded = None, None
    return client_address(peer, forwarded)



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
        show_findings(error.findings, "Validación")
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



def report_form(view: View, app: AppServices) -> Cierre:
    """The closing of Control Interno's report for the vigencia and cut on screen, kept in the store.

    Prefilled with the newest closing saved for this vigencia and cut, else with the Parámetros sheet's.
    Saving needs an editor's credentials, like publishing: the closing is kept under that editor's
    name, and a new session (anyone's) finds it. Returns what the report uses: the saved closing, or
    the Parámetros sheet's while nothing is saved."""
    corte, vigencia = view.filters.corte, view.parametros.vigencia
    saved = _saved_closing(app, vigencia, corte)
    given = Cierre(*saved.fields) if saved else Cierre.de_parametros(view.parametros)
    # The keys carry the prefill's digest: another saved closing (or workbook) fills the fields anew.
    digest = hashlib.sha256("\x1f".join(astuple(given)).encode("utf-8")).hexdigest()[:12]
    st.markdown("**Cierre del informe de seguimiento**")
    if saved:
        st.caption(f"Guardado el {saved.display_time} por {literal(saved.author or 'un editor sin cuenta')} para el "
                   f"corte del {formatting.day(corte)}. Lo que se guarde de nuevo lo reemplaza en el informe; lo "
                   "anterior queda en el almacén.")
    else:
        st.caption("Lo que escriba aquí va al informe (Excel y HTML) del corte en pantalla y queda guardado para "
                   "todos. Se llena con lo que trae la hoja «Parámetros»; un campo en blanco se imprime como líneas "
                   "para llenar a mano.")
    # Without a store nothing can be kept: the fields are plain and the report uses what is typed.
    with st.form(f"cierre_{digest}", border=True) if app.store is not None else st.container(border=True):
        conclusiones = st.text_area("Conclusiones", value=given.conclusiones, key=f"cierre_conclusiones_{digest}")
        recomendaciones = st.text_area("Recomendaciones", value=given.recomendaciones,
                                       key=f"cierre_recomendaciones_{digest}")
        left, right = st.columns(2)
        # No help tooltips: Streamlit labels their button in English ("Help for …").
        nombre = left.text_input("Elaboró (nombre)", value=given.elaboro_nombre, key=f"cierre_nombre_{digest}",
                                 placeholder="Jefe de Control Interno que firma el informe")
        cargo = right.text_input("Cargo", value=given.elaboro_cargo, key=f"cierre_cargo_{digest}")
        if app.store is None:
            return Cierre(conclusiones, recomendaciones, nombre, cargo)
        credential_fields(app, "cierre")
        submitted = submit_button("cierre", "Guardar el cierre", icon=":material/save:")
    if submitted:
        _save_closing(app, vigencia, corte, Cierre(conclusiones, recomendaciones, nombre, cargo))
    return given


def _saved_closing(app: AppServices, vigencia: int, corte):
    if app.store is None:
        return None
    try:
        return app.store.closing(vigencia, corte)
    except RendicionError as error:
        show_error(error)
        return None


def _save_closing(app: AppServices, vigencia: int, corte, cierre: Cierre) -> None:
    try:
        author = _author(app, "cierre")
        app.store.save_closing(vigencia, corte, asdict(cierre), author=author)
    except NotAuthorized as error:
        st.error(f"{literal(str(error))} No se guardó el cierre.")
        return
    except RendicionError as error:
        show_error(error)
        return
    flash(f"Cierre del informe guardado para el corte del {formatting.day(corte)}.")
    st.rerun()

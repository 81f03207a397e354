"""Editing: who may publish and restore, the credential fields, and the two actions themselves.

Every action that changes the store takes its author from the submitted credentials
(:func:`rendicion.people.accounts.authenticate`); a refusal says so in Spanish and nothing changes.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rendicion.common.errors import NotAuthorized, RendicionError, UnusableWorkbook
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

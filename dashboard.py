"""Rendición — Streamlit entrypoint: navigation, the shared sidebar and caching.

Run with ``streamlit run dashboard.py``. Every rerun: look up the current version in the
version store (its workbook is read once, cached by sha256, so a publication by anyone is
seen at everyone's next interaction), draw the shared filters once in the sidebar (bound to
the URL so a copied link reproduces the view), compute one :class:`rendicion.followup.view.View` and
hand it, with the store's services, to the page. Pages are thin: they only draw.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from rendicion.common import formatting
from rendicion.common.errors import StoreError
from rendicion.followup import engine
from rendicion.followup.view import Filters, View, default_corte
from rendicion.plan.model import REGLAS_DESCRIPCION, REGLAS_EVALUACION, Plan
from rendicion.reading.loader import read_plan
from rendicion.versions import publishing, sandbox
from rendicion.versions.publishing import Candidate
from rendicion.versions.store import Store, Version
from ui import editing, messages, navigation, session, widgets

ROOT = Path(__file__).resolve().parent
PLAN_FILE = ROOT / "data" / "plan_2018.xlsx"


# ---- caching: keyed by plain values (the workbook's sha256, the cut date) -------------------


@st.cache_resource(show_spinner="Abriendo el almacén de versiones…")
def open_store() -> Store:
    """The version store (``RENDICION_DB_URL`` or the local SQLite file), seeded with the shipped plan.

    A StoreError is not cached: the next rerun tries again."""
    store = Store.from_env()
    publishing.ensure_seeded(store)
    return store


@st.cache_data(max_entries=8, show_spinner="Leyendo el plan…")
def load_plan(sha256: str, _data: bytes):
    """The workbook read and validated; cached by content hash, so a new file is read once."""
    loaded = read_plan(_data)
    return loaded.plan, loaded.findings


def load_version(version: Version):
    """A published version's plan and findings (its bytes are fetched only when not cached)."""
    return _load_version(version.sha256, version.version)


@st.cache_data(max_entries=16, show_spinner="Leyendo la versión…")
def _load_version(sha256: str, _version: int):
    loaded = read_plan(open_store().data(_version))
    return loaded.plan, loaded.findings


_VALIDATED_KEY = "_candidato_validado"


def validate_upload(data: bytes, filename: str) -> Candidate:
    """An uploaded workbook validated in a bounded child process (:mod:`rendicion.versions.sandbox`).

    A usable candidate is kept in the session, so reruns of the upload page (the note, the
    password, Publicar) reuse it; a refused or failed upload is kept nowhere. While other
    validations hold the server's slots, the page says where this one is in the queue."""
    sha256 = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(_VALIDATED_KEY)
    if kept is not None and kept[0] == (sha256, filename):
        return kept[1]
    st.session_state.pop(_VALIDATED_KEY, None)  # the previous upload's candidate goes now, not at the end
    notice = st.empty()
    try:
        with st.spinner("Validando el libro…"):
            candidate = sandbox.validate_isolated(data, filename, on_queued=lambda place: notice.info(
                widgets.queue_message(place, sandbox.MAX_CONCURRENT), icon=":material/hourglass_top:"))
    finally:
        notice.empty()
    if candidate.ok:
        st.session_state[_VALIDATED_KEY] = ((sha256, filename), candidate)
    return candidate


@st.cache_data(max_entries=64, show_spinner=False)
def evaluate(sha256: str, corte: date, regla: str, _plan: Plan) -> pd.DataFrame:
    """Every activity evaluated at the cut date under ``regla`` (the plan's own rule unless the sidebar
    chose another; filters are applied afterwards, per view)."""
    return engine.evaluate(_plan, corte)


@st.cache_data(max_entries=8, show_spinner=False)
def membership(sha256: str, _plan: Plan) -> pd.DataFrame:
    return engine.membership(_plan)


def current_plan() -> tuple[Plan | None, object, str, session.AppServices]:
    """The plan everyone is looking at: the store's current version.

    When the store cannot be opened, the shipped workbook is shown and every page says why
    publishing is unavailable."""
    try:
        store = open_store()
        version = store.current()
        plan, findings = load_version(version)
        services = session.AppServices(store, version, None, load_version, validate_upload, editing.editors())
        return plan, findings, version.sha256, services
    except StoreError as error:
        data = PLAN_FILE.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        plan, findings = load_plan(sha256, data)
        services = session.AppServices(None, None, str(error), load_version, validate_upload, editing.editors())
        return plan, findings, sha256, services


# ---- the shared sidebar ----------------------------------------------------------------------


def _set_corte(value: date) -> None:
    st.session_state["corte"] = value


def rule_selector(plan: Plan) -> Plan:
    """«Actividades evaluadas en cada corte», the plan's own rule by default, bound to the URL (``regla``);
    the plan with the rule chosen."""
    own = plan.parametros.actividades_evaluadas
    if st.session_state.get("regla") not in REGLAS_EVALUACION:
        st.session_state["regla"] = own
    with st.sidebar:
        regla = st.selectbox(
            "Actividades evaluadas en cada corte",
            REGLAS_EVALUACION,
            key="regla",
            bind="query-params",
            format_func=lambda rule: f"{rule} (la del plan)" if rule == own else rule,
            help="Cuáles actividades cuentan en el avance del plan. " + " ".join(
                f"«{rule}»: {REGLAS_DESCRIPCION[rule]}." for rule in REGLAS_EVALUACION)
                 + " En el corte del 31 de diciembre se evalúan todas.",
        )
    if regla == own:
        return plan
    return dataclasses.replace(plan, parametros=dataclasses.replace(plan.parametros, actividades_evaluadas=regla))


def sidebar(plan: Plan, version_caption: str) -> Filters:
    """The shared controls; each is bound to a URL query parameter of the same name."""
    params = plan.parametros
    with st.sidebar:
        st.markdown(f"**{widgets.literal(params.entidad or 'Entidad no indicada')}** · vigencia {params.vigencia}")
        st.caption(version_caption)
        dependencias = st.multiselect(
            "Dependencia responsable",
            plan.dependencias,
            key="dependencia",
            bind="query-params",
            placeholder="Todas las dependencias",
            select_all=False,  # Streamlit writes that option in English («Select all»)
            help="Una actividad cuenta para una dependencia cuando es responsable principal o de apoyo. "
                 "Las actividades de «Todas las dependencias» aparecen en todas.",
        )
        subcomponentes = st.multiselect(
            "Subcomponente",
            plan.subcomponentes,
            key="subcomponente",
            bind="query-params",
            placeholder="Todos los subcomponentes",
            select_all=False,
        )
        days = _cut_options(plan)
        if st.session_state.get("corte") not in days:
            # First visit, or a new plan whose period does not include the old cut. A date in
            # the URL still wins on the first load (Streamlit's query-param binding rule).
            st.session_state["corte"] = default_corte(plan) if default_corte(plan) in days else days[-1]
        corte = st.select_slider(
            "Fecha de corte",
            options=days,
            format_func=formatting.day,
            key="corte",
            bind="query-params",
            help="Por defecto, el último corte con reportes de avance.",
        )
        st.caption("Cortes de seguimiento del PAAC")
        columns = st.columns(3)
        for column, cut in zip(columns, params.cortes_paac()):
            column.button(
                f"{cut.day} {formatting.MONTHS_SHORT[cut.month - 1]}",
                key=f"corte_{cut.isoformat()}",
                on_click=_set_corte,
                args=(cut,),
                disabled=cut not in days,
                width="stretch",
                help=f"Corte del {formatting.long_day(cut)}",
            )
    return Filters(corte=corte, dependencias=tuple(dependencias), subcomponentes=tuple(subcomponentes))


def _cut_options(plan: Plan) -> list[date]:
    """Every day of the plan period, plus report dates outside it."""
    params = plan.parametros
    first, last = params.fecha_inicio - timedelta(days=1), params.fecha_fin
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    extra = {d for d in plan.seguimiento["fecha_corte"] if not first <= d <= last}
    return sorted(set(days) | extra)


# ---- the page's language and title -------------------------------------------------------------

#: Streamlit serves every app as ``<html lang="en">`` and has no option to change it (streamlit#8399):
#: this one line of script says the page is Spanish, so screen readers read it with Spanish rules.
#: deploy/Caddyfile allows exactly this script by its hash (CSP script-src); change both together.
LANG_SCRIPT = "<script>document.documentElement.lang='es-CO'</script>"


def _page_language_and_title(plan: Plan, page_title: str) -> None:
    """The tab's title names the page, the entity and the vigencia: "Matriz · Rendición de cuentas · …"."""
    params = plan.parametros
    st.set_page_config(page_title=f"{page_title} · Rendición de cuentas · "
                                  f"{params.entidad or 'Entidad no indicada'} · vigencia {params.vigencia}")
    with st.sidebar:
        st.html(LANG_SCRIPT, unsafe_allow_javascript=True)


# ---- the app ---------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Rendición de cuentas", page_icon=":material/fact_check:", layout="wide")
    pages = navigation.navigation_pages()
    page = st.navigation(pages)
    widgets.app_chrome()
    navigation.menu(pages)
    plan, findings, sha256, services = current_plan()
    if plan is None:  # only possible if a store was filled outside the app: publishing validates first
        messages.show_findings(findings, "El plan publicado no se puede leer")
        st.stop()
    _page_language_and_title(plan, page.title)
    filters = sidebar(plan, services.caption())
    plan = rule_selector(plan)
    st.session_state[session.APP_KEY] = services
    regla = plan.parametros.actividades_evaluadas
    st.session_state[session.VIEW_KEY] = View(plan, evaluate(sha256, filters.corte, regla, plan),
                                              membership(sha256, plan), filters)
    session.show_flash()
    session.notice(plan.parametros)
    session.run_page(page)


if __name__ == "__main__":  # Streamlit runs the entrypoint as __main__; pages import it for its pages
    main()

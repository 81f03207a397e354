"""Downloads, built only when clicked: tables, published versions and Control Interno's report.

Every download button passes a callable (the file is built on the click) and ``on_click="ignore"``.
Streamlit gives a deferred download a new placeholder id on every run and forgets the old ones
when a run ends; with the default ``on_click="rerun"``, each click reran the page, so a click that
came while (or just after) the previous click's rerun finished asked for a forgotten id:
«Deferred file … not found» in the log and no file (about 1 click in 10). Not rerunning keeps
the ids of the drawn page valid: every click arrives.
"""

from __future__ import annotations

import streamlit as st

from rendicion.followup.view import View
from rendicion.outputs import downloads
from rendicion.outputs.informe import Cierre
from rendicion.versions.store import Version
from ui.session import AppServices
from ui.widgets import literal

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: Download buttons never rerun the page (see above).
DOWNLOAD_CLICK = "ignore"


def table_downloads(frame, name: str, key: str, percent_columns: tuple[str, ...] = ()) -> None:
    """CSV and Excel buttons for a displayed table (its Spanish column titles are kept).

    ``frame`` is the table, or a function that builds it: then it is built only when a button is
    clicked, so a table that is not on the page costs nothing while the page draws."""
    def table():
        return frame() if callable(frame) else frame

    left, right, _ = st.columns([1, 1, 3])
    left.download_button("Descargar CSV", on_click=DOWNLOAD_CLICK, data=lambda: downloads.tabla_csv(table()),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    right.download_button("Descargar Excel", on_click=DOWNLOAD_CLICK,
                          data=lambda: downloads.tabla_excel(table(), porcentajes=percent_columns),
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


#: Session keys of the report's two dates (typed beside the report's buttons; not kept in the store).
_PUBLICACION, _ELABORACION = "informe_fecha_publicacion", "informe_fecha_elaboracion"


def report_dates() -> dict:
    """The report's Fecha de publicación (blank: the signer writes it) and Fecha de elaboración (today by
    default), typed beside its buttons."""
    left, right = st.columns(2)
    publicacion = left.date_input("Fecha de publicación", value=None, key=_PUBLICACION, format="DD/MM/YYYY")
    left.caption("En blanco, el informe deja la línea para que la escriba quien firma.")
    elaboracion = right.date_input("Fecha de elaboración", value="today", key=_ELABORACION, format="DD/MM/YYYY")
    right.caption("Por omisión, hoy. Si es posterior a la fecha límite de publicación, el informe lo advierte.")
    return {"fecha_publicacion": publicacion, "fecha_elaboracion": elaboracion}


def report_downloads(view: View, cierre: Cierre | None = None, cabeza: str | None = None) -> None:
    """Control Interno's follow-up report (Excel and web page) for the current filters and cut, with
    ``cierre`` as its closing (default: the Parámetros sheet's), ``cabeza`` (the short chain value of
    the published version shown) printed on it, and the blank template. The files are built when
    their button is clicked."""
    from rendicion.outputs.informe_excel import informe_excel
    from rendicion.outputs.informe_html import informe_html

    corte = view.filters.corte
    stamp = f"{corte:%Y-%m-%d}"
    cierre = cierre if cierre is not None else Cierre.de_parametros(view.parametros)
    dates = report_dates()
    first, second, third = st.columns(3)
    first.download_button("Informe de seguimiento (Excel)", icon=":material/table:", key="informe_xlsx",
                          on_click=DOWNLOAD_CLICK,
                          data=lambda: informe_excel(view.plan, corte, view, cierre=cierre, cabeza=cabeza, **dates),
                          file_name=f"informe_seguimiento_{stamp}.xlsx", mime=XLSX_MIME, width="stretch")
    second.download_button("Informe para publicar (HTML)", icon=":material/public:", key="informe_html",
                           on_click=DOWNLOAD_CLICK,
                           data=lambda: informe_html(view.plan, corte, view, cierre=cierre, cabeza=cabeza, **dates),
                           file_name=f"informe_seguimiento_{stamp}.html", mime="text/html", width="stretch")
    third.download_button("Plantilla en blanco (Excel)", icon=":material/edit_document:", key="plantilla",
                          on_click=DOWNLOAD_CLICK, data=lambda: downloads.plantilla(vigencia=view.parametros.vigencia),
                          file_name="plantilla_plan_rendicion.xlsx", mime=XLSX_MIME, width="stretch")

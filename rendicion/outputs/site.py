"""The public site: every follow-up of the plan, for citizens, as static files with open data.

:func:`build` turns one :class:`Fuente` per vigencia (a plan and where it came from) into the
files of the site, a ``{relative path: bytes}`` mapping; :func:`write` puts them in a folder
that Caddy serves at ``/publico/`` (``deploy/Caddyfile``), replacing the previous site in one
step. Nothing here reads a workbook or touches the store: ``python -m rendicion sitio`` and
publishing (:mod:`rendicion.versions.sitio`) hand the plans over.

What the site holds, for each vigencia and each PAAC cut (30/04, 31/08, 31/12) already passed:

- ``AAAA/AAAA-MM-DD/index.html``: Control Interno's follow-up as the official report carries it
  (:func:`rendicion.outputs.informe.build`): header, result per subcomponent and office, every
  activity with its % de avance, zone and observations, the closing and the reading's findings;
- ``AAAA/AAAA-MM-DD/dependencias/NOMBRE.html``: the same follow-up, one page per office;
- ``AAAA/AAAA-MM-DD/datos/``: open data (CSV and JSON of the activities and the figures, the
  Frictionless Table Schemas, a data dictionary in Spanish, DCAT-style metadata as the
  Colombian open data portal describes a data set) and a page that presents them;

plus the entity's index (``index.html``) and a plain-language explanation of the measure
(``como-se-mide.html``). Pages are Spanish (``lang="es"``), carry no script at all, draw charts
as inline SVG with a text alternative next to a data table, reflow on a phone and print; every
style is inline, so nothing is fetched when a page is read. Templates autoescape every value.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from rendicion.common import formatting
from rendicion.followup import engine
from rendicion.followup.view import Filters, View, responsables_labels
from rendicion.outputs import csvsafe
from rendicion.outputs import informe as informe_data
from rendicion.plan.model import Plan

#: The licence of the open data unless the entity chooses another (Resolución 1519 de 2020 asks for
#: an open licence; CC BY 4.0 is what datos.gov.co proposes).
LICENCIA = ("Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/deed.es")

#: Bar colours of the zones in the charts: each keeps at least 3:1 against the white page (WCAG
#: 1.4.11, graphical objects). The lighter semáforo colours of the dashboard do not (orange on
#: white is 2.3:1), and here every bar also says its zone in words.
COLORES_BARRA = {engine.ROJO: "#c0392b", engine.AMARILLO: "#b07d00", engine.VERDE: "#1a7f4b"}
COLOR_SIN_ZONA = "#6b6b70"
#: Badge colours of the zones (text on background, both at least 4.5:1): same as the HTML report.
COLORES_INSIGNIA = {engine.ROJO: ("#7b1e12", "#fadbd8"), engine.AMARILLO: ("#5c4300", "#fcefc7"),
                    engine.VERDE: ("#145a32", "#d4efdf"), None: ("#3d3d42", "#ececec")}

_TEMPLATES = Path(__file__).parent / "templates" / "sitio"

#: Columns of ``actividades.csv``: name, Table Schema type, Spanish description.
COLUMNAS_ACTIVIDADES = [
    ("vigencia", "integer", "Año del plan de acción (vigencia)."),
    ("fecha_corte", "date", "Fecha de corte del seguimiento (AAAA-MM-DD)."),
    ("seguimiento", "integer", "Número del seguimiento cuatrimestral de Control Interno: 1 (corte 30 de abril), "
                               "2 (31 de agosto) o 3 (31 de diciembre)."),
    ("id", "string", "Identificador de la actividad en el plan (por ejemplo 1.2)."),
    ("subcomponente", "string", "Subcomponente de la estrategia de rendición de cuentas al que pertenece la "
                                "actividad."),
    ("actividad", "string", "Actividad programada, como está escrita en el plan."),
    ("responsables", "string", "Dependencias responsables, la principal primero, separadas por « · »."),
    ("fecha_programada", "string", "Fecha programada de la actividad, como la escribe el plan (o sus meses en "
                                   "palabras)."),
    ("actividades_cumplidas", "string", "Lo que la dependencia reportó como cumplido al corte (su evidencia)."),
    ("avance", "number", "Porcentaje de avance reportado al corte, de 0 a 100."),
    ("evaluada", "boolean", "true si la actividad se evalúa en este corte; false si todavía no (el motivo está "
                            "en la columna zona)."),
    ("zona", "string", "Zona del porcentaje de avance según los umbrales del plan (por omisión, Baja (rojo) de 0 a "
                       "menos de 60 %, Media (amarillo) de 60 % a menos de 80 %, Alta (verde) de 80 % a 100 %); o por "
                       "qué la actividad no se evalúa en este corte."),
    ("observaciones", "string", "Observaciones de Control Interno sobre la actividad."),
]

#: Columns of ``cifras.csv``.
COLUMNAS_CIFRAS = [
    ("vigencia", "integer", "Año del plan de acción (vigencia)."),
    ("fecha_corte", "date", "Fecha de corte del seguimiento (AAAA-MM-DD)."),
    ("ambito", "string", "Qué agrupa la fila: Componente (todo el plan), Subcomponente o Dependencia."),
    ("nombre", "string", "Nombre del subcomponente o de la dependencia; «Componente 3 · Rendición de cuentas» "
                         "para el total."),
    ("actividades", "integer", "Actividades del grupo en el plan."),
    ("evaluadas", "integer", "Actividades del grupo que se evalúan en este corte."),
    ("cumplidas", "integer", "Actividades evaluadas con 100 % de avance."),
    ("avance", "number", "Avance del grupo: promedio, ponderado por el peso, del porcentaje de avance de sus "
                         "actividades evaluadas (de 0 a 100). Vacío cuando ninguna se evalúa."),
    ("zona", "string", "Zona del avance del grupo (Baja, Media o Alta, con su color), o «Sin actividades "
                       "evaluadas»."),
]


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Fuente:
    """One vigencia's plan, as the site shows it."""

    plan: Plan
    #: Where the plan comes from, in words: "Versión 3 del plan, publicada el 04/12/2026 10:15 (hora de Bogotá)".
    origen: str
    #: The reading's findings (warnings), each as one Spanish sentence with its place in the workbook.
    hallazgos: tuple[str, ...] = ()


def cortes_publicables(plan: Plan, hoy: date) -> list[date]:
    """The vigencia's PAAC cuts that have passed by ``hoy`` (the cut day itself counts)."""
    return [corte for corte in plan.parametros.cortes_paac() if corte <= hoy]


def slug(text: str) -> str:
    """A file name from a name: "Secretaría de Planeación" -> "secretaria-de-planeacion"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "dependencia"


# --------------------------------------------------------------------------- pages


@dataclass
class _Pagina:
    """Where a page sits and what its navigation says."""

    ruta: str
    titulo: str
    migas: list[tuple[str, str | None]]  # (text, path or None for the current page)
    entidad: str
    hoy: date


def _rel(desde: str, hacia: str) -> str:
    """The relative link from the page at ``desde`` to the file ``hacia`` (both site paths)."""
    return posixpath.relpath(hacia, posixpath.dirname(desde) or ".")


@lru_cache(maxsize=1)
def _environment():
    """Autoescaping Jinja2 environment of the site's templates (imported on first use)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(pct=formatting.percent, dia=formatting.day, dia_largo=formatting.long_day,
                       insignia=_insignia)
    return env


def _insignia(semaforo: str | None) -> str:
    """CSS class of a zone badge."""
    return semaforo if semaforo in COLORES_INSIGNIA else "ninguna"


def _render(template: str, pagina: _Pagina, **context) -> bytes:
    link = lambda hacia: _rel(pagina.ruta, hacia)  # noqa: E731 - the templates' one helper
    text = _environment().get_template(template).render(pagina=pagina, enlace=link, **context)
    return text.encode("utf-8")


#: The zone's word after a bar's value ("90 % · alta").
ZONA_CORTA = {engine.ROJO: "baja", engine.AMARILLO: "media", engine.VERDE: "alta"}


def _barras(grupos: list[tuple[str, float | None, str | None]], umbrales: tuple[float, float], titulo: str,
            ident: str) -> dict:
    """An SVG bar chart of % de avance (one bar per group), its title and its text alternative."""
    ancho, etiquetas, paso = 760, 250, 34
    area = ancho - etiquetas - 110
    barras = []
    for index, (nombre, avance, semaforo) in enumerate(grupos):
        zona = informe_data.zona_texto(semaforo) if semaforo and avance is not None else "sin actividades evaluadas"
        barras.append({
            "nombre": formatting.truncate(nombre, 34),
            "y": 8 + index * paso,
            "largo": round(area * (avance or 0) / 100, 1),
            "color": COLORES_BARRA.get(semaforo, COLOR_SIN_ZONA) if avance is not None else COLOR_SIN_ZONA,
            "texto": f"{formatting.percent(avance)} · {ZONA_CORTA.get(semaforo, '')}".rstrip(" ·")
            if avance is not None else "sin evaluadas",
        })
        barras[-1]["descripcion"] = f"{nombre}: " + (f"{formatting.percent(avance)}, zona {zona.lower()}"
                                                      if avance is not None else zona)
    alto = 8 + len(grupos) * paso + 22
    lineas = [{"x": round(etiquetas + area * valor / 100, 1), "texto": formatting.percent(valor)} for valor in umbrales]
    return {"id": ident, "titulo": titulo, "ancho": ancho, "alto": alto, "etiquetas": etiquetas, "area": area,
            "barras": barras, "umbrales": lineas,
            "descripcion": "; ".join(b["descripcion"] for b in barras) + "."}


def _grupo_cifras(subtotal: informe_data.Subtotal) -> tuple[str, float | None, str | None]:
    return subtotal.nombre, subtotal.avance, subtotal.semaforo


@dataclass(frozen=True)
class _Corte:
    """One cut of one vigencia, evaluated once for all its pages."""

    fuente: Fuente
    corte: date
    informe: informe_data.Informe
    vista: View
    dependencias: list[tuple[str, str, informe_data.Informe]]  # (office, slug, its report)

    @property
    def plan(self) -> Plan:
        return self.fuente.plan

    @property
    def vigencia(self) -> int:
        return self.plan.parametros.vigencia

    @property
    def carpeta(self) -> str:
        return f"{self.vigencia}/{self.corte:%Y-%m-%d}"

    @property
    def entidad(self) -> str:
        return self.informe.encabezado.entidad

    @property
    def nombre(self) -> str:
        """"Seguimiento 2 · corte 31/08/2018"."""
        return f"Seguimiento {self.informe.encabezado.seguimiento} · corte {formatting.day(self.corte)}"


def _evaluar(fuente: Fuente, corte: date, hoy: date) -> _Corte:
    plan = fuente.plan
    evaluated, members = engine.evaluate(plan, corte), engine.membership(plan)
    vista = View(plan, evaluated, members, Filters(corte=corte))
    informe = informe_data.build(plan, corte, vista, fecha_elaboracion=hoy)
    usados: set[str] = set()
    oficinas = []
    for oficina in plan.dependencias:
        nombre = slug(oficina)
        while nombre in usados:  # two names that differ only in accents or signs
            nombre += "-2"
        usados.add(nombre)
        vista_oficina = View(plan, evaluated, members, Filters(corte=corte, dependencias=(oficina,)))
        oficinas.append((oficina, nombre, informe_data.build(plan, corte, vista_oficina, fecha_elaboracion=hoy)))
    return _Corte(fuente, corte, informe, vista, oficinas)


def _titulo(corte: _Corte, que: str = "") -> str:
    head = f"{que} · " if que else ""
    return (f"{head}{corte.nombre} · Vigencia {corte.vigencia} · Plan de Rendición de Cuentas · "
            f"{corte.entidad}")


def _migas(corte: _Corte, *extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Inicio", "index.html"), (f"Vigencia {corte.vigencia} · {corte.nombre}",
                                       f"{corte.carpeta}/index.html" if extra else None), *extra]


def _pagina_corte(corte: _Corte, todos: list[_Corte]) -> bytes:
    ruta = f"{corte.carpeta}/index.html"
    pagina = _Pagina(ruta, _titulo(corte), _migas(corte), corte.entidad, corte.informe.encabezado.fecha_elaboracion)
    informe = corte.informe
    dependencias = []
    for (oficina, nombre, informe_oficina) in corte.dependencias:
        dependencias.append({"nombre": oficina, "ruta": f"{corte.carpeta}/dependencias/{nombre}.html",
                             "total": informe_oficina.total})
    grafico_sub = _barras([_grupo_cifras(g.subtotal) for g in informe.grupos] + [("Componente", informe.total.avance,
                                                                                   informe.total.semaforo)],
                          (informe.umbral_amarillo, informe.umbral_verde), "% de avance por subcomponente",
                          "grafico-subcomponentes")
    grafico_dep = _barras([(d["nombre"], d["total"].avance, d["total"].semaforo) for d in dependencias],
                          (informe.umbral_amarillo, informe.umbral_verde), "% de avance por dependencia",
                          "grafico-dependencias")
    return _render("corte.html.j2", pagina, c=corte, informe=informe, dependencias=dependencias,
                   grafico_sub=grafico_sub, grafico_dep=grafico_dep, responsables=_responsables(corte.plan),
                   otros=[o for o in todos if o.vigencia == corte.vigencia])


def _pagina_dependencia(corte: _Corte, oficina: str, nombre: str, informe: informe_data.Informe) -> bytes:
    hoy = corte.informe.encabezado.fecha_elaboracion
    ruta = f"{corte.carpeta}/dependencias/{nombre}.html"
    pagina = _Pagina(ruta, _titulo(corte, oficina), _migas(corte, (oficina, None)), corte.entidad, hoy)
    grafico = _barras([_grupo_cifras(g.subtotal) for g in informe.grupos] + [("Total de la dependencia",
                                                                               informe.total.avance,
                                                                               informe.total.semaforo)],
                      (informe.umbral_amarillo, informe.umbral_verde), f"% de avance de {oficina} por subcomponente",
                      "grafico-dependencia")
    return _render("dependencia.html.j2", pagina, c=corte, informe=informe, oficina=oficina, grafico=grafico,
                   responsables=_responsables(corte.plan))


def _responsables(plan: Plan) -> dict[str, str]:
    return {str(k): v for k, v in responsables_labels(plan).items()}


# --------------------------------------------------------------------------- open data


def actividades_frame(corte: _Corte) -> pd.DataFrame:
    """The activities of a cut, one row each, with the columns of :data:`COLUMNAS_ACTIVIDADES`."""
    responsables = _responsables(corte.plan)
    filas = [fila for grupo in corte.informe.grupos for fila in grupo.filas]
    return pd.DataFrame(
        [{
            "vigencia": corte.vigencia,
            "fecha_corte": corte.corte.isoformat(),
            "seguimiento": corte.informe.encabezado.seguimiento,
            "id": fila.id,
            "subcomponente": fila.subcomponente,
            "actividad": fila.actividad,
            "responsables": responsables.get(fila.id, "Sin responsable"),
            "fecha_programada": fila.fecha_programada,
            "actividades_cumplidas": fila.cumplidas,
            "avance": round(float(fila.avance), 2),
            "evaluada": "true" if fila.evaluada else "false",
            "zona": fila.zona,
            "observaciones": fila.observaciones,
        } for fila in filas],
        columns=[name for name, _, _ in COLUMNAS_ACTIVIDADES],
    )


def cifras_frame(corte: _Corte) -> pd.DataFrame:
    """The cut's figures: the component, each subcomponent, each office (:data:`COLUMNAS_CIFRAS`)."""
    informe = corte.informe
    grupos = [("Componente", informe.total)] + [("Subcomponente", g.subtotal) for g in informe.grupos]
    grupos += [("Dependencia", _nombrado(inf.total, oficina)) for oficina, _, inf in corte.dependencias]
    return pd.DataFrame(
        [{
            "vigencia": corte.vigencia,
            "fecha_corte": corte.corte.isoformat(),
            "ambito": ambito,
            "nombre": "Componente 3 · Rendición de cuentas" if ambito == "Componente" else subtotal.nombre,
            "actividades": subtotal.actividades,
            "evaluadas": subtotal.evaluadas,
            "cumplidas": subtotal.cumplidas,
            "avance": None if subtotal.avance is None else round(float(subtotal.avance), 2),
            "zona": subtotal.zona,
        } for ambito, subtotal in grupos],
        columns=[name for name, _, _ in COLUMNAS_CIFRAS],
    )


def _nombrado(subtotal: informe_data.Subtotal, nombre: str) -> informe_data.Subtotal:
    return replace(subtotal, nombre=nombre)


def table_schema(columnas: list[tuple[str, str, str]]) -> dict:
    """A Frictionless Table Schema of the columns, with a Spanish title and description for each."""
    fields = []
    for name, kind, description in columnas:
        spec = {"name": name, "title": name.replace("_", " ").capitalize(), "type": kind, "description": description}
        if kind == "boolean":
            spec.update(trueValues=["true"], falseValues=["false"])
        if name in ("vigencia", "fecha_corte", "actividades", "evaluadas", "cumplidas", "seguimiento", "ambito",
                    "nombre", "id", "actividad"):
            spec["constraints"] = {"required": True}
        if name == "avance":
            spec["constraints"] = {"minimum": 0, "maximum": 100}
        if name == "seguimiento":
            spec["constraints"] = {"required": True, "enum": [1, 2, 3]}
        if name == "ambito":
            spec["constraints"] = {"required": True, "enum": ["Componente", "Subcomponente", "Dependencia"]}
        fields.append(spec)
    return {"fields": fields, "missingValues": [""]}


def _csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a header, every text quoted and made inert for spreadsheets (:mod:`csvsafe`)."""
    return csvsafe.tidy_csv(frame)


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


def _records(frame: pd.DataFrame) -> list[dict]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    for row in rows:
        if "evaluada" in row:
            row["evaluada"] = row["evaluada"] == "true"
    return rows


def _metadatos(corte: _Corte, licencia: tuple[str, str], hoy: date) -> dict:
    """DCAT-style metadata of the cut's data set, with the fields datos.gov.co asks of a data set."""
    informe = corte.informe
    header = informe.encabezado
    titulo = (f"Seguimiento {header.seguimiento} de {corte.vigencia} al Plan de Rendición de Cuentas · "
              f"{corte.entidad}")
    descripcion = (f"Seguimiento de Control Interno al componente 3 (Rendición de cuentas) del Plan Anticorrupción y "
                   f"de Atención al Ciudadano de {corte.entidad}, vigencia {corte.vigencia}, con corte al "
                   f"{formatting.long_day(corte.corte)}: cada actividad con su porcentaje de avance, su zona y las "
                   "observaciones de Control Interno, y el avance por subcomponente y por dependencia.")
    distribuciones = [
        ("actividades.csv", "Actividades (CSV)", "text/csv"), ("actividades.json", "Actividades (JSON)", "application/json"),
        ("cifras.csv", "Cifras por componente, subcomponente y dependencia (CSV)", "text/csv"),
        ("cifras.json", "Cifras por componente, subcomponente y dependencia (JSON)", "application/json"),
        ("diccionario.csv", "Diccionario de datos (CSV)", "text/csv"),
        ("datapackage.json", "Paquete de datos con los esquemas de las tablas (Frictionless)", "application/json"),
    ]
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/"},
        "@type": "dcat:Dataset",
        "dct:title": titulo,
        "dct:description": descripcion,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": corte.entidad},
        "dct:license": {"dct:title": licencia[0], "@id": licencia[1]},
        "dct:language": "es",
        "dct:issued": hoy.isoformat(),
        "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": header.periodo_inicio.isoformat(),
                         "dcat:endDate": corte.corte.isoformat()},
        "dct:accrualPeriodicity": "http://purl.org/cld/freq/triannual",
        "dcat:keyword": ["rendición de cuentas", "plan anticorrupción", "PAAC", "control interno", "seguimiento",
                         str(corte.vigencia)],
        "dcat:theme": "Planeación y gestión",
        "dcat:distribution": [{"@type": "dcat:Distribution", "dct:title": nombre, "dcat:downloadURL": archivo,
                               "dcat:mediaType": tipo} for archivo, nombre, tipo in distribuciones],
        # The same, with the names of datos.gov.co's metadata form (Guía de datos abiertos de MinTIC).
        "datos_gov_co": {
            "Título": titulo,
            "Descripción": descripcion,
            "Entidad": corte.entidad,
            "Categoría": "Planeación y gestión",
            "Etiquetas": "rendición de cuentas, PAAC, control interno, seguimiento",
            "Licencia": licencia[0],
            "Idioma": "Español",
            "Cobertura temporal": f"{formatting.day(header.periodo_inicio)} – {formatting.day(corte.corte)}",
            "Cobertura geográfica": corte.entidad,
            "Frecuencia de actualización": "Cuatrimestral (cortes al 30 de abril, 31 de agosto y 31 de diciembre)",
            "Fecha de emisión": formatting.day(hoy),
            "Fuente": corte.fuente.origen,
        },
    }


def _diccionario() -> pd.DataFrame:
    filas = [{"archivo": archivo, "columna": name, "tipo": _TIPOS[kind], "descripcion": description}
             for archivo, columnas in (("actividades.csv", COLUMNAS_ACTIVIDADES), ("cifras.csv", COLUMNAS_CIFRAS))
             for name, kind, description in columnas]
    return pd.DataFrame(filas, columns=["archivo", "columna", "tipo", "descripcion"])


_TIPOS = {"integer": "número entero", "number": "número decimal (punto decimal)", "string": "texto",
          "date": "fecha (AAAA-MM-DD)", "boolean": "verdadero o falso (true/false)"}


def _datos(corte: _Corte, licencia: tuple[str, str], hoy: date) -> dict[str, bytes]:
    carpeta = f"{corte.carpeta}/datos"
    actividades, cifras = actividades_frame(corte), cifras_frame(corte)
    paquete = {
        "name": f"seguimiento-rendicion-de-cuentas-{corte.corte:%Y-%m-%d}",
        "title": f"Seguimiento al Plan de Rendición de Cuentas · {corte.nombre} · {corte.entidad}",
        "licenses": [{"name": "CC-BY-4.0", "title": licencia[0], "path": licencia[1]}],
        "resources": [
            {"name": "actividades", "path": "actividades.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "schema": table_schema(COLUMNAS_ACTIVIDADES)},
            {"name": "cifras", "path": "cifras.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": table_schema(COLUMNAS_CIFRAS)},
        ],
    }
    files = {
        f"{carpeta}/actividades.csv": _csv(actividades),
        f"{carpeta}/actividades.json": _json({"vigencia": corte.vigencia, "fecha_corte": corte.corte.isoformat(),
                                              "entidad": corte.entidad, "actividades": _records(actividades)}),
        f"{carpeta}/cifras.csv": _csv(cifras),
        f"{carpeta}/cifras.json": _json({"vigencia": corte.vigencia, "fecha_corte": corte.corte.isoformat(),
                                         "entidad": corte.entidad, "cifras": _records(cifras)}),
        f"{carpeta}/diccionario.csv": _csv(_diccionario()),
        f"{carpeta}/datapackage.json": _json(paquete),
        f"{carpeta}/metadatos.json": _json(_metadatos(corte, licencia, hoy)),
    }
    pagina = _Pagina(f"{carpeta}/index.html", _titulo(corte, "Datos abiertos"), _migas(corte, ("Datos abiertos", None)),
                     corte.entidad, hoy)
    archivos = [(posixpath.basename(path), len(data)) for path, data in files.items()]
    files[pagina.ruta] = _render("datos.html.j2", pagina, c=corte, archivos=archivos, diccionario=_diccionario(),
                                 metadatos=_metadatos(corte, licencia, hoy)["datos_gov_co"],
                                 licencia=licencia, muestra=actividades.head(3))
    return files


# --------------------------------------------------------------------------- the site


def build(fuentes: Sequence[Fuente], hoy: date, *, licencia: tuple[str, str] = LICENCIA) -> dict[str, bytes]:
    """Every file of the site, by path relative to its root (``/`` separators).

    One :class:`Fuente` per vigencia (the newest first is the usual order; the index sorts them);
    each shows its PAAC cuts that have passed by ``hoy``. Raises ``ValueError`` for two sources of
    the same vigencia.
    """
    vigencias = [f.plan.parametros.vigencia for f in fuentes]
    if len(set(vigencias)) != len(vigencias):
        raise ValueError(f"Hay dos planes para la misma vigencia: {sorted(vigencias)}.")
    ordenadas = sorted(fuentes, key=lambda f: f.plan.parametros.vigencia, reverse=True)
    cortes = [_evaluar(f, corte, hoy) for f in ordenadas for corte in cortes_publicables(f.plan, hoy)]
    entidad = (ordenadas[0].plan.parametros.entidad or "Entidad no indicada") if ordenadas else "Entidad no indicada"
    anios = ", ".join(str(f.plan.parametros.vigencia) for f in ordenadas) or "sin vigencias"
    files: dict[str, bytes] = {}
    for corte in cortes:
        files[f"{corte.carpeta}/index.html"] = _pagina_corte(corte, cortes)
        for oficina, nombre, informe in corte.dependencias:
            files[f"{corte.carpeta}/dependencias/{nombre}.html"] = _pagina_dependencia(corte, oficina, nombre, informe)
        files.update(_datos(corte, licencia, hoy))
    sufijo = f"{entidad} · vigencias {anios}" if len(ordenadas) != 1 else f"{entidad} · vigencia {anios}"
    indice = _Pagina("index.html", f"Seguimientos al Plan de Rendición de Cuentas · {sufijo}", [("Inicio", None)], entidad, hoy)
    files["index.html"] = _render("indice.html.j2", indice, entidad=entidad, anios=anios, hoy=hoy,
                                  vigencias=[(f, [c for c in cortes if c.fuente is f]) for f in ordenadas])
    medida = _Pagina("como-se-mide.html", f"Cómo se mide el avance · Plan de Rendición de Cuentas · {sufijo}",
                     [("Inicio", "index.html"), ("Cómo se mide", None)], entidad, hoy)
    umbrales = (ordenadas[0].plan.parametros.umbral_amarillo, ordenadas[0].plan.parametros.umbral_verde) \
        if ordenadas else (60.0, 80.0)
    ejemplo = _barras([("Subcomponente A", 45.0, engine.ROJO), ("Subcomponente B", 70.0, engine.AMARILLO),
                       ("Subcomponente C", 92.5, engine.VERDE)], umbrales, "Ejemplo: tres avances, uno en cada zona",
                      "grafico-ejemplo")
    files["como-se-mide.html"] = _render("medida.html.j2", medida, entidad=entidad, anios=anios, umbrales=umbrales,
                                         ejemplo=ejemplo)
    return files


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (two replicas publishing at once write the site one after the other)."""
    import fcntl

    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write(files: dict[str, bytes], out: Path) -> Path:
    """Write the site to ``out``, replacing the previous one in one step.

    The files go to a new folder beside ``out`` (``.NOMBRE.construcciones/``); ``out`` is then a
    symbolic link switched to it atomically, so a reader (Caddy) sees the old site or the new one,
    never half of each. A first ``out`` that is a plain folder is moved aside once. Returns the
    folder written."""
    out = Path(out).absolute()
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    builds = parent / f".{out.name}.construcciones"
    builds.mkdir(exist_ok=True)
    with _lock(parent / f".{out.name}.bloqueo"):
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        new = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=builds))
        os.chmod(new, 0o755)  # mkdtemp's 0700 would hide the site from the web server's user
        for relative, data in files.items():
            if relative.startswith("/") or ".." in relative.split("/"):
                raise ValueError(f"Ruta no permitida en el sitio: {relative!r}")
            target = new / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if out.exists() and not out.is_symlink():
            out.rename(builds / f"anterior-{stamp}")
        link = parent / f".{out.name}.enlace"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(new, parent))  # relative: the folder can move with its parent
        os.replace(link, out)
        for old in builds.iterdir():
            if old != new:
                shutil.rmtree(old, ignore_errors=True)
    return new

"""The public site (rendicion.outputs.site, rendicion.versions.sitio, ``python -m rendicion sitio``): its
files for the shipped plan at the three cuts, the open data against its Table Schema (frictionless), no
script anywhere, titles that name the entity, vigencia and cut, and the zones' colours and words.

Expected figures are the shipped plan's, computed by hand in tests/test_engine_shipped.py: 31/08/2018
evaluates only 4.2 (90 %, verde); 31/12/2018 evaluates all 19 (1387/19 = 73,0 %, amarillo; 11 at 100 %).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import frictionless
import pytest

from rendicion.outputs import site
from rendicion.reading.loader import read_plan
from rendicion.versions import publishing, sitio
from rendicion.versions.store import Store
from tests.builders import ROOT, SHIPPED

ENTIDAD = "Alcaldía de Ibagué"
OFICINAS = ["direccion-de-comunicaciones-y-relaciones-publicas", "direccion-de-talento-humano",
            "secretaria-administrativa", "secretaria-de-apoyo-a-la-gestion", "secretaria-de-planeacion",
            "todas-las-dependencias"]
DATOS = ["actividades.csv", "actividades.json", "cifras.csv", "cifras.json", "datapackage.json", "diccionario.csv",
         "index.html", "metadatos.json"]


def _expected_files(cuts: list[str]) -> set[str]:
    files = {"index.html", "como-se-mide.html"}
    for cut in cuts:
        files.add(f"2018/{cut}/index.html")
        files.update(f"2018/{cut}/dependencias/{name}.html" for name in OFICINAS)
        files.update(f"2018/{cut}/datos/{name}" for name in DATOS)
    return files


@pytest.fixture(scope="module")
def shipped() -> site.Fuente:
    loaded = read_plan(SHIPPED)
    return site.Fuente(loaded.plan, "Plan incluido con Rendición", ("Hoja «Plan», fila 7: un hallazgo <b>",))


@pytest.fixture(scope="module")
def files(shipped) -> dict[str, bytes]:
    return site.build([shipped], date(2026, 12, 4))


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rendicion", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT, timeout=300)


def test_the_command_writes_the_site_of_an_empty_store_from_the_shipped_plan(tmp_path):
    out = tmp_path / "publico"
    result = _run("sitio", "--out", str(out), "--hoy", "2026-12-04",
                  env={"RENDICION_DB_URL": f"sqlite:///{tmp_path / 'v.db'}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Sitio público escrito en {out} (26 páginas)."
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == _expected_files(["2018-04-30", "2018-08-31", "2018-12-31"])
    page = (out / "2018/2018-12-31/index.html").read_text(encoding="utf-8")
    assert "Versión 1 del plan, publicada el" in page


def test_the_command_needs_a_folder(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != sitio.SITIO_ENV_VAR}
    result = subprocess.run([sys.executable, "-m", "rendicion", "sitio"], capture_output=True, text=True,
                            env={**env, "PYTHONPATH": str(ROOT), "RENDICION_DB_URL": f"sqlite:///{tmp_path / 'v.db'}"},
                            cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "Indique la carpeta del sitio con --out o con la variable RENDICION_SITIO_DIR." in result.stderr


def test_only_the_cuts_that_have_passed_are_published(shipped):
    files = site.build([shipped], date(2018, 9, 1))
    assert set(files) == _expected_files(["2018-04-30", "2018-08-31"])
    index = files["index.html"].decode()
    assert "Seguimiento 3" not in index
    none_yet = site.build([shipped], date(2018, 4, 29))
    assert set(none_yet) == {"index.html", "como-se-mide.html"}
    assert "Ningún corte de la vigencia 2018 ha pasado todavía: el primero es el 30/04/2018." in none_yet[
        "index.html"].decode()


class _Page(HTMLParser):
    """What the checks need from a page: its language, title, first heading, tags and attributes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang, self.title, self.h1, self.tags, self.attributes = None, "", "", [], []
        self._in = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def test_pages_are_spanish_without_scripts_and_fetch_nothing(files):
    pages = {path: _Page(data.decode("utf-8")) for path, data in files.items() if path.endswith(".html")}
    assert len(pages) == 26
    for path, page in pages.items():
        assert page.lang == "es", path
        assert "script" not in page.tags and "iframe" not in page.tags and "object" not in page.tags, path
        assert not [a for a in page.attributes if a[1].startswith("on")], path  # no event handler
        assert not [a for a in page.attributes if "javascript:" in a[2].lower()], path
        # Nothing is loaded from anywhere: no src, no stylesheet link; the only outside address is the licence's.
        assert not [a for a in page.attributes if a[1] in ("src", "srcset") or (a[0] == "link")], path
        outside = {a[2] for a in page.attributes if a[1] == "href" and re.match(r"[a-z]+:", a[2])}
        assert outside <= {"https://creativecommons.org/licenses/by/4.0/deed.es"}, path
        # Every link between pages leads to a file of the site.
        for tag, name, value in page.attributes:
            if name == "href" and not re.match(r"[a-z]+:|#", value):
                target = os.path.normpath(os.path.join(os.path.dirname(path), value))
                assert target in files, (path, value)


@pytest.mark.parametrize(("path", "parts"), [
    ("2018/2018-04-30/index.html", ["Seguimiento 1", "30/04/2018"]),
    ("2018/2018-08-31/index.html", ["Seguimiento 2", "31/08/2018"]),
    ("2018/2018-12-31/index.html", ["Seguimiento 3", "31/12/2018"]),
    ("2018/2018-08-31/dependencias/secretaria-de-planeacion.html", ["Secretaría de Planeación", "31/08/2018"]),
    ("2018/2018-08-31/datos/index.html", ["Datos abiertos", "31/08/2018"]),
])
def test_titles_and_headings_name_the_entity_vigencia_and_cut(files, path, parts):
    page = _Page(files[path].decode("utf-8"))
    for text in (page.title, page.h1):
        assert ENTIDAD in text and "2018" in text, text
        for part in parts:
            assert part in text, text


def test_index_and_explanation_name_the_entity_and_vigencia(files):
    assert _Page(files["index.html"].decode()).title == ("Seguimientos al Plan de Rendición de Cuentas · "
                                                         "Alcaldía de Ibagué · vigencia 2018")
    measure = _Page(files["como-se-mide.html"].decode())
    assert ENTIDAD in measure.title and "2018" in measure.title
    text = files["como-se-mide.html"].decode()
    # The zones in words, with their thresholds, beside their colours.
    assert "Baja (rojo)</span>: menos de 60 %" in text
    assert "Media (amarillo)</span>: desde 60 % hasta menos de 80 %" in text
    assert "Alta (verde)</span>: desde 80 % hasta 100 %" in text


def test_the_cut_page_carries_the_report(files):
    august = files["2018/2018-08-31/index.html"].decode()
    # 31/08 under the default rule «programadas a la fecha», by hand: 2.2 60, 2.4 45, 2.5 50, 2.6 50, 2.7 33,
    # 3.2 50, 4.1 50, 4.2 90: 428 / 8 = 53,5 % (rojo); 4.2 ended in February at 90 %.
    assert "Avance del plan: <strong>53,5 %</strong>" in august
    assert ('<span class="zona rojo">Baja (rojo)</span> · regla «programadas a la fecha» · 8 de 19 actividades '
            'evaluadas; 0 cumplidas al 100 %; 1 vencida sin cumplir.') in august
    assert "Fecha límite de publicación</dt><dd>14/09/2018" in august
    assert "Un hallazgo" not in august and "Hoja «Plan», fila 7: un hallazgo &lt;b&gt;" in august  # escaped
    december = files["2018/2018-12-31/index.html"].decode()
    assert "Avance del plan: <strong>73 %</strong>" in december
    assert "19 de 19 actividades evaluadas; 11 cumplidas al 100 %" in december
    # The chart has its text alternative and the zones in words.
    assert "<desc id=\"grafico-subcomponentes-desc\">Información: 40 %, zona baja (rojo); Diálogo: 90,9 %, zona alta " \
           "(verde); Incentivos: 80 %, zona alta (verde); Evaluación y seguimiento: 75 %, zona media (amarillo); " \
           "Componente: 73 %, zona media (amarillo).</desc>" in december


def _schema(files, cut: str, name: str) -> dict:
    package = json.loads(files[f"2018/{cut}/datos/datapackage.json"])
    return next(r["schema"] for r in package["resources"] if r["name"] == name)


@pytest.mark.parametrize("cut", ["2018-04-30", "2018-08-31", "2018-12-31"])
def test_csvs_are_valid_against_their_table_schema(files, tmp_path, cut):
    for name in ("actividades", "cifras"):
        path = tmp_path / f"{name}.csv"
        path.write_bytes(files[f"2018/{cut}/datos/{name}.csv"])
        schema = frictionless.Schema.from_descriptor(_schema(files, cut, name))
        report = frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        # The schema describes every column in Spanish, and the header is exactly its fields.
        header = files[f"2018/{cut}/datos/{name}.csv"].decode("utf-8").splitlines()[0]
        assert header.replace('"', "").split(",") == [f.name for f in schema.fields]
        assert all(f.description and f.title for f in schema.fields)
    # The whole data package validates too (both tables).
    package_dir = tmp_path / "paquete"
    package_dir.mkdir()
    for name in ("actividades.csv", "cifras.csv", "datapackage.json"):
        (package_dir / name).write_bytes(files[f"2018/{cut}/datos/{name}"])
    assert frictionless.Package(str(package_dir / "datapackage.json")).validate().valid


def test_a_schema_violation_is_caught(files, tmp_path):
    """The validation can fail: a % de avance of 150 breaks the schema's maximum."""
    text = files["2018/2018-12-31/datos/actividades.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][9] = "150"
    path = tmp_path / "actividades.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8")
    schema = frictionless.Schema.from_descriptor(_schema(files, "2018-12-31", "actividades"))
    report = frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert not report.valid
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[2, "avance", "constraint-error"]]


def test_figures_in_the_open_data(files):
    cifras = list(csv.DictReader(io.StringIO(files["2018/2018-12-31/datos/cifras.csv"].decode("utf-8"))))
    total = cifras[0]
    assert (total["ambito"], total["nombre"], total["actividades"], total["evaluadas"], total["cumplidas"],
            total["avance"], total["zona"]) == ("Componente", "Componente 3 · Rendición de cuentas", "19", "19", "11",
                                                "73.0", "Media (amarillo)")
    assert [(r["nombre"], r["avance"]) for r in cifras if r["ambito"] == "Subcomponente"] == [
        ("Información", "40.0"), ("Diálogo", "90.88"), ("Incentivos", "80.0"), ("Evaluación y seguimiento", "75.0")]
    data = json.loads(files["2018/2018-08-31/datos/actividades.json"])
    evaluated = [row for row in data["actividades"] if row["evaluada"] is True]
    assert [(row["id"], row["avance"], row["zona"]) for row in evaluated] == [
        ("2.2", 60.0, "Media (amarillo)"), ("2.4", 45.0, "Baja (rojo)"), ("2.5", 50.0, "Baja (rojo)"),
        ("2.6", 50.0, "Baja (rojo)"), ("2.7", 33.0, "Baja (rojo)"), ("3.2", 50.0, "Baja (rojo)"),
        ("4.1", 50.0, "Baja (rojo)"), ("4.2", 90.0, "Alta (verde)")]
    assert data["entidad"] == ENTIDAD and data["fecha_corte"] == "2018-08-31" and len(data["actividades"]) == 19


def test_dcat_metadata(files):
    meta = json.loads(files["2018/2018-08-31/datos/metadatos.json"])
    assert meta["@type"] == "dcat:Dataset"
    assert meta["dct:publisher"]["foaf:name"] == ENTIDAD
    assert meta["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/deed.es"
    assert meta["dct:temporal"] == {"@type": "dct:PeriodOfTime", "dcat:startDate": "2018-05-01",
                                    "dcat:endDate": "2018-08-31"}
    assert meta["dct:accrualPeriodicity"] == "http://purl.org/cld/freq/triannual"
    assert meta["dct:language"] == "es"
    assert {d["dcat:downloadURL"] for d in meta["dcat:distribution"]} == {
        "actividades.csv", "actividades.json", "cifras.csv", "cifras.json", "diccionario.csv", "datapackage.json"}
    portal = meta["datos_gov_co"]
    assert portal["Licencia"] == "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
    assert portal["Cobertura temporal"] == "01/05/2018 – 31/08/2018"
    assert portal["Frecuencia de actualización"].startswith("Cuatrimestral")
    dictionary = list(csv.DictReader(io.StringIO(files["2018/2018-08-31/datos/diccionario.csv"].decode("utf-8"))))
    assert len(dictionary) == 13 + 9
    assert {"archivo": "actividades.csv", "columna": "avance", "tipo": "número decimal (punto decimal)",
            "descripcion": "Porcentaje de avance reportado al corte, de 0 a 100."} in dictionary


def test_workbook_text_is_never_a_formula_nor_markup(shipped, tmp_path):
    plan = shipped.plan
    actividades = plan.actividades.copy()
    first = actividades.index[0]
    actividades.loc[first, "actividad"] = '=HYPERLINK("http://x","clic") <script>alert(1)</script>'
    actividades.loc[actividades.index[1], "actividad"] = "@SUM(1+1),-2+3"
    hostile = site.Fuente(replace(plan, actividades=actividades), "Prueba")
    files = site.build([hostile], date(2026, 12, 4))
    page = files["2018/2018-12-31/index.html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    rows = list(csv.DictReader(io.StringIO(files["2018/2018-12-31/datos/actividades.csv"].decode("utf-8"))))
    assert rows[0]["actividad"] == "'=HYPERLINK(\"http://x\",\"clic\") <script>alert(1)</script>"
    assert rows[1]["actividad"] == "'@SUM(1+1),'-2+3"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_zone_colours_keep_their_contrast():
    # Bars (graphical objects, WCAG 1.4.11): at least 3:1 against the white page and track.
    for colour in [*site.COLORES_BARRA.values(), site.COLOR_SIN_ZONA]:
        assert _contrast(colour, "#ffffff") >= 3, colour
    # Badges (text, WCAG 1.4.3): at least 4.5:1.
    for text, background in site.COLORES_INSIGNIA.values():
        assert _contrast(text, background) >= 4.5, (text, background)
    assert round(_contrast("#E69F00", "#ffffff"), 1) == 2.3  # why the dashboard's orange is not used for bars


def test_write_replaces_the_site_in_one_step(tmp_path):
    out = tmp_path / "publico"
    first = site.write({"index.html": b"uno", "a/b.csv": b"1"}, out)
    assert (out / "index.html").read_bytes() == b"uno" and out.is_symlink()
    second = site.write({"index.html": b"dos"}, out)
    assert (out / "index.html").read_bytes() == b"dos" and not (out / "a").exists()
    assert not first.exists() and second.exists()
    assert oct(second.stat().st_mode & 0o777) == "0o755"  # the web server's user can read it
    with pytest.raises(ValueError):
        site.write({"../fuera.html": b"x"}, out)


def test_publishing_rewrites_the_site_when_configured(tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    publishing.ensure_seeded(store)
    out = tmp_path / "publico"
    monkeypatch.setenv(sitio.SITIO_ENV_VAR, str(out))
    from tests.test_app_store import _updated_plan_bytes

    candidate = publishing.prepare(_updated_plan_bytes(tmp_path), "plan_septiembre.xlsx")
    publishing.publish(store, candidate, note="otra vez", author="Ana")
    page = (out / "2018/2018-04-30/index.html").read_text(encoding="utf-8")
    assert "Versión 2 del plan, publicada el" in page
    (out / "2018/2018-04-30/index.html").unlink()  # restoring writes it again
    publishing.restore(store, 1, note="volver", author="Ana")
    assert "Versión 3 del plan, publicada el" in (out / "2018/2018-04-30/index.html").read_text(encoding="utf-8")
    monkeypatch.delenv(sitio.SITIO_ENV_VAR)
    assert sitio.refresh_configured(store) is None


def test_a_site_that_cannot_be_written_leaves_the_publication_and_says_so(tmp_path, monkeypatch, caplog):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    publishing.ensure_seeded(store)
    blocker = tmp_path / "archivo"
    blocker.write_text("no es una carpeta", encoding="utf-8")
    monkeypatch.setenv(sitio.SITIO_ENV_VAR, str(blocker / "publico"))  # its parent is a file
    assert sitio.refresh_configured(store) is None
    assert "No se pudo actualizar el sitio público" in caplog.text and "Traceback" in caplog.text


def test_a_plan_without_entity_name_says_so(shipped):
    plan = shipped.plan
    nameless = site.Fuente(replace(plan, parametros=replace(plan.parametros, entidad="")), "Prueba")
    files = site.build([nameless], date(2026, 12, 4))
    for path in ("index.html", "2018/2018-04-30/index.html"):
        page = _Page(files[path].decode("utf-8"))
        assert "Entidad no indicada" in page.title and "Entidad no indicada" in page.h1, path
    meta = json.loads(files["2018/2018-04-30/datos/metadatos.json"])
    assert meta["dct:publisher"]["foaf:name"] == "Entidad no indicada"


def test_two_sources_of_one_vigencia_are_refused(shipped):
    with pytest.raises(ValueError, match="dos planes para la misma vigencia"):
        site.build([shipped, shipped], date(2026, 12, 4))

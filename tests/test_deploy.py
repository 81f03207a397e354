"""The deployment of deploy/ as a municipality runs it, on loopback: Caddy (deploy/Caddyfile) in
front of two replicas started by deploy/replica.sh, sharing the PostgreSQL store that
tests/pg.py starts, with a named editor account from RENDICION_EDITORES.

Checks the security headers (the charts' pages run under the CSP without a violation), that Streamlit's metrics and script health check do not leave the
machine (its health ping must: the page needs it), that sessions stick to a replica (Caddy's cookie), and that a workbook published in
Chromium through one replica's session is seen by a session on the other replica.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest

from rendicion import server
from rendicion.people.accounts import hash_password
from rendicion.server import PLOTLY_SVG
from rendicion.versions.store import Store
from tests.harness import LOCALE, REPO_ROOT, VIEWPORT, exception_boxes, in_ci, screenshot, wait_for_app
from tests.pg import _free_port

DEPLOY = REPO_ROOT / "deploy"
COOKIE = "rendicion_replica"
SECRET = "secreto-de-la-prueba"
START_TIMEOUT = 90.0

def _get(url: str, cookie: str | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

def _wait(url: str, process: subprocess.Popen, log: Path, expected: str | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            status, _, body = _get(url)
            if status == 200 and (expected is None or body.strip() == expected):
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{url} no respondió (código {process.poll()}):\n{log.read_text(errors='replace')}",
                        pytrace=False)
        time.sleep(0.3)

def _process(command: list[str], env: dict, log: Path):
    return server.running(command, env=env, log=log, cwd=REPO_ROOT)

@pytest.fixture
def caddy_path() -> str:
    path = shutil.which("caddy")
    if path is None:
        message = "Caddy no está instalado (bash scripts/test.sh instala el paquete caddy)."
        if in_ci():
            pytest.fail(message + " En CI es obligatorio.", pytrace=False)
        pytest.skip(message)
    return path

@pytest.fixture
def deployment(postgres_server, caddy_path, tmp_path):
    """(proxy URL, {replica address: cookie value}, store URL, logs) of a running deployment."""
    db_url = postgres_server.new_database("rendicion_despliegue")
    base = {key: value for key, value in os.environ.items() if not key.startswith("RENDICION_")}
    replica_env = {**base, "RENDICION_DB_URL": db_url, "RENDICION_PYTHON": sys.executable, "PYTHONUNBUFFERED": "1",
                   "RENDICION_EDITORES": f"Ana Pérez={hash_password('clave de ana 2018')}"}
    ports = [_free_port(), _free_port()]
    while ports[1] == ports[0]:
        ports[1] = _free_port()
    proxy_port = _free_port()
    replicas = [f"127.0.0.1:{port}" for port in ports]
    caddy_env = {**base, "RENDICION_SITE": f"http://127.0.0.1:{proxy_port}", "RENDICION_REPLICAS": " ".join(replicas),
                 "RENDICION_COOKIE_SECRET": SECRET, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "datos"),
                 "XDG_CONFIG_HOME": str(tmp_path / "config")}
    logs = {}
    with ExitStack() as stack:
        for port in ports:  # one after the other: the first seeds the store, the second finds it seeded
            logs[port] = tmp_path / f"replica_{port}.log"
            process = stack.enter_context(_process([str(DEPLOY / "replica.sh"), str(port)], replica_env, logs[port]))
            _wait(f"http://127.0.0.1:{port}/_stcore/health", process, logs[port], "ok")
        logs["caddy"] = tmp_path / "caddy.log"
        caddy = stack.enter_context(_process([caddy_path, "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter",
                                              "caddyfile"], caddy_env, logs["caddy"]))
        proxy = f"http://127.0.0.1:{proxy_port}"
        _wait(f"{proxy}/", caddy, logs["caddy"])
        cookies = {address: hmac.new(SECRET.encode(), address.encode(), hashlib.sha256).hexdigest()
                   for address in replicas}
        yield proxy, cookies, db_url, logs

def test_behind_caddy_two_replicas_share_one_history(deployment, browser, tmp_path):
    from tests.test_app_store import _updated_plan_bytes

    proxy, cookies, db_url, logs = deployment

    # Headers: no framing, a CSP, no server banner.
    status, headers, _ = _get(f"{proxy}/")
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "object-src 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert headers.get("X-Content-Type-Options") == "nosniff" and "Server" not in headers

    # Streamlit's internals: the replicas answer them on loopback, the proxy does not pass them on.
    replica = next(iter(cookies))
    assert _get(f"http://{replica}/_stcore/metrics")[0] == 200
    status, _, body = _get(f"{proxy}/_stcore/metrics")
    assert status == 404 and "cache" not in body
    assert _get(f"{proxy}/_stcore/script-health-check")[0] == 404
    # The health ping stays open: Streamlit's page needs it (it hands out the XSRF cookie).
    assert _get(f"{proxy}/_stcore/health")[::2] == (200, "ok")

    # Sticky sessions: a new visitor gets a cookie naming one replica; both replicas get visitors.
    handed_out = set()
    for _ in range(30):
        _, headers, _ = _get(f"{proxy}/")
        handed_out.add(headers["Set-Cookie"].split(";")[0].removeprefix(f"{COOKIE}="))
    assert handed_out == set(cookies.values())

    # A visitor pinned to the second replica sees version 1; the editor publishes through the first.
    first, second = cookies.values()
    workbook = tmp_path / "plan_septiembre.xlsx"
    workbook.write_bytes(_updated_plan_bytes(tmp_path))
    csp_violations: list[str] = []
    editor, visitor = (_context(browser, proxy, cookie, csp_violations) for cookie in (first, second))
    try:
        viewer = visitor.new_page()
        for path in ("", "cronograma", "evaluacion"):  # the charts work under the CSP
            viewer.goto(f"{proxy}/{path}")
            wait_for_app(viewer)
            viewer.locator(PLOTLY_SVG).first.wait_for()
            assert exception_boxes(viewer) == []
        assert viewer.evaluate("document.documentElement.lang") == "es-CO"  # dashboard.LANG_SCRIPT, under the CSP
        viewer.goto(f"{proxy}/historial")
        wait_for_app(viewer)
        assert viewer.get_by_text("Historial íntegro: 1 versión verificada.", exact=False).count() == 1

        page = editor.new_page()
        page.goto(f"{proxy}/cargar")
        page.get_by_role("heading", name="Cargar plan actualizado").wait_for()
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(workbook))
        page.get_by_text("1 actividad agregada", exact=False).wait_for()
        wait_for_app(page)
        page.get_by_label("Nota (opcional)").fill("Reportes de septiembre")
        page.get_by_label("Cuenta de editor").fill("Ana Pérez")
        page.get_by_label("Contraseña de editor").fill("adivinanza del atacante")
        page.get_by_role("button", name="Publicar").click()
        page.get_by_text("no es correcta. Podrá intentarlo de nuevo en 1 segundo", exact=False).wait_for()
        wait_for_app(page)
        assert page.get_by_label("Contraseña de editor").input_value() == ""  # cleared after the submit
        page.wait_for_timeout(1500)  # the session's delay after one failure
        page.get_by_label("Contraseña de editor").fill("clave de ana 2018")
        page.get_by_role("button", name="Publicar").click()
        page.get_by_text("Publicada la versión 2", exact=False).first.wait_for()
        wait_for_app(page)
        assert exception_boxes(page) == []
        screenshot(page, "despliegue-publicado")

        viewer.reload()  # the visitor's next interaction, on the other replica
        wait_for_app(viewer)
        viewer.get_by_text("Historial íntegro: 2 versiones verificadas.", exact=False).wait_for()
        assert viewer.get_by_text("Versión 2 · publicada el", exact=False).count() >= 1
        screenshot(viewer, "despliegue-otra-replica")
        assert exception_boxes(viewer) == []
    finally:
        editor.close()
        visitor.close()

    versions = Store(db_url).versions()
    assert [(v.version, v.author, v.note) for v in versions][0] == (2, "Ana Pérez", "Reportes de septiembre")
    assert Store(db_url).verify().ok
    assert csp_violations == []
    replica_logs = [logs[port].read_text(errors="replace") for port in logs if port != "caddy"]
    assert sum("Contraseña de editor incorrecta: cuenta='Ana Pérez'" in log for log in replica_logs) == 1
    for log in [*replica_logs, logs["caddy"].read_text(errors="replace")]:
        assert "Traceback" not in log and "adivinanza" not in log and "clave de ana" not in log

def _context(browser, proxy: str, cookie: str, csp_violations: list[str]):
    """A browser context pinned to one replica by Caddy's cookie; CSP violations are collected."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.set_default_timeout(60_000)
    context.add_cookies([{"name": COOKIE, "value": cookie, "url": proxy}])
    context.on("console", lambda message: csp_violations.append(message.text)
               if "Content Security Policy" in message.text else None)
    return context

def test_the_csp_allows_the_language_script_by_its_hash():
    import base64
    import re

    source = (REPO_ROOT / "dashboard.py").read_text(encoding="utf-8")
    script = re.search(r'LANG_SCRIPT = "<script>(.*)</script>"', source).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in (DEPLOY / "Caddyfile").read_text(encoding="utf-8")


def test_a_replica_refuses_to_start_without_the_shared_store(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "RENDICION_DB_URL"}
    result = subprocess.run([str(DEPLOY / "replica.sh"), "8599"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "Falta RENDICION_DB_URL" in result.stderr


class _Upstream:
    """A stand-in replica on loopback: answers the health check and counts the body bytes that reach it."""

    def __init__(self) -> None:
        import http.server
        import threading

        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's API
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                got = 0
                while got < length and (piece := self.rfile.read(min(65536, length - got))):
                    got += len(piece)
                received.append(got)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"recibido")

            def log_message(self, *args):  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _post(url: str, size: int) -> tuple[int, str]:
    request = urllib.request.Request(url, data=bytes(size), method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (ConnectionError, urllib.error.URLError) as error:  # the proxy closed the connection after its answer
        return 0, str(error)


def test_the_proxy_refuses_an_oversized_body_before_a_replica_reads_it(caddy_path, tmp_path):
    """Issue 22: a 20 MB request body passed Caddy whole. The Caddyfile's limit sits above the largest legitimate
    upload (Streamlit's server.maxUploadSize, 16 MiB, the same as the uploader's ceiling) and is enforced by Caddy."""
    import tomllib

    from ui.widgets import UPLOAD_CEILING_MB

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_CEILING_MB == 16
    assert 10 * 1024 * 1024 < UPLOAD_CEILING_MB * 1024 * 1024 < 18_000_000  # above 10 MB, below the proxy's limit
    upstream = _Upstream()
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RENDICION_")},
           "RENDICION_SITE": f"http://127.0.0.1:{port}", "RENDICION_REPLICAS": upstream.address,
           "RENDICION_COOKIE_SECRET": SECRET, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "datos"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    log = tmp_path / "caddy.log"
    try:
        with _process([caddy_path, "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"], env,
                      log) as caddy:
            _wait(f"http://127.0.0.1:{port}/", caddy, log)
            status, body = _post(f"http://127.0.0.1:{port}/_stcore/upload_file/x", 20_000_000)
            assert status in (413, 0), (status, body)
            assert status == 0 or "demasiado grande" in body
            assert upstream.received == []  # not a byte of it reached the replica
            status, body = _post(f"http://127.0.0.1:{port}/_stcore/upload_file/x", 10 * 1024 * 1024 + 300_000)
            assert (status, body) == (200, "recibido")  # a 10 MB workbook and its multipart envelope pass
            assert upstream.received == [10 * 1024 * 1024 + 300_000]
    finally:
        upstream.close()


def test_caddy_serves_the_public_site_with_caching_and_the_apps_csp(caddy_path, tmp_path):
    """/publico/ is the static site (python -m rendicion sitio) behind the same headers as the app; the
    replica here is a plain HTTP server, enough for Caddy to proxy «/» and show the app's headers."""
    from rendicion.outputs import site
    from rendicion.reading.loader import read_plan
    from tests.builders import SHIPPED

    out = tmp_path / "sitio"
    site.write(site.build([site.Fuente(read_plan(SHIPPED).plan, "Plan incluido con Rendición")],
                          date(2026, 12, 4)), out)
    stub = tmp_path / "replica"
    stub.mkdir()
    (stub / "index.html").write_text("tablero", encoding="utf-8")
    (stub / "_stcore").mkdir()
    (stub / "_stcore" / "health").write_text("ok", encoding="utf-8")  # Caddy's active health check
    replica_port, proxy_port = _free_port(), _free_port()
    proxy = f"http://127.0.0.1:{proxy_port}"
    base = {key: value for key, value in os.environ.items() if not key.startswith("RENDICION_")}
    caddy_env = {**base, "RENDICION_SITE": proxy, "RENDICION_REPLICAS": f"127.0.0.1:{replica_port}",
                 "RENDICION_SITIO_DIR": str(out), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "datos"),
                 "XDG_CONFIG_HOME": str(tmp_path / "config")}
    with ExitStack() as stack:
        replica = stack.enter_context(_process([sys.executable, "-m", "http.server", str(replica_port), "--bind",
                                                "127.0.0.1", "--directory", str(stub)], base, tmp_path / "replica.log"))
        _wait(f"http://127.0.0.1:{replica_port}/", replica, tmp_path / "replica.log")
        caddy = stack.enter_context(_process([caddy_path, "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter",
                                              "caddyfile"], caddy_env, tmp_path / "caddy.log"))
        _wait(f"{proxy}/", caddy, tmp_path / "caddy.log", "tablero")

        _, app_headers, _ = _get(f"{proxy}/")
        status, headers, body = _get(f"{proxy}/publico/")
        assert status == 200 and "Seguimientos al Plan de Rendición de Cuentas" in body
        assert headers["Content-Security-Policy"] == app_headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "public, max-age=300"
        named = {key.lower(): value for key, value in headers.items()}
        assert named.get("etag") and named.get("last-modified") and "server" not in named
        assert "Set-Cookie" not in headers  # no session: a citizen's visit costs a file read
        status, headers, body = _get(f"{proxy}/publico/2018/2018-08-31/datos/actividades.csv")
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        assert body.startswith('"vigencia","fecha_corte","seguimiento","id"')
        status, headers, _ = _get(f"{proxy}/publico/2018/2018-08-31/datos/metadatos.json")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert _get(f"{proxy}/publico/2018/no-existe.html")[0] == 404
        request = urllib.request.Request(f"{proxy}/publico")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(request, timeout=10)
            raise AssertionError("/publico no redirigió")
        except urllib.error.HTTPError as error:
            assert error.code == 308 and error.headers["Location"] == "/publico/"
        # A new build replaces the site under Caddy's feet.
        site.write({"index.html": b"<!DOCTYPE html><html lang='es'><title>nuevo</title></html>"}, out)
        assert "nuevo" in _get(f"{proxy}/publico/")[2]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

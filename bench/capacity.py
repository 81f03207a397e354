"""Capacity for each kind of visitor: citizens on the static site, staff on the live dashboard.

``python -m bench.capacity`` (or ``python -m bench --only sitio|sesiones``):

- **Citizens** (:func:`measure_site`): the public site of the shipped plan
  (:mod:`rendicion.outputs.site`) behind Caddy with ``deploy/Caddyfile``, loaded by ``hey``
  (Debian package ``hey``; ``wrk`` is used when ``hey`` is missing) with N concurrent clients
  for a fixed time each. Requests per second, latency percentiles and Caddy's CPU.
- **Staff** (:func:`measure_sessions`): N concurrent Streamlit sessions driven at the protocol
  level (:mod:`bench.protocol`, no browser). Each opens the dashboard, then moves the cut slider
  to a random day after a think time of 1 to 3 s, and times each rerun until ``script_finished``.
  N grows (10, 25, 50, 100 by default) on the same server, the sessions of one step staying open
  in the next; each step is measured for a fixed time after its new sessions opened. First on
  one replica (SQLite store), then on two replicas (``deploy/replica.sh``) behind Caddy sharing a
  PostgreSQL store, as deployed. p50/p95 rerun time, reruns per second, the servers' CPU (share
  of one core) and resident memory.

Everything listens on 127.0.0.1 only and every run stops by itself (fixed durations, timeouts).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

from bench.common import ARTIFACTS, REPO_ROOT, SHIPPED, _log, cpu_seconds
from rendicion import server
from rendicion.common import formatting

CADDYFILE = REPO_ROOT / "deploy" / "Caddyfile"
REPLICA = REPO_ROOT / "deploy" / "replica.sh"
COOKIE_SECRET = "secreto-de-la-medicion"
#: Concurrent clients of the static site, and Streamlit sessions, measured by default.
SITE_CLIENTS = (10, 50, 200)
SESSION_COUNTS = (10, 25, 50, 100)
#: Seconds each level is measured; think time between a session's actions (seconds).
SITE_SECONDS = 10.0
SESSION_SECONDS = 30.0
THINK = (1.0, 3.0)
#: The page of the site under load: one cut (the largest page), and the open data beside it.
SITE_PATHS = ("2018/2018-08-31/index.html", "index.html", "2018/2018-08-31/datos/actividades.csv")
TARGET_P95 = 1.0


# --------------------------------------------------------------------------- processes


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _process(command: list[str], env: dict, log: Path):
    return server.running(command, env=env, log=log, cwd=REPO_ROOT)


def _wait_http(url: str, process: subprocess.Popen, log: Path, expected: str | None = None,
               timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace").strip()
                if expected is None or body == expected:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    raise RuntimeError(f"{url} no respondió:\n{log.read_text(errors='replace')[-3000:]}")


class _Sampler:
    """Samples the resident memory of some processes every half second, in a thread."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak = pids, {pid: _rss_mb(pid) for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], _rss_mb(pid))

    def __enter__(self) -> _Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _caddy_env(base: dict, folder: Path, site: str, replicas: list[str], sitio_dir: Path | None) -> dict:
    env = {**base, "RENDICION_SITE": site, "RENDICION_REPLICAS": " ".join(replicas),
           "RENDICION_COOKIE_SECRET": COOKIE_SECRET, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "datos"),
           "XDG_CONFIG_HOME": str(folder / "config")}
    if sitio_dir is not None:
        env["RENDICION_SITIO_DIR"] = str(sitio_dir)
    return env


def _base_env() -> dict:
    return {key: value for key, value in os.environ.items() if not key.startswith("RENDICION_")}


# --------------------------------------------------------------------------- citizens: the static site


def _load_tool() -> str:
    for name in ("hey", "wrk"):
        if shutil.which(name):
            return name
    raise RuntimeError("Falta una herramienta de carga: instale el paquete hey (sudo apt-get install hey) o wrk.")


_HEY_PERCENTILE = re.compile(r"^\s*(\d+)%+ in ([\d.]+) secs", re.MULTILINE)
_WRK_PERCENTILE = re.compile(r"^\s*(\d+)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def parse_hey(text: str) -> dict:
    """Requests/s, latency percentiles (ms), status codes and errors from ``hey``'s summary."""
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", text).group(1))
    percentiles = {int(p): round(float(s) * 1000, 2) for p, s in _HEY_PERCENTILE.findall(text)}
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)}
    errors = re.search(r"Error distribution:(.*)", text, re.DOTALL)
    return {"rps": round(rps, 1), "latencia_ms": percentiles, "codigos": codes,
            "errores": errors.group(1).strip()[:500] if errors else ""}


def parse_wrk(text: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", text).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    percentiles = {int(p): round(float(v) * scale[u], 2) for p, v, u in _WRK_PERCENTILE.findall(text)}
    errors = re.search(r"Socket errors:.*|Non-2xx or 3xx responses: \d+", text)
    return {"rps": round(rps, 1), "latencia_ms": percentiles, "codigos": {},
            "errores": errors.group(0) if errors else ""}


def _run_load(tool: str, url: str, clients: int, seconds: float) -> dict:
    if tool == "hey":
        command = ["hey", "-z", f"{seconds:g}s", "-c", str(clients), "-t", "20", url]
    else:
        command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--latency", "-H",
                   "Accept-Encoding: gzip", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if result.returncode != 0:
        raise RuntimeError(f"{tool} falló: {result.stderr[-2000:]}")
    parsed = parse_hey(result.stdout) if tool == "hey" else parse_wrk(result.stdout)
    return {**parsed, "herramienta": tool, "clientes": clients, "segundos": seconds}


def measure_site(clients: tuple[int, ...] = SITE_CLIENTS, seconds: float = SITE_SECONDS) -> dict:
    """The shipped plan's site behind Caddy under ``hey`` (or ``wrk``), for each number of clients."""
    from rendicion.outputs import site
    from rendicion.reading.loader import read_plan

    tool = _load_tool()
    caddy = shutil.which("caddy")
    if caddy is None:
        raise RuntimeError("Falta Caddy (sudo apt-get install caddy).")
    with tempfile.TemporaryDirectory(prefix="rendicion-capacidad-") as folder, ExitStack() as stack:
        folder = Path(folder)
        sitio_dir = folder / "sitio"
        loaded = read_plan(SHIPPED)
        files = site.build([site.Fuente(loaded.plan, "Plan incluido con Rendición")], date.today())
        site.write(files, sitio_dir)
        port = server.free_port()
        proxy = f"http://127.0.0.1:{port}"
        log = folder / "caddy.log"
        # No replica: the site does not need one (the dashboard's upstream stays down during the run).
        env = _caddy_env(_base_env(), folder, proxy, [f"127.0.0.1:{server.free_port()}"], sitio_dir)
        process = stack.enter_context(_process([caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                                               env, log))
        _wait_http(f"{proxy}/publico/", process, log)
        sizes = {path: len(files[path]) for path in SITE_PATHS}
        runs = []
        for path in SITE_PATHS[:1]:
            for count in clients:
                _log(f"  · sitio: {count} clientes, {seconds:g} s, /publico/{path} …")
                cpu_before, started = cpu_seconds(process.pid), time.monotonic()
                run = _run_load(tool, f"{proxy}/publico/{path}", count, seconds)
                wall = time.monotonic() - started
                run["cpu_caddy_pct"] = round(100 * (cpu_seconds(process.pid) - cpu_before) / wall, 1)
                run["ruta"] = path
                runs.append(run)
        # The open data and the index once, at the middle level.
        for path in SITE_PATHS[1:]:
            count = clients[len(clients) // 2]
            _log(f"  · sitio: {count} clientes, {seconds:g} s, /publico/{path} …")
            run = _run_load(tool, f"{proxy}/publico/{path}", count, seconds)
            run["ruta"] = path
            runs.append(run)
        rss = _rss_mb(process.pid)
    return {"herramienta": tool, "corridas": runs, "bytes": sizes, "memoria_caddy_mb": round(rss, 1)}


# --------------------------------------------------------------------------- staff: Streamlit sessions


def _slider_days() -> list[str]:
    """Days the cut slider offers for the shipped plan, as the slider labels them (dd/mm/aaaa)."""
    from rendicion.reading.loader import read_plan

    params = read_plan(SHIPPED).plan.parametros
    first, last = params.fecha_inicio - timedelta(days=1), params.fecha_fin
    return [f"{first + timedelta(days=n):%d/%m/%Y}" for n in range((last - first).days + 1)]


class _Driver:
    """The sessions of a run: they open, act with a think time and record each rerun."""

    def __init__(self, url: str, days: list[str], seed: int = 2018) -> None:
        self.url, self.days = url, days
        self.random = random.Random(seed)
        self.sessions: list = []
        self.first_runs: list[float] = []
        self.cookies: list[str | None] = []
        self.problems: list[str] = []

    async def add(self, count: int, stagger: float) -> None:
        """Open ``count`` more sessions, ``stagger`` seconds apart; each runs the app once."""
        from bench.protocol import Session

        async def one(delay: float) -> None:
            await asyncio.sleep(delay)
            session = Session(self.url)
            try:
                await session.open()
                run = await session.rerun(timeout=180)
            except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
                self.problems.append(f"apertura: {type(error).__name__}: {error}"[:300])
                await session.close()
                return
            self.first_runs.append(run.seconds)
            self.cookies.append(session.cookie)
            if run.exceptions:
                self.problems.append(f"apertura: {run.exceptions} excepciones en la página")
            self.sessions.append(session)

        await asyncio.gather(*(one(k * stagger) for k in range(count)))

    async def act(self, seconds: float) -> list[float]:
        """Every open session moves the cut slider after each think time, for ``seconds``; rerun times."""
        from bench.protocol import select_slider_state

        times: list[float] = []
        deadline = time.monotonic() + seconds

        async def loop(session, rng: random.Random) -> None:
            await asyncio.sleep(rng.uniform(0, THINK[1]))  # not all at once
            while True:
                await asyncio.sleep(rng.uniform(*THINK))
                if time.monotonic() >= deadline:
                    return
                ident = session.widgets.get("Fecha de corte")
                if ident is None:
                    self.problems.append("la página no tiene el deslizador «Fecha de corte»")
                    return
                try:
                    run = await session.rerun(widget_states=[select_slider_state(ident, rng.choice(self.days))],
                                              timeout=120)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    self.problems.append(f"recarga: {type(error).__name__}: {error}"[:300])
                    return
                if run.exceptions:
                    self.problems.append(f"recarga: {run.exceptions} excepciones en la página")
                times.append(run.seconds)

        await asyncio.gather(*(loop(s, random.Random(self.random.random())) for s in self.sessions))
        return times

    async def close(self) -> None:
        await asyncio.gather(*(s.close() for s in self.sessions), return_exceptions=True)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _levels(url: str, pids: list[int], counts: tuple[int, ...], seconds: float, cookie_names: dict | None) -> list:
    days = _slider_days()

    async def run() -> list:
        driver = _Driver(url, days)
        results = []
        try:
            for count in counts:
                new = count - len(driver.sessions)
                if new > 0:
                    _log(f"  · sesiones: abriendo {new} (total {count}) …")
                    await driver.add(new, stagger=0.25)
                _log(f"  · sesiones: {len(driver.sessions)} activas durante {seconds:g} s …")
                cpu_before = {pid: cpu_seconds(pid) for pid in pids}
                client_before = cpu_seconds(os.getpid())
                started = time.monotonic()
                with _Sampler(pids) as sampler:
                    times = await driver.act(seconds)
                wall = time.monotonic() - started
                entry = {
                    "sesiones": len(driver.sessions), "pedidas": count, "segundos": round(wall, 1),
                    "recargas": len(times), "recargas_por_segundo": round(len(times) / wall, 2),
                    "p50_s": _round(_percentile(times, 50)), "p95_s": _round(_percentile(times, 95)),
                    "max_s": _round(max(times) if times else None),
                    "cpu_pct": {str(pid): round(100 * (cpu_seconds(pid) - cpu_before[pid]) / wall, 1) for pid in pids},
                    "memoria_mb": {str(pid): round(sampler.peak[pid], 1) for pid in pids},
                    "cpu_por_recarga_s": _round(sum(cpu_seconds(pid) - cpu_before[pid] for pid in pids) / len(times))
                    if times else None,
                    "primera_carga_p50_s": _round(_percentile(driver.first_runs, 50)),
                    "primera_carga_p95_s": _round(_percentile(driver.first_runs, 95)),
                    "problemas": list(driver.problems[:10]), "n_problemas": len(driver.problems),
                    # The machine is shared: what else ran, and what this client itself cost.
                    "carga_media": round(os.getloadavg()[0], 1),
                    "cpu_cliente_pct": round(100 * (cpu_seconds(os.getpid()) - client_before) / wall, 1),
                }
                if cookie_names:
                    split: dict[str, int] = {}
                    for cookie in driver.cookies:
                        value = (cookie or "").split(";")[0].split("=", 1)[-1]
                        name = cookie_names.get(value, "sin cookie")
                        split[name] = split.get(name, 0) + 1
                    entry["reparto"] = split
                results.append(entry)
                driver.problems.clear()
        finally:
            await driver.close()
        return results

    return asyncio.run(run())


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _postgres(stack: ExitStack, folder: Path) -> str:
    """A throwaway PostgreSQL cluster on loopback (as tests/pg.py starts it); its store URL."""
    import glob

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise RuntimeError("Falta PostgreSQL (sudo apt-get install postgresql).")
    pg_bin = Path(bins[-1])
    as_user: list[str] = []
    pg_folder = Path(tempfile.mkdtemp(prefix="rendicion-pg-bench-"))
    if os.geteuid() == 0:
        as_user = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        shutil.chown(pg_folder, user="postgres", group="postgres")
    data, port = pg_folder / "data", server.free_port()
    subprocess.run(as_user + [str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                              "--encoding=UTF8", "--no-sync"], check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {pg_folder} -c listen_addresses=127.0.0.1"
    subprocess.run(as_user + [str(pg_bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(pg_folder / "log"),
                              "start", "-w", "-t", "60"], check=True, capture_output=True, timeout=120)

    def stop() -> None:
        subprocess.run(as_user + [str(pg_bin / "pg_ctl"), "-D", str(data), "stop", "-m", "fast", "-w"],
                       capture_output=True, timeout=120)
        shutil.rmtree(pg_folder, ignore_errors=True)

    stack.callback(stop)
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "rendicion_capacidad"')
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/rendicion_capacidad"


def measure_sessions(counts: tuple[int, ...] = SESSION_COUNTS, seconds: float = SESSION_SECONDS,
                     replicas: tuple[int, ...] = (1, 2)) -> dict:
    """Rerun times of concurrent sessions on one replica, then on two behind Caddy with PostgreSQL."""
    result: dict = {"pensar_s": list(THINK), "segundos_por_nivel": seconds}
    if 1 in replicas:
        _log("· Sesiones de Streamlit en una réplica …")
        with tempfile.TemporaryDirectory(prefix="rendicion-capacidad-") as folder, ExitStack() as stack:
            folder = Path(folder)
            port, log = server.free_port(), folder / "replica.log"
            env = {**_base_env(), "RENDICION_DB_URL": f"sqlite:///{folder / 'versiones.db'}", "PYTHONUNBUFFERED": "1",
                   "RENDICION_PYTHON": sys.executable}
            process = stack.enter_context(_process(_replica_command(port), env, log))
            _wait_http(f"http://127.0.0.1:{port}/_stcore/health", process, log, "ok")
            result["una_replica"] = _levels(f"http://127.0.0.1:{port}", [process.pid], counts, seconds, None)
            result["una_replica_trazas"] = log.read_text(errors="replace").count("Traceback")
    if 2 in replicas:
        _log("· Sesiones de Streamlit en dos réplicas detrás de Caddy, con PostgreSQL …")
        caddy = shutil.which("caddy")
        if caddy is None:
            raise RuntimeError("Falta Caddy (sudo apt-get install caddy).")
        with tempfile.TemporaryDirectory(prefix="rendicion-capacidad-") as folder, ExitStack() as stack:
            folder = Path(folder)
            db_url = _postgres(stack, folder)
            env = {**_base_env(), "RENDICION_DB_URL": db_url, "PYTHONUNBUFFERED": "1", "RENDICION_PYTHON": sys.executable}
            ports = [server.free_port(), server.free_port()]
            while ports[1] == ports[0]:
                ports[1] = server.free_port()
            pids, logs = [], []
            for port in ports:  # one after the other: the first seeds the store
                log = folder / f"replica_{port}.log"
                process = stack.enter_context(_process(_replica_command(port), env, log))
                _wait_http(f"http://127.0.0.1:{port}/_stcore/health", process, log, "ok")
                pids.append(process.pid)
                logs.append(log)
            proxy_port = server.free_port()
            proxy = f"http://127.0.0.1:{proxy_port}"
            addresses = [f"127.0.0.1:{port}" for port in ports]
            caddy_log = folder / "caddy.log"
            caddy_process = stack.enter_context(_process(
                [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                _caddy_env(_base_env(), folder, proxy, addresses, None), caddy_log))
            _wait_http(f"{proxy}/_stcore/health", caddy_process, caddy_log, "ok")
            names = {hmac.new(COOKIE_SECRET.encode(), a.encode(), hashlib.sha256).hexdigest(): f"réplica {i + 1}"
                     for i, a in enumerate(addresses)}
            result["dos_replicas"] = _levels(proxy, [*pids, caddy_process.pid], counts, seconds, names)
            result["dos_replicas_procesos"] = {str(pids[0]): "réplica 1", str(pids[1]): "réplica 2",
                                               str(caddy_process.pid): "Caddy"}
            result["dos_replicas_trazas"] = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    return result


def _replica_command(port: int) -> list[str]:
    """deploy/replica.sh as production runs it (it needs RENDICION_DB_URL; one replica gets SQLite)."""
    return [str(REPLICA), str(port)]


# --------------------------------------------------------------------------- report


def _ms(value) -> str:
    return "—" if value is None else formatting.number(value, 1)


def _s(value) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def site_table(result: dict) -> str:
    lines = [f"Sitio público detrás de Caddy ({result['herramienta']}; cada nivel {result['corridas'][0]['segundos']:g} s):",
             "", "| Ruta | Clientes | Pedidos/s | p50 (ms) | p95 (ms) | p99 (ms) | CPU de Caddy (% de un núcleo) | Errores |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for run in result["corridas"]:
        lat = run["latencia_ms"]
        codes = run.get("codigos") or {}
        bad = sum(n for code, n in codes.items() if int(code) >= 400)
        errors = (f"{bad} respuestas ≥ 400" if bad else "") + (f" {run['errores']}" if run["errores"] else "")
        lines.append(f"| /publico/{run['ruta']} | {run['clientes']} | {_ms(run['rps'])} | {_ms(lat.get(50))} | "
                     f"{_ms(lat.get(95))} | {_ms(lat.get(99))} | {_ms(run.get('cpu_caddy_pct'))} | "
                     f"{errors.strip() or '0'} |")
    return "\n".join(lines)


def sessions_table(result: dict) -> str:
    lines = []
    for key, title in (("una_replica", "Una réplica"), ("dos_replicas", "Dos réplicas detrás de Caddy, PostgreSQL")):
        if key not in result:
            continue
        lines += ["", f"{title} (pensar {THINK[0]:g}–{THINK[1]:g} s; {result['segundos_por_nivel']:g} s por nivel):", "",
                  "| Sesiones | Recargas | Recargas/s | p50 (s) | p95 (s) | Máx. (s) | CPU del servidor (% de un núcleo) | "
                  "CPU por recarga (s) | Memoria (MB) | Reparto | Problemas | Carga media de la máquina | "
                  "CPU del cliente (%) |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
        for level in result[key]:
            cpu = " + ".join(_ms(v) for v in level["cpu_pct"].values())
            memory = " + ".join(_ms(v) for v in level["memoria_mb"].values())
            split = ", ".join(f"{k}: {v}" for k, v in sorted(level.get("reparto", {}).items())) or "—"
            lines.append(f"| {level['sesiones']} | {level['recargas']} | {_s(level['recargas_por_segundo'])} | "
                         f"{_s(level['p50_s'])} | {_s(level['p95_s'])} | {_s(level['max_s'])} | {cpu} | "
                         f"{_s(level['cpu_por_recarga_s'])} | {memory} | {split} | {level['n_problemas']} | "
                         f"{_ms(level.get('carga_media'))} | {_ms(level.get('cpu_cliente_pct'))} |")
    return "\n".join(lines).strip()


def machine() -> str:
    from bench.report import machine as describe

    return describe()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity",
                                     description="Capacidad: el sitio público bajo carga y sesiones de Streamlit "
                                                 "a nivel de protocolo.")
    parser.add_argument("--only", choices=("sitio", "sesiones"), default=None)
    parser.add_argument("--clientes", default=",".join(map(str, SITE_CLIENTS)), help="clientes del sitio, p. ej. 10,50")
    parser.add_argument("--sesiones", default=",".join(map(str, SESSION_COUNTS)), help="sesiones, p. ej. 10,25,50,100")
    parser.add_argument("--segundos-sitio", type=float, default=SITE_SECONDS)
    parser.add_argument("--segundos-sesiones", type=float, default=SESSION_SECONDS)
    parser.add_argument("--replicas", default="1,2", help="1, 2 o 1,2")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "bench-capacidad.json")
    args = parser.parse_args(argv)
    result: dict = {"fecha": time.strftime("%Y-%m-%d %H:%M"), "maquina": machine()}
    texts = []
    if args.only in (None, "sitio"):
        _log("· Sitio público bajo carga …")
        result["sitio"] = measure_site(tuple(int(n) for n in args.clientes.split(",")), args.segundos_sitio)
        texts.append(site_table(result["sitio"]))
    if args.only in (None, "sesiones"):
        result["sesiones"] = measure_sessions(tuple(int(n) for n in args.sesiones.split(",")), args.segundos_sesiones,
                                              tuple(int(n) for n in args.replicas.split(",")))
        texts.append(sessions_table(result["sesiones"]))
    text = "\n\n".join(texts)
    result["tabla"] = text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"Máquina: {result['maquina']}\n")
    print(text)
    print(f"\nResultado completo en {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

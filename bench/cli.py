"""The benchmark's run and command line (``python -m bench``; ``--child`` runs one measurement)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench import isolation
from bench.app import dashboard_reads_store
from bench.browser import measure_browser, summarize_browser
from bench.children import CHILDREN, measure_fechas, measure_reads, run_child
from bench.common import (
    CORTE,
    DEFAULT_OUT,
    DEFAULT_SIZES,
    RESULT_PREFIX,
    SHIPPED_LABEL,
    TARGETS,
    _log,
    _median,
    plan_path,
)
from bench.fuzz import child_fuzz
from bench.load import measure_load
from bench.report import fechas_table, machine, table

#: What ``--only`` can restrict a run to.
ONLY = ("lectura", "navegador", "sitio", "sesiones")


def run(sizes: list[int], repeat: int, skip_browser: bool, fuzz_minutes: float, load_seconds: float,
        fechas: int = 0, only: str | None = None) -> dict:
    if only in ("sitio", "sesiones"):
        return _capacity({"fecha": time.strftime("%Y-%m-%d %H:%M"), "maquina": machine(), "solo": only}, only)
    labels = [SHIPPED_LABEL] + [str(n) for n in sizes]
    result: dict = {"fecha": time.strftime("%Y-%m-%d %H:%M"), "maquina": machine(), "repeticiones": repeat,
                    "corte": CORTE.isoformat(), "tamanos": {}, "objetivos": TARGETS,
                    "app_mode": "store" if dashboard_reads_store() else "copia", "solo": only}
    for label in labels if only != "navegador" else []:
        _log(f"· Plan {label}: preparando el libro …")
        path = plan_path(label)
        entry: dict = {"archivo_bytes": path.stat().st_size, "actividades": None}
        _log(f"· Plan {label}: lectura ({repeat} procesos y {2 * repeat} órdenes) …")
        entry.update(measure_reads(path, repeat))
        result["tamanos"][label] = entry
        if only == "lectura":
            continue
        _log(f"· Plan {label}: memoria, motor y figuras …")
        memory = run_child("memory", path)
        entry["memoria"] = memory
        engine_run = run_child("engine", path, repeat)
        entry["actividades"] = engine_run["activities"]
        entry["evaluate"] = _median(engine_run["evaluate"])
        entry["membership"] = _median(engine_run["membership"])
        figures = run_child("figures", path, repeat)
        entry["figuras"] = {name: _median(times) if isinstance(times, list) else times
                            for name, times in figures.items()}
        _log(f"· Plan {label}: páginas con AppTest …")
        apptest = run_child("apptest", path, repeat)
        entry["paginas"] = {name: _median(times) for name, times in apptest["pages"].items()}
        entry["paginas_primera_ejecucion"] = apptest["first_run_seconds"]
        entry["paginas_problemas"] = apptest["problems"]
        entry["app_mode"] = apptest["mode"]
    if fechas and only != "navegador":
        _log(f"· Plan de {fechas} actividades con «Fecha programada»: lectura ({repeat} procesos) …")
        result["fechas"] = measure_fechas(fechas, repeat)
    if only == "lectura":
        return result
    if not skip_browser or only == "navegador":
        browser_labels = [SHIPPED_LABEL] + ([str(max(sizes))] if sizes else [])
        _log(f"· Navegador: Gantt visible frente a un gráfico de Plotly mínimo ({', '.join(browser_labels)}) …")
        result["navegador"] = summarize_browser(measure_browser(browser_labels, repeat))
        if only == "navegador":
            return result
        if load_seconds > 0:
            _log(f"· Carga: 20 sesiones durante {load_seconds:g} s …")
            result["carga"] = measure_load(SHIPPED_LABEL, load_seconds)
    _log("· Libros hostiles, coincidencias y cargas hostiles a la vez …")
    result["aislamiento"] = isolation.measure(skip_browser, repeat)
    if fuzz_minutes > 0:
        _log(f"· Fuzzing de read_plan durante {fuzz_minutes:g} min …")
        result["fuzz"] = run_child("fuzz", None, extra=["--minutes", str(fuzz_minutes)],
                                   timeout=fuzz_minutes * 60 + 600)
    return _capacity(result, None)


def _capacity(result: dict, only: str | None) -> dict:
    """The two capacity scenarios (:mod:`bench.capacity`): citizens on the static site, staff in sessions."""
    from bench import capacity

    if only in (None, "sitio"):
        _log("· Capacidad: sitio público detrás de Caddy …")
        result["capacidad_sitio"] = capacity.measure_site()
    if only in (None, "sesiones"):
        _log("· Capacidad: sesiones de Streamlit a nivel de protocolo …")
        result["capacidad_sesiones"] = capacity.measure_sessions()
    return result


# =============================================================================================
# Command line


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace(".", "").replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("escriba números enteros separados por comas, por ejemplo 20,1000,10000")
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("cada tamaño debe ser un entero positivo")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    from rendicion.cli import _Parser, _spanish

    argparse._ = _spanish
    parser = _Parser(prog="python -m bench",
                     description="Mide el tablero a escala: lectura, motor, figuras, páginas, navegador, carga y "
                                 "fuzzing.")
    parser.add_argument("--sizes", type=_sizes, default=None, metavar="N,N,…",
                        help="tamaños de los planes sintéticos (por omisión 20,1000,10000; con --only navegador, "
                             "ninguno: solo el plan 2018)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="repeticiones de cada medición (mediana)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="ARCHIVO", help="resultado en JSON")
    parser.add_argument("--skip-browser", action="store_true", help="omite las mediciones con Chromium y la carga")
    parser.add_argument("--fuzz-minutes", type=float, default=0.0, metavar="M",
                        help="minutos de fuzzing de read_plan (0: se omite)")
    parser.add_argument("--load-seconds", type=float, default=60.0, metavar="S",
                        help="segundos de la prueba de carga con 20 sesiones (0: se omite)")
    parser.add_argument("--fechas", type=int, default=10_000, metavar="N",
                        help="actividades del plan con «Fecha programada» en texto (0: se omite)")
    parser.add_argument("--solo-fechas", action="store_true",
                        help="mide solo la lectura del plan con «Fecha programada» y termina")
    parser.add_argument("--only", choices=ONLY, default=None,
                        help="solo una parte: «lectura» (lectura y validación frente a pandas, en procesos y "
                             "órdenes nuevas), «navegador» (Gantt visible frente a un gráfico de Plotly mínimo), "
                             "«sitio» (el sitio público detrás de Caddy, con hey) o «sesiones» (sesiones de "
                             "Streamlit a nivel de protocolo, una y dos réplicas)")
    parser.add_argument("--child", choices=[*CHILDREN, "fuzz"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--minutes", type=float, default=0.0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child:
        if args.child == "fuzz":
            value = child_fuzz(args.minutes)
        else:
            value = CHILDREN[args.child](args.file, max(1, args.repeat))
        print(RESULT_PREFIX + json.dumps(value, ensure_ascii=False, default=str), flush=True)
        return 0
    if args.solo_fechas:
        fechas = measure_fechas(args.fechas or 10_000, max(1, args.repeat))
        print(fechas_table(fechas))
        return 0 if fechas["read_plan_ok"] else 1
    sizes = args.sizes if args.sizes is not None else [] if args.only == "navegador" else list(DEFAULT_SIZES)
    result = run(sizes, max(1, args.repeat), args.skip_browser, args.fuzz_minutes,
                 args.load_seconds if not args.skip_browser else 0, max(0, args.fechas), args.only)
    text = table(result) if result.get("solo") not in ("sitio", "sesiones") else ""
    from bench import capacity

    if "capacidad_sitio" in result:
        text += "\n\n" + capacity.site_table(result["capacidad_sitio"])
    if "capacidad_sesiones" in result:
        text += "\n\n" + capacity.sessions_table(result["capacidad_sesiones"])
    text = text.strip()
    result["tabla"] = text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(text)
    print(f"\nResultado completo en {args.out}")
    return 0

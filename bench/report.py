"""Verdicts against the targets and the Spanish tables (the figures in docs/rendimiento.md), and the machine measured."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from pathlib import Path

from bench import isolation
from bench.common import PAGE_TITLES, SHIPPED_LABEL, TARGETS


def machine() -> dict:
    """CPU model, cores, memory and Python of this machine."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    import pandas

    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "ram_gib": round(memory, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "streamlit": importlib.metadata.version("streamlit"), "pandas": pandas.__version__}


def fechas_table(fechas: dict) -> str:
    """The «Fecha programada» reading measurement as Spanish lines."""
    return "\n".join([
        f"Plan de {_num(fechas['actividades'], 0)} actividades con «Fecha programada» en texto "
        f"({_num(fechas['archivo_bytes'] / 1024, 0)} KB, {_num(fechas['advertencias'], 0)} advertencias):",
        f"  read_plan {_num(fechas['read_plan'])} s · pd.read_excel {_num(fechas['read_excel'])} s · "
        f"razón {_num(fechas['ratio_lectura'])} (objetivo ≤ {_num(TARGETS['load_ratio'], 1)})",
    ])


# =============================================================================================
# The Spanish table


def _num(value: float | None, decimals: int = 2) -> str:
    from rendicion.common import formatting

    if value is None:
        return "—"
    return formatting.number(value, decimals)


def _ms(value: float | None) -> str:
    return "—" if value is None else _num(value * 1000, 0)


def _plan_name(label: str) -> str:
    return "plan 2018" if label == SHIPPED_LABEL else f"{_num(int(label), 0)} actividades"


def verdicts(result: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, goal, met) for every target measured in ``result`` (met None: no target)."""
    sizes = result["tamanos"]
    out: list[tuple[str, str, str, bool | None]] = []
    if sizes:
        biggest = max((k for k in sizes if k != SHIPPED_LABEL), key=int, default=SHIPPED_LABEL)
        big = sizes[biggest]
        label = _plan_name(biggest)
        out += [
            (f"Lectura: «rendicion check» / lectura simple con pandas, órdenes nuevas, {label}",
             _num(big["ratio_comando"]), f"≤ {_num(TARGETS['load_ratio'], 1)}",
             big["ratio_comando"] <= TARGETS["load_ratio"]),
            (f"  (igual, en CPU; y read_plan / read_excel ya importados: {_num(big['ratio_lectura'])})",
             _num(big["ratio_comando_cpu"]), "—", None),
        ]
        shipped = sizes[SHIPPED_LABEL]
        if "evaluate" in big:
            out += [
                (f"Motor (evaluate), {label}", f"{_ms(big['evaluate'])} ms", "≤ 200 ms",
                 big["evaluate"] <= TARGETS["engine_seconds"]),
                ("Páginas, plan 2018 (la más lenta)", f"{_ms(max(shipped['paginas'].values()))} ms", "≤ 300 ms",
                 max(shipped["paginas"].values()) <= TARGETS["page_seconds_shipped"]),
                (f"Páginas, {label} (la más lenta)", f"{_ms(max(big['paginas'].values()))} ms", "≤ 1.500 ms",
                 max(big["paginas"].values()) <= TARGETS["page_seconds_10000"]),
                (f"Memoria pico lectura + motor, {label}", f"{_num(big['memoria']['max_rss_mb'], 0)} MB", "≤ 500 MB",
                 big["memoria"]["max_rss_mb"] <= TARGETS["memory_mb"]),
            ]
    fechas = result.get("fechas")
    if fechas:
        out.append((f"Lectura / pd.read_excel, {_num(fechas['actividades'], 0)} actividades con «Fecha programada»",
                    _num(fechas["ratio_lectura"]), f"≤ {_num(TARGETS['load_ratio'], 1)}",
                    fechas["ratio_lectura"] <= TARGETS["load_ratio"]))
    browser = result.get("navegador")
    if browser:
        for plan, values in browser["cronograma"].items():
            for visit, words in (("primera", "primera visita"), ("repetida", "visita repetida")):
                ratio = values[visit]["razon"]
                out.append((f"Navegador: Gantt / gráfico de Plotly mínimo, {_plan_name(plan)}, {words}", _num(ratio),
                            f"≤ {_num(TARGETS['browser_ratio'], 1)}", ratio <= TARGETS["browser_ratio"]))
    load = result.get("carga")
    if load:
        errors = load["exception_boxes"] + load["error_alerts"] + load["timeouts"] + load["js_errors"] \
            + load["server_tracebacks"]
        out.append(("Carga: errores con 20 sesiones", _num(errors, 0), "0", errors == 0))
    out += isolation.verdicts(result.get("aislamiento"))
    fuzz = result.get("fuzz")
    if fuzz:
        out.append(("Fuzzing: hallazgos", _num(len(fuzz["hallazgos"]), 0), "0", not fuzz["hallazgos"]))
    return out


def table(result: dict) -> str:
    """The results as a Spanish text table."""
    sizes = result["tamanos"]
    labels = list(sizes)
    heads = ["Plan 2018" if label == SHIPPED_LABEL else f"{_num(int(label), 0)} act." for label in labels]
    rows: list[list[str]] = []

    def row(name: str, values) -> None:
        rows.append([name, *values])

    row("Tamaño del libro (KB)", [_num(sizes[k]["archivo_bytes"] / 1024, 0) for k in labels])
    row("Orden «python -m rendicion check» (s)", [_num(sizes[k]["comando_check"]["segundos"]) for k in labels])
    row("Orden con solo pd.read_excel y openpyxl (s)", [_num(sizes[k]["comando_read_excel"]["segundos"])
                                                         for k in labels])
    row("Razón de las órdenes (con sus importaciones)", [_num(sizes[k]["ratio_comando"]) for k in labels])
    row("Razón de las órdenes, en CPU", [_num(sizes[k]["ratio_comando_cpu"]) for k in labels])
    row("Lectura y validación, read_plan, ya importado (s)", [_num(sizes[k]["read_plan"]) for k in labels])
    row("pd.read_excel con openpyxl, ya importado (s)", [_num(sizes[k]["read_excel"]) for k in labels])
    row("Razón read_plan / read_excel", [_num(sizes[k]["ratio_lectura"]) for k in labels])
    if all("evaluate" in sizes[k] for k in labels):  # not with --only lectura
        row("Actividades", [_num(sizes[k]["actividades"], 0) for k in labels])
        row("Motor: evaluate al corte (ms)", [_ms(sizes[k]["evaluate"]) for k in labels])
        row("Motor: membership (ms)", [_ms(sizes[k]["membership"]) for k in labels])
        names = {"gantt": "Figura: Gantt, primera página (ms)", "gantt_completo": "Figura: Gantt completo (ms)",
                 "estados": "Figura: actividades por estado (ms)",
                 "avance_por_subcomponente": "Figura: avance por subcomponente (ms)",
                 "avance_por_dependencia": "Figura: avance por dependencia (ms)",
                 "estado_por_dependencia": "Figura: estado por dependencia (ms)",
                 "indicador": "Figura: indicador (ms)", "tabla_matriz": "Tabla de la matriz (ms)"}
        for key, name in names.items():
            row(name, [_ms(sizes[k]["figuras"][key]) for k in labels])
        row("JSON del Gantt, primera página (KB)", [_num(sizes[k]["figuras"]["gantt_json_bytes"] / 1024, 0)
                                                     for k in labels])
        for key, title in PAGE_TITLES.items():
            row(f"Página {title}, 2.ª ejecución (ms)", [_ms(sizes[k]["paginas"][key]) for k in labels])
        row("Primera apertura del tablero (s)", [_num(sizes[k]["paginas_primera_ejecucion"]) for k in labels])
        row("Memoria pico, proceso (MB)", [_num(sizes[k]["memoria"]["max_rss_mb"], 0) for k in labels])
        row("Memoria pico, tracemalloc (MB)", [_num(sizes[k]["memoria"]["tracemalloc_peak_mb"], 0) for k in labels])
    lines = _format_rows(["Medida", *heads], rows) if labels else []
    if result.get("fechas"):
        lines += ["", fechas_table(result["fechas"])]

    browser = result.get("navegador")
    if browser:
        lines += ["", "Navegador (Chromium, segundos desde la navegación hasta ver el elemento; primera visita: "
                      "caché del navegador vacía; visita repetida: con los scripts de Streamlit en caché). Las "
                      "aplicaciones se visitan por turnos y cada razón es la mediana de las razones de cada turno. "
                      "La razón del gráfico mínimo es frente a «hola»; la del Gantt, frente al gráfico mínimo:"]
        browser_rows = [["«hola» visible (app de una línea)", _num(browser["hola"]["primera"]), "—",
                         _num(browser["hola"]["repetida"]), "—"],
                        ["Gráfico Plotly mínimo visible (app de una línea)",
                         _num(browser["plotly_minimo"]["primera"]),
                         _num(_plotly_vs_hola(browser, "primera")),
                         _num(browser["plotly_minimo"]["repetida"]),
                         _num(_plotly_vs_hola(browser, "repetida"))]]
        for plan, values in browser["cronograma"].items():
            name = "plan 2018" if plan == SHIPPED_LABEL else f"{_num(int(plan), 0)} actividades"
            browser_rows.append([f"Gantt visible en /cronograma, {name}", _num(values["primera"]["segundos"]),
                                 _num(values["primera"]["razon"]), _num(values["repetida"]["segundos"]),
                                 _num(values["repetida"]["razon"])])
        lines += _format_rows(["Medida", "1.ª visita", "Razón", "Repetida", "Razón"], browser_rows)
    load = result.get("carga")
    if load:
        lines += ["", f"Carga: {load['sessions']} sesiones de Chromium contra un servidor (plan "
                      f"{'2018' if load['plan'] == SHIPPED_LABEL else load['plan']}): abren el tablero (primera carga) y "
                      f"luego actúan durante {_num(load['seconds'], 0)} s; servidor y navegador comparten la máquina:"]
        lines += _format_rows(["Medida", "Valor"], [
            ["Primera carga de cada sesión, p50 / p95 (s)",
             f"{_num(load['primera_carga']['p50'])} / {_num(load['primera_carga']['p95'])}"],
            ["Acciones después de la primera carga", _num(load["renders"], 0)],
            ["Tiempo hasta volver a dibujar, p50 (s)", _num(load["p50"])],
            ["Tiempo hasta volver a dibujar, p95 (s)", _num(load["p95"])],
            ["Tiempo hasta volver a dibujar, máximo (s)", _num(load["max"])],
            *[[f"  {name}: n, p50 / p95 (s)", f"{load['por_tipo'][kind]['n']}, {_num(load['por_tipo'][kind]['p50'])} / "
                                              f"{_num(load['por_tipo'][kind]['p95'])}"]
              for kind, name in (("navegacion", "nueva dirección con filtros"), ("pagina", "cambio de página"),
                                 ("filtro", "botón de corte"))],
            ["Cajas de excepción", _num(load["exception_boxes"], 0)],
            ["Mensajes de error", _num(load["error_alerts"], 0)],
            ["Errores de JavaScript", _num(load["js_errors"], 0)],
            ["Esperas agotadas", _num(load["timeouts"], 0)],
            ["Trazas (Traceback) en el registro del servidor", _num(load["server_tracebacks"], 0)],
            ["CPU del servidor Streamlit (% de la máquina)", _num(100 * load["server_cpu_share"], 0)],
        ])
    lines += isolation.table_lines(result.get("aislamiento"))
    fuzz = result.get("fuzz")
    if fuzz:
        lines += ["", f"Fuzzing de read_plan durante {_num(fuzz['minutos'], 1)} min: {_num(fuzz['ejemplos'], 0)} "
                      f"libros mutados ({_num(fuzz['planes'], 0)} planes utilizables, {_num(fuzz['rechazos'], 0)} "
                      f"rechazos en español), {_num(len(fuzz['hallazgos']), 0)} hallazgo(s)."]
        for finding in fuzz["hallazgos"]:
            lines.append(f"  - {finding['que']} ({finding['veces']} vez/veces; {finding['archivo']}; "
                         f"{finding['mutacion'][:160]})")
    lines += ["", "Objetivos:"]
    lines += _format_rows(["Objetivo", "Medido", "Meta", "¿Cumple?"],
                          [[name, measured, goal, "—" if met is None else "sí" if met else "NO"]
                           for name, measured, goal, met in
                           verdicts(result)])
    problems = [p for k in labels for p in sizes[k].get("paginas_problemas", [])]
    if problems:
        lines += ["", "Problemas en las páginas (AppTest):", *[f"  - {p[:200]}" for p in problems]]
    info = result["maquina"]
    lines += ["", f"Máquina: {info['cpu']}, {info['cores']} núcleos, {_num(info['ram_gib'], 1)} GiB de RAM, "
                  f"Python {info['python']}. Medianas de {result['repeticiones']} repeticiones, cada medición en un "
                  f"proceso nuevo."]
    if result.get("app_mode") == "copia":
        lines.append("Nota: dashboard.py todavía no lee el almacén de versiones; las páginas se midieron con una "
                     "copia temporal del tablero que lee el libro sintético.")
    return "\n".join(lines)


def _format_rows(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))

    return [line(head), "  ".join("-" * w for w in widths), *[line(r) for r in rows]]


def _plotly_vs_hola(browser: dict, visit: str) -> float:
    """The one-bar chart against "hola" (paired by round; older results only have the medians)."""
    paired = browser.get("plotly_minimo_razon_hola")
    return paired[visit] if paired else browser["plotly_minimo"][visit] / browser["hola"][visit]

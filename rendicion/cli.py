"""Command line: ``python -m rendicion COMMAND …`` — a thin shell over the package.

Exit codes, a stable contract for scripts: 0 the workbook is usable (warnings allowed),
1 it is not (or the command failed for a reason it explains), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from rendicion import formatting
from rendicion.loader import Loaded, read_plan

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: argparse's own words, in Spanish (every word a user sees is Spanish).
_ARGPARSE_ES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan los argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "expected one argument": "se esperaba un valor",
}


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that speaks Spanish and exits with 2 on a usage error."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _spanish(text: str) -> str:
    return _ARGPARSE_ES.get(text, text)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command."""
    argparse._ = _spanish  # argparse looks its words up through this module-level name
    parser = _Parser(prog="python -m rendicion", description="Rendición: seguimiento del plan de rendición de cuentas.")
    commands = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="valida un libro del plan y resume su contenido")
    check.add_argument("file", metavar="ARCHIVO", help="libro de Excel (.xlsx) del plan")
    check.add_argument("--json", action="store_true", help="imprime un único objeto JSON")
    check.set_defaults(handler=_check)

    tidy = commands.add_parser("tidy", help="escribe las tablas ordenadas del plan como CSV")
    tidy.add_argument("file", metavar="ARCHIVO", help="libro de Excel (.xlsx) del plan")
    tidy.add_argument("outdir", metavar="CARPETA", help="carpeta de salida")
    tidy.set_defaults(handler=_tidy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


def check_result(loaded: Loaded) -> dict:
    """The ``check --json`` object: ok, errors, warnings, summary (zeros when nothing could be read)."""
    summary = loaded.plan.summary() if loaded.plan is not None else {
        "activities": 0, "subcomponents": {}, "offices": {}, "scheduled_activities": 0, "schedule_marks": 0,
        "progress_reports": 0,
    }
    return {
        "ok": loaded.ok,
        "errors": [issue.as_dict() for issue in loaded.report.errors],
        "warnings": [issue.as_dict() for issue in loaded.report.warnings],
        "summary": summary,
    }


def summary_text(summary: dict) -> str:
    """The summary of a plan in Spanish, for the terminal."""
    lines = [
        f"Actividades: {summary['activities']}",
        "Subcomponentes: " + " · ".join(f"{k} {v}" for k, v in summary["subcomponents"].items()),
        f"Dependencias ({len(summary['offices'])}): " + " · ".join(f"{k} {v}" for k, v in summary["offices"].items()),
        f"Actividades programadas: {summary['scheduled_activities']} "
        f"({formatting.number(summary['schedule_marks'])} meses marcados)",
        f"Reportes de avance: {formatting.number(summary['progress_reports'])}",
    ]
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    loaded = read_plan(args.file)
    result = check_result(loaded)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        verdict = "El libro se puede usar." if loaded.ok else "El libro NO se puede usar: corrija los errores."
        print(f"{args.file}: {verdict}")
        if loaded.plan is not None:
            print(summary_text(result["summary"]))
        if loaded.report.issues:
            print(loaded.report.to_text())
    return EXIT_OK if loaded.ok else EXIT_INVALID


def _tidy(args: argparse.Namespace) -> int:
    loaded = read_plan(args.file)
    if not loaded.ok:
        print(loaded.report.to_text(), file=sys.stderr)
        return EXIT_INVALID
    outdir = Path(args.outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        plan = loaded.plan
        for name in ("actividades", "responsables", "cronograma", "seguimiento"):
            getattr(plan, name).to_csv(outdir / f"{name}.csv", index=False, encoding="utf-8")
    except OSError as exc:
        print(f"No se pudo escribir en «{outdir}»: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_INVALID
    if loaded.report.warnings:
        print(loaded.report.to_text(), file=sys.stderr)
    print(f"Tablas escritas en {outdir}: actividades.csv, responsables.csv, cronograma.csv, seguimiento.csv")
    return EXIT_OK

"""Command line: ``python -m rendicion COMMAND …`` — a thin shell over the package.

Commands: ``check``, ``tidy``, ``versions`` (the published versions; ``--verify`` checks their
hash chain) and ``publish`` (store a validated workbook as the new current version; the CLI is
for people with access to the server, so ``--author`` is taken as given) and ``editor`` (the
line that adds a named editor account). The version store is the one
``RENDICION_DB_URL`` names (default: ``.rendicion/versiones.db``); it starts with
``data/plan_2018.xlsx`` as version 1.

Every command that reads a workbook (``check``, ``tidy``, ``report``, ``publish``) reads it in the
bounded child process the dashboard uses (:func:`rendicion.versions.sandbox.read_isolated`): the
same limits, the same Spanish messages, and no file can abort the command.

Exit codes, a stable contract for scripts: 0 the workbook is usable (warnings allowed),
1 it is not (or the command failed for a reason it explains), 2 usage error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rendicion.common import formatting
from rendicion.common.errors import StoreError, UnreadableWorkbook, UnusableWorkbook
from rendicion.outputs import csvsafe
from rendicion.plan.model import REGLAS_EVALUACION
from rendicion.reading.findings import Findings
from rendicion.reading.loader import Loaded, read_bytes

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only by the commands that use it
    from rendicion.versions.store import Store, Version

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: The plan's tables ``tidy`` writes, one CSV each.
TIDY_TABLES = ("actividades", "responsables", "cronograma", "seguimiento")

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
    tidy.add_argument("--crudo", action="store_true",
                      help="escribe los textos tal cual, sin neutralizar las fórmulas (solo para análisis de datos, "
                           "no para abrir en una hoja de cálculo)")
    tidy.set_defaults(handler=_tidy)

    versions = commands.add_parser("versions", help="lista las versiones publicadas del plan, la más reciente primero")
    versions.add_argument("--json", action="store_true", help="imprime una única lista JSON")
    versions.add_argument("--verify", action="store_true",
                          help="verifica la cadena de huellas del historial y los datos de cada versión "
                               "(sale con 1 si algo no coincide)")
    versions.add_argument("--cabeza", "--cadena", dest="cabeza", metavar="VALOR", default=None,
                          help="con --verify: la cabeza de la cadena impresa en un informe oficial o anotada en un "
                               "acta, que el historial debe contener todavía")
    versions.add_argument("--encadenar", action="store_true",
                          help="crea una vez la cadena de huellas de un historial anterior a ella (pide --nota; queda "
                               "registrado y se rechaza si el historial ya tuvo cadena)")
    versions.add_argument("--nota", metavar="TEXTO", default="", help="con --encadenar: por qué se crea la cadena")
    versions.add_argument("--author", metavar="NOMBRE", default=None, help="con --encadenar: quién la crea")
    versions.set_defaults(handler=_versions)

    publish = commands.add_parser("publish", help="valida un libro del plan y lo publica como versión actual")
    publish.add_argument("file", metavar="ARCHIVO", help="libro de Excel (.xlsx) del plan")
    publish.add_argument("--note", metavar="TEXTO", default="", help="nota de la versión (qué cambió)")
    publish.add_argument("--author", metavar="NOMBRE", default=None,
                         help="quién publica (se registra tal cual: la línea de comandos es para quien tiene "
                              "acceso al servidor)")
    publish.set_defaults(handler=_publish)

    editor = commands.add_parser(
        "editor", help="crea una cuenta de editor: pide la contraseña dos veces e imprime la línea a pegar",
        description="Crea una cuenta de editor. Pide la contraseña dos veces (o la lee de la entrada estándar, dos "
                    "líneas iguales, cuando no es una terminal) e imprime la línea para la tabla [editores] de "
                    ".streamlit/secrets.toml y la entrada para la variable RENDICION_EDITORES. No guarda nada.",
    )
    editor.add_argument("name", metavar="NOMBRE", help="nombre de la cuenta, por ejemplo \"Ana Pérez\"")
    editor.set_defaults(handler=_editor)
    _add_export_commands(commands)  # report, template: see the block at the end
    _add_site_command(commands)  # sitio: see the block at the end
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


def check_result(loaded: Loaded) -> dict:
    """The ``check --json`` object: ok, errors, warnings, summary (zeros when nothing could be read)."""
    summary = loaded.plan.summary() if loaded.plan is not None else {
        "activities": 0, "subcomponents": {}, "offices": {}, "scheduled_activities": 0, "schedule_marks": 0,
        "schedule_intervals": 0, "progress_reports": 0,
    }
    return {
        "ok": loaded.ok,
        "errors": [issue.as_dict() for issue in loaded.findings.errors],
        "warnings": [issue.as_dict() for issue in loaded.findings.warnings],
        "omitted": dict(loaded.findings.omitted),
        "verdict": loaded.findings.verdict(),
        "summary": summary,
    }


def summary_text(summary: dict) -> str:
    """The summary of a plan in Spanish, for the terminal."""
    lines = [
        f"Actividades: {summary['activities']}",
        "Subcomponentes: " + " · ".join(f"{k} {v}" for k, v in summary["subcomponents"].items()),
        f"Dependencias ({len(summary['offices'])}): " + " · ".join(f"{k} {v}" for k, v in summary["offices"].items()),
        f"Actividades programadas: {summary['scheduled_activities']} "
        f"({formatting.plural(summary['schedule_marks'], 'mes')} con actividad programada)",
        f"Reportes de avance: {formatting.number(summary['progress_reports'])}",
    ]
    return "\n".join(lines)


def read_workbook(file: str) -> Loaded:
    """Read and validate ``file`` in the bounded child process, as the dashboard does (never raises for a
    bad file: an unreadable one, or one that hit a limit, comes back with its Spanish error)."""
    from rendicion.versions import sandbox

    try:
        data = read_bytes(file)
    except UnreadableWorkbook as exc:
        findings = Findings()
        findings.error(str(exc))
        return Loaded(None, findings)
    return sandbox.read_isolated(data, Path(file).name)


def _check(args: argparse.Namespace) -> int:
    loaded = read_workbook(args.file)
    result = check_result(loaded)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(f"{args.file}: {loaded.findings.verdict()}")
        if loaded.plan is not None:
            print(summary_text(result["summary"]))
        if loaded.findings.issues:
            print(loaded.findings.to_text())
    return EXIT_OK if loaded.ok else EXIT_INVALID


def _tidy(args: argparse.Namespace) -> int:
    loaded = read_workbook(args.file)
    if not loaded.ok:
        print(loaded.findings.to_text(), file=sys.stderr)
        return EXIT_INVALID
    outdir = Path(args.outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        plan = loaded.plan
        for name in TIDY_TABLES:
            (outdir / f"{name}.csv").write_bytes(csvsafe.tidy_csv(getattr(plan, name), crudo=args.crudo))
    except OSError as exc:
        print(f"No se pudo escribir en «{outdir}»: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_INVALID
    if loaded.findings.warnings:
        print(loaded.findings.to_text(), file=sys.stderr)
    print(f"Tablas escritas en {outdir}: actividades.csv, responsables.csv, cronograma.csv, seguimiento.csv")
    if args.crudo:
        print("Aviso (--crudo): los textos se escribieron tal cual, sin neutralizar las fórmulas (=, +, -, @). "
              "No abra estos CSV en una hoja de cálculo; sin --crudo, los textos que empiezan así llevan un "
              "apóstrofo delante.", file=sys.stderr)
    return EXIT_OK


def _print_store_error(exc: Exception) -> None:
    """The message, and for the administrator at the console where the store is (never shown on pages)."""
    print(str(exc), file=sys.stderr)
    if getattr(exc, "detail", None):
        print(f"Almacén de versiones: {exc.detail}", file=sys.stderr)


def _open_store() -> Store:
    """The configured store, seeded with the shipped plan when empty."""
    from rendicion.versions import publishing
    from rendicion.versions.store import Store

    store = Store.from_env()
    publishing.ensure_seeded(store)
    return store


def versions_table(items: list[Version], current: int | None) -> str:
    """The versions as a Spanish text table (Bogotá time), the current one marked."""
    headers = ["Versión", "Fecha (Bogotá)", "Nota", "Autor", "sha256", ""]
    rows = [
        [str(v.version), v.display_time, formatting.truncate(v.note or "—", 50), formatting.truncate(v.author or "—", 24),
         v.sha256[:12], "← actual" if v.version == current else ""]
        for v in items
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths[:-1]))
    return "\n".join(lines)


def _versions(args: argparse.Namespace) -> int:
    if args.encadenar:
        return _create_chain(args)
    if args.verify:
        return _verify(args)
    try:
        store = _open_store()
        items = store.versions()
    except (StoreError, UnusableWorkbook) as exc:
        _print_store_error(exc)
        return EXIT_INVALID
    current = items[0].version if items else None
    if args.json:
        json.dump([v.as_dict(current=v.version == current) for v in items], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif not items:
        print("Todavía no hay versiones publicadas.")
    else:
        print(f"Versiones publicadas ({len(items)}) en {store.location}:")
        print(versions_table(items, current))
        _print_head(store)
    return EXIT_OK


def _print_head(store: Store) -> None:
    from rendicion.versions import chain

    head = chain.short(store.head())
    if head:
        print(f"Cabeza de la cadena: {head} (compruébela con: python -m rendicion versions --verify --cabeza {head})")
    else:
        print("El historial no tiene cadena de huellas: verifíquelo con python -m rendicion versions --verify.")


def _create_chain(args: argparse.Namespace) -> int:
    """``versions --encadenar --nota TEXTO``: the one explicit, recorded creation of the chain of an old store."""
    from rendicion.versions.store import Store

    try:
        check = Store.from_env().create_chain(note=args.nota, author=args.author)
    except StoreError as exc:
        _print_store_error(exc)
        return EXIT_INVALID
    print(f"Cadena creada. {check.message()}")
    if check.migration_message():
        print(check.migration_message())
    if check.short_head:
        print(f"Cabeza de la cadena: {check.short_head}")
    return EXIT_OK if check.ok else EXIT_INVALID


def _verify(args: argparse.Namespace) -> int:
    """``versions --verify``: 0 when the chain, every workbook and the head verify; 1 naming the first bad version."""
    from rendicion.versions.store import Store

    try:
        store = Store.from_env()  # not seeded: verifying never writes a version
        check = store.verify(args.cabeza)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    if not check.ok:
        print(f"✘ {check.message()}", file=sys.stderr)
        for problem in check.problems[1:]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
    print(f"✔ {check.message()} ({store.location})")
    if check.migration_message():
        print(check.migration_message())
    if args.cabeza:
        print(f"La cabeza publicada {args.cabeza.strip()[:64]} está en el historial.")
    if check.head:
        print(f"Cabeza de la cadena: {check.short_head} (valor completo: {check.head})")
        print("Va impresa en cada informe oficial; anótela también en el acta de la rendición de cuentas y "
              "compruébela más adelante con --verify --cabeza VALOR.")
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    import hashlib

    from rendicion.versions import publishing

    loaded = read_workbook(args.file)
    data = loaded.data
    candidate = publishing.candidate_from(loaded, data, Path(args.file).name, hashlib.sha256(data).hexdigest())
    if not candidate.ok:
        _print_unusable(args.file, candidate.findings)
        return EXIT_INVALID
    try:
        store = _open_store()
        previous = store.current()
        version = publishing.publish(store, candidate, note=args.note, author=args.author)
    except (StoreError, UnusableWorkbook) as exc:
        _print_store_error(exc)
        return EXIT_INVALID
    if candidate.findings.warnings:
        print(candidate.findings.to_text(), file=sys.stderr)
    if previous is not None and previous.sha256 == version.sha256:
        print(f"Aviso: el contenido es idéntico al de la versión {previous.version}.", file=sys.stderr)
    print(f"Publicada la versión {version.version} (sha256 {version.sha256})")
    return EXIT_OK


#: Shortest editor password accepted.
MIN_PASSWORD = 10


def _editor(args: argparse.Namespace) -> int:
    """``editor NOMBRE``: read the password twice, print the lines that add the account."""
    from rendicion.people import accounts

    problem = accounts.name_problem(args.name)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    try:
        first, second = _read_password_twice()
    except (EOFError, KeyboardInterrupt):
        print("\nNo se creó la cuenta: faltó la contraseña.", file=sys.stderr)
        return EXIT_INVALID
    if first != second:
        print("Las dos contraseñas no coinciden. No se creó la cuenta.", file=sys.stderr)
        return EXIT_INVALID
    if len(first) < MIN_PASSWORD:
        print(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres. No se creó la cuenta.", file=sys.stderr)
        return EXIT_INVALID
    encoded = accounts.hash_password(first)
    print("Agregue esta línea a la tabla [editores] de .streamlit/secrets.toml:")
    print(accounts.secrets_line(args.name, encoded))
    print(f"o esta entrada a la variable de entorno {accounts.ACCOUNTS_ENV_VAR} (separe las cuentas con «;»):")
    print(accounts.env_entry(args.name, encoded))
    print("Si usa la variable de entorno, reinicie el tablero para que tome la cuenta. La contraseña no se guardó "
          "en ninguna parte.")
    return EXIT_OK


def _read_password_twice() -> tuple[str, str]:
    """Two entries of the password: hidden prompts on a terminal, else two lines of standard input."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Contraseña: "), getpass.getpass("Repita la contraseña: ")
    lines = [sys.stdin.readline() for _ in range(2)]
    if not lines[0]:
        raise EOFError
    return tuple(line.rstrip("\r\n") for line in lines)


def _print_unusable(file: str, report: Findings) -> None:
    print(f"{file}: El libro NO se puede publicar: corrija los errores.", file=sys.stderr)
    print(report.to_text(), file=sys.stderr)


# ============================================================================================
# Reports and the blank template (issue 5): ``report`` and ``template``.
# A separate block: build_parser() only calls _add_export_commands(). The report and export
# modules are imported inside the handlers, so the other commands do not pay for importing them.

#: argparse's message for a value its ``type`` function refused (our messages are Spanish).
_ARGPARSE_ES.setdefault("argument %(argument_name)s: %(message)s", "argumento %(argument_name)s: %(message)s")

REPORT_SUFFIXES = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json"}


def _corte_argument(text: str):
    """``--corte``: a date written AAAA-MM-DD (or dd/mm/aaaa)."""
    from datetime import datetime

    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"fecha de corte no válida «{text}»: escríbala como AAAA-MM-DD, por ejemplo 2018-08-31")


def _regla_argument(text: str) -> str:
    """``--regla``: one of the rules «Actividades evaluadas en cada corte», by name or usual wording."""
    from rendicion.reading.parametros import regla_de

    rule = regla_de(text)
    if rule is None:
        raise argparse.ArgumentTypeError(
            f"regla no válida «{text}»: escriba " + ", ".join(f"«{r}»" for r in REGLAS_EVALUACION[:-1])
            + f" o «{REGLAS_EVALUACION[-1]}»")
    return rule


def _report_output(text: str) -> Path:
    """``--out``: the report's file; its extension (.xlsx, .html or .json) chooses the format."""
    if Path(text).suffix.lower() not in REPORT_SUFFIXES:
        raise argparse.ArgumentTypeError(f"«{text}» debe terminar en .xlsx (Excel), .html (página web) o .json "
                                         "(datos)")
    return Path(text)


def _template_output(text: str) -> Path:
    if Path(text).suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError(f"«{text}» debe terminar en .xlsx")
    return Path(text)


def _vigencia_argument(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            f"vigencia no válida «{text}»: escriba un año de cuatro cifras, por ejemplo 2018")
    return year


def _add_export_commands(commands) -> None:
    """Sub-commands ``report`` and ``template``."""
    report = commands.add_parser(
        "report", help="escribe el informe de seguimiento a una fecha de corte (.xlsx, .html o .json)",
        description="Escribe el informe de seguimiento del plan a una fecha de corte: Excel (.xlsx, para imprimir "
                    "en carta horizontal), una página web autónoma (.html) o los datos del plan evaluado (.json, "
                    "UTF-8). El formato lo decide la extensión.",
    )
    report.add_argument("file", metavar="ARCHIVO", help="libro de Excel (.xlsx) del plan")
    report.add_argument("--corte", metavar="AAAA-MM-DD", type=_corte_argument, default=None,
                        help="fecha de corte (por omisión, el último corte con reportes de avance)")
    report.add_argument("--out", metavar="SALIDA", type=_report_output, required=True,
                        help="archivo de salida: INFORME.xlsx, INFORME.html o INFORME.json")
    report.add_argument("--regla", metavar="REGLA", type=_regla_argument, default=None,
                        help="actividades evaluadas en cada corte: " + ", ".join(
                            f"«{rule}»" for rule in REGLAS_EVALUACION) + " (por omisión, la de la hoja «Parámetros»; "
                        "si no la dice, «" + REGLAS_EVALUACION[0] + "»)")
    report.add_argument("--fecha-publicacion", metavar="AAAA-MM-DD", type=_corte_argument, default=None,
                        help="fecha de publicación del informe (por omisión, en blanco para quien firma)")
    report.add_argument("--fecha-elaboracion", metavar="AAAA-MM-DD", type=_corte_argument, default=None,
                        help="fecha de elaboración del informe (por omisión, hoy)")
    # The closing of the report: each option replaces the value of the Parámetros sheet.
    report.add_argument("--conclusiones", metavar="TEXTO", default=None,
                        help="conclusiones de Control Interno (por omisión, las de la hoja «Parámetros»)")
    report.add_argument("--recomendaciones", metavar="TEXTO", default=None,
                        help="recomendaciones de Control Interno (por omisión, las de la hoja «Parámetros»)")
    report.add_argument("--elaboro-nombre", metavar="NOMBRE", default=None,
                        help="nombre de quien elabora y firma el informe (Jefe de Control Interno)")
    report.add_argument("--elaboro-cargo", metavar="CARGO", default=None,
                        help="cargo de quien elabora y firma el informe")
    report.add_argument("--historial", action="store_true",
                        help="si el libro es una versión publicada, imprime en el informe la cabeza de la cadena del "
                             "historial de esa versión (el almacén de RENDICION_DB_URL)")
    report.set_defaults(handler=_report)

    template = commands.add_parser(
        "template", help="escribe la plantilla en blanco del plan (.xlsx)",
        description="Escribe la plantilla en blanco del plan, con instrucciones y listas desplegables.",
    )
    template.add_argument("out", metavar="SALIDA", type=_template_output, help="archivo de salida: PLANTILLA.xlsx")
    template.add_argument("--vigencia", metavar="AAAA", type=_vigencia_argument, default=None,
                          help="año del plan (por omisión, el año en curso)")
    template.set_defaults(handler=_template)


def _write_output(out: Path, data: bytes) -> bool:
    try:
        if out.parent != Path(""):
            out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        print(f"No se pudo escribir «{out}»: {exc.strerror or exc}.", file=sys.stderr)
        return False
    return True


def _report(args: argparse.Namespace) -> int:
    from rendicion.followup.view import default_corte

    loaded = read_workbook(args.file)
    if not loaded.ok:
        print(f"{args.file}: El libro NO se puede usar: corrija los errores.", file=sys.stderr)
        print(loaded.findings.to_text(), file=sys.stderr)
        return EXIT_INVALID
    plan = loaded.plan
    if args.regla is not None:
        plan = dataclasses.replace(plan, parametros=dataclasses.replace(plan.parametros,
                                                                          actividades_evaluadas=args.regla))
    corte = args.corte or default_corte(plan)
    kind = REPORT_SUFFIXES[args.out.suffix.lower()]
    if kind == "json":
        from rendicion.followup import summary

        data = summary.informe_json(plan, corte).encode("utf-8")
    else:
        from rendicion.outputs.informe import Cierre

        given = Cierre.de_parametros(plan.parametros)
        cierre = Cierre(
            conclusiones=given.conclusiones if args.conclusiones is None else args.conclusiones,
            recomendaciones=given.recomendaciones if args.recomendaciones is None else args.recomendaciones,
            elaboro_nombre=given.elaboro_nombre if args.elaboro_nombre is None else args.elaboro_nombre,
            elaboro_cargo=given.elaboro_cargo if args.elaboro_cargo is None else args.elaboro_cargo,
        )
        cabeza = _published_head(loaded.data) if args.historial else None
        if kind == "xlsx":
            from rendicion.outputs.informe_excel import informe_excel

            data = informe_excel(plan, corte, cierre=cierre, fecha_elaboracion=args.fecha_elaboracion,
                                 fecha_publicacion=args.fecha_publicacion, cabeza=cabeza)
        else:
            from rendicion.outputs.informe_html import informe_html

            data = informe_html(plan, corte, cierre=cierre, fecha_elaboracion=args.fecha_elaboracion,
                                fecha_publicacion=args.fecha_publicacion, cabeza=cabeza).encode("utf-8")
    if not _write_output(args.out, data):
        return EXIT_INVALID
    if loaded.findings.warnings:
        print(loaded.findings.to_text(), file=sys.stderr)
    print(f"Informe de seguimiento al {formatting.day(corte)} (regla «{plan.parametros.actividades_evaluadas}») "
          f"escrito en {args.out}")
    return EXIT_OK


def _published_head(data: bytes) -> str | None:
    """The short chain value of the published version whose workbook is exactly ``data`` (the newest such), or
    None when the workbook was never published (the report then prints no head, and the command says so)."""
    import hashlib

    from rendicion.versions import chain
    from rendicion.versions.store import Store

    sha = hashlib.sha256(data).hexdigest()
    try:
        found = next((v for v in Store.from_env().versions() if v.sha256 == sha), None)
    except StoreError as exc:
        print(f"Aviso: el informe va sin la cabeza de la cadena porque el historial no se pudo leer: {exc}",
              file=sys.stderr)
        return None
    if found is None or not found.chain:
        print("Aviso: el libro no es ninguna versión publicada (con cadena) del historial; el informe va sin la "
              "cabeza de la cadena.", file=sys.stderr)
        return None
    return chain.short(found.chain)


def _template(args: argparse.Namespace) -> int:
    from rendicion.outputs import downloads

    if not _write_output(args.out, downloads.plantilla(vigencia=args.vigencia)):
        return EXIT_INVALID
    print(f"Plantilla escrita en {args.out}. Lea la hoja «Instrucciones» antes de llenarla.")
    return EXIT_OK


# --------------------------------------------------------------------------- the public site
# ``sitio``: the static site for citizens (rendicion.outputs.site) from the store's current version of each
# vigencia, at every PAAC cut that has passed.


def _add_site_command(commands) -> None:
    sitio = commands.add_parser(
        "sitio", help="escribe el sitio público (HTML estático y datos abiertos) de los seguimientos",
        description="Escribe el sitio público de los seguimientos: para cada vigencia, la versión publicada más "
                    "reciente del plan, en cada corte del PAAC que ya pasó (30/04, 31/08, 31/12), con una página "
                    "por corte y por dependencia y sus datos abiertos (CSV, JSON, diccionario y metadatos). "
                    "Caddy lo sirve en /publico/ (deploy/Caddyfile). Con el almacén vacío, usa el plan incluido.",
    )
    sitio.add_argument("--out", metavar="CARPETA", default=None,
                       help="carpeta del sitio (por omisión, la de la variable RENDICION_SITIO_DIR); se reemplaza "
                            "entera, de una vez")
    sitio.add_argument("--hoy", metavar="AAAA-MM-DD", type=_corte_argument, default=None,
                       help="fecha que decide qué cortes ya pasaron (por omisión, hoy en Bogotá)")
    sitio.add_argument("--licencia", metavar="NOMBRE", default=None,
                       help="licencia de los datos abiertos (por omisión, Creative Commons Atribución 4.0)")
    sitio.add_argument("--licencia-url", metavar="URL", default=None, help="dirección del texto de la licencia")
    sitio.set_defaults(handler=_site)


def _site(args: argparse.Namespace) -> int:
    from rendicion.outputs import site
    from rendicion.versions import sitio

    out = Path(args.out) if args.out else sitio.configured_dir()
    if out is None:
        print(f"Indique la carpeta del sitio con --out o con la variable {sitio.SITIO_ENV_VAR}.", file=sys.stderr)
        return EXIT_USAGE
    licencia = (args.licencia or site.LICENCIA[0], args.licencia_url or (site.LICENCIA[1] if not args.licencia else ""))
    try:
        store = _open_store()
        written = sitio.refresh(store, out, today=args.hoy, licencia=licencia)
    except (StoreError, UnusableWorkbook) as exc:
        _print_store_error(exc)
        return EXIT_INVALID
    except OSError as exc:
        print(f"No se pudo escribir el sitio en «{out}»: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_INVALID
    pages = sum(1 for path in written.rglob("*.html"))
    print(f"Sitio público escrito en {out} ({formatting.plural(pages, 'página')}).")
    return EXIT_OK

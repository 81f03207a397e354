"""Mutation testing of the core modules: ``python -m bench mutation [--grupos a,b] [--out ARCHIVO]``.

mutmut (pinned in requirements.txt) changes one operator, constant or argument at a time in the
modules of each group and runs the group's tests against every change (a *mutant*). A mutant the
tests fail on is *killed*; one they pass on *survived*: either a gap in the tests, or a change
that alters no behaviour (an *equivalent* mutant, e.g. ``encode("utf-8")`` → ``encode("UTF-8")``).

Every survivor must be killed by a test or listed in :data:`EQUIVALENTS_FILE`, one line each::

    rendicion.outputs.csvsafe.x_tidy_csv__mutmut_30  encode("UTF-8") names the same codec

The score per group is killed ÷ (mutants − equivalents); the target is :data:`TARGET` (95 %).
Each group runs in a throwaway copy of the repository (mutmut writes a ``mutants/`` folder next
to the code it mutates), so a run leaves the working tree as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO_ROOT

#: Reviewed equivalent mutants: "<mutant name>  <why it changes nothing>", one per line.
EQUIVALENTS_FILE = Path(__file__).with_name("mutation_equivalents.txt")
DEFAULT_OUT = REPO_ROOT / "artifacts" / "mutation.json"
#: Share of the non-equivalent mutants that the tests must kill, per group.
TARGET = 0.95


@dataclass(frozen=True)
class Group:
    """Modules mutated together and the tests that judge them."""

    name: str
    modules: tuple[str, ...]
    tests: tuple[str, ...]


GROUPS = (
    Group("medida", ("rendicion/followup/measure.py", "rendicion/followup/engine.py"),
          ("tests/test_measure.py", "tests/test_engine.py", "tests/test_engine_shipped.py", "tests/test_view.py")),
    Group("fechas", ("rendicion/reading/dates.py",),
          ("tests/test_dates.py", "tests/test_schedule.py", "tests/test_months.py")),
    Group("guardia", ("rendicion/reading/guard.py", "rendicion/reading/active_content.py"),
          ("tests/test_guard.py", "tests/test_active_content.py")),
    Group("cadena", ("rendicion/versions/chain.py",), ("tests/test_chain.py",)),
    Group("csv", ("rendicion/outputs/csvsafe.py",), ("tests/test_csv_safety.py",)),
    Group("dependencias", ("rendicion/reading/offices.py",), ("tests/test_loader.py", "tests/test_fuzzy.py")),
)
BY_NAME = {group.name: group for group in GROUPS}

#: mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code), reduced to what is scored.
_KILLED = {1, 3, 37}
_SURVIVED = {0}


def equivalents(path: Path = EQUIVALENTS_FILE) -> dict[str, str]:
    """The reviewed equivalent mutants: name -> why (comments and blank lines skipped)."""
    found = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, why = line.partition(" ")
                found[name] = why.strip()
    return found


def _copy_repository(target: Path) -> None:
    """The tracked and untracked-but-not-ignored files of the repository, as they are on disk."""
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO_ROOT,
                             capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for relative in filter(None, listing):
        source = REPO_ROOT / relative
        if source.is_file():
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def _config(group: Group) -> str:
    also_copy = "\n    ".join(["bench/", "scripts/", "data/", "docs/", "deploy/", "ui/", "pages/", ".streamlit/",
                                "pytest.ini", "dashboard.py", "README.md", "requirements.txt"])
    return ("[mutmut]\nsource_paths = rendicion\n"
            f"only_mutate =\n    " + "\n    ".join(group.modules) + "\n"
            f"also_copy =\n    {also_copy}\n"
            "pytest_add_cli_args_test_selection =\n    " + "\n    ".join(group.tests) + "\n"
            "pytest_add_cli_args = -p no:cacheprovider -q -x\n")


def _statuses(folder: Path, group: Group) -> dict[str, int | None]:
    """Each mutant of the group's modules and mutmut's exit code for it (None: not checked)."""
    statuses: dict[str, int | None] = {}
    for module in group.modules:
        meta = folder / "mutants" / f"{module}.meta"
        if meta.exists():
            statuses.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return statuses


def _diff(folder: Path, mutant: str) -> str:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", mutant], cwd=folder, capture_output=True,
                           text=True, timeout=120).stdout
    return "\n".join(line for line in shown.splitlines()
                     if line[:1] in "+-" and not line.startswith(("+++", "---")))


def run_group(group: Group, known: dict[str, str]) -> dict:
    """Run mutmut on one group in a throwaway copy of the repository; its counts and survivors."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"mutacion-{group.name}-") as temp:
        folder = Path(temp)
        _copy_repository(folder)
        (folder / "setup.cfg").write_text(_config(group), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(folder)}
        run = subprocess.run([sys.executable, "-m", "mutmut", "run"], cwd=folder, env=env, capture_output=True,
                             text=True, check=False)
        statuses = _statuses(folder, group)
        if not any(code is not None for code in statuses.values()):
            # mutmut ran no mutant at all: its clean run of the tests failed. Say why, not "0 %".
            output = (run.stdout + run.stderr).replace("\r", "\n").splitlines()
            raise RuntimeError(f"mutmut no evaluó ningún mutante de {group.name}:\n"
                               + "\n".join(line for line in output[-40:] if line.strip()))
        killed = sorted(name for name, code in statuses.items() if code in _KILLED)
        survived = sorted(name for name, code in statuses.items() if code in _SURVIVED)
        other = sorted(name for name, code in statuses.items() if code not in _KILLED | _SURVIVED)
        equivalent = [name for name in survived if name in known]
        gaps = [{"mutante": name, "cambio": _diff(folder, name)} for name in survived if name not in known]
    scored = len(statuses) - len(equivalent)
    return {
        "modulos": list(group.modules), "pruebas": list(group.tests), "mutantes": len(statuses),
        "muertos": len(killed), "equivalentes": len(equivalent), "sobrevivientes": gaps,
        "otros": other, "puntaje": len(killed) / scored if scored else 1.0,
        "segundos": round(time.monotonic() - start, 1),
    }


def table(results: dict[str, dict]) -> str:
    """The Spanish summary: one line per group, then every survivor that is not a reviewed equivalent."""
    from rendicion.common import formatting

    lines = [f"{'Grupo':<14}{'Mutantes':>9}{'Muertos':>9}{'Equiv.':>8}{'Vivos':>7}{'Puntaje':>10}  Meta",
             "-" * 66]
    for name, result in results.items():
        met = "sí" if result["puntaje"] >= TARGET else "NO"
        lines.append(f"{name:<14}{result['mutantes']:>9}{result['muertos']:>9}{result['equivalentes']:>8}"
                     f"{len(result['sobrevivientes']):>7}{formatting.percent(result['puntaje'] * 100):>10}  {met}")
    for name, result in results.items():
        for survivor in result["sobrevivientes"]:
            lines.append(f"\n{name} · {survivor['mutante']} sobrevivió:\n{survivor['cambio']}")
        for mutant in result["otros"]:
            lines.append(f"{name} · {mutant}: sin veredicto (sin pruebas, tiempo agotado o sospechoso)")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from rendicion.cli import _Parser, _spanish

    argparse._ = _spanish
    parser = _Parser(prog="python -m bench mutation",
                     description="Pruebas de mutación (mutmut) de los módulos centrales.")
    parser.add_argument("--grupos", default=",".join(BY_NAME), metavar="A,B",
                        help=f"grupos a medir (por omisión todos: {', '.join(BY_NAME)})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="ARCHIVO", help="resultado en JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = [name.strip() for name in args.grupos.split(",") if name.strip()]
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        print(f"Grupos desconocidos: {', '.join(unknown)}. Los grupos son: {', '.join(BY_NAME)}.", file=sys.stderr)
        return 2
    known = equivalents()
    results = {}
    for name in names:
        print(f"· Mutando {name} …", file=sys.stderr, flush=True)
        results[name] = run_group(BY_NAME[name], known)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"fecha": time.strftime("%Y-%m-%d %H:%M"), "grupos": results},
                                   ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(results))
    print(f"\nResultado completo en {args.out}")
    return 0 if all(result["puntaje"] >= TARGET and not result["otros"] for result in results.values()) else 1

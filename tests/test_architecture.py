"""The import rules of docs/arquitectura.md, enforced by parsing every import of the project.

A wrong arrow fails here, not in review. The rules:

- ``rendicion`` is the core: it never imports Streamlit, nor the shells and tools around it
  (``dashboard``, ``ui``, ``pages``, ``bench``, ``scripts``, ``tests``);
- inside ``rendicion``, each stage imports only the stages :data:`ALLOWED` lists for it; the
  top modules (``cli``, ``server``, ``__main__``) may import every stage;
- ``ui`` and ``pages`` never import the entrypoint ``dashboard``; nothing imports a page;
- no import circle among the project's modules, imports inside functions included.

The checker reads source text only (``ast``), so it runs in milliseconds and imports nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Top-level packages and modules of the project whose imports are checked.
PROJECT = ("rendicion", "ui", "pages", "bench", "scripts", "tests", "dashboard")

#: Which stages of ``rendicion`` each stage may import (besides itself). ``None``: any stage.
ALLOWED: dict[str, frozenset[str] | None] = {
    "common": frozenset(),
    "plan": frozenset({"common"}),
    "reading": frozenset({"common", "plan"}),
    "followup": frozenset({"common", "plan"}),
    "outputs": frozenset({"common", "plan", "followup"}),
    "versions": frozenset({"common", "plan", "reading", "followup", "outputs"}),
    "people": frozenset({"common", "plan", "reading", "followup", "outputs", "versions"}),
    # The shells at the top of the package: the command line and the test/benchmark server.
    "cli": None,
    "server": None,
    "__main__": None,
    "__init__": frozenset(),
}

#: What the core never imports, whatever the stage.
CORE_FORBIDDEN = ("streamlit", "dashboard", "ui", "pages", "bench", "scripts", "tests")


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to a module of the project when it names one."""

    source: str  # the importing module, dotted ("rendicion.reading.loader")
    target: str  # the imported module, dotted, as far as it resolves ("rendicion.common.text")
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files(root: Path, tops: Iterable[str] = PROJECT) -> dict[str, Path]:
    """Every Python file of the project, by dotted module name."""
    files = {}
    for top in tops:
        single = root / f"{top}.py"
        if single.is_file():
            files[top] = single
        folder = root / top
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                if "__pycache__" not in path.parts:
                    files[module_name(path, root)] = path
    return files


def imports_of(name: str, path: Path, modules: Iterable[str]) -> list[Import]:
    """Every import in ``path`` (at any depth: a function's import counts too), resolved against
    ``modules`` where it names one of them (``from rendicion.reading import loader`` is the module
    ``rendicion.reading.loader``), kept as written otherwise (``streamlit.testing.v1``)."""
    known = set(modules)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def resolve(dotted: str) -> str:
        probe = dotted
        while probe and probe not in known:
            probe = probe.rpartition(".")[0]
        return probe or dotted

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(name, resolve(alias.name), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append(Import(name, candidate if candidate in known else resolve(base), node.lineno))
    return found


def stage_of(module: str) -> str | None:
    """``rendicion.reading.loader`` -> "reading"; ``rendicion.cli`` -> "cli"; ``rendicion`` -> "__init__"."""
    parts = module.split(".")
    if parts[0] != "rendicion":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def violations(root: Path) -> list[str]:
    """Every broken rule in the project at ``root``, one Spanish-free line each (for the developer)."""
    files = project_files(root)
    graph: dict[str, set[str]] = {name: set() for name in files}
    problems = []
    for name, path in files.items():
        for imp in imports_of(name, path, files):
            top = imp.target.split(".")[0]
            where = f"{path.relative_to(root)}:{imp.line}: {imp.source} imports {imp.target}"
            if imp.target in files and imp.target != name:
                graph[name].add(imp.target)
            if name.split(".")[0] == "rendicion":
                if top in CORE_FORBIDDEN:
                    problems.append(f"{where} (the core never imports {top})")
                    continue
                source_stage, target_stage = stage_of(name), stage_of(imp.target)
                if target_stage in (None, source_stage, "__init__"):
                    continue
                if source_stage not in ALLOWED:
                    problems.append(f"{where} (stage {source_stage!r} has no rule in ALLOWED)")
                    continue
                allowed = ALLOWED[source_stage]
                if allowed is None:
                    continue
                if target_stage in ("cli", "server", "__main__"):
                    problems.append(f"{where} (only the shells import {target_stage})")
                elif target_stage not in allowed:
                    problems.append(f"{where} (stage {source_stage!r} may import only "
                                    f"{', '.join(sorted(allowed)) or 'nothing else'})")
            if name.split(".")[0] in ("ui", "pages") and top == "dashboard":
                problems.append(f"{where} (the entrypoint imports the helpers, never the other way)")
            if top == "pages" and name.split(".")[0] != "pages":
                problems.append(f"{where} (pages are scripts that Streamlit runs; nothing imports them)")
    problems += [f"import circle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), or a self-loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_project_keeps_its_import_rules():
    assert violations(ROOT) == []


def test_every_stage_of_rendicion_has_a_rule():
    stages = {stage_of(name) for name in project_files(ROOT, ("rendicion",))}
    assert stages == set(ALLOWED)
    for stage in ("common", "plan", "reading", "followup", "outputs", "versions", "people"):
        docstring = ast.get_docstring(ast.parse((ROOT / "rendicion" / stage / "__init__.py").read_text("utf-8")))
        assert docstring and "Enters" in docstring and "Leaves" in docstring and "import" in docstring.lower(), stage


# ---- the checker itself bites: each rule, broken once in a small tree of its own ---------------

def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


_CLEAN = {
    "rendicion/__init__.py": "",
    "rendicion/common/__init__.py": "",
    "rendicion/common/text.py": "X = 1\n",
    "rendicion/reading/__init__.py": "",
    "rendicion/reading/loader.py": "from rendicion.common import text\n",
    "rendicion/versions/__init__.py": "",
    "rendicion/versions/store.py": "from rendicion.reading.loader import X\n",
    "ui/__init__.py": "",
    "ui/widgets.py": "import streamlit as st\nfrom rendicion.common.text import X\n",
    "dashboard.py": "from ui import widgets\n",
}


def test_a_clean_tree_passes(tmp_path):
    assert violations(_tree(tmp_path, _CLEAN)) == []


@pytest.mark.parametrize(("relative", "line", "expected"), [
    ("rendicion/reading/guard.py", "from rendicion.versions import store\n",
     "rendicion.reading.guard imports rendicion.versions.store (stage 'reading' may import only common, plan)"),
    ("rendicion/common/errors.py", "def f():\n    from rendicion.reading import loader\n",
     "rendicion.common.errors imports rendicion.reading.loader (stage 'common' may import only nothing else)"),
    ("rendicion/reading/sheet.py", "import streamlit as st\n",
     "rendicion.reading.sheet imports streamlit (the core never imports streamlit)"),
    ("rendicion/versions/bench_hook.py", "from bench import synth\n",
     "rendicion.versions.bench_hook imports bench (the core never imports bench)"),
    ("rendicion/common/ui_hook.py", "import ui.widgets\n",
     "rendicion.common.ui_hook imports ui.widgets (the core never imports ui)"),
    ("ui/session.py", "from dashboard import main\n",
     "ui.session imports dashboard (the entrypoint imports the helpers, never the other way)"),
    ("rendicion/reading/cli_hook.py", "from rendicion import cli\n",
     "rendicion.reading.cli_hook imports rendicion.cli (only the shells import cli)"),
])
def test_each_forbidden_import_is_reported(tmp_path, relative, line, expected):
    root = _tree(tmp_path, {**_CLEAN, "rendicion/cli.py": "", relative: line})
    assert [p.split(": ", 1)[1] for p in violations(root)] == [expected]


def test_an_import_circle_is_reported(tmp_path):
    root = _tree(tmp_path, {**_CLEAN, "rendicion/common/text.py": "from rendicion.common import formatting\n",
                            "rendicion/common/formatting.py": "def f():\n    from rendicion.common import text\n"})
    assert violations(root) == ["import circle: rendicion.common.formatting -> rendicion.common.text -> "
                                "rendicion.common.formatting"]


def test_relative_imports_are_resolved(tmp_path):
    root = _tree(tmp_path, {**_CLEAN, "rendicion/reading/guard.py": "from ..versions import store\n"})
    assert violations(root) == ["rendicion/reading/guard.py:1: rendicion.reading.guard imports "
                                "rendicion.versions.store (stage 'reading' may import only common, plan)"]

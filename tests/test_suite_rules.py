"""Rules the test suite keeps, so that its tests can fail.

- No expected value is computed by the code under test: an assignment to a name that starts
  with ``expected`` may not call a function of ``rendicion`` (``expected = engine.evaluate(…)``).
  Write the value by hand, from the workbook or the rule.
- No ``pytest.raises(Exception)`` or ``pytest.raises(BaseException)``: name the error the code
  must raise, so that any other failure is not mistaken for it.

The checks parse the tests with ``ast``; they import nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _rendicion_names(tree: ast.Module) -> set[str]:
    """Names bound by ``import rendicion…`` / ``from rendicion… import …`` anywhere in the file."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "rendicion":
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names
                      if alias.name.split(".")[0] == "rendicion"}
    return names


def _called_name(call: ast.Call) -> str | None:
    """The root name of what ``call`` calls: ``engine`` for ``engine.evaluate(…)``, ``f`` for ``f(…)``."""
    func = call.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return func.id if isinstance(func, ast.Name) else None


def expected_from_the_code(source: str) -> list[int]:
    """Lines where an ``expected…`` name is assigned the result of a call into ``rendicion``."""
    tree = ast.parse(source)
    product = _rendicion_names(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(name.startswith("expected") for name in named) and node.value is not None:
                calls = [n for n in ast.walk(node.value) if isinstance(n, ast.Call)]
                if any(_called_name(call) in product for call in calls):
                    lines.append(node.lineno)
    return lines


def raises_anything(source: str) -> list[int]:
    """Lines with ``pytest.raises(Exception)`` or ``pytest.raises(BaseException)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "raises"
                and node.args and isinstance(node.args[0], ast.Name)
                and node.args[0].id in ("Exception", "BaseException")):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", sorted(TESTS.glob("*.py")), ids=lambda path: path.name)
def test_no_expected_value_comes_from_the_code_under_test(path):
    assert expected_from_the_code(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted(TESTS.glob("*.py")), ids=lambda path: path.name)
def test_no_test_accepts_any_exception(path):
    assert raises_anything(path.read_text(encoding="utf-8")) == []


def test_the_checks_find_what_they_forbid():
    source = (
        "import pytest\n"
        "from rendicion.followup import engine\n"
        "from rendicion.reading.values import is_mark\n"
        "def test_a():\n"
        "    expected = engine.evaluate(plan, corte)\n"
        "    expected_ids: list = [x for x in sorted(is_mark(v) for v in values)]\n"
        "    expected_literal = [1, 2]\n"
        "    expected_len = len(values)\n"
        "    with pytest.raises(Exception):\n"
        "        pass\n"
        "    with pytest.raises(ValueError):\n"
        "        pass\n"
    )
    assert expected_from_the_code(source) == [5, 6]
    assert raises_anything(source) == [9]

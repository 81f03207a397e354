"""The issue's hostile workbooks, and the worst ones within the limits, are refused or read within
the targets: at most 300 MB of peak memory and 5 s of CPU for the validation.

Each workbook is read by ``read_plan`` in a child Python process. CPU is the child's own, taken
from ``resource.getrusage(RUSAGE_CHILDREN)`` around it (interpreter start and imports included),
and allowed twice the target, for busy machines; the exact figures are in the benchmark
(``python -m bench``). Peak memory is the child's ``VmHWM`` (not ``ru_maxrss``,
which Linux carries over ``exec`` from a big parent such as pytest).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bench.hostile_workbooks import BY_NAME, at_the_cell_limits
from rendicion.reading.guard import MAX_CELLS, MAX_CELLS_PER_SHEET

REPO_ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 300
CPU_SECONDS = 5.0
CPU_MARGIN = 2.0

_CHILD = r"""
import json, sys
from rendicion.reading.loader import read_plan

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

loaded = read_plan(open(sys.argv[1], "rb").read())
print(json.dumps({"ok": loaded.ok, "errors": [i.message for i in loaded.findings.errors[:3]], "peak_mb": peak_mb()},
                 ensure_ascii=False))
"""


def test_the_cell_limit_workbook_is_just_under_both_limits():
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(at_the_cell_limits())) as archive:
        counts = [archive.read(name).count(b"<c ") for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert MAX_CELLS_PER_SHEET - 20_000 < max(counts) <= MAX_CELLS_PER_SHEET
    assert MAX_CELLS - 40_000 < sum(counts) <= MAX_CELLS


CASES = {
    "numeros_60000x120": (BY_NAME["numeros_60000x120"].build, False),
    "actividades_60000": (BY_NAME["actividades_60000"].build, False),
    "plan_real_mas_grande": (BY_NAME["plan_real_mas_grande"].build, True),
    "al_limite_de_celdas": (at_the_cell_limits, True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_workbook_is_refused_or_read_within_the_targets(name, tmp_path):
    build, readable = CASES[name]
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(build())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin",
                                            "RUST_BACKTRACE": "0"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    assert result["ok"] is readable, result["errors"]
    if not readable:
        assert "celdas" in result["errors"][0] and "máximo" in result["errors"][0]
    assert result["peak_mb"] <= PEAK_MB, f"memoria pico {result['peak_mb']:.0f} MB"
    assert 0 < cpu <= CPU_SECONDS * CPU_MARGIN, f"{cpu:.1f} s de CPU"

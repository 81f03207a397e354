"""Hostile workbooks (bench/hostile_workbooks.py): a usable plan or a Spanish refusal, fast and small.

Each workbook is read by ``read_plan`` in a child process (no state shared with the test run):

- **CPU**: the read itself takes at most 10 s of the child's CPU time (measured in the child, after
  its imports; CPU time, not wall-clock, so a busy machine does not fail the test; the benchmark
  tracks the 5 s target). The child is killed after 120 s whatever happens.
- **Memory**: the child's peak resident memory (``VmHWM``, the whole process with Python, pandas
  and the parsers) stays within 512 MB. (Not ``ru_maxrss``: Linux carries it over ``exec``, so a
  child of a big pytest process would report the parent's size.) The address space is also capped
  (``RLIMIT_AS`` = what the child had mapped after its imports + 512 MB) so a runaway
  allocation fails instead of eating the machine. Why not ``RLIMIT_AS`` = 512 MB flat: importing
  numpy/pandas already maps about 380 MB of address space (RSS ~115 MB) on this machine, so a
  flat cap would measure the imports, not the reading.
- **Result**: either a usable plan (warnings allowed) or a refusal with at least one error; every
  message Spanish (no "Traceback", "error:", "invalid" …: :func:`bench.non_spanish`);
  nothing printed to stderr by Python (no traceback). Rust panics inside calamine print their own
  message to stderr; the loader turns them into a refusal, which is what is checked.
- **Nothing published**: the refused ones are offered to ``python -m rendicion publish`` against a
  temporary store, which must refuse them (exit code 1) and still hold only its seed version.

The workbooks are generated once per session in a temporary folder (about 5 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import non_spanish
from bench.hostile_workbooks import HOSTILE

REPO_ROOT = Path(__file__).resolve().parent.parent
CPU_LIMIT = 10.0  # CPU seconds for read_plan (target 5 s, in the benchmark; margin for noisy machines)
MEMORY_LIMIT_MB = 512  # peak RSS of the child
KILL_AFTER = 120  # seconds: only a hang guard, never a speed assertion

_CHILD = r"""
import json, resource, sys, time
from rendicion.reading.loader import read_plan

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0

limit = status("VmSize") + int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
data = open(sys.argv[1], "rb").read()
start = time.process_time()
loaded = read_plan(data)
cpu_seconds = time.process_time() - start
print(json.dumps({
    "cpu_seconds": cpu_seconds,
    "max_rss_mb": status("VmHWM") / 1024 / 1024,  # not ru_maxrss: Linux carries it over exec from the parent
    "ok": loaded.ok,
    "has_plan": loaded.plan is not None,
    "errors": [i.message for i in loaded.findings.errors],
    "warnings": [i.message for i in loaded.findings.warnings],
}, ensure_ascii=False))
"""


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostiles")
    for item in HOSTILE:
        (folder / f"{item.name}{item.suffix}").write_bytes(item.build())
    return folder


def read_in_child(path: Path) -> tuple[dict, str]:
    """read_plan(path) in a child process with the limits above: (its JSON result, its stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(MEMORY_LIMIT_MB)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=KILL_AFTER,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "RUST_BACKTRACE": "0"},
    )
    assert done.returncode == 0, f"el proceso terminó con código {done.returncode}:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_there_are_at_least_thirty_hostile_workbooks():
    assert len(HOSTILE) >= 30
    assert len({item.name for item in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("item", HOSTILE, ids=[item.name for item in HOSTILE])
def test_hostile_workbook_is_a_plan_or_a_spanish_refusal(item, hostile_dir):
    result, stderr = read_in_child(hostile_dir / f"{item.name}{item.suffix}")
    assert result["cpu_seconds"] <= CPU_LIMIT, f"read_plan usó {result['cpu_seconds']:.1f} s de CPU"
    assert result["max_rss_mb"] <= MEMORY_LIMIT_MB, f"memoria pico {result['max_rss_mb']:.0f} MB"
    assert "Traceback" not in stderr, stderr[-3000:]
    if result["ok"]:
        assert result["has_plan"]
    else:
        assert not result["has_plan"] and result["errors"], "rechazo sin errores que lo expliquen"
    expected = {"plan": True, "rechazo": False}.get(item.expect)
    if expected is not None:
        outcome = "un plan utilizable" if result["ok"] else f"un rechazo: {result['errors'][:3]}"
        assert result["ok"] is expected, f"se esperaba {item.expect}, se obtuvo {outcome}"
    for message in result["errors"] + result["warnings"]:
        assert not non_spanish(message), (non_spanish(message), message)


@pytest.fixture(scope="session")
def refused(hostile_dir) -> list[Path]:
    """The hostile workbooks the loader refuses (read in this process: the limits are tested above)."""
    from rendicion.reading.loader import read_plan

    return [path for path in sorted(hostile_dir.iterdir()) if not read_plan(path).ok]


def test_refused_workbooks_are_never_published(refused, tmp_path):
    assert len(refused) >= 10, [p.name for p in refused]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RENDICION_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
           "RUST_BACKTRACE": "0"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "rendicion", *args], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=KILL_AFTER)

    seeded = cli("versions", "--json")
    assert seeded.returncode == 0, seeded.stderr
    assert [v["version"] for v in json.loads(seeded.stdout)] == [1]
    for path in refused:
        done = cli("publish", str(path), "--note", "hostil")
        assert done.returncode == 1, (path.name, done.stdout, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, (path.name, done.stderr[-3000:])
        assert "NO se puede publicar" in done.stderr, (path.name, done.stderr[-2000:])
    after = cli("versions", "--json")
    versions = json.loads(after.stdout)
    assert [v["version"] for v in versions] == [1], versions
    assert versions[0]["note"].startswith("Versión inicial")

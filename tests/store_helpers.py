"""Helpers of the store's tests.

- Child-process bodies for the concurrency and crash tests (started with ``spawn``: they live
  in an importable module so a spawned interpreter can find them).
- :func:`read_only_command`: run a command where a folder is a read-only mount (a private
  mount namespace through ``unshare``; chmod does not stop root, a read-only mount does).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

from rendicion.versions.store import Store


def payload(tag: str, size: int) -> bytes:
    """``size`` bytes, different for every tag (random tail, so the blobs never coincide)."""
    head = tag.encode("utf-8") + b"\0"
    return head + os.urandom(max(0, size - len(head)))


def publish_many(url: str, worker: int, count: int, size: int, barrier, results) -> None:
    """Wait for the others, then publish ``count`` workbooks; report (version, sha256) pairs."""
    store = Store(url)
    store.current()  # connect and check the schema before the race starts
    barrier.wait(timeout=60)
    done = []
    for n in range(count):
        data = payload(f"worker {worker} publication {n}", size)
        version = store.publish(data, note=f"proceso {worker}, publicación {n}", summary={"worker": worker, "n": n})
        assert version.sha256 == hashlib.sha256(data).hexdigest()
        done.append((version.version, version.sha256))
    results.put((worker, done))
    store.close()


def seed(url: str, path: str, barrier, results) -> None:
    """Wait for the others, then seed the store; report the version this process created (or None)."""
    store = Store(url)
    barrier.wait(timeout=60)
    created = store.ensure_seeded(path, lambda data: {"seeded_by": os.getpid()})
    results.put(created.version if created is not None else None)
    store.close()


def publish_and_hang(url: str, stage: str, size: int, ready) -> None:
    """Publish one large workbook but stop forever at ``stage`` inside the transaction (to be killed)."""
    store = Store(url)

    def hook(reached: str) -> None:
        if reached == stage:
            ready.set()
            time.sleep(600)

    store._hook = hook
    store.publish(payload("never committed", size), note="no debe quedar", summary={})


def publish_forever(url: str, size: int, ready) -> None:
    """Publish large workbooks in a loop until killed."""
    store = Store(url)
    store.current()
    ready.set()
    n = 0
    while True:
        store.publish(payload(f"loop {n}", size), note=f"ciclo {n}", summary={"n": n})
        n += 1


# ------------------------------------------------------------------------- read-only mounts


@functools.cache
def read_only_mounts_available() -> bool:
    """True when this process may create a private mount namespace (root with CAP_SYS_ADMIN)."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return False
    probe = subprocess.run([unshare, "-m", "sh", "-c", "mount --bind /tmp /tmp"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def read_only_command(folder: Path, argv: list[str]) -> list[str]:
    """``argv`` run in a private mount namespace where ``folder`` is bind-mounted read-only."""
    where = shlex.quote(str(folder))
    script = (f"mount --bind {where} {where} && mount -o remount,bind,ro {where} && exec "
              + " ".join(shlex.quote(arg) for arg in argv))
    return [shutil.which("unshare") or "unshare", "-m", "sh", "-c", script]

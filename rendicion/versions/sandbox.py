"""Validate an uploaded workbook in a child process with memory and CPU limits, a few at a time.

The dashboard never parses an upload in its own process: :func:`validate_isolated` starts a
fresh Python child (``python -m rendicion.versions.sandbox``) per validation, sends it the bytes on
stdin and reads back the small result (the :class:`~rendicion.reading.loader.Loaded` plan and report,
pickled, without the bytes). Whatever the parsers allocate dies with the child, so the
server's memory returns to its baseline after every validation.

Limits, set by the child on itself with :mod:`resource` (nothing is set in the server):

- CPU: ``RLIMIT_CPU`` of :attr:`Limits.cpu_seconds` (SIGXCPU), a hard limit two seconds later
  (SIGKILL); no core files (``RLIMIT_CORE`` 0).
- Memory: ``RLIMIT_AS`` = the address space the child has mapped after its imports (numpy,
  pandas and calamine map about 400 MB that they barely touch) + :attr:`Limits.memory_bytes`.
  Python raises MemoryError; Rust code (calamine) aborts when an allocation fails.
- Time: a child still running after :attr:`Limits.wall_seconds` (blocked, not computing) is killed.
- Priority: the child runs at ``SCHED_IDLE``: it gets the processor only when no other thread of
  its scheduling group wants it, so the server's threads (other users' pages) come first, at once
  (a waking server thread preempts it). The parent sets the policy as soon as the child exists,
  before its interpreter has started and imported anything; the child sets it again first thing.
  The child stays in the server's session: under Linux's autogrouping (on by default) every session
  is a scheduling group of its own, weighed equally against the others, and a policy or ``nice``
  only ranks a task within its group. A child in a session of its own (as validations used to be,
  at ``nice`` 10) took as large a share as the whole server however low its priority; in the server's
  session it takes what the server leaves. A validation is still bounded only by its limits: on a
  saturated machine it waits, and :attr:`Limits.wall_seconds` ends the wait.

Hitting a limit raises a :class:`~rendicion.common.errors.ValidationLimit` whose Spanish message
names it. An unexpected exception in the child is a bug: :class:`SandboxFailure` carries its
traceback to the server's log, never to the user.

Queue: at most :data:`MAX_CONCURRENT` validations run at once in the whole server (one
process, every session a thread). The others wait in arrival order, and ``on_queued`` is
told their place in the queue each time it changes, so the page can say «En cola: …».

The CLI reads through this module too (:func:`read_isolated`: the same child, the same limits and
messages, no queue: a command is one process and one validation). Reading in the caller's process
let a 3 KB workbook abort the command (calamine's allocation failure ends the process with
SIGABRT, exit 134, whatever Python does); in the child it becomes a Spanish refusal.

The child reports what it used (:class:`Usage`: CPU seconds and peak resident memory, measured in
the child itself) with its result; the server logs it and the tests check it against the limits.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rendicion.common import formatting
from rendicion.common.errors import CpuLimitExceeded, MemoryLimitExceeded, TimeLimitExceeded, ValidationCrashed

logger = logging.getLogger("rendicion.versions.sandbox")

#: Validations running at once in the server; the rest wait in line.
MAX_CONCURRENT = 2
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
_MIB = 1024 * 1024
_OUT_OF_MEMORY_EXIT = 3  # the child caught MemoryError
_BUG_EXIT = 4  # the child raised something unexpected (its traceback is on stderr)


@dataclass(frozen=True)
class Limits:
    """What one validation may use. The defaults are far above what the largest workbook within the
    guard's limits needs (about 4 s of CPU and 220 MB of peak memory, imports included; docs/libro.md «Límites»)."""

    cpu_seconds: int = 20
    memory_bytes: int = 768 * _MIB
    wall_seconds: float = 120.0


LIMITS = Limits()


@dataclass(frozen=True)
class Usage:
    """What the child used, measured by the child: CPU seconds (user + system, imports included) and
    peak resident memory (``VmHWM``, the whole process)."""

    cpu_seconds: float
    peak_bytes: int


class SandboxFailure(RuntimeError):
    """The validation child failed in a way that is a bug of ours (not a limit); message for the log."""


# ---- the queue ------------------------------------------------------------------------------


class _Line:
    """A first-come, first-served line in front of ``slots`` validation slots (shared by all sessions)."""

    def __init__(self, slots: int) -> None:
        self._slots = slots
        self._running = 0
        self._waiting: collections.deque[object] = collections.deque()
        self._changed = threading.Condition()

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _wait_for_turn(self, ticket: object, on_queued: Callable[[int], None] | None) -> None:
        """Wait (holding the lock between waits) until ``ticket`` is first and a slot is free."""
        told = None
        while not (self._waiting[0] is ticket and self._running < self._slots):
            place = self._waiting.index(ticket) + 1
            if on_queued is not None and place != told:
                told = place
                self._changed.release()  # the callback may draw on a page: not under the lock
                try:
                    on_queued(place)
                finally:
                    self._changed.acquire()
                continue
            self._changed.wait()

    @contextmanager
    def slot(self, on_queued: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold one slot while the block runs; wait in line for it, telling ``on_queued`` the place (1 = next)."""
        ticket = object()
        with self._changed:
            self._waiting.append(ticket)
            try:
                self._wait_for_turn(ticket, on_queued)
            except BaseException:  # the page went away (Streamlit stops a script with an exception)
                self._waiting.remove(ticket)
                self._changed.notify_all()
                raise
            self._waiting.popleft()
            self._running += 1
            self._changed.notify_all()  # everyone behind moves up one place
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()


LINE = _Line(MAX_CONCURRENT)


# ---- the parent side ------------------------------------------------------------------------


def validate_isolated(data: bytes, filename: str, *, on_queued: Callable[[int], None] | None = None,
                      limits: Limits | None = None):  # -> rendicion.versions.publishing.Candidate
    """Read and validate ``data`` in a bounded child process, waiting for a free slot first.

    Returns a :class:`~rendicion.versions.publishing.Candidate` (its report says what is wrong with a bad
    workbook). Raises :class:`~rendicion.common.errors.ValidationLimit` when a limit was hit and
    :class:`SandboxFailure` on a bug."""
    from rendicion.versions.publishing import candidate_from

    data = bytes(data)
    with LINE.slot(on_queued):
        loaded, usage = run_child_measured(data, limits or LIMITS)
    _log_usage(filename, usage)
    loaded.data = data
    return candidate_from(loaded, data, filename, hashlib.sha256(data).hexdigest())


def read_isolated(data: bytes, filename: str = "", limits: Limits | None = None):  # -> Loaded
    """``read_plan(data)`` in the bounded child, for the command line: a limit that was hit becomes the
    findings' one error (the same Spanish message the dashboard shows), never an exception."""
    from rendicion.common.errors import ValidationLimit
    from rendicion.reading.findings import Findings
    from rendicion.reading.loader import Loaded

    data = bytes(data)
    try:
        loaded, usage = run_child_measured(data, limits or LIMITS)
    except ValidationLimit as refusal:
        if getattr(refusal, "detail", ""):
            logger.warning("La validación aislada de %s terminó de forma inesperada: %s", filename or "un libro",
                           refusal.detail)
        findings = Findings()
        findings.error(str(refusal))
        return Loaded(None, findings, data)
    _log_usage(filename, usage)
    loaded.data = data
    return loaded


def _log_usage(filename: str, usage: Usage) -> None:
    logger.info("Validación aislada de %s: %.2f s de CPU, %d MB de memoria pico", filename or "un libro",
                usage.cpu_seconds, usage.peak_bytes // _MIB)


def run_child(data: bytes, limits: Limits | None = None):  # -> rendicion.reading.loader.Loaded
    """``read_plan(data)`` in a fresh child process under ``limits`` (no queue)."""
    return run_child_measured(data, limits)[0]


def run_child_measured(data: bytes, limits: Limits | None = None):  # -> (Loaded, Usage)
    """``read_plan(data)`` in a fresh child process under ``limits`` (no queue), and what the child used."""
    limits = limits or LIMITS
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(_PACKAGE_ROOT),
        "RUST_BACKTRACE": "0",
        "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MB of address space per thread arena otherwise
        "LANG": "C.UTF-8",
    }
    command = [sys.executable, "-m", "rendicion.versions.sandbox", str(limits.cpu_seconds), str(limits.memory_bytes)]
    # Its own process group (a Ctrl-C in the server's terminal does not reach it), but the server's
    # session, hence the server's scheduling group: see lower_priority.
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=_PACKAGE_ROOT, env=env, process_group=0)
    lower_priority(child.pid)  # now, before the interpreter has started; the child repeats it first thing
    try:
        output, errors = child.communicate(data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise TimeLimitExceeded(_limit_message("no terminó en", _seconds(limits.wall_seconds))) from None
    except BaseException:
        child.kill()
        child.communicate()
        raise
    return _result(child.returncode, output, errors.decode("utf-8", "replace"), limits)


def _result(code: int, output: bytes, errors: str, limits: Limits):
    if code == 0:
        loaded, cpu_seconds, peak_bytes = pickle.loads(output)
        return loaded, Usage(cpu_seconds, peak_bytes)
    if code == _OUT_OF_MEMORY_EXIT or (code == -signal.SIGABRT and "memory allocation" in errors):
        raise MemoryLimitExceeded(_limit_message("superó el límite de memoria de", _megabytes(limits.memory_bytes)))
    if code in (-signal.SIGXCPU, -signal.SIGKILL):  # the soft and the hard CPU limit
        raise CpuLimitExceeded(_limit_message("superó el límite de tiempo de procesador de",
                                              _seconds(limits.cpu_seconds)))
    if code == _BUG_EXIT:
        raise SandboxFailure(f"La validación aislada falló:\n{errors[-5000:]}")
    raise ValidationCrashed(
        "El libro no se pudo leer: su validación terminó de forma inesperada, y no se publicó nada. Quedó "
        "registrado en el registro del servidor; vuelva a intentarlo y, si se repite, avise a quien "
        "administra el tablero.", detail=f"código de salida {code}: {errors[-3000:]}"
    )


def _limit_message(what: str, limit: str) -> str:
    return (f"La validación del libro {what} {limit} y se detuvo: el libro no se leyó ni se publicó. Un plan no "
            "necesita tanto; revise que sea el archivo correcto, quite del libro lo que no sea del plan (hojas "
            "auxiliares, filas y columnas de relleno) y vuelva a cargarlo.")


def _megabytes(size: int) -> str:
    return f"{formatting.number(size // _MIB)} MB"


def _seconds(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:g} minutos".replace(".", ",")
    return "1 segundo" if seconds == 1 else f"{seconds:g} segundos".replace(".", ",")


def lower_priority(pid: int) -> None:
    """Let process ``pid`` (0: this one) run only when no other thread of its scheduling group wants the
    processor: the ``SCHED_IDLE`` policy (Linux; lowering one's own priority needs no privilege), or the
    lowest ``nice`` elsewhere."""
    try:
        if hasattr(os, "SCHED_IDLE"):
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        else:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
    except ProcessLookupError:  # the child already exited (its result says why)
        pass


# ---- the child side -------------------------------------------------------------------------


def _status(field: str) -> int | None:
    """A byte count of /proc/self/status (``VmSize``, ``VmHWM``), or None off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _address_space() -> int:
    """Bytes of address space this process has mapped (``VmSize``)."""
    return _status("VmSize") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _peak_memory() -> int:
    """Peak resident memory of this process (``VmHWM``: unlike ``ru_maxrss``, not carried over ``exec``)."""
    return _status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(cpu_seconds: int, memory_bytes: int) -> int:
    lower_priority(0)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 2))
    result = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the result
    data = sys.stdin.buffer.read()
    from rendicion.reading.loader import read_plan  # imports before the memory limit: they map ~400 MB

    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        loaded = read_plan(data)
        loaded.data = b""  # the parent has the bytes
        usage = resource.getrusage(resource.RUSAGE_SELF)
        payload = pickle.dumps((loaded, usage.ru_utime + usage.ru_stime, _peak_memory()),
                               protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return _OUT_OF_MEMORY_EXIT
    except Exception:  # noqa: BLE001 - a bug: its traceback goes to the parent, which logs it
        import traceback

        traceback.print_exc()
        return _BUG_EXIT
    result.write(payload)
    result.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), int(sys.argv[2])))

"""Limits on guessing the editor password.

Two limits, both checked before a password is even verified:

- **Per session**, a growing delay: after the n-th consecutive failure the session may try
  again only ``base · 2^(n-1)`` seconds later (1, 2, 4, 8 … up to ``cap``). An early attempt
  is refused at once with the remaining wait; the server thread never sleeps.
- **For the whole server**, at most ``per_minute`` failures in any 60 seconds; beyond that every
  session is refused with «Demasiados intentos; espere un minuto» (opening new sessions does
  not escape it).

:data:`THROTTLE` is the one process-wide object of the application, on purpose: limits that
lived in a session would reset with every new browser tab, and the server-wide limit is by
definition shared. It is guarded by a lock (Streamlit runs sessions on many threads) and keeps
bounded memory (sessions idle for an hour are forgotten, at most ``max_sessions`` are kept).
Each replica behind the proxy has its own, so the server-wide limit is per replica.

Checking and recording are two steps: attempts that are checked at the same instant in
several sessions may pass the server-wide limit by that many (a session runs one attempt at a
time, so its own delay always holds).

The clock is injectable (``clock``: seconds, monotonic) so tests never sleep.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

#: Seconds a session's state is kept after its last failure.
FORGET_AFTER = 3600.0
WINDOW = 60.0


@dataclass
class _Session:
    failures: int = 0
    next_allowed: float = 0.0
    last_failure: float = 0.0


class Throttle:
    """Per-session growing delay and server-wide failures per minute (thread-safe)."""

    def __init__(self, *, base: float = 1.0, cap: float = 60.0, per_minute: int = 10,
                 clock: Callable[[], float] = time.monotonic, max_sessions: int = 10_000) -> None:
        self._base, self._cap, self._per_minute = float(base), float(cap), int(per_minute)
        self._clock = clock
        self._max_sessions = max_sessions
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._recent: deque[float] = deque()

    def check(self, session: str) -> str | None:
        """None when ``session`` may try now; else the Spanish message saying why not and for how long."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if len(self._recent) >= self._per_minute:
                return "Demasiados intentos; espere un minuto."
            state = self._sessions.get(session)
            if state is not None and now < state.next_allowed:
                wait = max(1, math.ceil(state.next_allowed - now))
                unit = "segundo" if wait == 1 else "segundos"
                return (f"Demasiados intentos fallidos desde esta sesión; espere {wait} {unit} antes de volver a "
                        "intentarlo.")
            return None

    def failure(self, session: str) -> float:
        """Record a wrong password; the seconds until ``session`` may try again."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            self._recent.append(now)
            state = self._sessions.pop(session, None) or _Session()
            state.failures += 1
            delay = min(self._cap, self._base * 2 ** min(state.failures - 1, 30))
            state.next_allowed, state.last_failure = now + delay, now
            self._sessions[session] = state  # re-inserted: the dict stays ordered by last failure
            while len(self._sessions) > self._max_sessions:
                del self._sessions[next(iter(self._sessions))]
            return delay

    def success(self, session: str) -> None:
        """A right password: the session's delay starts over."""
        with self._lock:
            self._sessions.pop(session, None)

    def _expire(self, now: float) -> None:
        while self._recent and now - self._recent[0] >= WINDOW:
            self._recent.popleft()
        while self._sessions:
            oldest = next(iter(self._sessions))
            if now - self._sessions[oldest].last_failure < FORGET_AFTER:
                break
            del self._sessions[oldest]


#: The server's limits (see the module docstring for why this one object is process-wide).
THROTTLE = Throttle()

"""Limits on guessing editor passwords that strangers cannot turn against the editors.

Failures are counted per **client address** and per **account**, both checked before a password
is even verified:

- **Per address**, a growing delay: after the n-th consecutive failure from an address, it may
  try again only ``base · 2^(n-1)`` seconds later (1, 2, 4, 8 … up to ``cap``). It is keyed by the
  address, not by the Streamlit session, so reloading the page (a new session) does not reset it.
  An early attempt is refused at once with the remaining wait; the server thread never sleeps.
- **Per account**, the same delay for the account that was tried: a named account (``cuenta``)
  or the shared password (:data:`SHARED`). Failures with the shared password, or with no account
  name, never delay a named account, so strangers guessing the office's shared password cannot
  lock out Ana Pérez; and an editor at another address is not delayed by a stranger's address.
- **For the whole server**, a ceiling of ``per_minute`` failures in any 60 seconds (default
  :data:`PER_MINUTE`, 300), far above what one address can reach under its own delay (about seven
  a minute). Beyond it every attempt is refused with «Demasiados intentos; espere un minuto», and
  the moment it is reached is logged (``rendicion.accesos``), once per minute at most.

:data:`THROTTLE` is the one process-wide object of the application, on purpose: limits that
lived in a session would reset with every reload, and the ceiling is by definition shared. It is
guarded by a lock (Streamlit runs sessions on many threads) and keeps bounded memory (keys idle
for an hour are forgotten, at most ``max_keys`` are kept). Each replica behind the proxy has its
own, so the limits are per replica (sessions stick to one replica, see deploy/Caddyfile).

Where the client address comes from: :func:`client_address` trusts ``X-Forwarded-For`` only on a
connection from the proxy (loopback: the replicas listen on 127.0.0.1 behind Caddy, which sets
the header to the real address); a direct connection is keyed by its own address.

The clock is injectable (``clock``: seconds, monotonic) so tests never sleep.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("rendicion.accesos")

#: Seconds a key's state is kept after its last failure.
FORGET_AFTER = 3600.0
WINDOW = 60.0
#: Failures per minute in the whole server before everyone waits (far above one address's reach).
PER_MINUTE = 300
#: The account key of attempts with the shared password (or with a name that is no account).
SHARED = "contraseña compartida"
#: What an address is called when the connection tells none (a local run without a proxy).
LOCAL = "local"


def client_address(peer: str | None, forwarded_for: str | None) -> str:
    """The client's address: the last ``X-Forwarded-For`` entry when the connection comes from the local proxy
    (``peer`` loopback or None, as Streamlit reports loopback), else the connection's own address."""
    if peer and not _loopback(peer):
        return peer.strip()
    last = (forwarded_for or "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return LOCAL


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


@dataclass
class _State:
    failures: int = 0
    next_allowed: float = 0.0
    last_failure: float = 0.0


class Throttle:
    """Growing delays per client address and per account, and a server-wide ceiling (thread-safe)."""

    def __init__(self, *, base: float = 1.0, cap: float = 60.0, per_minute: int = PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self._base, self._cap, self._per_minute = float(base), float(cap), int(per_minute)
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._keys: dict[tuple[str, str], _State] = {}
        self._recent: deque[float] = deque()
        self._ceiling_logged = -math.inf

    def check(self, address: str, account: str | None = None) -> str | None:
        """None when ``address`` may try ``account`` now; else the Spanish message saying why not and for how long."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if len(self._recent) >= self._per_minute:
                if now - self._ceiling_logged >= WINDOW:
                    self._ceiling_logged = now
                    logger.warning("Límite global de intentos de editor alcanzado: %d contraseñas equivocadas en un "
                                   "minuto en este servidor; nadie puede intentarlo durante un minuto",
                                   len(self._recent))
                return "Demasiados intentos; espere un minuto."
            for kind, key, where in (("dirección", address, "desde esta dirección"),
                                     ("cuenta", account, "con esta cuenta")):
                state = self._keys.get((kind, key)) if key is not None else None
                if state is not None and now < state.next_allowed:
                    wait = max(1, math.ceil(state.next_allowed - now))
                    unit = "segundo" if wait == 1 else "segundos"
                    return (f"Demasiados intentos fallidos {where}; espere {wait} {unit} antes de volver a "
                            "intentarlo.")
            return None

    def failure(self, address: str, account: str | None = None) -> float:
        """Record a wrong password from ``address`` for ``account``; the seconds until it may try again."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            self._recent.append(now)
            delay = 0.0
            for key in (("dirección", address), ("cuenta", account)):
                if key[1] is None:
                    continue
                state = self._keys.pop(key, None) or _State()
                state.failures += 1
                state_delay = min(self._cap, self._base * 2 ** min(state.failures - 1, 30))
                state.next_allowed, state.last_failure = now + state_delay, now
                self._keys[key] = state  # re-inserted: the dict stays ordered by last failure
                delay = max(delay, state_delay)
            while len(self._keys) > self._max_keys:
                del self._keys[next(iter(self._keys))]
            return delay

    def success(self, address: str, account: str | None = None) -> None:
        """A right password: the address's and the account's delays start over."""
        with self._lock:
            self._keys.pop(("dirección", address), None)
            if account is not None:
                self._keys.pop(("cuenta", account), None)

    def _expire(self, now: float) -> None:
        while self._recent and now - self._recent[0] >= WINDOW:
            self._recent.popleft()
        while self._keys:
            oldest = next(iter(self._keys))
            if now - self._keys[oldest].last_failure < FORGET_AFTER:
                break
            del self._keys[oldest]


#: The server's limits (see the module docstring for why this one object is process-wide).
THROTTLE = Throttle()

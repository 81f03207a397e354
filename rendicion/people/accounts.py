"""Editor accounts: who may publish and restore versions, and under which name.

An account is a name and a password hash (``hashlib.scrypt``, salted; the password itself is
never stored). Accounts live in one of two places, both outside the repository:

- ``.streamlit/secrets.toml``, table ``[editores]``, one line per account::

      [editores]
      "Ana Pérez" = "scrypt$16384$8$1$<sal>$<huella>"

- the environment variable ``RENDICION_EDITORES``: entries ``NOMBRE=HUELLA`` separated by
  ``;`` or new lines (a name may hold spaces and accents, not ``;``)::

      RENDICION_EDITORES='Ana Pérez=scrypt$16384$8$1$…;Luis Gómez=scrypt$16384$8$1$…'

``python -m rendicion editor NOMBRE`` asks the password twice and prints both lines.

The single shared password (``RENDICION_EDITOR_PASSWORD`` or ``editor_password`` in the
secrets) still works, for small offices; a version published with it is recorded as
:data:`SHARED_AUTHOR`. With neither configured, nobody is asked and the author stays empty.

:func:`authenticate` is the one check the dashboard makes: it asks :mod:`rendicion.people.throttle`
first (per client address and per account), verifies, records the outcome, and logs every failure
(account name, address, session, time; never the password) on the ``rendicion.accesos`` logger.

Names and passwords are Unicode-normalised (NFC) before hashing, comparing and looking up: «é»
typed as one character or as «e» plus a combining accent (as some keyboards and password
managers send it) is the same name and the same password.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import logging
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from rendicion.common.errors import NotAuthorized
from rendicion.people import throttle as limits
from rendicion.people.throttle import Throttle

logger = logging.getLogger("rendicion.accesos")

#: Environment variable with the editor accounts (format in the module docstring).
ACCOUNTS_ENV_VAR = "RENDICION_EDITORES"
#: Environment variable with the shared editor password.
PASSWORD_ENV_VAR = "RENDICION_EDITOR_PASSWORD"
#: The author recorded for a version published with the shared password.
SHARED_AUTHOR = "editor (contraseña compartida)"

#: scrypt cost: N=2^14, r=8, p=1 uses 16 MiB and about 50 ms per check, the usual interactive setting.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
#: Longest account name; names may not contain these (they separate entries in the variable).
MAX_NAME = 80
_FORBIDDEN_IN_NAME = re.compile(r"[;=\n\r\t\"\\]")


# ---- hashes ------------------------------------------------------------------------------------


def normalized(text: str | None) -> str:
    """``text`` in Unicode normal form C (composed characters): what is hashed, compared and looked up."""
    return unicodedata.normalize("NFC", text or "")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64 without padding) for ``password`` (NFC-normalised)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(normalized(password).encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_SCRYPT_MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded`` (constant-time comparison); False for a malformed hash.

    Compared in NFC; a hash made before normalisation from a decomposed password still verifies when the
    password is typed exactly as it was then."""
    parsed = _parse_hash(encoded)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    forms = dict.fromkeys([normalized(password), password])  # the raw form only when it differs
    return any(hmac.compare_digest(hashlib.scrypt(form.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                                                  maxmem=_SCRYPT_MAXMEM, dklen=len(expected)), expected)
               for form in forms)


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = str(encoded).strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except (ValueError, binascii.Error):
        return None
    # Bounds keep a hostile configuration from costing the server minutes or gigabytes per check.
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and 128 * n * r <= _SCRYPT_MAXMEM
            and len(salt) >= 8 and 16 <= len(digest) <= 64):
        return None
    return n, r, p, salt, digest


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


# ---- names ---------------------------------------------------------------------------------------


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an account name (Spanish), or None."""
    name = normalized(name).strip()
    if not name:
        return "El nombre de la cuenta está vacío."
    if len(name) > MAX_NAME:
        return f"El nombre de la cuenta es demasiado largo (máximo {MAX_NAME} caracteres)."
    if _FORBIDDEN_IN_NAME.search(name):
        return "El nombre de la cuenta no puede contener ; = \" \\ ni saltos de línea."
    return None


def secrets_line(name: str, encoded: str) -> str:
    """The line for the ``[editores]`` table of ``.streamlit/secrets.toml``."""
    return f'"{normalized(name).strip()}" = "{encoded}"'


def env_entry(name: str, encoded: str) -> str:
    """The entry for ``RENDICION_EDITORES``."""
    return f"{normalized(name).strip()}={encoded}"


# ---- the configured editors ---------------------------------------------------------------------


@dataclass
class Editors:
    """The configured accounts (name → hash), the shared password, and what was wrong in the configuration."""

    accounts: dict[str, str] = field(default_factory=dict)
    shared_password: str | None = None
    #: Spanish messages about entries that were ignored (for the administrator; never a hash).
    problems: list[str] = field(default_factory=list)

    @property
    def required(self) -> bool:
        """True when publishing asks for a password."""
        return bool(self.accounts or self.shared_password)

    def find(self, name: str) -> str | None:
        """The configured spelling of account ``name`` (case and surrounding spaces do not matter)."""
        wanted = normalized(name).strip().casefold()
        return next((account for account in self.accounts if normalized(account).casefold() == wanted),
                    None) if wanted else None


def load_editors(*, env: Mapping[str, str] | None = None, secrets: Mapping | None = None) -> Editors:
    """The editors from the environment (``RENDICION_EDITORES``, ``RENDICION_EDITOR_PASSWORD``) and the
    secrets' ``[editores]`` table and ``editor_password``. An account in both places: the environment wins.
    A malformed entry is left out and named in ``problems``."""
    env = os.environ if env is None else env
    secrets = secrets or {}
    editors = Editors()
    table = secrets.get("editores")
    if table is not None:
        if isinstance(table, Mapping):
            for name, encoded in table.items():
                _add(editors, str(name), encoded, "la tabla [editores] de .streamlit/secrets.toml")
        else:
            editors.problems.append("«editores» en .streamlit/secrets.toml debe ser una tabla [editores] con líneas "
                                    "\"Nombre\" = \"huella\".")
    for number, entry in enumerate(re.split(r"[;\n]", env.get(ACCOUNTS_ENV_VAR, "")), start=1):
        if not entry.strip():
            continue
        name, sep, encoded = entry.rpartition("=")
        if not sep:
            editors.problems.append(f"La entrada {number} de {ACCOUNTS_ENV_VAR} no tiene la forma NOMBRE=HUELLA; "
                                    "se ignoró.")
            continue
        _add(editors, name, encoded, ACCOUNTS_ENV_VAR)
    shared = env.get(PASSWORD_ENV_VAR) or secrets.get("editor_password") or None
    editors.shared_password = str(shared) if shared else None
    return editors


def _add(editors: Editors, name: str, encoded, where: str) -> None:
    problem = name_problem(name)
    shown = name.strip()[:MAX_NAME] or "(sin nombre)"
    if problem is not None:
        editors.problems.append(f"Cuenta «{shown}» de {where}: {problem} Se ignoró.")
    elif not isinstance(encoded, str) or _parse_hash(encoded) is None:
        editors.problems.append(f"Cuenta «{shown}» de {where}: la huella de la contraseña no es válida (genérela con "
                                "python -m rendicion editor NOMBRE). Se ignoró.")
    else:
        existing = editors.find(name)
        if existing is not None:
            del editors.accounts[existing]
        editors.accounts[normalized(name).strip()] = encoded.strip()


# ---- the check ---------------------------------------------------------------------------------


def authenticate(editors: Editors, name: str | None, password: str | None, *, session: str,
                 address: str | None = None, throttle: Throttle | None = None) -> str | None:
    """The author to record for an editor who gave ``name`` and ``password`` from client ``address``.

    Returns the account's name, :data:`SHARED_AUTHOR` for the shared password (with no name or
    a name that is no account), or None when no password is configured. Raises
    :class:`NotAuthorized` (Spanish) when the guessing limits (``throttle``, by default the
    process-wide :data:`rendicion.people.throttle.THROTTLE`) refuse the attempt or the password is
    wrong; every such attempt is logged without the password. Failures count against ``address``
    (the session when none is given) and against the account tried: the named account, or the
    shared password, so a stranger guessing the shared password never delays a named account.
    """
    if not editors.required:
        return None
    throttle = throttle if throttle is not None else limits.THROTTLE  # looked up now: tests swap it
    name = normalized(name).strip()
    password = normalized(password)
    address = address or session
    account = editors.find(name)
    tried = account if account is not None else (limits.SHARED if editors.shared_password else None)
    refusal = throttle.check(address, tried)
    if refusal is not None:
        logger.warning("Intento de editor rechazado por el límite de intentos: cuenta=%r dirección=%s sesión=%s "
                       "hora=%s", name[:MAX_NAME], address, session, _now())
        raise NotAuthorized(refusal)
    author = _match(editors, name, password)
    if author is None:
        wait = throttle.failure(address, tried)
        logger.warning("Contraseña de editor incorrecta: cuenta=%r dirección=%s sesión=%s hora=%s; próximo intento "
                       "en %.0f s", name[:MAX_NAME], address, session, _now(), wait)
        who = "La cuenta o la contraseña de editor" if editors.accounts else "La contraseña de editor"
        raise NotAuthorized(f"{who} no es correcta. Podrá intentarlo de nuevo en {_seconds(wait)}.")
    throttle.success(address, tried)
    return author


def _match(editors: Editors, name: str, password: str) -> str | None:
    account = editors.find(name)
    if account is not None:
        return account if verify_password(password, editors.accounts[account]) else None
    shared = normalized(editors.shared_password)
    if shared and password and hmac.compare_digest(password.encode("utf-8"), shared.encode("utf-8")):
        return SHARED_AUTHOR
    if name:  # an unknown name costs what a known one does, so timing does not tell which names exist
        verify_password(password, _decoy())
    return None


@functools.cache
def _decoy() -> str:
    return hash_password("", salt=b"rendicion-sin-cuenta")


def _now() -> str:
    """UTC time for the log line (in the message itself: the server's log format may carry none)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _seconds(seconds: float) -> str:
    whole = max(1, round(seconds))
    return "1 segundo" if whole == 1 else f"{whole} segundos"

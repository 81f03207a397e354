"""Editor accounts (scrypt hashes, secrets and environment formats), guessing limits, the ``editor`` command."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading

import pytest

from rendicion.cli import main
from rendicion.common.errors import NotAuthorized
from rendicion.people.accounts import SHARED_AUTHOR, Editors, authenticate, hash_password, load_editors, verify_password
from rendicion.people.throttle import Throttle, client_address
from tests.builders import ROOT


class Clock:
    """An injected clock: tests move time instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


ANA = hash_password("clave de ana 2018")


# ---- hashes ------------------------------------------------------------------------------------


def test_hash_and_verify():
    encoded = hash_password("contraseña ñandú")
    assert encoded.startswith("scrypt$16384$8$1$") and "contraseña" not in encoded
    assert verify_password("contraseña ñandú", encoded)
    assert not verify_password("contraseña nandu", encoded)
    assert not verify_password("", encoded)
    assert hash_password("x") != hash_password("x")  # salted


@pytest.mark.parametrize("encoded", ["", "texto", "scrypt$16384$8$1$abc", "bcrypt$1$2$3$4$5",
                                     "scrypt$1000$8$1$J429OmyZMOLCYMvtJH6mwQ$cLQIxA1gsKzWf5DDvl+hmqvSUsakojBUNz3tfV",
                                     "scrypt$1048576$64$1$J429OmyZMOLCYMvtJH6mwQ$cLQIxA1gsKzWf5DDvl+hmqvSUsakojBUNz3tfV",
                                     "scrypt$16384$8$1$@@@$cLQIxA1gsKzWf5DDvl+hmqvSUsakojBUNz3tfV"])
def test_malformed_or_too_costly_hashes_never_verify(encoded):
    assert verify_password("cualquiera", encoded) is False


# ---- where accounts live -------------------------------------------------------------------------


def test_accounts_from_the_secrets_table():
    luis = hash_password("clave de luis 2018")
    editors = load_editors(env={}, secrets={"editores": {"Ana Pérez": ANA, "Luis Gómez": luis}})
    assert editors.accounts == {"Ana Pérez": ANA, "Luis Gómez": luis}
    assert editors.required and editors.shared_password is None and not editors.problems
    assert editors.find("  ana pérez ") == "Ana Pérez" and editors.find("Ana") is None and editors.find("") is None


def test_accounts_from_the_environment_variable():
    luis = hash_password("clave de luis 2018")
    env = {"RENDICION_EDITORES": f"Ana Pérez={ANA};\n Luis Gómez = {luis} ;"}
    editors = load_editors(env=env, secrets={})
    assert editors.accounts == {"Ana Pérez": ANA, "Luis Gómez": luis}


def test_the_environment_wins_over_the_secrets_and_bad_entries_are_named():
    other = hash_password("otra clave 12345")
    env = {"RENDICION_EDITORES": f"ana pérez={other};sin separador;Pedro=no-es-una-huella",
           "RENDICION_EDITOR_PASSWORD": "compartida"}
    editors = load_editors(env=env, secrets={"editores": {"Ana Pérez": ANA, "Mala;Cuenta": ANA},
                                             "editor_password": "de secretos"})
    assert editors.accounts == {"ana pérez": other}
    assert editors.shared_password == "compartida"
    problems = " ".join(editors.problems)
    assert "entrada 2 de RENDICION_EDITORES" in problems and "«Pedro»" in problems and "«Mala;Cuenta»" in problems
    assert "no-es-una-huella" not in problems  # a hash never goes to the page


def test_shared_password_from_secrets_and_a_table_that_is_not_a_table():
    editors = load_editors(env={}, secrets={"editores": "Ana", "editor_password": "de secretos"})
    assert editors.shared_password == "de secretos" and not editors.accounts
    assert "debe ser una tabla [editores]" in editors.problems[0]
    assert not load_editors(env={}, secrets={}).required


# ---- the throttle ---------------------------------------------------------------------------------


def test_the_delay_per_address_grows_and_resets_on_success():
    clock = Clock()
    throttle = Throttle(clock=clock, per_minute=1000, cap=8)
    assert throttle.check("10.0.0.1") is None
    assert [throttle.failure("10.0.0.1") for _ in range(5)] == [1, 2, 4, 8, 8]
    message = throttle.check("10.0.0.1")
    assert message == ("Demasiados intentos fallidos desde esta dirección; espere 8 segundos antes de volver a "
                       "intentarlo.")
    assert throttle.check("10.0.0.2") is None  # another address is not delayed
    clock.now += 7.2
    assert "espere 1 segundo antes" in throttle.check("10.0.0.1")
    clock.now += 1
    assert throttle.check("10.0.0.1") is None
    throttle.success("10.0.0.1")
    assert throttle.failure("10.0.0.1") == 1


def test_the_delay_per_account_holds_from_any_address_and_spares_other_accounts():
    clock = Clock()
    throttle = Throttle(clock=clock, per_minute=1000)
    throttle.failure("10.0.0.1", "Ana Pérez")
    assert "con esta cuenta" in throttle.check("10.0.0.9", "Ana Pérez")
    assert throttle.check("10.0.0.9", "Luis Gómez") is None
    assert throttle.check("10.0.0.9", "contraseña compartida") is None


def test_the_server_wide_ceiling_is_far_above_one_address_and_logged(caplog):
    clock = Clock()
    throttle = Throttle(clock=clock)  # the production ceiling: 300 failures a minute
    for _ in range(60):  # one attacker on one address, trying as soon as the delay allows, for a minute
        if throttle.check("10.6.6.6") is None:
            throttle.failure("10.6.6.6")
        clock.now += 1
    assert len(throttle._recent) <= 8 and throttle.check("10.0.0.2") is None
    caplog.set_level(logging.WARNING, logger="rendicion.accesos")
    for n in range(300):  # many addresses at once reach it
        throttle.failure(f"10.1.{n // 250}.{n % 250}")
    assert throttle.check("10.0.0.2") == "Demasiados intentos; espere un minuto."
    assert throttle.check("10.0.0.3") == "Demasiados intentos; espere un minuto."
    assert caplog.text.count("Límite global de intentos de editor alcanzado") == 1  # logged once a minute
    clock.now += 60.5
    assert throttle.check("10.0.0.2") is None


def test_the_throttle_forgets_old_keys_and_bounds_its_memory():
    clock = Clock()
    throttle = Throttle(clock=clock, max_keys=3)
    for n in range(5):
        throttle.failure(str(n))
    assert [key for _, key in throttle._keys] == ["2", "3", "4"]
    clock.now += 3601
    throttle.check("x")
    assert not throttle._keys


def test_the_throttle_is_thread_safe():
    throttle = Throttle(per_minute=10**6)
    threads = [threading.Thread(target=lambda: [throttle.failure("misma") for _ in range(200)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle._keys[("dirección", "misma")].failures == 1600 and len(throttle._recent) == 1600


@pytest.mark.parametrize("peer, forwarded, address", [
    (None, "203.0.113.7", "203.0.113.7"),  # through Caddy (Streamlit reports loopback as None)
    ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the proxy's own entry is the last one
    ("192.0.2.10", "203.0.113.7", "192.0.2.10"),  # a direct connection cannot choose its address
    (None, None, "local"),
    (None, "no es una dirección", "local"),
])
def test_the_client_address_trusts_forwarded_for_only_from_the_proxy(peer, forwarded, address):
    assert client_address(peer, forwarded) == address


def test_a_burst_of_strangers_never_locks_the_editor_out():
    """Issue 22: reloaded anonymous sessions guess the shared password in a burst; then the editor types the
    right password from another address, and it is accepted at once."""
    clock = Clock()
    throttle = Throttle(clock=clock)
    editors = Editors(accounts={"Ana Pérez": ANA}, shared_password="compartida de la oficina")
    refused = 0
    for n in range(200):  # 200 reloads (a new session each) within a few seconds, from one address …
        try:
            authenticate(editors, "", f"adivinanza-{n}", session=f"recarga-{n}", address="10.6.6.6", throttle=throttle)
        except NotAuthorized as refusal:
            refused += "espere" in str(refusal)
        clock.now += 0.02
    assert refused >= 190  # … its delay survived every reload
    for n in range(40):  # … and from forty other addresses, naming no account
        with pytest.raises(NotAuthorized):
            authenticate(editors, "Nadie", "adivinanza", session=f"s{n}", address=f"10.7.0.{n}", throttle=throttle)
    assert authenticate(editors, "Ana Pérez", "clave de ana 2018", session="ana", address="10.0.0.5",
                        throttle=throttle) == "Ana Pérez"


def test_names_and_passwords_typed_decomposed_are_the_same(monkeypatch):
    """Issue 22: «é» as one character (NFC) or as «e» + U+0301 (NFD), in the name and in the password."""
    import unicodedata

    composed_password = "contraseña de José 2018"
    decomposed_password = unicodedata.normalize("NFD", composed_password)
    assert decomposed_password != composed_password
    stored = [("José Núñez", composed_password), (unicodedata.normalize("NFD", "José Núñez"), decomposed_password)]
    for stored_name, stored_password in stored:
        editors = load_editors(env={"RENDICION_EDITORES": f"{stored_name}={hash_password(stored_password)}"},
                               secrets={})
        for typed_name in ("José Núñez", unicodedata.normalize("NFD", "JOSÉ NÚÑEZ")):
            for typed_password in (composed_password, decomposed_password):
                author = authenticate(editors, typed_name, typed_password, session="s", address="10.0.0.1",
                                      throttle=Throttle(clock=Clock()))
                assert author == "José Núñez"  # recorded in NFC whatever was typed
    shared = Editors(shared_password=decomposed_password)
    assert authenticate(shared, "", composed_password, session="s", throttle=Throttle(clock=Clock())) == SHARED_AUTHOR


# ---- authenticate ----------------------------------------------------------------------------------


def test_the_author_is_the_account_or_the_shared_password():
    editors = Editors(accounts={"Ana Pérez": ANA}, shared_password="compartida de la oficina")
    throttle = Throttle(clock=Clock())
    assert authenticate(editors, "ANA PÉREZ", "clave de ana 2018", session="s", throttle=throttle) == "Ana Pérez"
    assert authenticate(editors, "", "compartida de la oficina", session="s", throttle=throttle) == SHARED_AUTHOR
    assert authenticate(editors, "Alcalde", "compartida de la oficina", session="s", throttle=throttle) == SHARED_AUTHOR
    with pytest.raises(NotAuthorized):  # an account's name with the shared password is not that account
        authenticate(editors, "Ana Pérez", "compartida de la oficina", session="s", throttle=throttle)
    assert authenticate(Editors(), "Alcalde", None, session="s", throttle=throttle) is None  # nothing configured


@pytest.mark.parametrize("given, shared, ok", [
    ("secreta", "secreta", True),
    ("contraseña", "contraseña", True),  # non-ASCII compares as UTF-8
    ("Secreta", "secreta", False),
    ("", "secreta", False),
    (None, "secreta", False),
    ("contrasena", "contraseña", False),
])
def test_the_shared_password_is_compared_exactly(given, shared, ok):
    editors = Editors(shared_password=shared)
    if ok:
        assert authenticate(editors, "", given, session="s", throttle=Throttle(clock=Clock())) == SHARED_AUTHOR
    else:
        with pytest.raises(NotAuthorized):
            authenticate(editors, "", given, session="s", throttle=Throttle(clock=Clock()))


def test_an_empty_shared_password_variable_asks_nothing():
    assert not load_editors(env={"RENDICION_EDITOR_PASSWORD": ""}, secrets={}).required
    assert load_editors(env={"RENDICION_EDITOR_PASSWORD": "clave-de-edición"}, secrets={}).shared_password == \
        "clave-de-edición"


def test_failures_are_delayed_limited_and_logged_without_the_password(caplog):
    clock = Clock()
    throttle = Throttle(clock=clock, per_minute=3)
    editors = Editors(accounts={"Ana Pérez": ANA})
    caplog.set_level(logging.WARNING, logger="rendicion.accesos")
    with pytest.raises(NotAuthorized, match="La cuenta o la contraseña de editor no es correcta. Podrá intentarlo "
                                            "de nuevo en 1 segundo."):
        authenticate(editors, "Ana Pérez", "adivinanza-1", session="sesión-a", throttle=throttle)
    with pytest.raises(NotAuthorized, match="espere 1 segundo"):  # too early: refused without checking
        authenticate(editors, "Ana Pérez", "clave de ana 2018", session="sesión-a", throttle=throttle)
    clock.now += 1
    with pytest.raises(NotAuthorized, match="en 2 segundos"):
        authenticate(editors, "Ana Pérez", "adivinanza-2", session="sesión-a", throttle=throttle)
    with pytest.raises(NotAuthorized):
        authenticate(editors, "Nadie", "adivinanza-3", session="sesión-b", throttle=throttle)
    with pytest.raises(NotAuthorized, match="Demasiados intentos; espere un minuto"):
        authenticate(editors, "Ana Pérez", "clave de ana 2018", session="sesión-c", throttle=throttle)
    log = caplog.text
    assert log.count("Contraseña de editor incorrecta") == 3 and log.count("rechazado por el límite") == 2
    assert "cuenta='Ana Pérez' dirección=sesión-a sesión=sesión-a hora=20" in log
    assert "cuenta='Nadie' dirección=sesión-b sesión=sesión-b hora=" in log
    assert "adivinanza" not in log and "clave de ana" not in log
    clock.now += 61
    assert authenticate(editors, "Ana Pérez", "clave de ana 2018", session="sesión-c", throttle=throttle) == "Ana Pérez"


# ---- the editor command ------------------------------------------------------------------------------


def test_editor_command_prints_lines_that_load_back(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", _Stdin("una clave larga\nuna clave larga\n"))
    assert main(["editor", "Ana Pérez"]) == 0
    out = capsys.readouterr().out
    toml_line = next(line for line in out.splitlines() if line.startswith('"Ana Pérez" = "scrypt$'))
    env_line = next(line for line in out.splitlines() if line.startswith("Ana Pérez=scrypt$"))
    import tomllib

    table = tomllib.loads("[editores]\n" + toml_line)
    from_secrets = load_editors(env={}, secrets=table)
    from_env = load_editors(env={"RENDICION_EDITORES": env_line}, secrets={})
    for editors in (from_secrets, from_env):
        assert verify_password("una clave larga", editors.accounts["Ana Pérez"])
    assert "una clave larga" not in out


@pytest.mark.parametrize("name, stdin, code, message", [
    ("Ana", "una clave larga\notra clave larga\n", 1, "no coinciden"),
    ("Ana", "corta\ncorta\n", 1, "al menos 10 caracteres"),
    ("Ana", "", 1, "faltó la contraseña"),
    ("Ana;Luis", "una clave larga\nuna clave larga\n", 2, "no puede contener"),
    ("  ", "una clave larga\nuna clave larga\n", 2, "está vacío"),
])
def test_editor_command_refuses_in_spanish(monkeypatch, capsys, name, stdin, code, message):
    monkeypatch.setattr("sys.stdin", _Stdin(stdin))
    assert main(["editor", name]) == code
    captured = capsys.readouterr()
    assert message in captured.err and "scrypt$" not in captured.out


def test_editor_command_in_a_child_process_reads_stdin():
    result = subprocess.run([sys.executable, "-m", "rendicion", "editor", "Luis Gómez"], cwd=ROOT, text=True,
                            input="clave de luis 2018\nclave de luis 2018\n", capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("Luis Gómez="))
    assert verify_password("clave de luis 2018", line.split("=", 1)[1])


class _Stdin:
    def __init__(self, text: str) -> None:
        import io

        self._buffer = io.StringIO(text)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return self._buffer.readline()


def test_the_process_wide_throttle_is_the_one_authenticate_uses(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("rendicion.people.throttle.THROTTLE", Throttle(clock=clock))
    editors = Editors(shared_password="compartida de la oficina")
    with pytest.raises(NotAuthorized):
        authenticate(editors, "", "mala", session="s")
    with pytest.raises(NotAuthorized, match="espere 1 segundo"):
        authenticate(editors, "", "compartida de la oficina", session="s")
    clock.now += 1
    assert authenticate(editors, "", "compartida de la oficina", session="s") == SHARED_AUTHOR

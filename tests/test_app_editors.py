"""AppTest on who publishes: named accounts, the shared password, guessing limits, the cleared
password field, a restore that cannot be repeated by a second click, and the chain's verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from rendicion.people.accounts import SHARED_AUTHOR, hash_password
from rendicion.people.throttle import Throttle
from rendicion.versions.store import Store
from tests.test_app_store import XLSX, _page, _updated_plan_bytes

ANA = hash_password("clave de ana 2018")


@pytest.fixture
def clock(monkeypatch):
    """The guessing limits on an injected clock (no test sleeps)."""
    now = [1000.0]
    monkeypatch.setattr("rendicion.people.throttle.THROTTLE", Throttle(clock=lambda: now[0]))
    return now


def _errors(at: AppTest) -> list[str]:
    """The error boxes' texts as the user reads them (messages are Markdown-escaped to stay literal)."""
    return [e.value.replace("\\", "") for e in at.error]


def _upload(at: AppTest, tmp_path) -> AppTest:
    at.file_uploader(key="carga_archivo").set_value(("actualizado.xlsx", _updated_plan_bytes(tmp_path), XLSX)).run()
    assert not at.exception, at.exception
    return at


def _submit(at: AppTest, label: str, account: str | None, password: str) -> AppTest:
    if account is not None:
        at.text_input(key=f"{'publicar' if label == 'Publicar' else 'restaurar'}_cuenta").set_value(account)
    at.text_input(key=f"{'publicar' if label == 'Publicar' else 'restaurar'}_clave").set_value(password)
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def test_a_named_editor_publishes_under_her_account_and_the_field_is_cleared(isolated_store, tmp_path, monkeypatch,
                                                                             clock):
    monkeypatch.setenv("RENDICION_EDITORES", f"Ana Pérez={ANA}")
    at = _upload(_page("pages/cargar.py"), tmp_path)
    assert not [t for t in at.text_input if t.label == "Su nombre (opcional)"]  # no free-text author any more
    assert any("a nombre de la cuenta" in c.value for c in at.caption)
    _submit(at, "Publicar", "ana pérez", "clave de ana 2018")
    newest = Store(isolated_store).versions()[0]
    assert (newest.version, newest.author) == (2, "Ana Pérez")
    assert at.session_state["publicar_clave"] == ""


def test_wrong_passwords_are_refused_delayed_and_never_kept(isolated_store, tmp_path, monkeypatch, clock, caplog):
    monkeypatch.setenv("RENDICION_EDITORES", f"Ana Pérez={ANA}")
    at = _upload(_page("pages/cargar.py"), tmp_path)
    _submit(at, "Publicar", "Ana Pérez", "adivinanza uno")
    assert any("no es correcta. Podrá intentarlo de nuevo en 1 segundo. No se publicó nada." in e for e in _errors(at))
    assert at.text_input(key="publicar_clave").value == ""  # cleared after a failed submit too
    _submit(at, "Publicar", "Ana Pérez", "clave de ana 2018")  # the right one, but too early
    assert any("espere 1 segundo antes de volver a intentarlo" in e for e in _errors(at))
    assert at.text_input(key="publicar_clave").value == ""
    assert [v.version for v in Store(isolated_store).versions()] == [1]
    assert "Contraseña de editor incorrecta: cuenta='Ana Pérez'" in caplog.text
    assert "adivinanza" not in caplog.text
    clock[0] += 1
    _submit(at, "Publicar", "Ana Pérez", "clave de ana 2018")
    assert Store(isolated_store).versions()[0].author == "Ana Pérez"


def test_too_many_failures_on_the_server_lock_everyone_out_for_a_minute(isolated_store, tmp_path, monkeypatch, clock):
    monkeypatch.setenv("RENDICION_EDITOR_PASSWORD", "compartida de la oficina")
    at = _upload(_page("pages/cargar.py"), tmp_path)
    for _ in range(10):
        _submit(at, "Publicar", None, "adivinanza")
        clock[0] += 100  # past this address's delay, and each failure in a minute of its own
    from rendicion.people import throttle

    for n in range(throttle.PER_MINUTE):  # the server-wide ceiling, reached from many addresses within one minute
        throttle.THROTTLE.failure(f"10.9.{n // 250}.{n % 250}")
    _submit(at, "Publicar", None, "compartida de la oficina")
    assert any("Demasiados intentos; espere un minuto." in e for e in _errors(at))
    assert [v.version for v in Store(isolated_store).versions()] == [1]
    clock[0] += 60
    _submit(at, "Publicar", None, "compartida de la oficina")
    assert Store(isolated_store).versions()[0].author == SHARED_AUTHOR


def test_the_shared_password_is_recorded_as_such(isolated_store, tmp_path, monkeypatch, clock):
    monkeypatch.setenv("RENDICION_EDITOR_PASSWORD", "compartida de la oficina")
    at = _upload(_page("pages/cargar.py"), tmp_path)
    assert not [t for t in at.text_input if t.label == "Cuenta de editor"]  # no accounts: only the password
    _submit(at, "Publicar", None, "compartida de la oficina")
    assert Store(isolated_store).versions()[0].author == "editor (contraseña compartida)"


def test_a_restore_is_done_once_and_its_field_cleared(isolated_store, tmp_path, monkeypatch, clock):
    monkeypatch.setenv("RENDICION_EDITORES", f"Ana Pérez={ANA}")
    store = Store(isolated_store)
    _page("pages/historial.py")  # seeds version 1
    store.publish(_updated_plan_bytes(tmp_path), note="v2", author="Luis", summary={"activities": 20})
    at = _page("pages/historial.py")
    [target] = [s for s in at.selectbox if s.label == "Versión a restaurar"]
    target.set_value(1)
    _submit(at, "Restaurar como versión nueva", "Ana Pérez", "clave de ana 2018")
    assert at.text_input(key="restaurar_clave").value == ""
    newest = store.versions()[0]
    assert (newest.version, newest.restored_from, newest.author) == (3, 1, "Ana Pérez")
    [target] = [s for s in at.selectbox if s.label == "Versión a restaurar"]
    target.set_value(1)  # the same click again, with the password typed again
    _submit(at, "Restaurar como versión nueva", "Ana Pérez", "clave de ana 2018")
    assert any("mismo contenido que la versión actual (3): no hay nada que restaurar" in e for e in _errors(at))
    assert [v.version for v in store.versions()] == [3, 2, 1]


def test_the_history_page_shows_the_chain_and_the_account(isolated_store, tmp_path):
    store = Store(isolated_store)
    _page("pages/historial.py")
    store.publish(_updated_plan_bytes(tmp_path), note="v2", author="Ana Pérez", summary={"activities": 20})
    at = _page("pages/historial.py")
    assert any("Historial íntegro: 2 versiones verificadas." in s.value for s in at.success)
    # The short head (what reports print and the minutes note) and when it was verified.
    assert any(f"Cabeza de la cadena: **{store.current().chain[:16]}** · verificada al abrir esta página" in c.value
               for c in at.caption)
    # The value to write in the minutes, behind «Detalles técnicos de la cadena».
    [details] = [e for e in at.expander if e.label == "Detalles técnicos de la cadena"]
    assert any(store.current().chain == c.value for c in details.code)
    [table] = [f.value for f in at.dataframe if "Publicada por" in f.value.columns]
    assert table["Publicada por"].tolist() == ["Ana Pérez", "—"]
    with store._engine.begin() as conn:
        conn.execute(text("UPDATE versions SET author = 'Alcalde' WHERE version = 2"))
    at = _page("pages/historial.py")
    assert any("El historial NO es íntegro" in e and "versión 2" in e for e in _errors(at))


def test_accounts_in_streamlit_secrets_and_a_bad_line_is_reported(isolated_store, tmp_path, clock):
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
    at.secrets["editores"] = {"Luis Gómez": hash_password("clave de luis 2018"), "Pedro": "no-es-una-huella"}
    at.run()
    at.switch_page("pages/cargar.py").run()
    assert any("Cuenta «Pedro»" in w.value and "no es válida" in w.value for w in at.warning)
    _upload(at, tmp_path)
    _submit(at, "Publicar", "Luis Gómez", "clave de luis 2018")
    assert Store(isolated_store).versions()[0].author == "Luis Gómez"

"""The validation report: capped, grouped by message template, with a verdict that counts warnings."""

from __future__ import annotations

from rendicion.reading.findings import GROUP_FROM, MAX_ISSUES, MAX_PER_TEMPLATE, Findings, template


def _word(k: int) -> str:
    """A distinct word per number (so each message has its own template)."""
    letters = ""
    while True:
        k, r = divmod(k, 26)
        letters += chr(97 + r)
        if not k:
            return letters


def test_messages_that_differ_only_in_values_share_a_template():
    assert template("La actividad 1.1 no tiene dependencia.") == template("La actividad 12.3 no tiene dependencia.")
    assert template("La columna «Recursos» no se usa.") == template("La columna «Costo» no se usa.")
    assert template("Falta la fecha.") != template("Falta el avance.")


def test_identical_messages_become_one_line_with_count_and_first_rows():
    report = Findings()
    report.warning("Otro aviso distinto.", sheet="Plan", row=3)
    for row in range(5, 2005):
        report.warning(f"La actividad {row} no tiene dependencia responsable.", sheet="Plan", row=row)
    lines = report.to_text().splitlines()
    assert lines[0] == "Advertencias (2.001):"
    assert len(lines) == 4
    assert lines[1] == "  - hoja «Plan», fila 3: Otro aviso distinto."
    assert "el mismo aviso 2.000 veces" in lines[2]  # kept MAX_PER_TEMPLATE of them, counted them all
    assert "hoja «Plan»: fila 5, fila 6, fila 7, fila 8, fila 9; y 1.995 más" in lines[2]
    assert f"Se encontraron {2000 - MAX_PER_TEMPLATE:,} problemas más".replace(",", ".") in lines[3]
    assert "advertencias)" in lines[3]
    frame = report.to_frame()
    assert len(frame) == 3
    assert frame["Mensaje"].iloc[1].startswith("La actividad 5 no tiene")
    assert frame["Fila"].tolist()[:2] == [3, 5]


def test_few_identical_messages_stay_one_per_line():
    report = Findings()
    for row in range(GROUP_FROM):
        report.warning(f"La actividad {row} no tiene dependencia responsable.", sheet="Plan", row=row + 1)
    assert len(report.to_text().splitlines()) == GROUP_FROM + 1
    assert len(report.to_frame()) == GROUP_FROM


def test_errors_past_the_cap_still_make_the_workbook_unusable():
    report = Findings()
    for row in range(MAX_ISSUES):
        report.warning(f"Aviso {_word(row)}.", row=row + 1)
    assert len(report.issues) == MAX_ISSUES
    assert report.ok
    report.error("Error después del tope.", row=99999)
    assert report.errors == [] and report.omitted == {"error": 1, "warning": 0}
    assert not report.ok and report.error_count == 1
    assert report.verdict().startswith("El libro NO se puede usar")
    assert report.to_text().startswith("Errores (1):")
    assert "1 error)" in report.to_frame()["Mensaje"].iloc[-1]


def test_verdict_says_how_many_warnings():
    report = Findings()
    assert report.verdict() == "El libro se puede usar."
    report.warning("La columna «Recursos» no se usa.")
    assert report.verdict().startswith("El libro se puede usar, con 1 advertencia:")
    report.warning("Otra.")
    assert "con 2 advertencias" in report.verdict()


def test_check_on_a_workbook_with_thousands_of_warnings_groups_and_caps(tmp_path, capsys):
    from rendicion.cli import main
    from tests.builders import build_xlsx

    rows = [["ID", "Subcomponente", "Actividad", "Responsable"]]
    rows += [[f"1.{k}", "Información", f"Actividad número {k}", None] for k in range(1, 1501)]
    path = build_xlsx(tmp_path / "plan.xlsx", {"Plan": rows})
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "El libro se puede usar, con 1.502 advertencias" in out
    grouped = [line for line in out.splitlines() if "no tiene dependencia responsable" in line]
    assert len(grouped) == 1 and "el mismo aviso 1.500 veces" in grouped[0] and "fila 2, fila 3" in grouped[0]
    assert "Se encontraron 1.400 problemas más que no se listan" in out
    assert "No se encontró el cronograma" in out  # one flood does not hide the other messages


def test_one_message_flood_does_not_crowd_out_the_others():
    report = Findings()
    for row in range(5000):
        report.error(f"La fila {row} está mal.", row=row)
    report.error("Falta la columna RESPONSABLE.")
    assert len(report.errors) == MAX_PER_TEMPLATE + 1 and report.error_count == 5001
    assert report.errors[-1].message == "Falta la columna RESPONSABLE."

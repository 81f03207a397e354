"""The validation report: capped, grouped by message template, with a verdict that counts warnings."""

from __future__ import annotations

from rendicion.report import GROUP_FROM, MAX_ISSUES, Report, template


def test_messages_that_differ_only_in_values_share_a_template():
    assert template("La actividad 1.1 no tiene dependencia.") == template("La actividad 12.3 no tiene dependencia.")
    assert template("La columna «Recursos» no se usa.") == template("La columna «Costo» no se usa.")
    assert template("Falta la fecha.") != template("Falta el avance.")


def test_identical_messages_become_one_line_with_count_and_first_rows():
    report = Report()
    report.warning("Otro aviso distinto.", sheet="Plan", row=3)
    for row in range(5, 2005):
        report.warning(f"La actividad {row} no tiene dependencia responsable.", sheet="Plan", row=row)
    lines = report.to_text().splitlines()
    assert lines[0] == "Advertencias (2.001):"
    assert len(lines) == 4
    assert lines[1] == "  - hoja «Plan», fila 3: Otro aviso distinto."
    assert "el mismo aviso 999 veces" in lines[2]  # the report kept the first 1,000 (cap), counted the rest
    assert "hoja «Plan»: fila 5, fila 6, fila 7, fila 8, fila 9; y 994 más" in lines[2]
    assert "Se encontraron 1.001 problemas más que no se listan (1.001 advertencias)" in lines[3]
    frame = report.to_frame()
    assert len(frame) == 3
    assert frame["Mensaje"].iloc[1].startswith("La actividad 5 no tiene")
    assert frame["Fila"].tolist()[:2] == [3, 5]


def test_few_identical_messages_stay_one_per_line():
    report = Report()
    for row in range(GROUP_FROM):
        report.warning(f"La actividad {row} no tiene dependencia responsable.", sheet="Plan", row=row + 1)
    assert len(report.to_text().splitlines()) == GROUP_FROM + 1
    assert len(report.to_frame()) == GROUP_FROM


def test_errors_past_the_cap_still_make_the_workbook_unusable():
    report = Report()
    for row in range(MAX_ISSUES):
        report.warning("Aviso.", row=row + 1)
    assert report.ok
    report.error("Error después del tope.", row=99999)
    assert report.errors == [] and report.omitted == {"error": 1, "warning": 0}
    assert not report.ok and report.error_count == 1
    assert report.verdict().startswith("El libro NO se puede usar")
    assert report.to_text().startswith("Errores (1):")
    assert "1 errores" in report.to_frame()["Mensaje"].iloc[-1]


def test_verdict_says_how_many_warnings():
    report = Report()
    assert report.verdict() == "El libro se puede usar."
    report.warning("La columna «Recursos» no se usa.")
    assert report.verdict().startswith("El libro se puede usar, con 1 advertencia:")
    report.warning("Otra.")
    assert "con 2 advertencias" in report.verdict()

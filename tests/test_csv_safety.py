"""CSV exports are safe in every locale: texts quoted, formula triggers defused, in the tables and in ``tidy``."""

from __future__ import annotations

import pandas as pd
import pytest

from bench.hostile_workbooks import PlanRows
from rendicion import cli
from rendicion.followup import engine
from rendicion.followup.view import Filters, View, activity_table
from rendicion.outputs import csvsafe, downloads
from rendicion.reading.loader import read_plan
from tests.builders import AUGUST_CUT

#: Activity texts of the hostile plan (PlanRows lists activities by subcomponent: k = 0, 4, 1, 5, 2, 3).
FORMULAS = ['=HYPERLINK("http://ejemplo.invalid/robo","Ver")', "=cmd|' /C calc'!A0", "x,=cmd|' /C calc'!A0",
            "@SUM(1+1)", "+1", "-1"]


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("csv") / "formulas.xlsx"
    path.write_bytes(PlanRows(n=6, text=lambda k: FORMULAS[k],
                              office=lambda k: "Secretaría de Gobierno").workbook())
    loaded = read_plan(path)
    assert loaded.ok, loaded.findings.to_text()
    return path, loaded.plan


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("x,=cmd|' /C calc'!A0", "x,'=cmd|' /C calc'!A0"), ("a;+1", "a;'+1"), ("línea\n=1", "línea\n'=1"),
    ("a=b", "a=b"), ("Informe 2018-2019", "Informe 2018-2019"), ("a, -1", "a, -1"), ("normal", "normal"),
    ("\r=1", "'\r'=1"), ("a\r=1", "a\r'=1"), ("a\r\r", "a\r'\r"), ("a\t@x", "a\t'@x"),
])
def test_defuse_at_the_start_and_after_every_separator(text, expected):
    assert csvsafe.defuse(text) == expected


def test_tidy_quotes_every_text_and_defuses_formulas(hostile_plan, tmp_path, capsys):
    path, _ = hostile_plan
    assert cli.main(["tidy", str(path), str(tmp_path / "salida")]) == 0
    assert "--crudo" not in capsys.readouterr().err
    lines = (tmp_path / "salida" / "actividades.csv").read_bytes().decode("utf-8").splitlines()
    # Each record's first six fields, exactly as written (later columns, such as «fecha_programada», vary).
    assert lines[0].startswith('"id","subcomponente","actividad","meta_indicador","responsable_texto","peso"')
    assert [line[: line.index(",1.0") + 4] for line in lines[1:]] == [
        '"1.1","Información","\'=HYPERLINK(""http://ejemplo.invalid/robo"",""Ver"")","Un informe publicado",'
        '"Secretaría de Gobierno",1.0',
        '"1.2","Información","\'+1","Un informe publicado","Secretaría de Gobierno",1.0',
        '"2.1","Diálogo","\'=cmd|\' /C calc\'!A0","Un informe publicado","Secretaría de Gobierno",1.0',
        '"2.2","Diálogo","\'-1","Un informe publicado","Secretaría de Gobierno",1.0',
        '"3.1","Incentivos","x,\'=cmd|\' /C calc\'!A0","Un informe publicado","Secretaría de Gobierno",1.0',
        '"4.1","Evaluación y seguimiento","\'@SUM(1+1)","Un informe publicado","Secretaría de Gobierno",1.0',
    ]
    seguimiento = (tmp_path / "salida" / "seguimiento.csv").read_bytes().decode("utf-8").splitlines()
    assert seguimiento[1].startswith('"1.1","2018-04-30",30.0,"En ejecución","Actas",""')  # numbers bare


def test_tidy_crudo_writes_raw_texts_and_says_so(hostile_plan, tmp_path, capsys):
    path, _ = hostile_plan
    assert cli.main(["tidy", "--crudo", str(path), str(tmp_path / "crudo")]) == 0
    err = capsys.readouterr().err
    assert "Aviso (--crudo)" in err and "sin neutralizar las fórmulas" in err
    text = (tmp_path / "crudo" / "actividades.csv").read_bytes().decode("utf-8")
    assert '"x,=cmd|\' /C calc\'!A0"' in text and '"=HYPERLINK(""http://ejemplo.invalid/robo"",""Ver"")"' in text
    assert '"@SUM(1+1)"' in text and '"+1"' in text and '"-1"' in text and "'=" not in text


def test_table_csv_of_the_hostile_plan_is_all_quoted_and_defused(hostile_plan):
    _, plan = hostile_plan
    filters = Filters(corte=AUGUST_CUT, dependencias=(), subcomponentes=())
    table = activity_table(View(plan, engine.evaluate(plan, AUGUST_CUT), engine.membership(plan), filters))
    data = downloads.tabla_csv(table[["id", "actividad", "avance_reportado"]])
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == '"id";"actividad";"avance_reportado"'
    assert lines[1:-1] == [
        '"1.1";"\'=HYPERLINK(""http://ejemplo.invalid/robo"",""Ver"")";0,6',
        '"1.2";"\'+1";0,6',
        '"2.1";"\'=cmd|\' /C calc\'!A0";0,6',
        '"2.2";"\'-1";0,6',
        '"3.1";"x,\'=cmd|\' /C calc\'!A0";0,6',
        '"4.1";"\'@SUM(1+1)";0,6',
    ]


def test_table_csv_numbers_bare_texts_quoted_blanks_empty():
    frame = pd.DataFrame({"Actividad": ["a;b", 'dice "hola"'], "Avance": [0.5, None], "N": [-1, 2],
                          "Todas": [True, False]})
    text = downloads.tabla_csv(frame).decode("utf-8-sig")
    assert text == ('"Actividad";"Avance";"N";"Todas"\r\n'
                    '"a;b";0,5;-1;"Sí"\r\n'
                    '"dice ""hola""";;2;"No"\r\n')


def test_tidy_csv_defuses_by_default_and_keeps_numbers_bare():
    frame = pd.DataFrame({"=id": ["=1+1", "x"], "avance": [80, 66.5], "hecho": [True, False]})
    assert csvsafe.tidy_csv(frame) == (b'"\'=id","avance","hecho"\n'
                                       b'"\'=1+1",80.0,True\n'
                                       b'"x",66.5,False\n')


def test_tidy_csv_crudo_writes_texts_as_they_are():
    frame = pd.DataFrame({"=id": ["=1+1"], "avance": [80]})
    assert csvsafe.tidy_csv(frame, crudo=True) == b'"=id","avance"\n"=1+1",80\n'

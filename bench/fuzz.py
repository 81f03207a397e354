"""Fuzzing ``read_plan`` with mutated workbooks (``--fuzz-minutes``; child ``--child fuzz``)."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from bench.common import FUZZ_DIR, REPO_ROOT, SHIPPED, non_spanish

# =============================================================================================
# Fuzzing read_plan


class _Hang(Exception):
    """read_plan took longer than the fuzzer's watchdog allows."""


def _fuzz_corpus() -> list[tuple[str, bytes]]:
    import io

    from bench import synth
    from rendicion.outputs.blank_workbook import template_workbook

    template = io.BytesIO()
    template_workbook(2018, filas=5).save(template)
    return [("plan_2018", SHIPPED.read_bytes()), ("sintetico_20", synth.synthetic_workbook(20)),
            ("plantilla", template.getvalue())]


_INTERESTING_TEXT = [
    "X", "x", "✓", "1", "0", "MES 1", "MES 13", "MES 99", "Enero", "dic-18", "ID", "ACTIVIDADES", "SUBCOMPONENTE",
    "RESPONSABLE", "META", "FECHA DE CORTE", "% DE AVANCE", "Avance", "Vigencia", "Mes 1", "Meses del cronograma",
    "Umbral verde (%)", "Umbral amarillo (%)", "Todas las dependencias", "1.1", "1.1.0", "2.3", "=1+1",
    "=HYPERLINK(\"http://ejemplo\",\"x\")", "@SUM(A1)", "+1", "-1+1", "<script>alert(1)</script>", "50 %", "150 %",
    "-5", "0,5", "31/02/2018", "00/00/0000", "1900-01-01", "9999-12-31", "  ", "\u202eetnemalortnoC", "Sеcrеtaría",
    "a" * 300, "ÿ" * 40, "NaN", "inf", "-inf", "None", "Todas las dependencias - ", " - - / , ",
]


def _mutate_cells(seed: bytes, data) -> tuple[bytes, str]:
    import io
    from datetime import datetime

    from hypothesis import strategies as st
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(seed))
    operations = []
    values = st.one_of(
        st.none(), st.sampled_from(_INTERESTING_TEXT), st.text(max_size=40),
        st.integers(min_value=-10**15, max_value=10**15), st.floats(allow_nan=False, allow_infinity=False),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)), st.booleans(),
    )
    for _ in range(data.draw(st.integers(min_value=1, max_value=6), label="operaciones")):
        sheet = book.worksheets[data.draw(st.integers(0, len(book.worksheets) - 1), label="hoja")]
        kind = data.draw(st.sampled_from(["valor", "valor", "valor", "fila", "combinar", "hoja", "ocultar", "borrar"]))
        row = data.draw(st.integers(1, sheet.max_row + 2), label="fila")
        col = data.draw(st.integers(1, sheet.max_column + 2), label="columna")
        try:
            if kind == "valor":
                value = data.draw(values, label="valor")
                sheet.cell(row, col).value = value
                operations.append(f"{sheet.title}!{row},{col}={value!r:.60}")
            elif kind == "fila":
                if data.draw(st.booleans()):
                    sheet.insert_rows(row, data.draw(st.integers(1, 3)))
                else:
                    sheet.delete_rows(row, data.draw(st.integers(1, 3)))
                operations.append(f"{kind} {sheet.title}!{row}")
            elif kind == "combinar":
                sheet.merge_cells(start_row=row, start_column=col, end_row=row + data.draw(st.integers(0, 5)),
                                  end_column=col + data.draw(st.integers(0, 3)))
                operations.append(f"combinar {sheet.title}!{row},{col}")
            elif kind == "hoja":
                sheet.title = data.draw(st.sampled_from(["Plan", "Hoja1", "Seguimiento", "x" * 31, "Plan (2)"]))
                operations.append(f"renombrar {sheet.title}")
            elif kind == "ocultar" and len(book.worksheets) > 1:
                sheet.sheet_state = "hidden"
                operations.append(f"ocultar {sheet.title}")
            elif kind == "borrar" and len(book.worksheets) > 1:
                book.remove(sheet)
                operations.append("borrar hoja")
        except Exception:  # noqa: BLE001 - openpyxl refuses some edits (illegal characters): not a finding
            continue
    out = io.BytesIO()
    try:
        book.save(out)
    except Exception:  # noqa: BLE001 - openpyxl cannot write it: nothing to test
        return seed, "sin cambios"
    return out.getvalue(), "; ".join(operations)


_TOKENS = [b"<", b">", b"\"", b"&", b"&amp;", b"\x00", b"\xff\xfe", b"]]>", b"<![CDATA[", b"<c r=\"XFD1048576\">",
           b"<v>1e308</v>", b"<v>-1</v>", b" s=\"99999\"", b" t=\"s\"", b" t=\"e\"", b"<row r=\"0\">", b"999999999",
           b"</sheetData>", b"<mergeCell ref=\"A1:XFD1048576\"/>", b"</worksheet>", b" r=\"A0\"", b"&#0;",
           b"<is><t>", b"\xe2\x80\xae", b"<f>SUM(A1)</f>"]


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def _members(seed: bytes) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _mutate_bytes(seed: bytes, data) -> tuple[bytes, str]:
    from hypothesis import strategies as st

    members = _members(seed)
    index = data.draw(st.integers(0, len(members) - 1), label="parte")
    name, content = members[index]
    content = bytearray(content)
    operations = []
    for _ in range(data.draw(st.integers(1, 8), label="operaciones")):
        where = data.draw(st.integers(0, max(0, len(content) - 1)), label="posición")
        kind = data.draw(st.sampled_from(["cambiar", "insertar", "token", "borrar", "repetir"]))
        if kind == "cambiar" and content:
            content[where] = data.draw(st.integers(0, 255))
        elif kind == "insertar":
            content[where:where] = data.draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            content[where:where] = data.draw(st.sampled_from(_TOKENS))
        elif kind == "borrar":
            del content[where:where + data.draw(st.integers(1, 64))]
        elif kind == "repetir":
            span = bytes(content[where:where + data.draw(st.integers(1, 200))])
            content[where:where] = span * data.draw(st.integers(1, 50))
        operations.append(f"{kind}@{where}")
    members[index] = (name, bytes(content))
    return _rezip(members), f"{name}: {', '.join(operations)}"


def _truncate(seed: bytes, data) -> tuple[bytes, str]:
    from hypothesis import strategies as st

    if data.draw(st.booleans(), label="¿archivo o parte?"):
        cut = data.draw(st.integers(0, len(seed) - 1), label="corte")
        return seed[:cut], f"archivo truncado a {cut} bytes"
    members = _members(seed)
    index = data.draw(st.integers(0, len(members) - 1), label="parte")
    name, content = members[index]
    cut = data.draw(st.integers(0, max(0, len(content) - 1)), label="corte")
    members[index] = (name, content[:cut])
    return _rezip(members), f"{name} truncada a {cut} bytes"


MUTATORS = {"celdas": _mutate_cells, "bytes": _mutate_bytes, "truncar": _truncate}


def check_loaded(loaded) -> list[str]:
    """Problems with what read_plan returned: it must be a plan, or a Spanish refusal."""
    problems = []
    if loaded.plan is None and not loaded.findings.errors:
        problems.append("sin plan y sin errores")
    if loaded.plan is not None and loaded.findings.errors:
        problems.append("plan con errores")
    for issue in loaded.findings.issues:
        bad = non_spanish(issue.message)
        if bad:
            problems.append(f"mensaje no español ({', '.join(bad)}): {issue.message[:200]}")
    return problems


def child_fuzz(minutes: float, watchdog: float = 20.0, slow: float = 5.0) -> dict:
    """Mutate workbooks and read them for ``minutes``; every exception, hang or bad report is a finding."""
    import signal

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    from rendicion.reading.loader import read_plan

    corpus = _fuzz_corpus()
    findings: dict[str, dict] = {}
    counts = {"ejemplos": 0, "planes": 0, "rechazos": 0, "lentos": 0}
    deadline = time.monotonic() + minutes * 60
    FUZZ_DIR.mkdir(parents=True, exist_ok=True)

    def alarm(signum, frame):  # noqa: ANN001
        raise _Hang()

    signal.signal(signal.SIGALRM, alarm)

    def record(key: str, what: str, description: str, mutated: bytes) -> None:
        if key in findings:
            findings[key]["veces"] += 1
            return
        name = f"hallazgo-{len(findings) + 1:02d}"
        (FUZZ_DIR / f"{name}.xlsx").write_bytes(mutated)
        findings[key] = {"archivo": str((FUZZ_DIR / f"{name}.xlsx").relative_to(REPO_ROOT)), "que": what,
                         "mutacion": description[:500], "veces": 1}

    @settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data) -> None:
        seed_name, seed = corpus[data.draw(st.integers(0, len(corpus) - 1), label="semilla")]
        kind = data.draw(st.sampled_from(sorted(MUTATORS)), label="mutación")
        mutated, description = MUTATORS[kind](seed, data)
        description = f"{seed_name} · {kind} · {description}"
        counts["ejemplos"] += 1
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, watchdog)
        try:
            loaded = read_plan(mutated)
        except _Hang:
            record(f"cuelga:{kind}", f"read_plan no terminó en {watchdog:.0f} s", description, mutated)
            return
        except BaseException as exc:  # noqa: BLE001 - every exception is a finding
            frames = traceback.extract_tb(exc.__traceback__)
            where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                          if "rendicion" in f.filename), frames[-1].name if frames else "?")
            last = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            record(f"{type(exc).__name__}:{where}:{last}",
                   f"{type(exc).__name__}: {str(exc)[:300]} (en {where}; {last})", description, mutated)
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        counts["planes" if loaded.ok else "rechazos"] += 1
        if elapsed > slow:
            counts["lentos"] += 1
            record(f"lento:{kind}", f"read_plan tardó {elapsed:.1f} s (más de {slow:.0f} s)", description, mutated)
        for problem in check_loaded(loaded):
            record(f"reporte:{problem[:60]}", problem, description, mutated)

    while time.monotonic() < deadline:
        try:
            one()
        except HypothesisException:  # its own bookkeeping (e.g. a flaky draw): not a finding about read_plan
            continue
    return {"minutos": minutes, **counts, "hallazgos": list(findings.values())}

"""Benchmark child: warm reruns of every dashboard page through AppTest (needs Streamlit).

Run by ``python -m bench`` in a fresh process, as
``python -m bench.page_reruns --child apptest --file PLAN.xlsx --repeat N``; prints one
``BENCH-RESULT {json}`` line. It lives outside ``rendicion/``, which never imports Streamlit.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench import PAGES, RESULT_PREFIX, app_target


def child_apptest(path: Path, repeat: int) -> dict:
    """Warm reruns of every page through AppTest, the app pointed at ``path`` (see :func:`app_target`)."""
    with app_target(path) as (script, env, mode):
        os.environ.update(env)
        start = time.perf_counter()
        at = AppTest.from_file(str(script), default_timeout=300)
        at.run()
        first = time.perf_counter() - start
        problems = [str(e.value) for e in at.exception]
        result: dict = {"mode": mode, "first_run_seconds": first, "pages": {}}
        for name, page in PAGES.items():
            at.switch_page(page).run()  # warm: the page's own caches and imports
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                at.switch_page(page).run()
                times.append(time.perf_counter() - start)
            problems += [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
            result["pages"][name] = times
        result["problems"] = problems
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Medición de las páginas con AppTest (proceso hijo del benchmark).")
    parser.add_argument("--child", choices=["apptest"], required=True)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    result = child_apptest(args.file, max(1, args.repeat))
    print(RESULT_PREFIX + json.dumps(result, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()

"""bench.capacity and bench.protocol: the load tools' summaries are read right, and the protocol client
drives a real dashboard session (one rerun, the cut slider moved) as a browser would."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench import capacity
from bench.protocol import Session, select_slider_state

HEY = """
Summary:
  Total:	10.0123 secs
  Slowest:	0.2000 secs
  Fastest:	0.0010 secs
  Average:	0.0200 secs
  Requests/sec:	2345.6789

Latency distribution:
  10%% in 0.0020 secs
  25%% in 0.0040 secs
  50%% in 0.0100 secs
  75%% in 0.0200 secs
  90%% in 0.0400 secs
  95%% in 0.0612 secs
  99%% in 0.1500 secs

Status code distribution:
  [200]	23400 responses
  [503]	56 responses
"""

WRK = """Running 10s test @ http://127.0.0.1:8080/publico/
  2 threads and 50 connections
  Latency Distribution
     50%    1.50ms
     75%    2.10ms
     90%  800.00us
     99%    1.20s
  12000 requests in 10.00s, 600.00MB read
Requests/sec:   1200.00
"""


def test_hey_summary_is_read():
    result = capacity.parse_hey(HEY)
    assert result["rps"] == 2345.7
    assert result["latencia_ms"] == {10: 2.0, 25: 4.0, 50: 10.0, 75: 20.0, 90: 40.0, 95: 61.2, 99: 150.0}
    assert result["codigos"] == {200: 23400, 503: 56}


def test_wrk_summary_is_read():
    result = capacity.parse_wrk(WRK)
    assert result["rps"] == 1200.0
    assert result["latencia_ms"] == {50: 1.5, 75: 2.1, 90: 0.8, 99: 1200.0}


def test_a_protocol_session_reruns_the_dashboard_with_another_cut(streamlit_server):
    async def drive():
        async with Session(streamlit_server.url) as session:
            first = await session.rerun()
            slider = session.widgets["Fecha de corte"]
            moved = await session.rerun(widget_states=[select_slider_state(slider, "30/04/2018")])
            return first, moved

    # In a thread of its own: Playwright's sync API (other tests' browser) keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        first, moved = pool.submit(asyncio.run, drive()).result(timeout=300)
    assert first.exceptions == 0 and first.elements > 10
    assert moved.exceptions == 0 and moved.elements > 10 and moved.status == 0
    # The captions are Markdown-escaped ("31\\/12\\/2018"): compared without the backslashes.
    first_texts, moved_texts = ([t.replace("\\", "") for t in run.texts] for run in (first, moved))
    assert any("corte 31/12/2018" in text for text in first_texts)  # the latest cut with reports
    assert any("corte 30/04/2018" in text for text in moved_texts)
    assert not any("corte 31/12/2018" in text for text in moved_texts)


def test_percentile_is_the_nearest_rank():
    assert capacity._percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert capacity._percentile([float(n) for n in range(1, 101)], 95) == 95.0
    assert capacity._percentile([], 95) is None

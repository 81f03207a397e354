"""A Streamlit session driven at the protocol level, without a browser.

Streamlit's browser client speaks protobuf over one WebSocket (``/_stcore/stream``): it sends
``BackMsg`` messages (``rerun_script`` carries a ``ClientState``: query string, page and widget
states) and receives ``ForwardMsg`` messages (``new_session``, ``delta`` for each element,
``script_finished`` when the run ends). :class:`Session` does the same with the protobuf classes
Streamlit ships (``streamlit.proto``) and the ``websockets`` package Streamlit already installs,
so a benchmark can hold many sessions in one process and time each rerun from the request to
``script_finished``, which is what the server costs, without a browser's drawing in the way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

#: How a run ended (ForwardMsg.ScriptFinishedStatus): the runs that count as finished.
_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class ProtocolError(RuntimeError):
    """The server closed the session or answered something a browser would not accept."""


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    elements: int
    exceptions: int
    status: int
    #: The texts of the run's Markdown elements (captions included), to check what was drawn.
    texts: list[str] = field(default_factory=list)


@dataclass
class Session:
    """One Streamlit session over a WebSocket (use :meth:`open` inside ``async with``)."""

    url: str
    headers: dict = field(default_factory=dict)
    #: Widget IDs by label, as the last run drew them (e.g. "Fecha de corte").
    widgets: dict[str, str] = field(default_factory=dict)
    #: Set-Cookie of the WebSocket handshake (Caddy's sticky cookie names the replica).
    cookie: str | None = None
    _socket: object = None

    async def open(self) -> Session:
        import websockets

        parts = urlsplit(self.url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        stream = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self._socket = await websockets.connect(stream, subprotocols=["streamlit"],
                                                origin=f"{parts.scheme}://{parts.netloc}",
                                                additional_headers=self.headers, max_size=None,
                                                open_timeout=60, ping_interval=None)
        response = getattr(self._socket, "response", None)
        if response is not None:
            self.cookie = response.headers.get("Set-Cookie")
        return self

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def __aenter__(self) -> Session:
        return await self.open()

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def rerun(self, *, query_string: str = "", widget_states: list[WidgetState] | None = None,
                    timeout: float = 120) -> Run:
        """Ask for a rerun and wait for its ``script_finished``; the time between the two."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_script_hash = ""
        for widget in widget_states or []:
            state.widget_states.widgets.append(widget)
        started = time.monotonic()
        await self._socket.send(message.SerializeToString())
        elements = exceptions = 0
        texts: list[str] = []
        while True:
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise ProtocolError(f"El guion no terminó en {timeout:g} s.")
            import asyncio

            try:
                raw = await asyncio.wait_for(self._socket.recv(), remaining)
            except asyncio.TimeoutError as error:
                raise ProtocolError(f"El guion no terminó en {timeout:g} s.") from error
            if isinstance(raw, str):
                continue
            incoming = ForwardMsg()
            incoming.ParseFromString(raw)
            kind = incoming.WhichOneof("type")
            if kind == "delta" and incoming.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = incoming.delta.new_element
                inner = element.WhichOneof("type")
                if inner == "exception":
                    exceptions += 1
                elif inner == "markdown":
                    texts.append(element.markdown.body)
                elif inner is not None:
                    proto = getattr(element, inner)
                    label, ident = getattr(proto, "label", None), getattr(proto, "id", None)
                    if label and ident:
                        self.widgets[label] = ident
            elif kind == "script_finished":
                status = incoming.script_finished
                if status in _FINISHED:
                    return Run(time.monotonic() - started, elements, exceptions, status, texts)
                # FINISHED_EARLY_FOR_RERUN: another rerun took over; keep waiting for that one.


def select_slider_state(ident: str, formatted: str) -> WidgetState:
    """The state of a ``st.select_slider`` set to the option whose label is ``formatted``."""
    state = WidgetState(id=ident)
    state.string_array_value.data.append(formatted)
    return state

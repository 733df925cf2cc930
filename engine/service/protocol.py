"""uvicorn's HTTP/1.1 protocol with a deadline for a request's headers.

uvicorn closes idle keep-alive connections, but has no deadline for the request line and headers:
a client that connects and sends nothing, or a byte every few seconds, keeps its connection (and a
slot under the connection cap) for as long as it likes. Here the headers of every request must be
complete within `read_timeout` seconds of their first byte (or of the connection, for the first
request); otherwise the connection is closed. The body has its own deadline (BodyLimit in app.py,
which answers 408).
"""
from __future__ import annotations

import asyncio
import logging
import re

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class HeaderDeadlineProtocol(H11Protocol):
    read_timeout: float = 20.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = self.loop.call_later(self.read_timeout, self._too_slow)

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is None and self.conn.their_state is h11.IDLE:
            self._header_deadline = self.loop.call_later(self.read_timeout, self._too_slow)
        super().data_received(data)
        if self._header_deadline is not None and self.conn.their_state is not h11.IDLE:
            self._cancel()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _cancel(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def with_read_timeout(seconds: float) -> type[HeaderDeadlineProtocol]:
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), {"read_timeout": seconds})


# Query parameters whose values are secrets: a client may put its token in the address by mistake,
# and the access log (written at --log-level debug) would keep it.
_SECRET_PARAMS = re.compile(r"(?i)([?&](?:token|access_token|bearer|api_key|apikey|key|password|sessie|session)=)[^&#\s]*")


class RedactSecrets(logging.Filter):
    """Blanks secret query values in uvicorn's access log lines (their third argument is the path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(path := record.args[2], str):
            args = list(record.args)
            args[2] = _SECRET_PARAMS.sub(r"\1***", path)
            record.args = tuple(args)
        return True

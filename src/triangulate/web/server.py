"""The HTTP server's own guards, around uvicorn's HTTP/1.1 protocol: a client that opens a connection
and sends no request head within HEADER_TIMEOUT seconds is disconnected, and past MAX_CONNECTIONS open
connections a new one is closed at once, so idle sockets cannot exhaust the process's file descriptors
and starve everyone else (uvicorn only times out keep-alive connections between requests)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = float(os.environ.get("TRIANGULATE_HEADER_TIMEOUT", "10"))
MAX_CONNECTIONS = int(os.environ.get("TRIANGULATE_MAX_CONNECTIONS", "200"))


class GuardedH11(H11Protocol):
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > MAX_CONNECTIONS:
            transport.close()
            return
        self._deadline = self.loop.call_later(HEADER_TIMEOUT, self._no_request)

    def _no_request(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)


SERVER_LIMITS: dict[str, Any] = {
    "http": "triangulate.web.server:GuardedH11",
    "timeout_keep_alive": 5,  # idle keep-alive connections close after 5 s
    "limit_concurrency": MAX_CONNECTIONS,  # past this many, a request gets a fast 503
    "backlog": 256,
}

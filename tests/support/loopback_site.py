"""A web site on 127.0.0.1 for the fetch tests: feeds, pages, robots.txt and the ways they fail.

``site[path] = Route(...)`` says what a path answers; a path with no route is a 404. Routes with
an ``ETag`` or ``Last-Modified`` header answer 304 to a request that sends it back. ``stall``
answers only once the site stops (longer than any client timeout); ``endless`` streams a body
with no length until the client hangs up. Every request is logged (path and headers) in
``site.requests``. The site is a context manager that starts and stops its server thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

# An endless body stops here at the latest, so that a client that never stops reading fails a
# test instead of hanging it.
ENDLESS_CAP = 64 * 1024 * 1024
_CHUNK = b"<p>" + b"x" * 8185 + b"</p>"


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    """More headers: ``Location``, ``ETag``, ``Last-Modified``."""
    stall: bool = False
    endless: bool = False
    send_length: bool = True
    """Whether to send ``Content-Length``; without it the body ends when the connection closes."""


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


def redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location}, content_type=None)


class LoopbackSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # Polled often, so that stopping the site takes no noticeable time.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def __setitem__(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def paths_requested(self) -> list[str]:
        return [request.path for request in self.requests]

    def __enter__(self) -> LoopbackSite:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path, Route(b"not found", status=404, content_type="text/plain"))
                if route.stall:
                    site._stopping.wait()
                    return
                if _not_modified(
                    route, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                ):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length and not route.endless:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.endless:
                    self._write_endlessly()
                else:
                    self.wfile.write(route.body)

            def _write_endlessly(self) -> None:
                sent = 0
                try:
                    while sent < ENDLESS_CAP and not site._stopping.is_set():
                        self.wfile.write(_CHUNK)
                        sent += len(_CHUNK)
                except (BrokenPipeError, ConnectionResetError):
                    return

            def log_message(self, format: str, *args: object) -> None:
                """Nothing is logged."""

        return Handler


def _not_modified(route: Route, if_none_match: str | None, if_modified_since: str | None) -> bool:
    etag = route.headers.get("ETag")
    last_modified = route.headers.get("Last-Modified")
    return bool((etag and if_none_match == etag) or (last_modified and if_modified_since == last_modified))
